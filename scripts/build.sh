#!/usr/bin/env bash
# Configures and builds into build/ (the binary is build/vardavtal).
# Usage: scripts/build.sh [cmake --build target...]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVARDAVTAL_WERROR=ON >/dev/null
if (($#)); then
  cmake --build build -j"$jobs" --target "$@"
else
  cmake --build build -j"$jobs"
fi
