/**
 * Server CPU per request of two builds of the server, side by side: both run at the same time on
 * the same database, each offered the same requests at the same fixed rate, so that what other
 * processes do to the machine meanwhile falls on both alike. (Run one after the other, the CPU a
 * request costs follows the throughput the machine allowed in that run, which on a shared
 * machine varies several-fold between runs.)
 *
 *   node dist/bench/pair.js --pg postgres://postgres@127.0.0.1:5432/achievements_bench \
 *     --a /tmp/old/dist/src/main.js --b dist/src/main.js [--rounds 4] [--seconds 8] \
 *     [--page-rate 120] [--award-rate 120] [--phases page,award] \
 *     [--a-env K=V,K=V] [--b-env K=V] [--b-pg postgres://…/achievements_bench_b] [--json bench/results/<name>.json]
 *
 * --a/--b may also be dist/bench/bare.js (the bare server). Each round runs the user page, then
 * awardAchievement (each award a new pair of a random user and one of 40 achievements the round
 * creates through that server), for --seconds each after a 2 s warm-up; requests are started at
 * the rate given (per server), at most 64 in flight. Each figure is the CPU time (user + system,
 * /proc) the server process used in the window divided by the requests it answered; the last
 * column is B / A. The order in which the servers are started alternates between rounds.
 * --a-env/--b-env add environment variables to one side only (e.g. NODE_ENV=production); --json
 * writes the rows and the per-phase ratios to a file. With --b-pg (a second copy of the data, e.g.
 * made by bench/generate.ts with the same arguments and another --db) B uses its own database, and
 * each row also gives the PostgreSQL CPU per request of each side: the CPU (/proc) of the server
 * processes (backends) connected to that side's database during the window, over its requests.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { openSync, writeFileSync } from "node:fs";
import os from "node:os";
import { backendCpuBetween, backendCpuMs, procCpuMs } from "./lib/cpu";
import { GqlClient } from "./lib/http";
import { connectPostgres, num, parseArgs } from "./lib/sql";
import { freePort } from "./lib/net";

const API_KEY = "bench-key-not-secret";
const AWARD = `mutation Award($input: AwardAchievementInput!) { awardAchievement(input: $input) { created award { id awardedAt } } }`;
const CREATE_ACHIEVEMENT = `mutation Create($input: CreateAchievementInput!) { createAchievement(input: $input) { id points } }`;
const USER_PAGE = `query UserPage($id: ID!) { user(id: $id) { name points awards(first: 20) { edges { node { name awardedAt points } } } } }`;

class Side {
  child!: ChildProcess;
  client!: GqlClient;
  achievements: string[] = [];

  constructor(
    readonly name: string,
    private readonly main: string,
    private readonly pgUrl: string,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  /** Starts the server; on a port another process took meanwhile (it exits at once), again on another. */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.startOnce();
        return;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  }

  private async startOnce(): Promise<void> {
    const port = await freePort();
    const out = openSync(`/tmp/bench-pair-${this.name}.log`, "w");
    this.child = spawn(process.execPath, [this.main], {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: this.pgUrl,
        DEMO_DATA: "false",
        API_KEYS: API_KEY,
        LOG_LEVEL: "info",
        ...this.extraEnv,
      },
      stdio: ["ignore", out, out],
    });
    for (let i = 0; ; i++) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited; see /tmp/bench-pair-${this.name}.log`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) break;
      } catch {
        // not listening yet
      }
      if (i > 600) throw new Error(`${this.name} not ready`);
      await new Promise((r) => setTimeout(r, 200));
    }
    this.client = new GqlClient(`http://127.0.0.1:${port}/graphql`, 64, { authorization: `Bearer ${API_KEY}` });
  }

  async createAchievements(n: number): Promise<void> {
    this.achievements = [];
    const stamp = `${this.name} ${Date.now().toString(36)}`;
    for (let i = 0; i < n; i++) {
      const r = await this.client.request(CREATE_ACHIEVEMENT, {
        input: {
          points: [10, 20, 25, 50, 100, 250][i % 6],
          translations: [{ language: "EN", name: `Pair ${stamp} ${i + 1}`, description: "bench/pair" }],
        },
      });
      const id = (r.body.data?.createAchievement as { id: string } | undefined)?.id;
      if (!id) throw new Error(`createAchievement failed on ${this.name}: ${JSON.stringify(r.body.errors)}`);
      this.achievements.push(id);
    }
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGTERM");
    await exited;
  }
}

