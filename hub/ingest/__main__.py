"""``python -m hub.ingest CONFIG.json``: one ingest worker until SIGTERM or SIGINT."""

from __future__ import annotations

from hub.ingest.worker import main

if __name__ == "__main__":
    main()
