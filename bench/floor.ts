/**
 * The framework's floor: server CPU per request of the service answering `{ __typename }` (no
 * statement and none of the service's resolvers: node:http, express and its middlewares, Apollo's
 * request pipeline with the service's plugins, graphql-js) beside bench/floor-server.js (node:http
 * reading, parsing and answering the same JSON, nothing else), each closed-loop at --clients
 * connections for --seconds after a 2 s warm-up, alternating for --rounds rounds. What the service
 * spends on an empty document is the least its framework adds to every request, and so a lower
 * bound on how close any request can come to the bare server (docs/benchmarks.md).
 *
 *   node dist/bench/floor.js [--pg postgres://postgres@127.0.0.1:5432/postgres] [--clients 16] [--seconds 10] [--rounds 2]
 *     [--a <build>/dist/src/main.js --b <build>/dist/src/main.js]   (two builds of the service instead)
 *
 * The service runs on a fresh PGlite directory, or with --pg on a fresh PostgreSQL database
 * (bench/lib/server.ts); the document touches neither.
 */
import path from "node:path";
import { procCpuMs } from "./lib/cpu";
import { fmt, GqlClient, summarize } from "./lib/http";
import { startServer } from "./lib/server";
import { num, parseArgs } from "./lib/sql";

const API_KEY = "bench-floor-key-not-secret";
const QUERY = "{ __typename }";

async function measure(url: string, pid: number, clients: number, seconds: number) {
  const client = new GqlClient(`${url}/graphql`, clients, { authorization: `Bearer ${API_KEY}` });
  const run = async (ms: number) => {
    const latencies: number[] = [];
    let failed = 0;
    const end = Date.now() + ms;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (Date.now() < end) {
          const r = await client.request(QUERY);
          if (r.status === 200 && (r.body.data as { __typename?: string } | undefined)?.__typename === "Query") latencies.push(r.ms);
          else failed++;
        }
      }),
    );
    return { latencies, failed };
  };
  await run(2_000);
  const cpu0 = procCpuMs(pid);
  const t0 = Date.now();
  const { latencies, failed } = await run(seconds * 1000);
  const elapsed = (Date.now() - t0) / 1000;
  const cpu = procCpuMs(pid) - cpu0;
  client.close();
  return {
    perSecond: Math.round((latencies.length / elapsed) * 10) / 10,
    cpuMsPerRequest: Math.round((cpu / latencies.length) * 1000) / 1000,
    failed,
    latency: summarize(latencies),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const clients = num(args, "clients", 16);
  const seconds = num(args, "seconds", 10);
  const rounds = num(args, "rounds", 2);
  // --a/--b: two builds' main.js instead (an A/B of a lever on the empty request).
  const sides = [
    { name: args.a ? "A" : "node:http floor", main: path.resolve(args.a ?? path.join(__dirname, "floor-server.js")) },
    { name: args.b ? "B" : "service", main: path.resolve(args.b ?? path.join(__dirname, "../src/main.js")) },
  ];
  const rows: { round: number; side: string; perSecond: number; cpuMsPerRequest: number; failed: number }[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const side of round % 2 === 1 ? sides : [...sides].reverse()) {
      const served = await startServer({ pgUrl: args.pg, apiKey: API_KEY, main: side.main, env: { DEMO_DATA: "false" } });
      try {
        const r = await measure(served.url, served.pid, clients, seconds);
        rows.push({ round, side: side.name, perSecond: r.perSecond, cpuMsPerRequest: r.cpuMsPerRequest, failed: r.failed });
        console.log(
          `[floor] round ${round} ${side.name}: ${r.perSecond} req/s, ${fmt(r.latency)}, CPU ${r.cpuMsPerRequest} ms/request, failed ${r.failed}`,
        );
      } finally {
        await served.stop();
      }
    }
  }
  const mean = (side: string) => {
    const xs = rows.filter((r) => r.side === side).map((r) => r.cpuMsPerRequest);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const a = mean(sides[0]!.name);
  const b = mean(sides[1]!.name);
  console.log(
    `[floor] CPU per request: ${sides[1]!.name} ${b.toFixed(3)} ms, ${sides[0]!.name} ${a.toFixed(3)} ms, ratio ${(b / a).toFixed(3)}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
