#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/, docs/fuzzing.md) with clang into
# build-fuzz/ and runs each for SECONDS (default 60), one after the other,
# from its seed corpus in fuzz/corpus/HARNESS/.
# Usage: scripts/fuzz.sh [SECONDS] [HARNESS...]
# Prints per harness the executions and the outcome. What the fuzzers add to
# the corpus, their logs and any crasher go to a temporary directory, never
# into the repository; it is removed when nothing was found. Exits 1 when a
# harness crashed (or leaked, or timed out), naming the crasher file to keep.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
all=(csv_import_fuzz agreement_fuzz received_spec_fuzz check_spec_fuzz http_request_fuzz)
harnesses=("$@")
((${#harnesses[@]})) || harnesses=("${all[@]}")
for h in "${harnesses[@]}"; do
  [[ " ${all[*]} " == *" $h "* ]] || { echo "unknown harness: $h (one of: ${all[*]})" >&2; exit 2; }
done
if ! command -v clang++ >/dev/null; then
  echo "clang++ is missing: scripts/install-deps.sh --test installs it" >&2
  exit 2
fi

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVARDAVTAL_FUZZ=ON -DBUILD_TESTING=OFF -DVARDAVTAL_WERROR=ON "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j"$jobs" --target "${harnesses[@]}" >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/vardavtal-fuzz.XXXXXX")
failed=0
printf '%-20s %12s %10s  %s\n' harness executions seconds outcome
for h in "${harnesses[@]}"; do
  dir=$work/$h
  mkdir -p "$dir/corpus"
  cp fuzz/corpus/"$h"/* "$dir/corpus/"
  set +e
  build-fuzz/fuzz/"$h" -max_total_time="$seconds" -print_final_stats=1 -timeout=30 \
    -rss_limit_mb=2560 -artifact_prefix="$dir/" "$dir/corpus" >"$dir/log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
  if ((rc == 0)); then
    outcome=ok
  else
    failed=1
    crasher=$(find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' \
      -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) | head -1)
    outcome="FAILED (exit $rc): crasher ${crasher:-none}, log $dir/log"
  fi
  printf '%-20s %12s %10s  %s\n' "$h" "${execs:-?}" "$seconds" "$outcome"
  if ((rc != 0)); then
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$dir/log" | head -5 | sed 's/^/    /'
  fi
done
if ((failed)); then
  echo "found: crashers, logs and grown corpora are in $work" >&2
  echo "reproduce: build-fuzz/fuzz/HARNESS CRASHER" >&2
  exit 1
fi
rm -rf "$work"
