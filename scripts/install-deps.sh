#!/usr/bin/env bash
# Installs the Debian 12 packages vardavtal needs, only those missing
# (idempotent). Usage: scripts/install-deps.sh [--test|--bench]
set -euo pipefail
# The main job's build and run (libxlsxwriter links zlib: zlib1g-dev; the
# openssl command makes the demo's throwaway certificates for delivery).
packages=(g++ cmake make pkg-config openssl
  libsoci-dev libpq-dev libsqlite3-dev sqlite3
  libboost1.81-dev libhowardhinnant-date-dev libtomlplusplus-dev
  libxml2-dev libxlsxwriter-dev libssl-dev zlib1g-dev)
if [[ "${1:-}" == "--test" ]]; then
  # GoogleTest; PostgreSQL for the portability tests (scripts/postgres-up.sh
  # also installs it when run alone); the shared validators of fakturaunderlag and Peppol documents.
  packages+=(libgtest-dev postgresql libxml2-utils default-jre-headless libsaxonhe-java)
  # The web dashboard's browser test (tests/browser: Playwright drives Debian's
  # Chromium) and the server's load test (wrk).
  packages+=(chromium wrk)
  # scripts/fuzz.sh and ctest -L fuzz in build-fuzz/ (docs/fuzzing.md): clang
  # and its libFuzzer and sanitizer runtimes.
  packages+=(clang libclang-rt-14-dev)
  # Node.js and npm from Debian, unless both are there already: NodeSource's
  # nodejs (on these machines) bundles npm and conflicts with Debian's npm.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    packages+=(nodejs npm)
  fi
fi
if [[ "${1:-}" == "--bench" ]]; then
  # bench/run-scale.sh: /usr/bin/time for the step times and peak memory;
  # psql to create its PostgreSQL database (the sqlite3 shell is above).
  packages+=(time postgresql-client)
fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
