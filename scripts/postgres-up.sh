#!/usr/bin/env bash
# Installs and starts a local PostgreSQL 15 cluster for the tests and creates
# a throw-away role and database (idempotent). Prints the database URL.
set -euo pipefail
cd /  # `su postgres` cannot enter a caller's directory under /root
if ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed"; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
for _ in $(seq 30); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qAtc \"select 1 from pg_roles where rolname='vardavtal_test'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create role vardavtal_test login superuser password 'vardavtal_test'\""
echo "postgresql://vardavtal_test:vardavtal_test@127.0.0.1:5432/postgres"
