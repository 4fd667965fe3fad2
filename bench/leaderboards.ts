/**
 * Leaderboard reads on a database loaded by bench/generate:
 *
 *   node dist/bench/leaderboards.js --pg postgres://postgres@127.0.0.1:5432/achievements_bench \
 *     [--runs 100] [--warmup 10] [--warmup-rounds 20] [--naive-runs 5] [--first 20] [--out FILE] [--node-args="--trace-gc"]
 *   node dist/bench/leaderboards.js --pglite /tmp/bench-pglite [same options]
 *
 * For each metric and period (the current period, by the server's clock, as User.rank uses):
 *   first   leaderboard(first: 20) with totalCount and each entry's user name;
 *   around  leaderboard(first: 20, around: <the user in the middle of the board>);
 *   rank    user(id: <that user>) { rank(metric, period) };
 * through GraphQL over HTTP (one keep-alive connection, sequential, --runs times after --warmup;
 * before any case, every read --warmup-rounds times over, so that no case measures the server's warm-up),
 * and next to each the plain SQL that answers the same from the awards table (GROUP BY and window
 * functions), --naive-runs times, interleaved with the HTTP runs so that other load on the
 * machine falls on both alike. The ratio (SQL p50 / HTTP p50) is the figure that travels between
 * machines. The server (dist/src/main.js, LOG_LEVEL=warn) runs on a free port and is stopped at
 * the end. On PGlite the data directory has one user at a time: the plain SQL runs first, in this
 * process, then the directory is closed and the server opens it (so the two are not interleaved).
 */
import { spawn } from "node:child_process";
import { openSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GqlClient, fmt, summarize } from "./lib/http";
import type { Summary } from "./lib/http";
import { connectPostgres, num, parseArgs, pgliteSql } from "./lib/sql";
import type { Sql } from "./lib/sql";
import { freePort } from "./lib/net";

const API_KEY = "bench-key-not-secret";
const METRICS = ["POINTS", "ACHIEVEMENTS"] as const;
const PERIODS = ["ALL_TIME", "DAY", "WEEK", "MONTH"] as const;
const KIND = { ALL_TIME: 0, DAY: 1, WEEK: 2, MONTH: 3 } as const;

function bounds(period: (typeof PERIODS)[number], now: Date): [string, string] {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const D = 86_400_000;
  switch (period) {
    case "ALL_TIME":
      return ["-infinity", "infinity"];
    case "DAY":
      return [new Date(day).toISOString(), new Date(day + D).toISOString()];
    case "WEEK": {
      const s = day - ((now.getUTCDay() + 6) % 7) * D;
      return [new Date(s).toISOString(), new Date(s + 7 * D).toISOString()];
    }
    case "MONTH":
      return [
        new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
        new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
      ];
  }
}

/** The plain SQL from the awards: $1, $2 the period, $3 the user (around, rank), $4 the page size. */
function naive(metric: (typeof METRICS)[number]): Record<"first" | "around" | "rank", string> {
  const v = metric === "POINTS" ? "sum(a.points)" : "count(*)";
  const t = `t AS (SELECT w.user_id, ${v} AS v FROM awards w JOIN achievements a ON a.id = w.achievement_id
      WHERE w.awarded_at >= $1::timestamptz AND w.awarded_at < $2::timestamptz GROUP BY w.user_id)`;
  const r = `r AS (SELECT t.user_id, t.v, rank() OVER (ORDER BY t.v DESC) AS rank, row_number() OVER (ORDER BY t.v DESC, t.user_id) AS pos FROM t)`;
  return {
    first: `WITH ${t}, ${r} SELECT r.user_id, r.v, r.rank, (SELECT count(*) FROM t) AS total FROM r WHERE r.pos <= $3 ORDER BY r.pos`,
    // The user's position as a scalar subquery: joined as a row, the planner rescanned it for each row of r.
    around: `WITH ${t}, ${r}, me AS (SELECT r.pos FROM r WHERE r.user_id = $3)
      SELECT r.user_id, r.v, r.rank FROM r
      WHERE r.pos > (SELECT me.pos FROM me) - ($4::int - 1) / 2 - 1 AND r.pos <= (SELECT me.pos FROM me) + $4::int ORDER BY r.pos`,
    rank: `WITH ${t} SELECT 1 + count(*) FILTER (WHERE t.v > (SELECT t2.v FROM t t2 WHERE t2.user_id = $3)) AS rank FROM t`,
  };
}

