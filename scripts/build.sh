#!/usr/bin/env bash
# Configures and builds into build/ (the binary is build/vardavtal).
# Usage: scripts/build.sh [--no-tests] [cmake --build target...]
#   --no-tests  configure without the tests (BUILD_TESTING=OFF), so that
#               GoogleTest is not needed: the main job's build.
# Uses ccache when it is installed (CMAKE_CXX_COMPILER_LAUNCHER).
set -euo pipefail
cd "$(dirname "$0")/.."
testing=ON
if [[ "${1:-}" == "--no-tests" ]]; then
  testing=OFF
  shift
fi
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVARDAVTAL_WERROR=ON \
  -DBUILD_TESTING=$testing "${launcher[@]}" >/dev/null
if (($#)); then
  cmake --build build -j"$jobs" --target "$@"
else
  cmake --build build -j"$jobs"
fi
