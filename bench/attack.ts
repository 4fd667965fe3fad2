/**
 * Isolation under attack (api-contract.md "Hostile requests"): while 8 connections send the
 * heaviest requests the limits still admit (and documents the limits refuse), a victim sends an
 * ordinary query 20 times a second and /healthz is probed 5 times a second:
 *
 *   npm run build
 *   node dist/bench/attack.js                                   # PGlite, temporary DATA_DIR
 *   node dist/bench/attack.js --pg postgres://postgres@127.0.0.1:5432/postgres   # a fresh database
 *
 * Options: --seconds 30, --attackers 8, --victim-rps 20, --users 1000 (users added through the
 * API before the attack, each awarded --awards 6 achievements, so that lists of 100 are full),
 * --settle 30 (seconds after the attack when the RSS is read again), --out FILE (JSON),
 * --server-main FILE (another build's dist/src/main.js, for an A/B in one sitting), --server-env
 * K=V,K=V (the server's environment). Prints the victim's latency (p50/p99/max) and failures,
 * /healthz's slowest answer, the attackers' answers by code, and the server's RSS before, at its
 * peak, 2 s after and --settle s after.
 *
 * The victim and the /healthz probe run in a worker thread of their own: another client, whose
 * timings do not include the time this process's event loop spends on the attackers' answers
 * (parsing megabytes of JSON). How late each thread's loop ran is reported (clientLoopLagMs):
 * a victim figure is only as good as its thread's lag is small.
 * Goal: 0 victim failures, victim p99 under 250 ms, /healthz within 1 s, RSS within 300 MB.
 */
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { parse } from "graphql";
import { checkCost } from "../src/graphql/limits";
import { createSchema } from "../src/graphql/schema";
import { GqlClient, summarize } from "./lib/http";
import type { GqlResult } from "./lib/http";
import { httpGet, startServer } from "./lib/server";
import { parseArgs } from "./lib/sql";

const API_KEY = "attack-key-5be1d07c93";

const USER_FIELDS = "id name language timeZone createdAt points achievementCount longestStreak { days start end }";
const AWARD_FIELDS = "id awardedAt language name description points";

const twentyUsers = () =>
  `mutation { ${Array.from({ length: 20 }, (_, i) => `u${i}: createUser(input: { name: "attacker ${process.hrtime.bigint()}-${i}", language: EN }) { ${USER_FIELDS} }`).join(" ")} }`;

/** The heaviest documents the limits admit, and some they refuse after full parsing. */
function attackDocuments(): { name: string; query: string; key?: boolean }[] {
  const usersWithAwards = (alias: string) =>
    `${alias}: users(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${USER_FIELDS}
      awards(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${AWARD_FIELDS} } } } } } }`;
  const statistic = [
    "mostPoints { points userCount users(first: 1000) { id name } }",
    "mostAchievements { count userCount users(first: 1000) { id name } }",
    "maxPointsDifference { difference pairCount pairCountExact pairs(first: 100) { first { id } second { id } } }",
    "minPointsDifference { difference pairCount pairCountExact pairs(first: 100) { first { id } second { id } } }",
    "streaks(days: 1, first: 100) { totalCount edges { node { user { id } streak { days } } } }",
  ];
  const stats = (n: number) =>
    `{ stats { ${Array.from({ length: n }, (_, i) => `s${i}: ${statistic[i % statistic.length]}`).join(" ")} } }`;
  const schema = createSchema();
  const admitted = (q: string) => {
    try {
      checkCost(schema, parse(q), {}, undefined);
      return true;
    } catch {
      return false;
    }
  };
  let n = 1;
  while (admitted(stats(n + 1))) n++;
  const manyStats = stats(n);
  let chain = "fragment C0 on Query { stats { id } }";
  for (let i = 1; i <= 900; i++) chain += ` fragment C${i} on Query { ...C${i - 1} ...C${i - 1} }`;
  const overlapping = `{ users(first: 1) { edges { node { ${Array.from({ length: 3000 }, (_, i) => (i % 2 ? "n: name" : "n: id")).join(" ")} } } } }`;
  const two = `{ ${usersWithAwards("a")} ${usersWithAwards("b")} }`;
  const pages = admitted(two) ? two : `{ ${usersWithAwards("a")} }`;
  if (!admitted(pages)) throw new Error("users(100) × awards(100) is over the cost limit: change the attack");
  return [
    { name: pages === two ? "two users(100) × awards(100)" : "users(100) × awards(100)", query: pages },
    { name: `${n} statistics`, query: manyStats },
    { name: "fragment chain (refused)", query: `{ ...C900 } ${chain}` },
    { name: "3000 overlapping fields (refused)", query: overlapping },
    { name: "20 createUser", query: twentyUsers(), key: true },
  ];
}

