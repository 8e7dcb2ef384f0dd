"""``python -m tests.benchmarks [--only AREA ...]``: run the benchmarks, write the report."""

from __future__ import annotations

import sys

from tests.benchmarks.runner import main

if __name__ == "__main__":
    sys.exit(main())
