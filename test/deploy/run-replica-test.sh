#!/usr/bin/env bash
# Read routing against a real PostgreSQL streaming replica. With the machine's PostgreSQL binaries
# this makes, in a temporary directory and on free loopback ports:
#   - a small primary of its own (initdb; the machine's PostgreSQL server is not touched, so neither
#     its configuration nor the size of its databases matter), and
#   - a streaming replica of it (pg_basebackup -R -X stream),
# runs test/deploy/replica-e2e.mjs (node's test runner) against the built server, then stops both
# and removes the directory.
#
#   bash test/deploy/run-replica-test.sh          # SKIP_BUILD=1 to use the dist/ already there
set -euo pipefail
cd "$(dirname "$0")/../.."

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PG_BIN/initdb" ] || { echo "no PostgreSQL server binaries (set PG_BIN)" >&2; exit 1; }
as_postgres() { runuser -u postgres -- "$@"; }

free_port() {
  local p
  for p in $(seq "$1" $(($1 + 200))); do
    if ! ss -Hltn "sport = :$p" | grep -q .; then echo "$p"; return; fi
  done
  echo "no free port from $1" >&2
  return 1
}
PRIMARY_PORT=$(free_port 55432)
REPLICA_PORT=$(free_port $((PRIMARY_PORT + 1)))

DIR=$(mktemp -d /tmp/achievements-replication.XXXXXX)
chown postgres: "$DIR"
chmod 700 "$DIR"
cleanup() {
  for d in replica primary; do
    if [ -f "$DIR/$d/postmaster.pid" ]; then
      as_postgres "$PG_BIN/pg_ctl" -D "$DIR/$d" -m immediate -w stop >/dev/null 2>&1 || true
    fi
  done
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "kept $DIR"; else rm -rf "$DIR"; fi
}
trap cleanup EXIT

# The primary: trust on loopback (initdb's pg_hba.conf then also admits replication from 127.0.0.1).
as_postgres "$PG_BIN/initdb" -D "$DIR/primary" -U postgres --auth=trust -E UTF8 --no-instructions >/dev/null
as_postgres tee -a "$DIR/primary/postgresql.conf" >/dev/null <<CONF
port = $PRIMARY_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
wal_level = replica
max_wal_senders = 5
fsync = off
CONF
as_postgres "$PG_BIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w start >/dev/null

# The replica: a base backup with -R (standby.signal + primary_conninfo), on its own port.
as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DIR/replica" -R -X stream -c fast
as_postgres tee -a "$DIR/replica/postgresql.conf" >/dev/null <<CONF
port = $REPLICA_PORT
hot_standby = on
CONF
as_postgres "$PG_BIN/pg_ctl" -D "$DIR/replica" -l "$DIR/replica.log" -w start >/dev/null
PG_URL="postgres://postgres@127.0.0.1:$PRIMARY_PORT/postgres"
echo "primary on 127.0.0.1:$PRIMARY_PORT, replica on 127.0.0.1:$REPLICA_PORT (in recovery: $(psql "postgres://postgres@127.0.0.1:$REPLICA_PORT/postgres" -Atc 'select pg_is_in_recovery()'), streaming: $(psql "$PG_URL" -Atc 'select count(*) from pg_stat_replication'))"

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f dist/src/main.js ]; then
  npm run build --silent
fi
export PG_URL PG_BIN REPLICA_PORT
export REPLICA_DATA="$DIR/replica" REPLICA_LOG="$DIR/replica.log"
node --test --test-concurrency=1 test/deploy/replica-e2e.mjs
