"""``python -m hub.ingest_worker CONFIG.json``: the ingest worker's former name, kept so that
deployed units and worker configs (``"backends": "hub.ingest_worker:from_hub_config"``) keep
working. New deployments use ``python -m hub.ingest`` and ``hub.ingest.worker``."""

from __future__ import annotations

from hub.ingest.worker import from_hub_config, main

__all__ = ["from_hub_config", "main"]

if __name__ == "__main__":
    main()
