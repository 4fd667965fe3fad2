#!/usr/bin/env bash
# Read routing against a real PostgreSQL streaming replica: makes a replica of the local PostgreSQL
# (pg_basebackup -R -X stream) on a free loopback port, starts it, runs test/deploy/replica-e2e.mjs
# (node's test runner) against the built server, then stops and removes the replica.
#
# System change, idempotent: the primary's pg_hba.conf gets
#   host replication all 127.0.0.1/32 trust
# when no replication line for 127.0.0.1 is there yet, and its configuration is reloaded.
#
#   bash test/deploy/run-replica-test.sh          # SKIP_BUILD=1 to use the dist/ already there
set -euo pipefail
cd "$(dirname "$0")/../.."

PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PG_BIN/pg_ctl" ] || { echo "no PostgreSQL binaries (set PG_BIN)" >&2; exit 1; }
as_postgres() { runuser -u postgres -- "$@"; }
psql_primary() { psql "$PG_URL" -v ON_ERROR_STOP=1 -Atq "$@"; }

# 1. The primary accepts replication connections from 127.0.0.1.
[ "$(psql_primary -c 'show wal_level')" != minimal ] || { echo "wal_level is minimal: no streaming replication" >&2; exit 1; }
HBA=$(psql_primary -c 'show hba_file')
if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$HBA"; then
  echo "adding 'host replication all 127.0.0.1/32 trust' to $HBA"
  printf '\n# Added by test/deploy/run-replica-test.sh: streaming replicas on this machine.\nhost replication all 127.0.0.1/32 trust\n' >>"$HBA"
  psql_primary -c 'select pg_reload_conf()' >/dev/null
  sleep 1
fi

# 2. A replica on a free port, in a temporary directory owned by postgres.
REPLICA_PORT=${REPLICA_PORT:-}
if [ -z "$REPLICA_PORT" ]; then
  for p in $(seq 5433 5499); do
    if ! ss -Hltn "sport = :$p" | grep -q .; then REPLICA_PORT=$p; break; fi
  done
fi
REPLICA_DIR=$(mktemp -d /tmp/achievements-replica.XXXXXX)
chown postgres: "$REPLICA_DIR"
chmod 700 "$REPLICA_DIR"
cleanup() {
  if [ -f "$REPLICA_DIR/data/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "kept $REPLICA_DIR"; else rm -rf "$REPLICA_DIR"; fi
}
trap cleanup EXIT

echo "base backup of the primary into $REPLICA_DIR/data"
as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$(node -e 'console.log(new URL(process.argv[1]).port||5432)' "$PG_URL")" -U postgres \
  -D "$REPLICA_DIR/data" -R -X stream -c fast
# Debian keeps postgresql.conf and pg_hba.conf in /etc, so the copy has none: give it its own.
# A hot standby needs these at least as high as on the primary.
same_as_primary=""
for setting in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
  same_as_primary+="$setting = $(psql_primary -c "show $setting")"$'\n'
done
as_postgres tee "$REPLICA_DIR/data/postgresql.conf" >/dev/null <<CONF
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$REPLICA_DIR'
hot_standby = on
shared_buffers = 32MB
fsync = off
$same_as_primary
CONF
as_postgres tee "$REPLICA_DIR/data/pg_hba.conf" >/dev/null <<CONF
local all all trust
host all all 127.0.0.1/32 trust
CONF
as_postgres touch "$REPLICA_DIR/data/pg_ident.conf"
as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR/data" -l "$REPLICA_DIR/replica.log" -w start >/dev/null
echo "replica streaming on 127.0.0.1:$REPLICA_PORT: $(psql "postgres://postgres@127.0.0.1:$REPLICA_PORT/postgres" -Atc 'select pg_is_in_recovery()') (in recovery)"

# 3. The server and the test.
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f dist/src/main.js ]; then
  npm run build --silent
fi
export PG_URL PG_BIN REPLICA_PORT REPLICA_DIR
node --test --test-concurrency=1 test/deploy/replica-e2e.mjs
