#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on a free loopback port.
#
#   bash scripts/dev/with-postgres.sh cargo nextest run -p ponte-relay
#
# The cluster (Debian's postgresql package, the newest version installed) lives in a mktemp
# directory, its socket too, and is stopped and removed on exit. The command sees
# PONTE_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/postgres; tests create a
# database of their own on it. PostgreSQL refuses to run as root, so as root the cluster
# runs as the `postgres` user. Does not own installing PostgreSQL (see install.sh).
#
# fsync=off and synchronous_commit=off here only: the cluster is thrown away after the
# run, so durability across a power loss buys nothing, and every test commit would pay
# for a disk flush. The relay itself asks for synchronous_commit=on on its own sessions.
# PONTE_POSTGRES_DURABLE=1 leaves fsync, synchronous_commit and full_page_writes at the
# server's defaults instead: the benchmarks (scripts/dev/bench.sh) measure the commits a
# deployed relay pays for, flushes included.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

(($# > 0)) || die "usage: bash scripts/dev/with-postgres.sh COMMAND [ARG...]"

# The newest installed major version: /usr/lib/postgresql/15/bin, /usr/lib/postgresql/16/bin...
pg_bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null |
  sort -V | tail -n 1)
[[ -n $pg_bin && -x $pg_bin/initdb && -x $pg_bin/pg_ctl ]] ||
  die "PostgreSQL not found in /usr/lib/postgresql: install the postgresql package (./dev test installs it)"

pg_root=$(mktemp -d "${TMPDIR:-/tmp}/ponte-postgres.XXXXXX")
pg_data=$pg_root/data
pg_log=$pg_root/server.log
started=

# Root cannot run the server: run it, and everything that touches its files, as postgres.
as_cluster_owner() {
  if ((EUID == 0)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [[ -n $started ]]; then
    as_cluster_owner "$pg_bin/pg_ctl" -D "$pg_data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pg_root"
}
trap cleanup EXIT

if ((EUID == 0)); then
  id postgres >/dev/null 2>&1 || die "user postgres not found: install the postgresql package"
  chown postgres: "$pg_root"
fi
chmod 700 "$pg_root"

as_cluster_owner "$pg_bin/initdb" -D "$pg_data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
  >"$pg_root/initdb.log" 2>&1 || {
  cat "$pg_root/initdb.log" >&2
  die "initdb failed"
}

# A random port in the ephemeral range, tried a few times: another process may hold one.
options="-k $pg_root -c listen_addresses=127.0.0.1 -c max_connections=300"
if [[ ${PONTE_POSTGRES_DURABLE:-} != 1 ]]; then
  options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
port=
for _ in {1..5}; do
  candidate=$((20000 + RANDOM % 40000))
  started=1
  if as_cluster_owner "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_log" -w -t 30 \
    -o "-p $candidate $options" start >/dev/null; then
    port=$candidate
    break
  fi
done
[[ -n $port ]] || {
  cat "$pg_log" >&2 || true
  die "PostgreSQL did not start on a loopback port (log above)"
}

export PONTE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
status=0
"$@" || status=$?
exit "$status"