/** Offers `one` at `rate` per second for `seconds`; returns the answered count and the CPU ms the process used. */
async function drive(
  side: Side,
  rate: number,
  seconds: number,
  one: () => Promise<boolean>,
): Promise<{ n: number; cpuMs: number; errors: number }> {
  const cpu0 = procCpuMs(side.child.pid!);
  let n = 0;
  let errors = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const t0 = Date.now();
  for (let i = 0; ; i++) {
    const due = t0 + (i * 1000) / rate;
    if (due >= t0 + seconds * 1000) break;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight >= 64) continue; // the server is behind: this request is not offered
    inFlight++;
    const p: Promise<void> = one()
      .then((ok) => {
        if (ok) n++;
        else errors++;
      })
      .catch(() => {
        errors++;
      })
      .finally(() => {
        inFlight--;
        pending.delete(p);
      });
    pending.add(p);
  }
  await Promise.all(pending);
  return { n, cpuMs: procCpuMs(side.child.pid!) - cpu0, errors };
}

/** "K=V,K2=V2" → { K: "V", K2: "V2" }. */
function envList(spec: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of (spec ?? "").split(",").filter(Boolean)) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new Error(`not K=V: ${pair}`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const pgUrl = args.pg ?? "postgres://postgres@127.0.0.1:5432/achievements_bench";
  const rounds = num(args, "rounds", 4);
  const seconds = num(args, "seconds", 8);
  const phases = new Set((args.phases ?? "page,award").split(","));
  if (!args.a || !args.b) throw new Error("--a and --b: the two servers' main scripts");
  const pgUrlB = args["b-pg"] ?? pgUrl;
  const sql = await connectPostgres(pgUrl);
  const [info] = await sql.query<{ users: string }>("SELECT max(id)::text AS users FROM users");
  const dbA = new URL(pgUrl).pathname.slice(1);
  const dbB = new URL(pgUrlB).pathname.slice(1);
  const splitDatabases = dbA !== dbB;
  const maxUserId = Number(info!.users);
  const say = (msg: string) => process.stdout.write(`[pair] ${msg}\n`);
  say(`A = ${args.a}\n[pair] B = ${args.b}`);
  const rows: string[] = [];
  const records: Record<string, unknown>[] = [];
  const envA = envList(args["a-env"]);
  const envB = envList(args["b-env"]);
  const ratios: Record<string, number[]> = { page: [], award: [] };
  const pgRatios: Record<string, number[]> = { page: [], award: [] };
  for (let round = 1; round <= rounds; round++) {
    const a = new Side("A", args.a, pgUrl, envA);
    const b = new Side("B", args.b, pgUrlB, envB);
    const sides = round % 2 === 1 ? [b, a] : [a, b];
    for (const s of sides) await s.start();
    try {
      const page = () => async (s: Side) => {
        const r = await s.client.request(USER_PAGE, { id: String(1 + Math.floor(Math.random() * maxUserId)) });
        return r.status === 200 && !r.body.errors;
      };
      const award = (used: Set<string>) => async (s: Side) => {
        let key: string;
        let userId: number;
        let achievementId: string;
        do {
          userId = 1 + Math.floor(Math.random() * maxUserId);
          achievementId = s.achievements[Math.floor(Math.random() * s.achievements.length)]!;
          key = `${userId}:${achievementId}`;
        } while (used.has(key));
        used.add(key);
        const r = await s.client.request(AWARD, { input: { userId: String(userId), achievementId } });
        return r.status === 200 && !r.body.errors;
      };
      for (const phase of ["page", "award"] as const) {
        if (!phases.has(phase)) continue;
        const rate = num(args, `${phase}-rate`, 120);
        if (phase === "award") await Promise.all([a.createAchievements(40), b.createAchievements(40)]);
        const used = { A: new Set<string>(), B: new Set<string>() };
        const one = (s: Side) => (phase === "page" ? page()(s) : award(used[s.name as "A" | "B"])(s));
        await Promise.all([a, b].map((s) => drive(s, rate, 2, () => one(s))));
        const load0 = os.loadavg()[0]!;
        const pg0 = splitDatabases ? await Promise.all([backendCpuMs(sql, dbA), backendCpuMs(sql, dbB)]) : undefined;
        const [ra, rb] = await Promise.all([a, b].map((s) => drive(s, rate, seconds, () => one(s))));
        const perA = ra!.cpuMs / Math.max(1, ra!.n);
        const perB = rb!.cpuMs / Math.max(1, rb!.n);
        ratios[phase]!.push(perB / perA);
        let pgCells = "";
        let pg: { a: number; b: number } | undefined;
        if (pg0) {
          const [na, nb] = await Promise.all([backendCpuMs(sql, dbA), backendCpuMs(sql, dbB)]);
          const [ma, mb] = [backendCpuBetween(pg0[0]!, na), backendCpuBetween(pg0[1]!, nb)];
          pg = { a: ma / Math.max(1, ra!.n), b: mb / Math.max(1, rb!.n) };
          pgRatios[phase]!.push(pg.b / pg.a);
          pgCells = ` ${pg.a.toFixed(3)} | ${pg.b.toFixed(3)} | ${(pg.b / pg.a).toFixed(3)} |`;
        }
        const row = `| ${round} | ${phase} | ${rate} | ${ra!.n} | ${perA.toFixed(3)} | ${rb!.n} | ${perB.toFixed(3)} | ${(perB / perA).toFixed(3)} |${pgCells} ${ra!.errors + rb!.errors} | ${load0.toFixed(1)} |`;
        rows.push(row);
        records.push({
          round,
          phase,
          rate,
          a: { answered: ra!.n, cpuMsPerRequest: perA, errors: ra!.errors },
          b: { answered: rb!.n, cpuMsPerRequest: perB, errors: rb!.errors },
          ratio: perB / perA,
          postgresCpuMsPerRequest: pg,
          load: load0,
        });
        say(row);
      }
    } finally {
      for (const s of sides) await s.stop();
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
  await sql.close();
  const pgHead = splitDatabases ? " A PostgreSQL ms/request | B PostgreSQL ms/request | B / A |" : "";
  const pgRule = splitDatabases ? " ---: | ---: | ---: |" : "";
  process.stdout.write(
    `\n| round | phase | rate/s | A answered | A CPU ms/request | B answered | B CPU ms/request | B / A |${pgHead} errors | load |\n| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |${pgRule} ---: | ---: |\n${rows.join("\n")}\n`,
  );
  const summary: Record<string, { median: number; mean: number; rounds: number; postgres?: { median: number; mean: number } }> = {};
  for (const [phase, xs] of Object.entries(ratios))
    if (xs.length) {
      const ys = pgRatios[phase]!;
      summary[phase] = {
        median: median(xs),
        mean: mean(xs),
        rounds: xs.length,
        ...(ys.length ? { postgres: { median: median(ys), mean: mean(ys) } } : {}),
      };
      say(`${phase}: B / A median ${median(xs).toFixed(3)}, mean ${mean(xs).toFixed(3)} over ${xs.length} rounds`);
      if (ys.length) say(`${phase}: PostgreSQL B / A median ${median(ys).toFixed(3)}, mean ${mean(ys).toFixed(3)}`);
    }
  if (args.json)
    writeFileSync(
      args.json,
      JSON.stringify({ a: args.a, b: args.b, aEnv: envA, bEnv: envB, argv: process.argv.slice(2), rows: records, summary }, null, 2) + "\n",
    );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
