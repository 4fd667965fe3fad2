// Read routing (src/db/replicas.ts) against a real streaming replica of the local PostgreSQL.
// Run by test/deploy/run-replica-test.sh, which makes a primary and its replica and passes
// PG_URL (the primary), PG_BIN, REPLICA_PORT, REPLICA_DATA and REPLICA_LOG.
//
// Two API instances (built server, dist/) on one fresh database with the replica configured:
// `api` as shipped (statistics on the primary) and `apiStats` with STATS_ON_REPLICAS=true.
// Each GraphQL operation's log line says where its reads went (`readFrom`); pausing WAL replay on
// the replica makes the replica's answers visibly older than the primary's.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { adminQuery, dropDatabase, freePort, freshDatabase, gql, sleep, startApi, waitFor, withDatabase } from "./lib.mjs";

const PG_URL = process.env.PG_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const PG_BIN = process.env.PG_BIN;
const REPLICA_PORT = process.env.REPLICA_PORT;
const REPLICA_DATA = process.env.REPLICA_DATA;
const REPLICA_LOG = process.env.REPLICA_LOG;
const DB = "achievements_replica_e2e";
const KEY = "replica-e2e-key-0123456789";

if (!PG_BIN || !REPLICA_PORT || !REPLICA_DATA || !REPLICA_LOG) throw new Error("run me through test/deploy/run-replica-test.sh");

let tmp;
let api;
let apiStats;
let primaryDb;
let replicaDb;
let seq = 0;

function pgCtl(...args) {
  execFileSync("runuser", ["-u", "postgres", "--", path.join(PG_BIN, "pg_ctl"), "-D", REPLICA_DATA, "-l", REPLICA_LOG, ...args], {
    stdio: "ignore",
  });
}

const onReplica = (sql, params) => adminQuery(replicaDb, sql, params);

/** Waits until the replica has replayed the primary's WAL up to `lsn` (default: the primary's current position). */
async function caughtUp(lsn) {
  const target = lsn ?? (await adminQuery(primaryDb, "SELECT pg_current_wal_lsn()::text AS lsn"))[0].lsn;
  await waitFor(
    `replica to replay ${target}`,
    async () => (await onReplica("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok", [target]))[0].ok,
    { timeoutMs: 30_000, intervalMs: 50 },
  );
}

/** Runs an operation on `instance` with a fresh request id; answers the result and where its reads went. */
async function run(instance, query, { variables, headers = {}, key } = {}) {
  const id = `replica-e2e-${process.pid}-${++seq}`;
  const r = await gql(`http://127.0.0.1:${instance.port}`, query, { variables, key, headers: { ...headers, "x-request-id": id } });
  const line = await waitFor(`log line of ${id}`, () => instance.lines().find((l) => l.requestId === id && l.msg === "graphql operation"), {
    timeoutMs: 5000,
    intervalMs: 20,
  });
  return { ...r, readFrom: line.readFrom };
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "achievements-replica-e2e-"));
  primaryDb = await freshDatabase(PG_URL, DB);
  replicaDb = withDatabase(`postgres://postgres@127.0.0.1:${REPLICA_PORT}/postgres`, DB);
  await waitFor("the new database on the replica", () => onReplica("SELECT 1 AS ok").then((r) => r[0].ok === 1), { timeoutMs: 30_000 });
  const env = {
    DATABASE_URL: primaryDb,
    DATABASE_REPLICA_URLS: replicaDb,
    API_KEYS: KEY,
    DEMO_DATA: "false",
    LOG_LEVEL: "info",
    WEB_DIR: path.join(tmp, "no-web"),
  };
  [api, apiStats] = await Promise.all([
    startApi({ name: "api", port: await freePort(), logFile: path.join(tmp, "api.log"), env: { ...env, DATA_DIR: path.join(tmp, "d1") } }),
    startApi({
      name: "apiStats",
      port: await freePort(),
      logFile: path.join(tmp, "api-stats.log"),
      env: { ...env, DATA_DIR: path.join(tmp, "d2"), STATS_ON_REPLICAS: "true" },
    }),
  ]);
  // The migrations ran on the primary; the replica must have them before it answers queries.
  await caughtUp();
});