type Metric = (typeof METRICS)[number];
type Period = (typeof PERIODS)[number];
type Kind = "first" | "around" | "rank";
interface Case {
  metric: Metric;
  period: Period;
  total: number;
  userId: string;
  from: string;
  to: string;
}

async function boardCases(sql: Sql, now: Date): Promise<Case[]> {
  const cases: Case[] = [];
  for (const metric of METRICS) {
    for (const period of PERIODS) {
      const [from, to] = bounds(period, now);
      const col = metric === "POINTS" ? "points" : "achievements";
      const start = period === "ALL_TIME" ? "-infinity" : from;
      const size = await sql.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM leaderboard_values WHERE period_kind = $1 AND period_start = $2::timestamptz`,
        [KIND[period], start],
      );
      const total = Number(size[0]!.n);
      const middle = await sql.query<{ id: string }>(
        `SELECT user_id::text AS id FROM leaderboard_values WHERE period_kind = $1 AND period_start = $2::timestamptz
         ORDER BY ${col} DESC, user_id OFFSET $3 LIMIT 1`,
        [KIND[period], start, Math.floor(total / 2)],
      );
      cases.push({ metric, period, total, userId: middle[0]?.id ?? "1", from, to });
    }
  }
  return cases;
}

function naiveParams(c: Case, kind: Kind, first: number): unknown[] {
  if (kind === "first") return [c.from, c.to, first];
  if (kind === "around") return [c.from, c.to, c.userId, first];
  return [c.from, c.to, c.userId];
}

async function timeNaive(sql: Sql, c: Case, kind: Kind, first: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  await sql.query(naive(c.metric)[kind], naiveParams(c, kind, first));
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const pgUrl = args.pg;
  const pgliteDir = args.pglite ? path.resolve(args.pglite) : undefined;
  if (!pgUrl === !pgliteDir) throw new Error("one of --pg postgres://…/database or --pglite DIR is required");
  const runs = num(args, "runs", 100);
  const warmup = num(args, "warmup", 10);
  const naiveRuns = num(args, "naive-runs", 5);
  const first = num(args, "first", 20);
  const openSql = async (): Promise<Sql> => {
    if (pgUrl) return connectPostgres(pgUrl);
    const { PGlite } = await import("@electric-sql/pglite");
    return pgliteSql(await PGlite.create(pgliteDir!));
  };
  const kinds = ["first", "around", "rank"] as const;
  const now = new Date();
  let sql: Sql | undefined = await openSql();
  const cases = await boardCases(sql, now);
  // PGlite: the plain SQL now, while this process holds the directory.
  const plainBefore = new Map<string, number[]>();
  if (pgliteDir) {
    for (const c of cases)
      for (const kind of kinds) {
        const times: number[] = [];
        for (let i = 0; i < naiveRuns; i++) times.push(await timeNaive(sql, c, kind, first));
        plainBefore.set(`${c.metric} ${c.period} ${kind}`, times);
      }
    await sql.close();
    sql = undefined;
  }
  const port = await freePort();
  const logFile = args["server-log"] ?? "/tmp/bench-leaderboards-server.log";
  const nodeArgs = args["node-args"] ? args["node-args"].split(" ").filter(Boolean) : [];
  const child = spawn(process.execPath, [...nodeArgs, path.join(__dirname, "../src/main.js")], {
    env: {
      ...process.env,
      ...(pgUrl ? { DATABASE_URL: pgUrl } : { DATA_DIR: pgliteDir }),
      PORT: String(port),
      DEMO_DATA: "false",
      API_KEYS: API_KEY,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", openSync(logFile, "w"), openSync(logFile, "a")],
  });
  const exited = new Promise((r) => child.once("exit", r));
  const result: Record<string, unknown> = {
    database: pgUrl ? pgUrl.replace(/\/\/[^@]*@/, "//") : `pglite:${pgliteDir}`,
    machine: { cpus: os.cpus().length, loadavgAtStart: os.loadavg() },
    runs,
    naiveRuns,
    naiveInterleaved: Boolean(pgUrl),
    first,
    boards: [] as unknown[],
  };
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`server exited; see ${logFile}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) break;
      } catch {
        // not listening yet
      }
      if (i > 600) throw new Error("server not ready after 120 s");
      await new Promise((r) => setTimeout(r, 200));
    }
    const client = new GqlClient(`http://127.0.0.1:${port}/graphql`, 1, { authorization: `Bearer ${API_KEY}` });
    const queriesOf = (c: (typeof cases)[number]) => {
      const { metric, period, userId } = c;
      return {
        first: [
          `query First($m: LeaderboardMetric!, $p: LeaderboardPeriod!, $n: Int!) { stats { leaderboard(metric: $m, period: $p, first: $n) {
             totalCount pageInfo { hasNextPage endCursor } edges { node { rank value user { id name } } } } } }`,
          { m: metric, p: period, n: first },
        ],
        around: [
          `query Around($m: LeaderboardMetric!, $p: LeaderboardPeriod!, $n: Int!, $u: ID!) { stats { leaderboard(metric: $m, period: $p, first: $n, around: $u) {
             pageInfo { hasNextPage endCursor } edges { node { rank value user { id name } } } } } }`,
          { m: metric, p: period, n: first, u: userId },
        ],
        rank: [`query Rank($u: ID!) { user(id: $u) { rank(metric: ${metric}, period: ${period}) } }`, { u: userId }],
      } as const;
    };
    // A freshly started server is slower for its first few hundred requests (V8 optimising the
    // service; on PGlite also the engine's WebAssembly tiering up: 31 of the first 500 runs of a
    // board's total stalled 5-9 ms, 0-1 of the next 1,500): every read, --warmup-rounds times over,
    // before any is measured.
    const warmupRounds = num(args, "warmup-rounds", 20);
    for (let round = 0; round < warmupRounds; round++) {
      for (const c of cases) {
        for (const kind of kinds) {
          const [q, vars] = queriesOf(c)[kind];
          const r = await client.request(q, vars as Record<string, unknown>);
          if (r.status !== 200 || r.body.errors) throw new Error(`warm-up ${kind}: ${JSON.stringify(r.body.errors ?? r.status)}`);
        }
      }
    }
    for (const c of cases) {
      const { metric, period, total } = c;
      const gql = queriesOf(c);
      for (const kind of kinds) {
        const http: number[] = [];
        const plain: number[] = plainBefore.get(`${metric} ${period} ${kind}`) ?? [];
        const [q, vars] = gql[kind];
        for (let i = 0; i < warmup + runs; i++) {
          const r = await client.request(q, vars as Record<string, unknown>);
          if (r.status !== 200 || r.body.errors)
            throw new Error(`${metric} ${period} ${kind}: ${JSON.stringify(r.body.errors ?? r.status)}`);
          if (i >= warmup) http.push(r.ms);
          // PostgreSQL: the plain SQL, spread over the HTTP runs.
          if (sql && i >= warmup && (i - warmup) % Math.max(1, Math.floor(runs / naiveRuns)) === 0 && plain.length < naiveRuns) {
            plain.push(await timeNaive(sql, c, kind, first));
          }
        }
        const h: Summary = summarize(http);
        const s: Summary = summarize(plain);
        const row = { metric, period, kind, boardUsers: total, http: h, sql: s, ratioP50: Math.round((s.p50 / h.p50) * 10) / 10 };
        (result.boards as unknown[]).push(row);
        process.stdout.write(
          `${metric.padEnd(12)} ${period.padEnd(8)} ${kind.padEnd(6)} users=${String(total).padEnd(8)} HTTP ${fmt(h)} | SQL ${fmt(s)} | ratio ${row.ratioP50}x\n`,
        );
      }
    }
    client.close();
    (result.machine as Record<string, unknown>).loadavgAtEnd = os.loadavg();
    if (args.out) writeFileSync(args.out, JSON.stringify(result, null, 2));
  } finally {
    child.kill("SIGTERM");
    await exited;
    await sql?.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
