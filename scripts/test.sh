#!/usr/bin/env bash
# Installs what the tests need, builds everything with -Werror and runs the
# whole test suite with CTest, including the PostgreSQL round trip.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
# A local PostgreSQL for the portability tests (tests/e2e: Postgres*).
export VARDAVTAL_TEST_POSTGRES_URL=$(scripts/postgres-up.sh)
scripts/build.sh
# Playwright for the browser test (tests/browser), exactly as package-lock.json
# pins it; again only when the lock file changed since the last install.
if [[ ! -f tests/browser/node_modules/.package-lock.json ||
      tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]]; then
  (cd tests/browser && npm ci --no-audit --no-fund)
fi
(cd build && ctest --output-on-failure -j"$(nproc 2>/dev/null || echo 2)" --timeout 900)
# The fuzzers (docs/fuzzing.md), each for VARDAVTAL_FUZZ_SECONDS (default 10;
# 0 skips): a clang build of its own in build-fuzz/ (about 2 minutes cold on
# 2 cores) and a bounded run of each harness from its seed corpus.
fuzz_seconds=${VARDAVTAL_FUZZ_SECONDS:-10}
if ((fuzz_seconds > 0)); then
  scripts/fuzz.sh "$fuzz_seconds"
fi
