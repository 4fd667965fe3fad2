#!/usr/bin/env bash
# A/B of the award path between two commits, in one sitting.
#
#   bench/ab.sh --a <commit> --b <commit> --tag NAME [--users 10000] [--awards 100000]
#               [--rounds 2] [--seconds 10] [--clients 32] [--pglite] [--end ISO-TIME]
#
# Each side is built in its own worktree (/tmp/ab-<tag>-A, /tmp/ab-<tag>-B) and loads the same
# data set (same seed, same --end) with its OWN generate script into its own pristine database
# (PostgreSQL: achievements_ab_<tag>_<side>_pristine; PGlite: /tmp/ab-<tag>-<side>-pristine), so
# each side runs on the schema and triggers of its own migrations. Every run starts from a fresh
# copy of its side's pristine data. The same client (this checkout's dist/bench/run.js, phase
# `award`) drives both servers (--server-main), interleaved B, A, B, A, … so that the machine's
# drift falls on both alike. Figures: bench/results/ab-<tag>-<side><round>.json and .log; the
# table at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
A="" B="" TAG="" USERS=10000 AWARDS=100000 ROUNDS=2 SECONDS_=10 CLIENTS=32 PGLITE=false END=""
PG=${PG:-postgres://postgres@127.0.0.1:5432}
while [ $# -gt 0 ]; do
  case "$1" in
    --a) A=$2; shift 2 ;;
    --b) B=$2; shift 2 ;;
    --tag) TAG=$2; shift 2 ;;
    --users) USERS=$2; shift 2 ;;
    --awards) AWARDS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --seconds) SECONDS_=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --pglite) PGLITE=true; shift ;;
    --end) END=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$A" ] && [ -n "$B" ] && [[ "$TAG" =~ ^[a-z0-9_]+$ ]] || { echo "need --a, --b and --tag [a-z0-9_]+" >&2; exit 2; }
END=${END:-$(date -u -d '1 hour ago' +%Y-%m-%dT%H:00:00Z)}
[ -f dist/bench/run.js ] || npm run build
mkdir -p bench/results

for side in A B; do
  commit=$([ $side = A ] && echo "$A" || echo "$B")
  dir=/tmp/ab-$TAG-$side
  if [ ! -f "$dir/dist/src/main.js" ]; then
    git worktree remove --force "$dir" 2>/dev/null || rm -rf "$dir"
    git worktree add -q --detach "$dir" "$commit"
    (cd "$dir" && npm ci --no-audit --no-fund >/dev/null && npm run build >/dev/null)
  fi
  if $PGLITE; then
    node "$dir/dist/bench/generate.js" --pglite "/tmp/ab-$TAG-$side-pristine" --force true \
      --users "$USERS" --awards "$AWARDS" --end "$END" >"bench/results/ab-$TAG-$side-generate.log"
  else
    node "$dir/dist/bench/generate.js" --pg "$PG/postgres" --db "achievements_ab_${TAG}_${side,,}_pristine" \
      --users "$USERS" --awards "$AWARDS" --end "$END" >"bench/results/ab-$TAG-$side-generate.log"
  fi
done

run() { # side round
  local side=$1 round=$2 dir=/tmp/ab-$TAG-$1 out=bench/results/ab-$TAG-$1$2
  local target
  if $PGLITE; then
    rm -rf "/tmp/ab-$TAG-run" && cp -a "/tmp/ab-$TAG-$side-pristine" "/tmp/ab-$TAG-run"
    target=(--pglite "/tmp/ab-$TAG-run")
  else
    local db="achievements_ab_${TAG}_run"
    psql -q -h 127.0.0.1 -U postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
      -c "CREATE DATABASE $db TEMPLATE achievements_ab_${TAG}_${side,,}_pristine"
    target=(--pg "$PG/$db")
  fi
  node dist/bench/run.js "${target[@]}" --phases award --award-seconds "$SECONDS_" --award-clients "$CLIENTS" \
    --server-main "$dir/dist/src/main.js" --out "$out.json" >"$out.log" 2>&1
}
for round in $(seq 1 "$ROUNDS"); do
  run B "$round"
  run A "$round"
done

node -e '
const fs = require("fs");
const [tag, rounds] = [process.argv[1], Number(process.argv[2])];
const rows = [];
const per = { A: [], B: [] };
for (let r = 1; r <= rounds; r++) for (const s of ["B", "A"]) {
  const j = JSON.parse(fs.readFileSync(`bench/results/ab-${tag}-${s}${r}.json`, "utf8")).award;
  per[s].push(j.concurrent.createdPerSecond);
  rows.push(`| ${s}${r} | ${j.single.createdPerSecond} | ${j.single.latency.p99} ms | ${j.concurrent.createdPerSecond} | ${j.concurrent.latency.p99} ms | ${JSON.stringify(j.concurrent.cpuMsPerRequest)} |`);
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log("| run | 1 client: awards/s | p99 | concurrent: awards/s | p99 | CPU ms/award |");
console.log("| --- | --- | --- | --- | --- | --- |");
console.log(rows.join("\n"));
console.log(`\nB / A at concurrency (mean of rounds): ${(mean(per.B) / mean(per.A)).toFixed(3)}`);
' "$TAG" "$ROUNDS" | tee "bench/results/ab-$TAG.md"

if ! $PGLITE; then psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS achievements_ab_${TAG}_run WITH (FORCE)"; fi
