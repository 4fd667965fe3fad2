/**
 * Measures the service on a database loaded by bench/generate:
 *
 *   node dist/bench/run.js --pg postgres://postgres@127.0.0.1:5432/achievements_bench
 *   node dist/bench/run.js --pglite /tmp/bench-pglite
 *
 * Phases (--phases, comma-separated, default all; they run in this order):
 *   stats   each statistic through GraphQL over HTTP (one keep-alive connection, sequential) and
 *           its named statement from statistics.repository alone (via pg / PGlite), --runs times
 *           (default 200) after --warmup runs (default 20); on PostgreSQL the two are interleaved
 *           per run so that noise from other load falls on both alike; on PGlite the SQL runs
 *           first, in this process, before the server starts (the embedded database has one owner).
 *   naive   the same answers computed from the awards (GROUP BY, lag(), gaps and islands),
 *           --naive-runs times (default 3) under statement_timeout --naive-timeout s (default 600).
 *   page    a user's page at --page-clients (default 32) for --page-seconds (default 15).
 *   award-sql  the award statement of award.repository alone (INSERT … ON CONFLICT and its
 *           triggers) on --award-clients connections (PGlite: one, after the server stopped)
 *           for --award-seconds: what the database sustains without the service.
 *   award   awardAchievement: 5 s at one client, then --award-seconds (default 20) at
 *           --award-clients (default 32), each award a new (user, achievement) pair on
 *           --award-achievements (default 40) achievements created for the run.
 *   progress  reportProgress next to the award phase: 5 s at one client, then --award-seconds at
 *           --award-clients, each report an increment of 1 with a new requestId, on 4 × clients
 *           (user, achievement) pairs in flight over --award-achievements new incremental
 *           achievements of --progress-steps steps (default 10): one report in ten completes
 *           one and creates its award; reports/s next to the award phase's awards/s (the goal:
 *           within 20 %).
 *   first   the same at --award-clients for --first-seconds (default 10), each award the first
 *           of a user who had none (a new ranked user: entering a points level and streak length 1).
 *   hot     the same at --award-clients for --hot-seconds (default 10), every award on one new
 *           achievement (its holder count row is then a hot spot).
 *   batch   the same kind of awards (new pairs on --award-achievements new achievements), once
 *           through awardAchievement and once through awardAchievements batches of --batch-size
 *           (default 1000), each for --batch-seconds (default 10) at 1 client and at
 *           --batch-clients (default 4): awards created per second of each, and their ratio.
 *   revoke  revokeAward of awards made by the batch phase (or by this phase, when batch did not
 *           run), one client for --revoke-seconds (default 10): latency p50/p99.
 *   stats-after  the statistics again after those writes, without a vacuum; on PostgreSQL then
 *           VACUUM (ANALYZE) and once more.
 *   check   SELECT … FROM stats_check() (must be empty) once the server has stopped.
 *
 * The server is started as `node dist/src/main.js` with DEMO_DATA=false on --port (default: a
 * free port), its log in --server-log (default /tmp/bench-server.log), and stopped with SIGTERM.
 * --log-level sets the server's LOG_LEVEL (default info, as in production); --node-args passes
 * options to the server's node (e.g. "--node-args=--cpu-prof --cpu-prof-dir=/tmp/prof");
 * --server-main runs another build of the server (an experiment) instead of dist/src/main.js.
 * --out FILE writes every figure as JSON.
 */
