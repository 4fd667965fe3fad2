/**
 * Events benchmark (docs/benchmarks.md, "Events"): two instances of the built service on one fresh
 * PostgreSQL database.
 *
 *   npm run build && node dist/bench/events.js --pg postgres://postgres@127.0.0.1:5432/postgres \
 *     --rate 500 --seconds 10 --webhook-events 5000 --out bench/results/events-small.json
 *
 * 1. Latency: a subscriber on instance B (graphql-transport-ws), awards through instance A at
 *    --rate awards/s (open loop) for --seconds; for each award, the time from A's answer (the
 *    acknowledged award) to the event's arrival at the subscriber: p50, p99, max, missing.
 * 2. Webhook throughput: --webhook-events awards are made, then a webhook to a local receiver
 *    (answering 204) is pointed at the events before them (its cursor set back in SQL, the only
 *    way to hand it a backlog), and the deliveries/s from the first POST to the last are measured.
 *
 * The database is created for the run and dropped after it.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createClient } from "graphql-ws";
import { Client } from "pg";
import WebSocket from "ws";
import { GqlClient, summarize } from "./lib/http";

const KEY = "events-bench-key-0123456789";

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) continue;
    const [k, v] = a.slice(2).split("=", 2);
    out[k!] = v ?? argv[++i] ?? "true";
  }
  return out;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function sql(url: string, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}

interface Instance {
  url: string;
  child: ChildProcess;
}

async function startInstance(databaseUrl: string, main: string): Promise<Instance> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "achievements-events-bench-"));
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      PORT: "0",
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      API_KEYS: KEY,
      DEMO_DATA: "false",
      LOG_LEVEL: "info",
      WEBHOOK_ALLOW_PRIVATE: "true",
      WEB_DIR: path.join(dataDir, "no-web"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buf += chunk.toString("utf8");
      const m = /"port":(\d+)[^\n]*"msg":"listening"/.exec(buf);
      if (m) resolve(Number(m[1]));
      if (buf.length > 100_000) buf = buf.slice(-10_000);
    });
    child.once("exit", (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function stopInstance(i: Instance): Promise<void> {
  if (i.child.exitCode !== null) return;
  const exited = new Promise((resolve) => i.child.once("exit", resolve));
  i.child.kill("SIGTERM");
  await exited;
}

async function ok(c: GqlClient, query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> {
  const r = await c.request(query, variables);
  if (r.body.errors) throw new Error(JSON.stringify(r.body.errors).slice(0, 300));
  return r.body.data as Record<string, any>;
}

/** Users × achievements: enough new (user, achievement) pairs for `n` awards. */
async function seedPairs(c: GqlClient, n: number): Promise<{ userId: string; achievementId: string }[]> {
  const achievements = 50;
  const users = Math.ceil(n / achievements);
  const a: string[] = [];
  const u: string[] = [];
  const tag = Date.now().toString(36);
  for (let i = 0; i < achievements; i++) {
    const d = await ok(
      c,
      `mutation($n: String!) { createAchievement(input: { points: 10, translations: [{ language: EN, name: $n, description: "d" }] }) { id } }`,
      { n: `bench ${tag} ${i}` },
    );
    a.push(d.createAchievement.id as string);
  }
  for (let i = 0; i < users; i += 1) {
    const d = await ok(c, `mutation($n: String!) { createUser(input: { name: $n, language: EN }) { id } }`, { n: `bench ${tag} ${i}` });
    u.push(d.createUser.id as string);
  }
  const pairs: { userId: string; achievementId: string }[] = [];
  for (const userId of u) for (const achievementId of a) if (pairs.length < n) pairs.push({ userId, achievementId });
  return pairs;
}

const AWARD = `mutation($u: ID!, $a: ID!) { awardAchievement(input: { userId: $u, achievementId: $a }) { award { id } } }`;

