#!/usr/bin/env bash
# Installs what the tests need, builds everything with -Werror and runs the
# whole test suite with CTest, including the PostgreSQL round trip.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
# A local PostgreSQL for the portability tests (tests/e2e: Postgres*).
export VARDAVTAL_TEST_POSTGRES_URL=$(scripts/postgres-up.sh)
scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc 2>/dev/null || echo 2)" --timeout 900