/**
 * A request of the seed, sent again after a pause while the service sheds it (503
 * SERVICE_UNAVAILABLE: 20 mutation fields are shed while the event loop runs late), as
 * docs/api.md asks clients to.
 */
async function seedRequest(client: GqlClient, query: string, variables?: Record<string, unknown>): Promise<GqlResult> {
  for (let attempt = 1; ; attempt++) {
    const r = await client.request(query, variables);
    if (r.status !== 503 || attempt === 50) return r;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function seed(client: GqlClient, users: number, awardsPerUser: number): Promise<void> {
  const ach = await client.request(`{ achievements(first: 100) { edges { node { id } } } }`);
  const achievementIds = ((ach.body.data?.achievements as { edges: { node: { id: string } }[] }).edges ?? []).map((e) => e.node.id);
  const ids: string[] = [];
  for (let start = 0; start < users; start += 20) {
    const n = Math.min(20, users - start);
    const r = await seedRequest(
      client,
      `mutation { ${Array.from({ length: n }, (_, i) => `u${i}: createUser(input: { name: "load ${start + i}", language: ${i % 2 ? "RU" : "EN"}, timeZone: "Europe/Moscow" }) { id }`).join(" ")} }`,
    );
    if (r.body.errors) throw new Error(`seeding users: ${JSON.stringify(r.body.errors).slice(0, 300)}`);
    for (const v of Object.values(r.body.data ?? {})) ids.push((v as { id: string }).id);
  }
  // The awards go in awardAchievements batches of up to 1000 (the fast path for imports).
  const awards: { userId: string; achievementId: string; awardedAt: string }[] = [];
  const day = 86_400_000;
  ids.forEach((userId, u) => {
    for (let k = 0; k < awardsPerUser; k++) {
      const achievementId = achievementIds[(u + k * 7) % achievementIds.length]!;
      awards.push({ userId, achievementId, awardedAt: new Date(Date.now() - day * (k + (u % 5))).toISOString() });
    }
  });
  for (let start = 0; start < awards.length; start += 1000) {
    const r = await seedRequest(
      client,
      `mutation($inputs: [AwardAchievementInput!]!) { awardAchievements(inputs: $inputs) { error { code message } } }`,
      { inputs: awards.slice(start, start + 1000) },
    );
    const failed = ((r.body.data?.awardAchievements as { error: unknown }[] | undefined) ?? []).filter((i) => i.error);
    if (r.body.errors || failed.length) throw new Error(`seeding awards: ${JSON.stringify(r.body.errors ?? failed).slice(0, 300)}`);
  }
}

const VICTIM_QUERY = `query UserPage($id: ID!) { user(id: $id) { id name language timeZone points achievementCount
      longestStreak { days start end } awards(first: 10) { totalCount edges { node { id name description points awardedAt } } } } }`;

interface VictimConfig {
  serverUrl: string;
  victimRps: number;
}

interface VictimReport {
  victimMs: number[];
  victimFailures: string[];
  health: number[];
  healthFailures: string[];
  loopLag: LagSummary;
}

interface LagSummary {
  p99: number;
  max: number;
}

/** How late this thread's event loop ran while `h` was enabled, in ms. */
function lagSummary(h: ReturnType<typeof monitorEventLoopDelay>): LagSummary {
  return { p99: Math.round(h.percentile(99) / 1e6), max: Math.round(h.max / 1e6) };
}

/**
 * The victim's thread: warms up, says "ready", then on "go" sends the user's page --victim-rps
 * times a second and probes /healthz 5 times a second until "stop", and answers its samples.
 */
async function victimThread(cfg: VictimConfig): Promise<void> {
  const port = parentPort!;
  const victim = new GqlClient(`${cfg.serverUrl}/graphql`, 16);
  const once = () => victim.request(VICTIM_QUERY, { id: String(1 + Math.floor(Math.random() * 50)) });
  for (let i = 0; i < 20; i++) await once();
  const report: VictimReport = { victimMs: [], victimFailures: [], health: [], healthFailures: [], loopLag: { p99: 0, max: 0 } };
  const pending: Promise<void>[] = [];
  const lag = monitorEventLoopDelay({ resolution: 10 });
  let victimTimer: NodeJS.Timeout | undefined;
  let healthTimer: NodeJS.Timeout | undefined;
  port.on("message", (m: string) => {
    if (m === "go") {
      lag.enable();
      victimTimer = setInterval(() => {
        pending.push(
          once().then(
            (r) => {
              report.victimMs.push(r.ms);
              if (r.status !== 200 || r.body.errors || !r.body.data?.user)
                report.victimFailures.push(`${r.status} ${JSON.stringify(r.body.errors ?? r.body.data).slice(0, 200)}`);
            },
            (e: Error) => void report.victimFailures.push(`transport: ${e.message}`),
          ),
        );
      }, 1000 / cfg.victimRps);
      healthTimer = setInterval(() => {
        pending.push(
          httpGet(`${cfg.serverUrl}/healthz`, 5_000).then(
            (h) => {
              report.health.push(h.ms);
              if (h.status !== 200) report.healthFailures.push(`HTTP ${h.status}`);
            },
            (e: Error) => void report.healthFailures.push(e.message),
          ),
        );
      }, 200);
    } else if (m === "stop") {
      clearInterval(victimTimer);
      clearInterval(healthTimer);
      lag.disable();
      void Promise.all(pending).then(() => {
        report.loopLag = lagSummary(lag);
        victim.close();
        port.postMessage(report);
      });
    }
  });
  port.postMessage("ready");
}

/** Starts the victim's thread; resolves once it has warmed up. */
async function startVictim(cfg: VictimConfig): Promise<{ go(): void; stop(): Promise<VictimReport> }> {
  const worker = new Worker(__filename, { workerData: cfg });
  const messages: unknown[] = [];
  const waiters: Array<(m: unknown) => void> = [];
  worker.on("message", (m: unknown) => {
    const w = waiters.shift();
    if (w) w(m);
    else messages.push(m);
  });
  const failed = new Promise<never>((_, reject) => worker.once("error", reject));
  const next = () =>
    Promise.race([failed, new Promise<unknown>((resolve) => (messages.length ? resolve(messages.shift()) : waiters.push(resolve)))]);
  const ready = await next();
  if (ready !== "ready") throw new Error(`victim thread: ${String(ready)}`);
  return {
    go: () => worker.postMessage("go"),
    async stop() {
      worker.postMessage("stop");
      const report = (await next()) as VictimReport;
      await worker.terminate();
      return report;
    },
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const seconds = Number(args.seconds ?? 30);
  const attackers = Number(args.attackers ?? 8);
  const victimRps = Number(args["victim-rps"] ?? 20);
  const users = Number(args.users ?? 1000);
  const awardsPerUser = Number(args.awards ?? 6);
  const settleSeconds = Number(args.settle ?? 30);

  const server = await startServer({
    pgUrl: args.pg,
    main: args["server-main"],
    apiKey: API_KEY,
    env: args["server-env"]
      ? Object.fromEntries(args["server-env"].split(",").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]))
      : {},
  });
  const url = `${server.url}/graphql`;
  const auth = { authorization: `Bearer ${API_KEY}` };
  try {
    const docs = attackDocuments();
    const admin = new GqlClient(url, 1, auth);
    const seedStarted = Date.now();
    await seed(admin, users, awardsPerUser);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    admin.close();

    const victim = await startVictim({ serverUrl: server.url, victimRps });
    const rssBefore = server.rssMb();

    const attack = new GqlClient(url, attackers);
    const byDoc = new Map<string, Map<string, number>>();
    let attackRequests = 0;
    let stop = false;
    let rssPeak = rssBefore;
    const attackerLoop = async (k: number) => {
      for (let i = k; !stop; i++) {
        const d = docs[i % docs.length]!;
        const query = d.name === "20 createUser" ? twentyUsers() : d.query;
        let r: GqlResult | undefined;
        let code: string;
        try {
          r = await attack.request(query, undefined, d.key ? auth : undefined);
          code = r.body.errors ? [...new Set(r.body.errors.map((e) => e.extensions?.code ?? "?"))].join("+") : "data";
          code = `${r.status} ${code}`;
        } catch (e) {
          code = `transport: ${(e as Error).message}`;
        }
        attackRequests++;
        const m = byDoc.get(d.name) ?? new Map<string, number>();
        m.set(code, (m.get(code) ?? 0) + 1);
        byDoc.set(d.name, m);
      }
    };

    const attackLag = monitorEventLoopDelay({ resolution: 10 });
    attackLag.enable();
    const started = Date.now();
    const loops = Array.from({ length: attackers }, (_, k) => attackerLoop(k));
    victim.go();
    const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, server.rssMb())), 200);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const victimReport = await victim.stop();
    stop = true;
    await Promise.all(loops);
    clearInterval(rssTimer);
    attackLag.disable();
    const attackSeconds = (Date.now() - started) / 1000;
    attack.close();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const rssAfter = server.rssMb();
    // Whether what remains is kept or only not yet collected: the RSS again after --settle s idle.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, settleSeconds - 2) * 1000));
    const rssSettled = server.rssMb();

    const { victimMs, victimFailures, health, healthFailures } = victimReport;
    const v = summarize(victimMs);
    const h = summarize(health);
    const report = {
      database: server.database,
      seededUsers: users,
      seededAwards: users * awardsPerUser,
      seedSeconds: Math.round(seedSeconds),
      seconds: Math.round(attackSeconds * 10) / 10,
      attackers,
      attackRequests,
      attackAnswers: Object.fromEntries([...byDoc].map(([k, m]) => [k, Object.fromEntries(m)])),
      victim: { rps: victimRps, ...v, failures: victimFailures.length, firstFailures: victimFailures.slice(0, 5) },
      healthz: { ...h, failures: healthFailures.length, firstFailures: healthFailures.slice(0, 5) },
      clientLoopLagMs: { victimThread: victimReport.loopLag, attackThread: lagSummary(attackLag) },
      rssMb: {
        before: Math.round(rssBefore),
        peak: Math.round(rssPeak),
        after: Math.round(rssAfter),
        [`after${settleSeconds}s`]: Math.round(rssSettled),
      },
      goal: {
        victimFailures0: victimFailures.length === 0,
        victimP99Under250: v.p99 < 250,
        healthzUnder1s: h.max < 1000 && healthFailures.length === 0,
        rssWithin300MB: rssAfter - rssBefore < 300,
        rssWithin300MBSettled: rssSettled - rssBefore < 300,
      },
      serverWarnings: server.warnings().split("\n").filter(Boolean).slice(0, 10),
    };
    console.log(JSON.stringify(report, null, 2));
    if (args.out) writeFileSync(args.out, JSON.stringify(report, null, 2));
  } finally {
    await server.stop();
  }
}

if (isMainThread) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  void victimThread(workerData as VictimConfig);
}