async function latencyPhase(a: Instance, b: Instance, rate: number, seconds: number) {
  const n = rate * seconds;
  const client = new GqlClient(`${a.url}/graphql`, 64, { authorization: `Bearer ${KEY}` });
  const pairs = await seedPairs(client, n);
  const arrived = new Map<string, number>();
  const ws = createClient({ url: `${b.url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
  let started = false;
  const stop = ws.subscribe<{ awardEvents: { award: { id: string } } }>(
    { query: "subscription { awardEvents { id award { id } } }" },
    {
      next: (r) => {
        if (r.data) {
          started = true;
          arrived.set(r.data.awardEvents.award.id, performance.now());
        }
      },
      error: (e) => console.error("[events] subscription error", e),
      complete: () => {},
    },
  );
  // Started once a probe award made now arrives (the probes use the last pairs).
  const probes = pairs.splice(n - 10);
  for (const p of probes) {
    if (started) break;
    await ok(client, AWARD, { u: p.userId, a: p.achievementId });
    const until = performance.now() + 1000;
    while (!started && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
  }
  if (!started) throw new Error("the subscription never received a probe");
  arrived.clear();
  const acked = new Map<string, number>();
  const t0 = performance.now();
  const inFlight: Promise<void>[] = [];
  let errors = 0;
  for (let i = 0; i < pairs.length; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const p = pairs[i]!;
    inFlight.push(
      client.request(AWARD, { u: p.userId, a: p.achievementId }).then((r) => {
        const id = (r.body.data as { awardAchievement?: { award: { id: string } } } | undefined)?.awardAchievement?.award.id;
        if (id) acked.set(id, performance.now());
        else errors++;
      }),
    );
  }
  await Promise.all(inFlight);
  const sentFor = (performance.now() - t0) / 1000;
  const deadline = performance.now() + 5000;
  while (performance.now() < deadline && [...acked.keys()].some((id) => !arrived.has(id))) await new Promise((r) => setTimeout(r, 50));
  // An event may reach the subscriber before A's answer reaches the client: counted as 0 ms.
  const samples: number[] = [];
  let missing = 0;
  let beforeAnswer = 0;
  for (const [id, at] of acked) {
    const got = arrived.get(id);
    if (got === undefined) missing++;
    else {
      if (got < at) beforeAnswer++;
      samples.push(Math.max(0, got - at));
    }
  }
  stop();
  await ws.dispose();
  client.close();
  return { awards: acked.size, errors, achievedRate: acked.size / sentFor, missing, beforeAnswer, latencyMs: summarize(samples) };
}

async function webhookPhase(a: Instance, databaseUrl: string, events: number) {
  const client = new GqlClient(`${a.url}/graphql`, 32, { authorization: `Bearer ${KEY}` });
  const pairs = await seedPairs(client, events);
  const before = String((await sql(databaseUrl, `SELECT coalesce(max(id), 0)::text AS id FROM award_events`))[0]!.id);
  for (let i = 0; i < pairs.length; i += 32) {
    await Promise.all(pairs.slice(i, i + 32).map((p) => ok(client, AWARD, { u: p.userId, a: p.achievementId })));
  }
  let first = 0;
  let last = 0;
  let count = 0;
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const now = performance.now();
      if (count === 0) first = now;
      last = now;
      count++;
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  // The webhook is owed only what is committed after its creation: its cursor is set back to
  // before this phase's awards, and its lease cleared so that any instance takes it up at once.
  const hook = await ok(client, `mutation($url: String!) { createWebhook(input: { url: $url, events: [AWARDED] }) { webhook { id } } }`, {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
  });
  const id = hook.createWebhook.webhook.id as string;
  await sql(databaseUrl, `UPDATE webhooks SET delivered_through = $2, lease_owner = NULL, lease_until = NULL WHERE id = $1`, [id, before]);
  const deadline = Date.now() + 300_000;
  while (count < events && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  receiver.close();
  client.close();
  const seconds = (last - first) / 1000;
  return { events, delivered: count, seconds, perSecond: seconds > 0 ? (count - 1) / seconds : null };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const pg = args.pg ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const rate = Number(args.rate ?? 500);
  const seconds = Number(args.seconds ?? 10);
  const webhookEvents = Number(args["webhook-events"] ?? 5000);
  const main = args["server-main"] ?? path.resolve(__dirname, "../src/main.js");
  const dbName = `achievements_events_bench_${process.pid}`;
  await sql(pg, `CREATE DATABASE ${dbName}`);
  const databaseUrl = withDatabase(pg, dbName);
  const load = () => os.loadavg().map((x) => x.toFixed(2));
  const result: Record<string, unknown> = { at: new Date().toISOString(), rate, seconds, webhookEvents, loadAtStart: load() };
  let a: Instance | undefined;
  let b: Instance | undefined;
  try {
    a = await startInstance(databaseUrl, main);
    b = await startInstance(databaseUrl, main);
    const latency = await latencyPhase(a, b, rate, seconds);
    result.latency = latency;
    console.log(`[events] latency at ${rate}/s for ${seconds} s: ${JSON.stringify(latency)}`);
    const webhook = await webhookPhase(a, databaseUrl, webhookEvents);
    result.webhook = webhook;
    console.log(`[events] webhook deliveries: ${JSON.stringify(webhook)}`);
  } finally {
    if (a) await stopInstance(a);
    if (b) await stopInstance(b);
    await sql(pg, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
  result.loadAtEnd = load();
  if (args.out) {
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
