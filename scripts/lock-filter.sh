#!/usr/bin/env bash
# Print a hashed lock file without its llama-cpp-python entry: that one is installed from
# the wheel scripts/llama-wheel.sh builds for an explicit CPU baseline, not from the index.
#   lock-filter.sh requirements/lock.txt > filtered.txt
set -euo pipefail
awk '/^llama-cpp-python==/{skip=1; next} skip&&/^[ #]/{next} {skip=0; print}' "$1"