after(async () => {
  await onReplica("SELECT pg_wal_replay_resume()").catch(() => undefined);
  await Promise.all([api, apiStats].filter(Boolean).map((a) => a.stop("SIGTERM")));
  await dropDatabase(PG_URL, DB);
  if (process.env.KEEP_TMP) console.log(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
});

test("plain queries are served by the replica", async () => {
  for (let i = 0; i < 5; i++) {
    const r = await run(api, "{ users(first: 5) { totalCount edges { node { name } } } }");
    assert.equal(r.status, 200);
    assert.equal(r.body.data.users.totalCount, 0);
    assert.equal(r.readFrom, "replica0");
  }
  const sessions = await onReplica(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'achievements-replica' AND datname = $1",
    [DB],
  );
  assert.ok(sessions[0].n >= 1, "the API holds connections to the replica");
});

test("with replay paused: queries see the replica's older data; X-Read-After, mutations and statistics see the primary's", async () => {
  await onReplica("SELECT pg_wal_replay_pause()");
  await waitFor("replay paused", async () => (await onReplica("SELECT pg_get_wal_replay_pause_state() AS s"))[0].s === "paused");

  const ach = await run(api, "mutation($i: CreateAchievementInput!) { createAchievement(input: $i) { id } }", {
    key: KEY,
    variables: { i: { points: 50, translations: [{ language: "EN", name: "Replica reader", description: "Read from a replica" }] } },
  });
  assert.equal(ach.status, 200, JSON.stringify(ach.body));
  assert.equal(ach.readFrom, "primary");
  const user = await run(api, 'mutation { createUser(input: { name: "Replica Reader", language: EN }) { id } }', { key: KEY });
  assert.equal(user.status, 200, JSON.stringify(user.body));
  const readAfter = user.headers.get("x-read-after");
  assert.match(readAfter, /^[0-9A-F]+\/[0-9A-F]+$/);

  // No header: any healthy replica, which has not replayed the new user yet.
  const stale = await run(api, '{ userByName(name: "Replica Reader") { id } }');
  assert.equal(stale.readFrom, "replica0");
  assert.equal(stale.body.data.userByName, null);

  // With the LSN of the client's own write: the replica is behind it, so the primary answers.
  const fresh = await run(api, '{ userByName(name: "Replica Reader") { id } }', { headers: { "x-read-after": readAfter } });
  assert.equal(fresh.readFrom, "primary");
  assert.equal(fresh.body.data.userByName.id, user.body.data.createUser.id);

  // A mutation's own reads (the award's user and achievement) come from the primary.
  const award = await run(
    api,
    "mutation($i: AwardAchievementInput!) { awardAchievement(input: $i) { created award { points user { name points } } } }",
    {
      key: KEY,
      variables: { i: { userId: user.body.data.createUser.id, achievementId: ach.body.data.createAchievement.id } },
    },
  );
  assert.equal(award.status, 200, JSON.stringify(award.body));
  assert.equal(award.readFrom, "primary");
  assert.deepEqual(award.body.data.awardAchievement, {
    created: true,
    award: { points: 50, user: { name: "Replica Reader", points: 50 } },
  });

  // Statistics include every acknowledged award: on the primary, whatever the replica has replayed.
  const stats = await run(api, "{ stats { mostPoints { points users { name } } } }");
  assert.equal(stats.readFrom, "primary");
  assert.deepEqual(stats.body.data.stats.mostPoints, { points: 50, users: [{ name: "Replica Reader" }] });
  const points = await run(api, '{ userByName(name: "Replica Reader") { points } }');
  assert.equal(points.readFrom, "primary");

  // STATS_ON_REPLICAS=true trades that for load on the primary: the lagging replica misses the award.
  const lagging = await run(apiStats, "{ stats { mostPoints { points } } }");
  assert.equal(lagging.readFrom, "replica0");
  assert.equal(lagging.body.data.stats.mostPoints, null);

  await onReplica("SELECT pg_wal_replay_resume()");
  globalThis.awardLsn = award.headers.get("x-read-after");
});

test("once the replica has replayed the client's write, the client's reads go to the replica again", async () => {
  const lsn = globalThis.awardLsn;
  assert.match(lsn, /^[0-9A-F]+\/[0-9A-F]+$/);
  await caughtUp(lsn);
  await sleep(150); // the router trusts a replica's replay position for 100 ms
  const r = await run(api, '{ userByName(name: "Replica Reader") { name awards { totalCount } } }', { headers: { "x-read-after": lsn } });
  assert.equal(r.readFrom, "replica0");
  assert.deepEqual(r.body.data.userByName, { name: "Replica Reader", awards: { totalCount: 1 } });
});

test("the service keeps answering when the replica is stopped, and reads return to it when it is back", async () => {
  // Warm the replica connections, then take the replica away under them.
  assert.equal((await run(api, "{ users(first: 1) { totalCount } }")).readFrom, "replica0");
  pgCtl("-m", "fast", "-w", "stop");
  const stoppedAt = Date.now();
  const seen = [];
  for (let i = 0; i < 10; i++) {
    const r = await run(api, "{ users(first: 5) { totalCount } }");
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
    assert.equal(r.body.data.users.totalCount, 1);
    seen.push(r.readFrom);
  }
  console.log(`# with the replica stopped: 10 queries answered in ${Date.now() - stoppedAt} ms, reads from ${seen.join(",")}`);
  assert.equal(seen.at(-1), "primary");
  // The log line travels through a pipe and may arrive a moment after the answer.
  await waitFor("the router to say the replica is down", () => api.lines().some((l) => l.msg?.startsWith("read replica is down")), {
    timeoutMs: 5000,
  });
  assert.equal((await fetch(`http://127.0.0.1:${api.port}/readyz`)).status, 200, "a replica is not needed to be ready");

  pgCtl("-w", "start");
  const startedAt = Date.now();
  await waitFor(
    "reads to return to the replica",
    async () => (await run(api, "{ users(first: 1) { totalCount } }")).readFrom === "replica0",
    { timeoutMs: 20_000, intervalMs: 250 },
  );
  console.log(`# replica back in use ${Date.now() - startedAt} ms after it started`);
  await waitFor("the router to say the replica is up", () => api.lines().some((l) => l.msg === "read replica is up"), { timeoutMs: 5000 });
});
