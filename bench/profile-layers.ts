/**
 * Sums a CPU profile (`node --cpu-prof`) by layer of the stack, so that "where does a request's
 * CPU go" has one table: HTTP, Apollo, parse, validate (with the document limits), execute,
 * type-graphql, class-validator, loaders, pg, logging, the service's own code, GC and the rest.
 *
 *   node dist/bench/run.js … --node-args="--cpu-prof --cpu-prof-dir=/tmp/prof"
 *   node dist/bench/profile-layers.js /tmp/prof/*.cpuprofile [--json] [--from-first-request]
 *
 * Each sample's time goes to the innermost frame of the stack that belongs to a known layer, so
 * time spent in Node's internals or in V8 builtins on behalf of a library counts for that
 * library (a JSON.parse called by pg counts as pg); Node's HTTP and socket code counts as HTTP
 * only when no library is on the stack (socket reads, response writes). Samples whose whole
 * stack is outside every layer count as "other" (module loading at start is most of it); idle
 * time is left out.
 */
import { readFileSync } from "node:fs";

interface CallFrame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Layers, tested in order on a frame's url (the first that matches names the frame's layer). */
const LAYERS: [string, RegExp][] = [
  ["logging", /node_modules\/(pino|pino-std-serializers|sonic-boom|fast-redact|thread-stream)\//],
  ["pg", /node_modules\/(pg|pg-protocol|pg-types|pg-pool|postgres-[a-z]+|pgpass)\//],
  ["PGlite", /node_modules\/@electric-sql\//],
  ["TypeORM", /node_modules\/typeorm\//],
  ["class-validator", /node_modules\/(class-validator|class-transformer|validator|libphonenumber-js)\//],
  ["type-graphql", /node_modules\/type-graphql\//],
  ["loaders", /node_modules\/dataloader\//],
  ["parse", /node_modules\/graphql\/language\//],
  ["validate", /node_modules\/(graphql\/validation\/|graphql-query-complexity\/)|\/src\/graphql\/(limits|validation)\.(j|t)s/],
  ["execute", /node_modules\/graphql\/(execution|type|utilities|jsutils)\//],
  ["Apollo", /node_modules\/@apollo\//],
  [
    "HTTP",
    /node_modules\/(express|body-parser|raw-body|router|finalhandler|send|on-finished|type-is|content-type|qs|cors|negotiator|accepts)\//,
  ],
  ["service", /\/(dist\/)?src\//],
  ["bench", /\/(dist\/)?bench\//],
];

/** Node's own HTTP and socket code: named only when no library frame is on the stack (it serves them all). */
const NODE_HTTP = /^node:(_http|http|net|stream|internal\/(http|streams|stream_base|net|js_stream_socket))/;

function layerOf(frame: CallFrame): string | undefined {
  if (frame.functionName === "(garbage collector)") return "GC";
  if (frame.functionName === "(idle)") return "idle";
  if (frame.functionName === "(program)") return "program";
  for (const [name, re] of LAYERS) if (re.test(frame.url)) return name;
  return undefined;
}

/**
 * The index of the first sample taken while a GraphQL request ran (Apollo's processGraphQLRequest
 * on its stack): with --from-first-request, the samples before it (the server's start: module
 * loading, schema and entity metadata) are left out, so that short runs show what requests cost.
 */
function firstRequestSample(profile: Profile, byId: Map<number, ProfileNode>, parent: Map<number, number>): number {
  const inRequest = new Map<number, boolean>();
  const test = (id: number): boolean => {
    const hit = inRequest.get(id);
    if (hit !== undefined) return hit;
    const node = byId.get(id)!;
    const parentId = parent.get(id);
    const result = node.callFrame.functionName === "processGraphQLRequest" || (parentId !== undefined && test(parentId));
    inRequest.set(id, result);
    return result;
  };
  const i = profile.samples.findIndex((id) => test(id));
  return i < 0 ? profile.samples.length : i;
}

export function layers(profile: Profile, fromFirstRequest = false): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, string>();
  const resolve = (id: number): string => {
    const hit = memo.get(id);
    if (hit) return hit;
    let layer: string | undefined;
    let nodeHttp = false;
    for (let at: number | undefined = id; at !== undefined && !layer; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      layer = layerOf(frame);
      nodeHttp ||= NODE_HTTP.test(frame.url);
    }
    const result = layer ?? (nodeHttp ? "HTTP" : "other");
    memo.set(id, result);
    return result;
  };
  const totals = new Map<string, number>();
  const from = fromFirstRequest ? firstRequestSample(profile, byId, parent) : 0;
  profile.samples.forEach((id, i) => {
    if (i < from) return;
    const layer = resolve(id);
    totals.set(layer, (totals.get(layer) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return totals;
}

function main(): void {
  const files = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const asJson = process.argv.includes("--json");
  const fromFirstRequest = process.argv.includes("--from-first-request");
  const totals = new Map<string, number>();
  for (const f of files) {
    for (const [k, v] of layers(JSON.parse(readFileSync(f, "utf8")) as Profile, fromFirstRequest)) totals.set(k, (totals.get(k) ?? 0) + v);
  }
  totals.delete("idle");
  const busy = [...totals.values()].reduce((a, b) => a + b, 0);
  const rows = [...totals.entries()].sort((a, b) => b[1] - a[1]);
  if (asJson) {
    process.stdout.write(`${JSON.stringify(Object.fromEntries(rows.map(([k, v]) => [k, Math.round(v)])))}\n`);
    return;
  }
  process.stdout.write(`| layer | CPU ms | share |\n| --- | ---: | ---: |\n`);
  for (const [k, v] of rows) process.stdout.write(`| ${k} | ${v.toFixed(0)} | ${((100 * v) / busy).toFixed(1)} % |\n`);
  process.stdout.write(`| busy (all but idle) | ${busy.toFixed(0)} | 100 % |\n`);
}

if (require.main === module) main();