import "reflect-metadata";
import { execFileSync, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { statisticsRepository } from "../src/modules/statistics/statistics.repository";
import { awardRepository } from "../src/modules/award/award.repository";
import { Database } from "../src/db/database";
import { createLogger } from "../src/logger";
import type { Queryable } from "../src/db/queryable";
import { backendCpuBetween, backendCpuMs, procCpuMs } from "./lib/cpu";
import { GqlClient, fmt, summarize } from "./lib/http";
import type { GqlResult, Summary } from "./lib/http";
import { connectPostgres, num, parseArgs, pgliteSql, secondsSince } from "./lib/sql";
import type { Sql } from "./lib/sql";
import { freePort } from "./lib/net";

const API_KEY = "bench-key-not-secret";

const STAT_QUERIES: Record<string, string> = {
  mostAchievements: `query MostAchievements { stats { mostAchievements { count userCount users { id name points } } } }`,
  mostPoints: `query MostPoints { stats { mostPoints { points userCount users { id name achievementCount } } } }`,
  maxPointsDifference: `query MaxPointsDifference { stats { maxPointsDifference { difference pairCount
    pairs { first { id name points } second { id name points } } } } }`,
  minPointsDifference: `query MinPointsDifference { stats { minPointsDifference { difference pairCount
    pairs { first { id name points } second { id name points } } } } }`,
  streaks: `query Streaks { stats { streaks(days: 7) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { user { id name } streak { days start end } } } } } }`,
  // The same page without totalCount (the count is the one statement that grows with the data).
  streaksNoTotal: `query StreaksPage { stats { streaks(days: 7) { pageInfo { hasNextPage endCursor }
    edges { node { user { id name } streak { days start end } } } } } }`,
};
const STATS = Object.keys(STAT_QUERIES);

/** The named statements of statistics.repository, with the default list sizes of the queries above. */
const STAT_SQL: Record<string, (q: Queryable) => Promise<unknown>> = {
  mostAchievements: (q) => statisticsRepository.mostAchievements(q, 100),
  mostPoints: (q) => statisticsRepository.mostPoints(q, 100),
  maxPointsDifference: (q) => statisticsRepository.maxPointsDifference(q, 100),
  minPointsDifference: (q) => statisticsRepository.minPointsDifference(q, 100),
  streaks: (q) => statisticsRepository.streaks(q, 7, null, 21),
  "streaks.count": (q) => statisticsRepository.streakCount(q, 7),
};

/** The same answers from the awards alone, as one would write them without the aggregates. */
const NAIVE: Record<string, string> = {
  mostAchievements: `WITH t AS (SELECT w.user_id, count(*) AS n FROM awards w GROUP BY w.user_id)
    SELECT n AS value, count(*) AS users, (array_agg(user_id ORDER BY user_id))[1:100] AS first_ids
    FROM t WHERE n = (SELECT max(n) FROM t) GROUP BY n`,
  mostPoints: `WITH t AS (SELECT w.user_id, sum(a.points) AS p FROM awards w JOIN achievements a ON a.id = w.achievement_id GROUP BY w.user_id)
    SELECT p AS value, count(*) AS users, (array_agg(user_id ORDER BY user_id))[1:100] AS first_ids
    FROM t WHERE p = (SELECT max(p) FROM t) GROUP BY p`,
  maxPointsDifference: `WITH t AS (SELECT w.user_id, sum(a.points) AS p FROM awards w JOIN achievements a ON a.id = w.achievement_id GROUP BY w.user_id)
    SELECT max(p) - min(p) AS value FROM t`,
  minPointsDifference: `WITH t AS (SELECT w.user_id, sum(a.points) AS p FROM awards w JOIN achievements a ON a.id = w.achievement_id GROUP BY w.user_id)
    SELECT min(d) AS value FROM (SELECT p - lag(p) OVER (ORDER BY p) AS d FROM t) x`,
  streaks: `WITH d AS (
      SELECT DISTINCT w.user_id, (w.awarded_at AT TIME ZONE u.time_zone)::date AS day FROM awards w JOIN users u ON u.id = w.user_id
    ), i AS (
      SELECT user_id, day, day - (row_number() OVER (PARTITION BY user_id ORDER BY day))::integer AS grp FROM d
    ), r AS (
      SELECT user_id, count(*) AS len FROM i GROUP BY user_id, grp
    ), b AS (
      SELECT user_id, max(len) AS best FROM r GROUP BY user_id
    )
    SELECT count(*) AS value, (array_agg(user_id ORDER BY best DESC, user_id))[1:20] AS first_ids FROM b WHERE best >= 7`,
};

const BATCH = `mutation Batch($inputs: [AwardAchievementInput!]!) { awardAchievements(inputs: $inputs) { index result { created } error { code } } }`;
const REVOKE = `mutation Revoke($input: RevokeAwardInput!) { revokeAward(input: $input) { revoked award { id revokedAt } } }`;
const AWARD = `mutation Award($input: AwardAchievementInput!) { awardAchievement(input: $input) { created award { id awardedAt } } }`;
const CREATE_ACHIEVEMENT = `mutation Create($input: CreateAchievementInput!) { createAchievement(input: $input) { id points } }`;
const REPORT = `mutation Report($input: ReportProgressInput!) { reportProgress(input: $input) { completed applied progress { current } } }`;
const USER_PAGE = `query UserPage($id: ID!) { user(id: $id) { name points awards(first: 20) { edges { node { name awardedAt points } } } } }`;

function errorCodes(r: GqlResult): string[] {
  if (r.status !== 200 && !r.body.errors) return [`HTTP ${r.status}`];
  return (r.body.errors ?? []).map((e) => e.extensions?.code ?? e.message);
}

function countInto(map: Record<string, number>, keys: string[]): void {
  for (const k of keys) map[k] = (map[k] ?? 0) + 1;
}

class Server {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> | undefined;

  constructor(
    private readonly env: Record<string, string>,
    private readonly port: number,
    private readonly logFile: string,
    private readonly nodeArgs: string[] = [],
    private readonly main = path.join(__dirname, "../src/main.js"),
  ) {}

  async start(): Promise<void> {
    const out = openSync(this.logFile, "w");
    this.child = spawn(process.execPath, [...this.nodeArgs, this.main], {
      env: { ...process.env, ...this.env, PORT: String(this.port), DEMO_DATA: "false", API_KEYS: API_KEY },
      stdio: ["ignore", out, out],
    });
    const child = this.child;
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}; see ${this.logFile}`);
      try {
        const r = await fetch(`http://127.0.0.1:${this.port}/readyz`);
        // Ready, and still ours: another process on the port would answer too.
        if (r.status === 200 && child.exitCode === null) {
          await new Promise((res) => setTimeout(res, 300));
          if (child.exitCode === null) return;
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server not ready after 120 s; see ${this.logFile}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  async stop(): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    this.child.kill("SIGTERM");
    return this.exited!;
  }
}

/**
 * CPU spent by the server process and by the PostgreSQL backends of this database (other than
 * the runner's own), so that a phase can report CPU per request: a figure that other engineers'
 * load on the machine disturbs far less than latency or throughput.
 */
class CpuMeter {
  constructor(
    private readonly serverPid: () => number | undefined,
    private readonly sql: () => Sql | undefined,
  ) {}

  async snapshot(): Promise<{ server: number; backends: Map<number, number> }> {
    const pid = this.serverPid();
    const sql = this.sql();
    const backends = sql?.kind === "postgres" ? await backendCpuMs(sql) : new Map<number, number>();
    return { server: pid ? procCpuMs(pid) : 0, backends };
  }

  async since(start: { server: number; backends: Map<number, number> }) {
    const end = await this.snapshot();
    const db = backendCpuBetween(start.backends, end.backends);
    return { serverMs: end.server - start.server, postgresBackendsMs: this.sql()?.kind === "postgres" ? db : null };
  }
}

/** A port nobody listens on now (other engineers run servers on this machine). */

async function runLoad(
  cpu: CpuMeter,
  clients: number,
  seconds: number,
  maxRequests: number,
  one: () => Promise<{ ok: boolean; created?: boolean; ms: number; codes: string[] }>,
) {
  const lat: number[] = [];
  const errors: Record<string, number> = {};
  let created = 0;
  let notCreated = 0;
  let started = 0;
  const load0 = os.loadavg()[0]!;
  const cpu0 = await cpu.snapshot();
  const self0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline && started < maxRequests) {
        started++;
        const r = await one();
        if (r.ok) {
          lat.push(r.ms);
          if (r.created === true) created++;
          if (r.created === false) notCreated++;
        } else countInto(errors, r.codes);
      }
    }),
  );
  const elapsed = secondsSince(t0);
  const self = process.cpuUsage(self0);
  const used = await cpu.since(cpu0);
  const n = lat.length || 1;
  return {
    clients,
    loadavg1m: [Math.round(load0 * 100) / 100, Math.round(os.loadavg()[0]! * 100) / 100],
    cpuMsPerRequest: {
      server: Math.round((used.serverMs / n) * 100) / 100,
      postgres: used.postgresBackendsMs === null ? null : Math.round((used.postgresBackendsMs / n) * 100) / 100,
      loadClient: Math.round(((self.user + self.system) / 1000 / n) * 100) / 100,
    },
    seconds: Math.round(elapsed * 100) / 100,
    ok: lat.length,
    perSecond: Math.round((lat.length / elapsed) * 10) / 10,
    created,
    createdPerSecond: Math.round((created / elapsed) * 10) / 10,
    notCreated,
    errors,
    latency: summarize(lat),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const pgliteDir = args.pglite ? path.resolve(args.pglite) : undefined;
  const pgUrl = args.pg ?? "postgres://postgres@127.0.0.1:5432/achievements_bench";
  const port = args.port ? num(args, "port", 0) : await freePort();
  const runs = num(args, "runs", 200);
  const warmup = num(args, "warmup", 20);
  const phases = new Set((args.phases ?? "stats,naive,page,award-sql,award,progress,first,hot,batch,revoke,stats-after,check").split(","));
  const serverLog = args["server-log"] ?? "/tmp/bench-server.log";
  const say = (msg: string) => process.stdout.write(`[run] ${msg}\n`);

  const result: Record<string, unknown> = {
    target: pgliteDir ? "pglite" : "postgres",
    startedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadavgAtStart: os.loadavg(),
    },
    runs,
  };

  const openSql = async (): Promise<Sql> => {
    if (pgliteDir) {
      const { PGlite } = await import("@electric-sql/pglite");
      return pgliteSql(await PGlite.create(pgliteDir));
    }
    return connectPostgres(pgUrl);
  };

  // Which build of the service is measured.
  try {
    const git = (...a: string[]) => execFileSync("git", a, { cwd: path.join(__dirname, "../.."), encoding: "utf8" }).trim();
    result.service = {
      head: git("rev-parse", "HEAD"),
      lastServiceCommit: git("log", "-1", "--format=%h %s", "--", "src", "migrations").slice(0, 140),
      dirty: git("status", "--porcelain", "--", "src", "migrations") !== "",
    };
    say(`service at ${JSON.stringify(result.service)}`);
  } catch {
    // not a git checkout
  }

  // Migrations that landed after the data was loaded run first, as the server would run them.
  {
    const t = process.hrtime.bigint();
    const db = await Database.open({ databaseUrl: pgliteDir ? undefined : pgUrl, dataDir: pgliteDir, logger: createLogger("warn") });
    await db.migrate();
    await db.close();
    result.migrateSeconds = secondsSince(t);
  }

  let sql: Sql | undefined = await openSql();
  const [info] = await sql.query<{ users: string; awards: string; version: string }>(
    `SELECT (SELECT max(id) FROM users)::text AS users, (SELECT count(*) FROM awards)::text AS awards, version() AS version`,
  );
  const maxUserId = Number(info!.users);
  // Users without any award, for the first-award phase (each such award makes a new ranked user).
  const unranked = phases.has("first")
    ? (
        await sql.query<{ id: string }>(
          "SELECT u.id::text AS id FROM users u WHERE NOT EXISTS (SELECT 1 FROM user_stats s WHERE s.user_id = u.id) ORDER BY random() LIMIT 100000",
        )
      ).map((r) => r.id)
    : [];
  result.data = { users: maxUserId, awardsBefore: Number(info!.awards), database: info!.version };
  say(
    `${info!.version.split(",")[0]}: ${maxUserId} users, ${info!.awards} awards; load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  const queryable: Queryable = { query: (text: string, params?: unknown[]) => sql!.query(text, params) as never };

  const server = new Server(
    { ...(pgliteDir ? { DATA_DIR: pgliteDir } : { DATABASE_URL: pgUrl }), LOG_LEVEL: args["log-level"] ?? "info" },
    port,
    serverLog,
    args["node-args"] ? args["node-args"].split(" ").filter(Boolean) : [],
    args["server-main"] ? path.resolve(args["server-main"]) : undefined,
  );
  const cpu = new CpuMeter(
    () => server.pid,
    () => sql,
  );
  const url = `http://127.0.0.1:${port}/graphql`;

  /**
   * Each statistic `runs` times after `warmup` runs: through HTTP when the server runs, as its
   * SQL alone when `withSql` (interleaved with HTTP per run on PostgreSQL).
   */
  const measureStats = async (label: string, withHttp: boolean, withSql: boolean) => {
    const httpSamples: Record<string, number[]> = Object.fromEntries(STATS.map((s) => [s, []]));
    const sqlSamples: Record<string, number[]> = Object.fromEntries(Object.keys(STAT_SQL).map((s) => [s, []]));
    const errors: Record<string, number> = {};
    const answers: Record<string, unknown> = {};
    const client = withHttp ? new GqlClient(url, 1) : undefined;
    say(
      `${label}: ${withHttp ? "HTTP" : ""}${withHttp && withSql ? " and " : ""}${withSql ? "SQL alone" : ""}${withHttp && withSql ? ", interleaved" : ""}, ${warmup} warm-up + ${runs} runs of each`,
    );
    const load0 = os.loadavg()[0]!;
    const cpu0 = await cpu.snapshot();
    for (let i = 0; i < warmup + runs; i++) {
      const record = i >= warmup;
      for (const name of STATS) {
        if (client) {
          const r = await client.request(STAT_QUERIES[name]!);
          const codes = errorCodes(r);
          if (codes.length)
            countInto(
              errors,
              codes.map((c) => `${name}: ${c}`),
            );
          else if (record) httpSamples[name]!.push(r.ms);
        }
        if (withSql) {
          for (const statement of Object.keys(STAT_SQL).filter((k) => k === name || k.startsWith(`${name}.`))) {
            const t = process.hrtime.bigint();
            answers[statement] = await STAT_SQL[statement]!(queryable);
            if (record) sqlSamples[statement]!.push(Number(process.hrtime.bigint() - t) / 1e6);
          }
        }
      }
    }
    client?.close();
    const used = await cpu.since(cpu0);
    const loadavg1m = [load0, os.loadavg()[0]!].map((x) => Math.round(x * 100) / 100);
    const httpRequests = client ? (warmup + runs) * STATS.length : 0;
    const serverCpuMsPerRequest = httpRequests ? Math.round((used.serverMs / httpRequests) * 100) / 100 : null;
    if (client) say(`  server CPU ${serverCpuMsPerRequest} ms per statistics request; load average ${loadavg1m.join(" → ")}`);
    const table: Record<string, { http?: Summary; sql?: Summary }> = {};
    for (const name of new Set([...STATS, ...Object.keys(STAT_SQL)])) {
      table[name] = {
        http: httpSamples[name]?.length ? summarize(httpSamples[name]!) : undefined,
        sql: sqlSamples[name]?.length ? summarize(sqlSamples[name]!) : undefined,
      };
      if (table[name]!.http || table[name]!.sql) {
        say(
          `  ${name.padEnd(20)} HTTP ${table[name]!.http ? fmt(table[name]!.http!) : "-"} | SQL ${table[name]!.sql ? fmt(table[name]!.sql!) : "-"}`,
        );
      }
    }
    if (Object.keys(errors).length) say(`  ERRORS: ${JSON.stringify(errors)}`);
    const out: Record<string, unknown> = { table, errors, serverCpuMsPerRequest, loadavg1m };
    if (withSql) {
      type A = { value?: string; userCount?: string; high?: string; low?: string; zeroPairs?: string; gap?: string } | undefined;
      const a = answers as Record<string, A>;
      const min = a.minPointsDifference;
      out.answers = {
        mostAchievements: a.mostAchievements?.value,
        mostAchievementsUsers: a.mostAchievements?.userCount,
        mostPoints: a.mostPoints?.value,
        mostPointsUsers: a.mostPoints?.userCount,
        maxPointsDifference: a.maxPointsDifference
          ? String(BigInt(a.maxPointsDifference.high!) - BigInt(a.maxPointsDifference.low!))
          : null,
        minPointsDifference: min ? (BigInt(min.zeroPairs!) > 0n ? "0" : min.gap) : null,
        minPointsDifferencePairs: min?.zeroPairs,
        streakUsers: answers["streaks.count"],
      };
      say(`  answers: ${JSON.stringify(out.answers)}`);
    }
    return out;
  };

  // The award statement alone (the same INSERT … ON CONFLICT with its triggers), without the
  // service: what the database itself sustains. PGlite has one session, so one client there.
  const awardSql = async () => {
    const clients = pgliteDir ? 1 : num(args, "award-clients", 32);
    const seconds = num(args, "award-seconds", 20);
    const achievementIds: string[] = [];
    const stamp = Date.now().toString(36);
    for (let i = 0; i < num(args, "award-achievements", 40); i++) {
      const [a] = await sql!.query<{ id: string }>("INSERT INTO achievements (points) VALUES ($1) RETURNING id::text AS id", [
        [10, 20, 25, 50, 100, 250][i % 6],
      ]);
      await sql!.query(
        "INSERT INTO achievement_translations (achievement_id, language, name, name_key, description) VALUES ($1, 'EN', $2, lower($2), 'bench')",
        [a!.id, `Bench sql ${stamp} ${i + 1}`],
      );
      achievementIds.push(a!.id);
    }
    const conns: Sql[] = pgliteDir ? [sql!] : await Promise.all(Array.from({ length: clients }, () => openSql()));
    const free = [...conns];
    const used = new Set<string>();
    say(`award statement alone: ${clients} connection(s) for ${seconds} s on ${achievementIds.length} new achievements`);
    const r = await runLoad(cpu, clients, seconds, Infinity, async () => {
      let key: string;
      let userId: number;
      let achievementId: string;
      do {
        userId = 1 + Math.floor(Math.random() * maxUserId);
        achievementId = achievementIds[Math.floor(Math.random() * achievementIds.length)]!;
        key = `${userId}:${achievementId}`;
      } while (used.has(key));
      used.add(key);
      const conn = free.pop()!;
      const t = process.hrtime.bigint();
      try {
        const q: Queryable = { query: (text: string, params?: unknown[]) => conn.query(text, params) as never };
        const row = await awardRepository.insertOnce(q, String(userId), achievementId, new Date());
        return { ok: true, created: row !== undefined, ms: Number(process.hrtime.bigint() - t) / 1e6, codes: [] };
      } catch (e) {
        return { ok: false, ms: 0, codes: [(e as { code?: string }).code ?? (e as Error).message] };
      } finally {
        free.push(conn);
      }
    });
    if (!pgliteDir) await Promise.all(conns.map((c) => c.close()));
    result.awardSql = r;
    say(
      `  ${r.createdPerSecond} created/s, ${fmt(r.latency)}, errors ${JSON.stringify(r.errors)}; CPU ms/award ${JSON.stringify(r.cpuMsPerRequest)}, load ${r.loadavg1m.join(" → ")}`,
    );
  };

  const vacuum = async () => {
    const t = process.hrtime.bigint();
    await sql!.query("VACUUM (ANALYZE) user_stats, points_levels, tied_users, achievements, awards");
    result.vacuumSeconds = secondsSince(t);
    say(`VACUUM (ANALYZE) of the aggregates, achievements and awards: ${(result.vacuumSeconds as number).toFixed(1)} s`);
  };

  // PGlite: everything that needs the database in this process runs before the server starts.
  if (phases.has("stats") && pgliteDir) result.statsSqlFresh = await measureStats("stats (fresh load)", false, true);

  const naive: Record<string, unknown> = {};
  if (phases.has("naive")) {
    const naiveRuns = num(args, "naive-runs", 3);
    const timeout = num(args, "naive-timeout", 600);
    const [wm] = await sql.query<{ work_mem: string }>("SHOW work_mem");
    await sql.query(`SET statement_timeout = '${timeout}s'`);
    say(`naive queries: ${naiveRuns} runs each, statement_timeout ${timeout} s, work_mem ${wm!.work_mem}`);
    for (const [name, text] of Object.entries(NAIVE)) {
      const times: number[] = [];
      let answer: unknown;
      let error: string | undefined;
      for (let i = 0; i < naiveRuns; i++) {
        const t = process.hrtime.bigint();
        try {
          const rows = await sql.query(text);
          answer = rows[0];
          times.push(Number(process.hrtime.bigint() - t) / 1e6);
        } catch (e) {
          error = (e as Error).message;
          times.push(NaN);
          if (/timeout|cancel/i.test(error)) break;
        }
      }
      naive[name] = { ms: times.map((x) => Math.round(x)), answer, error };
      say(`  naive ${name}: ${times.map((x) => `${Math.round(x)} ms`).join(", ")}${error ? ` (${error})` : ""}`);
    }
    await sql.query("RESET statement_timeout");
    result.naive = { workMem: wm!.work_mem, statementTimeoutSeconds: timeout, results: naive };
  }

  if (pgliteDir) {
    await sql.close();
    sql = undefined;
  }

  const needsServer = ["stats", "page", "award", "progress", "first", "hot", "batch", "revoke", "stats-after"].some((p) => phases.has(p));
  if (needsServer) {
    say(`starting the server on port ${port} (log: ${serverLog})`);
    const t = process.hrtime.bigint();
    await server.start();
    result.serverStartSeconds = secondsSince(t);
  }

  try {
    if (phases.has("stats")) result.stats = await measureStats("stats (fresh load)", true, !pgliteDir);

    if (phases.has("page")) {
      const clients = num(args, "page-clients", 32);
      const seconds = num(args, "page-seconds", 15);
      const client = new GqlClient(url, clients);
      say(`user page: ${clients} clients for ${seconds} s`);
      await runLoad(cpu, clients, 2, Infinity, async () => ({
        ok: true,
        ms: (await client.request(USER_PAGE, { id: String(1 + Math.floor(Math.random() * maxUserId)) })).ms,
        codes: [],
      }));
      const r = await runLoad(cpu, clients, seconds, Infinity, async () => {
        const res = await client.request(USER_PAGE, { id: String(1 + Math.floor(Math.random() * maxUserId)) });
        const codes = errorCodes(res);
        return { ok: codes.length === 0, ms: res.ms, codes };
      });
      client.close();
      result.page = r;
      say(
        `  ${r.perSecond} req/s, ${fmt(r.latency)}, errors ${JSON.stringify(r.errors)}; CPU ms/request ${JSON.stringify(r.cpuMsPerRequest)}, load ${r.loadavg1m.join(" → ")}`,
      );
    }

    if (phases.has("award-sql") && !pgliteDir) await awardSql();

    const createAchievements = async (client: GqlClient, n: number, label: string, steps?: number): Promise<string[]> => {
      const ids: string[] = [];
      const points = [10, 20, 25, 50, 100, 250];
      const stamp = `${label} ${Date.now().toString(36)}`;
      for (let i = 0; i < n; i++) {
        const r = await client.request(CREATE_ACHIEVEMENT, {
          input: {
            points: points[i % points.length],
            translations: [
              { language: "EN", name: `Bench ${stamp} ${i + 1}`, description: "Created by bench/run for the award benchmark." },
            ],
            ...(steps ? { steps } : {}),
          },
        });
        const id = (r.body.data?.createAchievement as { id: string } | undefined)?.id;
        if (!id) throw new Error(`createAchievement failed: ${JSON.stringify(r.body.errors)}`);
        ids.push(id);
      }
      return ids;
    };
    const deadlocks = async (): Promise<number | null> => {
      if (!sql || sql.kind !== "postgres") return null;
      const [r] = await sql.query<{ n: string }>("SELECT deadlocks::text AS n FROM pg_stat_database WHERE datname = current_database()");
      return Number(r!.n);
    };
    const awardRun = async (client: GqlClient, clients: number, seconds: number, achievementIds: string[], used: Set<string>) => {
      return runLoad(cpu, clients, seconds, Infinity, async () => {
        let userId: number;
        let achievementId: string;
        let key: string;
        do {
          userId = 1 + Math.floor(Math.random() * maxUserId);
          achievementId = achievementIds[Math.floor(Math.random() * achievementIds.length)]!;
          key = `${userId}:${achievementId}`;
        } while (used.has(key));
        used.add(key);
        const res = await client.request(AWARD, { input: { userId: String(userId), achievementId } });
        const codes = errorCodes(res);
        const created = (res.body.data?.awardAchievement as { created: boolean } | undefined)?.created;
        return { ok: codes.length === 0, created, ms: res.ms, codes };
      });
    };

    if (phases.has("award")) {
      const clients = num(args, "award-clients", 32);
      const seconds = num(args, "award-seconds", 20);
      const client = new GqlClient(url, clients, { authorization: `Bearer ${API_KEY}` });
      const ids = await createAchievements(client, num(args, "award-achievements", 40), "spread");
      const used = new Set<string>();
      const d0 = await deadlocks();
      say(`award: 1 client for 5 s, then ${clients} clients for ${seconds} s, on ${ids.length} new achievements`);
      const single = await awardRun(client, 1, Math.min(5, seconds), ids, used);
      say(
        `  1 client: ${single.createdPerSecond} created/s, ${fmt(single.latency)}, not created ${single.notCreated}, errors ${JSON.stringify(single.errors)}; CPU ms/award ${JSON.stringify(single.cpuMsPerRequest)}`,
      );
      const r = await awardRun(client, clients, seconds, ids, used);
      const d1 = await deadlocks();
      client.close();
      result.award = { achievements: ids.length, single, concurrent: r, deadlocksDuring: d0 === null ? null : d1! - d0 };
      say(
        `  ${clients} clients: ${r.createdPerSecond} created/s, ${fmt(r.latency)}, not created ${r.notCreated}, errors ${JSON.stringify(r.errors)}, deadlocks ${d0 === null ? "n/a" : d1! - d0}; CPU ms/award ${JSON.stringify(r.cpuMsPerRequest)}, load ${r.loadavg1m.join(" → ")}`,
      );
    }

    if (phases.has("progress")) {
      const clients = num(args, "award-clients", 32);
      const seconds = num(args, "award-seconds", 20);
      const steps = num(args, "progress-steps", 10);
      const client = new GqlClient(url, clients, { authorization: `Bearer ${API_KEY}` });
      const ids = await createAchievements(client, num(args, "award-achievements", 40), "progress", steps);
      const d0 = await deadlocks();
      let n = 0;
      const stamp = Date.now().toString(36);
      // Report n goes to slot n mod P of P = 4 × clients pairs in flight, each pair a new (user,
      // achievement) once its `steps` reports are done: one report in `steps` completes an
      // achievement, and concurrent reports hardly ever meet on one row.
      const inFlight = 4 * clients;
      const reportRun = (c: number, s: number) =>
        runLoad(cpu, c, s, Infinity, async () => {
          const k = n++;
          const pair = Math.floor(k / (inFlight * steps)) * inFlight + (k % inFlight);
          const userId = String(1 + (pair % maxUserId));
          const achievementId = ids[Math.floor(pair / maxUserId) % ids.length]!;
          const res = await client.request(REPORT, { input: { userId, achievementId, increment: 1, requestId: `${stamp}-${k}` } });
          const codes = errorCodes(res);
          const out = res.body.data?.reportProgress as { completed: boolean; applied: boolean } | undefined;
          // "created" counts completions (reports that created an award), "not created" reports not applied.
          return {
            ok: codes.length === 0,
            created: out ? (out.completed ? true : out.applied ? undefined : false) : undefined,
            ms: res.ms,
            codes,
          };
        });
      say(`progress: 1 client for 5 s, then ${clients} clients for ${seconds} s, on ${ids.length} new achievements of ${steps} steps`);
      const single = await reportRun(1, Math.min(5, seconds));
      say(
        `  1 client: ${single.perSecond} reports/s (${single.createdPerSecond} completions/s), ${fmt(single.latency)}, errors ${JSON.stringify(single.errors)}; CPU ms/report ${JSON.stringify(single.cpuMsPerRequest)}`,
      );
      const r = await reportRun(clients, seconds);
      const d1 = await deadlocks();
      client.close();
      const awardFigures = result.award as { single: { perSecond: number }; concurrent: { perSecond: number } } | undefined;
      const ratio = (a: number, b: number | undefined) => (b ? Math.round((a / b) * 100) / 100 : null);
      result.progress = {
        achievements: ids.length,
        steps,
        single,
        concurrent: r,
        deadlocksDuring: d0 === null ? null : d1! - d0,
        reportsPerAward: {
          single: ratio(single.perSecond, awardFigures?.single.perSecond),
          concurrent: ratio(r.perSecond, awardFigures?.concurrent.perSecond),
        },
      };
      say(
        `  ${clients} clients: ${r.perSecond} reports/s (${r.createdPerSecond} completions/s), ${fmt(r.latency)}, not applied ${r.notCreated}, errors ${JSON.stringify(r.errors)}, deadlocks ${d0 === null ? "n/a" : d1! - d0}; CPU ms/report ${JSON.stringify(r.cpuMsPerRequest)}, load ${r.loadavg1m.join(" → ")}`,
      );
      if (awardFigures) say(`  reports/s ÷ awards/s: ${JSON.stringify((result.progress as { reportsPerAward: unknown }).reportsPerAward)}`);
    }

    if (phases.has("first")) {
      const clients = num(args, "award-clients", 32);
      const seconds = num(args, "first-seconds", 10);
      const client = new GqlClient(url, clients, { authorization: `Bearer ${API_KEY}` });
      const ids = await createAchievements(client, num(args, "award-achievements", 40), "first");
      const d0 = await deadlocks();
      say(
        `award, first awards of users without any (${unranked.length} available): ${clients} clients for ${seconds} s on ${ids.length} new achievements`,
      );
      let next = 0;
      const r = await runLoad(cpu, clients, seconds, unranked.length, async () => {
        const userId = unranked[next++]!;
        const achievementId = ids[Math.floor(Math.random() * ids.length)]!;
        const res = await client.request(AWARD, { input: { userId, achievementId } });
        const codes = errorCodes(res);
        const created = (res.body.data?.awardAchievement as { created: boolean } | undefined)?.created;
        return { ok: codes.length === 0, created, ms: res.ms, codes };
      });
      const d1 = await deadlocks();
      client.close();
      result.first = { ...r, deadlocksDuring: d0 === null ? null : d1! - d0 };
      say(
        `  ${r.createdPerSecond} created/s, ${fmt(r.latency)}, not created ${r.notCreated}, errors ${JSON.stringify(r.errors)}, deadlocks ${d0 === null ? "n/a" : d1! - d0}; CPU ms/award ${JSON.stringify(r.cpuMsPerRequest)}, load ${r.loadavg1m.join(" → ")}`,
      );
    }

    if (phases.has("hot")) {
      const clients = num(args, "award-clients", 32);
      const seconds = num(args, "hot-seconds", 10);
      const client = new GqlClient(url, clients, { authorization: `Bearer ${API_KEY}` });
      const ids = await createAchievements(client, 1, "hot");
      const d0 = await deadlocks();
      say(`award, one hot achievement: ${clients} clients for ${seconds} s`);
      const r = await awardRun(client, clients, seconds, ids, new Set());
      const d1 = await deadlocks();
      client.close();
      result.hot = { ...r, deadlocksDuring: d0 === null ? null : d1! - d0 };
      say(
        `  ${r.createdPerSecond} created/s, ${fmt(r.latency)}, not created ${r.notCreated}, errors ${JSON.stringify(r.errors)}, deadlocks ${d0 === null ? "n/a" : d1! - d0}; CPU ms/award ${JSON.stringify(r.cpuMsPerRequest)}, load ${r.loadavg1m.join(" → ")}`,
      );
    }
    // Awards through awardAchievement and through batches of the same kind, in one sitting.
    const madeByBatches: { userId: string; achievementId: string }[] = [];
    if (phases.has("batch")) {
      const clients = num(args, "batch-clients", 4);
      const seconds = num(args, "batch-seconds", 10);
      const size = num(args, "batch-size", 1000);
      const client = new GqlClient(url, Math.max(clients, 1), { authorization: `Bearer ${API_KEY}` });
      const ids = await createAchievements(client, num(args, "award-achievements", 40), "batch");
      const used = new Set<string>();
      const newPair = () => {
        let userId: number;
        let achievementId: string;
        let key: string;
        do {
          userId = 1 + Math.floor(Math.random() * maxUserId);
          achievementId = ids[Math.floor(Math.random() * ids.length)]!;
          key = `${userId}:${achievementId}`;
        } while (used.has(key));
        used.add(key);
        return { userId: String(userId), achievementId };
      };
      const batchRun = (n: number) =>
        runLoad(cpu, n, seconds, Infinity, async () => {
          const inputs = Array.from({ length: size }, newPair);
          const res = await client.request(BATCH, { inputs });
          const codes = errorCodes(res);
          const items =
            (res.body.data?.awardAchievements as { result: { created: boolean } | null; error: { code: string } | null }[]) ?? [];
          for (const [i, item] of items.entries()) {
            if (item.error) codes.push(item.error.code);
            else if (item.result?.created) madeByBatches.push(inputs[i]!);
          }
          return { ok: codes.length === 0, created: undefined, ms: res.ms, codes };
        });
      const d0 = await deadlocks();
      const out: Record<string, unknown> = { batchSize: size, achievements: ids.length };
      for (const n of [1, clients]) {
        say(`batch phase, ${n} client(s) for ${seconds} s: awardAchievement, then awardAchievements of ${size}`);
        const single = await awardRun(client, n, seconds, ids, used);
        const before = madeByBatches.length;
        const batches = await batchRun(n);
        const awardsPerSecond = Math.round(((madeByBatches.length - before) / batches.seconds) * 10) / 10;
        const ratio = single.createdPerSecond > 0 ? Math.round((awardsPerSecond / single.createdPerSecond) * 10) / 10 : null;
        out[`clients${n}`] = { single, batches, batchAwardsPerSecond: awardsPerSecond, ratio };
        say(
          `  awardAchievement: ${single.createdPerSecond} awards/s, ${fmt(single.latency)}; awardAchievements: ${batches.perSecond} batches/s = ${awardsPerSecond} awards/s, ${fmt(batches.latency)}, errors ${JSON.stringify(batches.errors)}; ratio ${ratio}x`,
        );
        if (n === clients) break;
      }
      const d1 = await deadlocks();
      client.close();
      result.batch = { ...out, deadlocksDuring: d0 === null ? null : d1! - d0 };
    }

    if (phases.has("revoke")) {
      const seconds = num(args, "revoke-seconds", 10);
      const client = new GqlClient(url, 1, { authorization: `Bearer ${API_KEY}` });
      let targets = madeByBatches;
      if (targets.length === 0) {
        // Award some first, in batches, to have something to take back.
        const [achievementId] = await createAchievements(client, 1, "revoke");
        for (let start = 1; start <= Math.min(maxUserId, 20_000); start += 1000) {
          const inputs = Array.from({ length: Math.min(1000, maxUserId - start + 1) }, (_, i) => ({
            userId: String(start + i),
            achievementId: achievementId!,
          }));
          await client.request(BATCH, { inputs });
          targets.push(...inputs);
        }
      }
      targets = [...targets].sort(() => Math.random() - 0.5);
      let next = 0;
      say(`revoke: 1 client for ${seconds} s over ${targets.length} awards`);
      const r = await runLoad(cpu, 1, seconds, targets.length, async () => {
        const t = targets[next++]!;
        const res = await client.request(REVOKE, { input: { ...t, reason: "Revoked by bench/run" } });
        const codes = errorCodes(res);
        const revoked = (res.body.data?.revokeAward as { revoked: boolean } | undefined)?.revoked;
        return { ok: codes.length === 0, created: revoked, ms: res.ms, codes };
      });
      client.close();
      result.revoke = r;
      say(
        `  ${r.perSecond} revocations/s (revoked ${r.created}, not held ${r.notCreated}), ${fmt(r.latency)}, errors ${JSON.stringify(r.errors)}`,
      );
    }

    // After the writes: the visibility map of user_stats is no longer all-visible and the
    // aggregates hold dead rows until a vacuum (this machine runs PostgreSQL with autovacuum off).
    if (phases.has("stats-after")) {
      result.statsAfterWrites = await measureStats("stats after the award phases, before any vacuum", true, !pgliteDir);
      if (!pgliteDir) {
        await vacuum();
        result.statsAfterVacuum = await measureStats("stats after VACUUM", true, true);
      }
    }
  } finally {
    if (needsServer) {
      const code = await server.stop();
      result.serverExitCode = code;
      say(`server stopped (exit ${code})`);
    }
  }

  if (pgliteDir && (phases.has("stats-after") || phases.has("award-sql"))) {
    sql = await openSql();
    if (phases.has("stats-after")) result.statsSqlAfterWrites = await measureStats("stats after the award phases, SQL alone", false, true);
    if (phases.has("award-sql")) await awardSql();
  }

  // What the server logged above info.
  try {
    const lines = readFileSync(serverLog, "utf8")
      .split("\n")
      .filter((l) => /"level":(40|50|60)/.test(l));
    result.serverWarnings = lines.length;
    if (lines.length) say(`server log: ${lines.length} warnings/errors, first: ${lines[0]!.slice(0, 400)}`);
  } catch {
    // no log
  }

  if (phases.has("check")) {
    sql ??= await openSql();
    await sql.query("SET work_mem = '256MB'");
    const t = process.hrtime.bigint();
    const diffs = await sql.query<{ kind: string; key: string; stored: string | null; expected: string | null }>(
      "SELECT kind, key, stored, expected FROM stats_check() ORDER BY kind, key LIMIT 50",
    );
    const [n] = await sql.query<{ awards: string }>("SELECT count(*)::text AS awards FROM awards");
    result.check = { differences: diffs.length, first: diffs.slice(0, 20), seconds: secondsSince(t), awardsAfter: Number(n!.awards) };
    say(
      `stats_check(): ${diffs.length} differences${diffs.length ? ` ${JSON.stringify(diffs.slice(0, 5))}` : ""} (${secondsSince(t).toFixed(1)} s); ${n!.awards} awards now`,
    );
  }
  if (sql) await sql.close();

  (result.machine as Record<string, unknown>).loadavgAtEnd = os.loadavg();
  result.finishedAt = new Date().toISOString();
  if (args.out) {
    mkdirSync(path.dirname(args.out), { recursive: true });
    writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
