/**
 * Grammar-based fuzzing of the GraphQL endpoint (api-contract.md "Errors" and "Hostile requests"):
 * random documents built from the served schema (valid and near-valid selections, fragments,
 * aliases, variables, wrong types, deep nesting, odd characters), random variables, and some
 * malformed bodies, sent to the built server on a fresh database:
 *
 *   npm run build
 *   node dist/bench/fuzz.js --count 10000                      # PGlite, temporary DATA_DIR
 *   node dist/bench/fuzz.js --count 10000 --pg postgres://postgres@127.0.0.1:5432/postgres
 *
 * Options: --seed N (default: random, printed), --concurrency N (default 4), --out FILE (JSON).
 * Mutations are sent with the server's key (API_KEYS) most of the time, without it or with a
 * wrong one otherwise. Every answer must be JSON with a coded error or data; never HTTP 500,
 * never INTERNAL_SERVER_ERROR, never a stack, SQL, a host or the key; /healthz must answer
 * afterwards. Exits 1 on the first kind of failure, printing the documents that caused it.
 */
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import http from "node:http";
import fc from "fast-check";
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from "graphql";
import type { GraphQLArgument, GraphQLField, GraphQLInputType, GraphQLObjectType, GraphQLSchema } from "graphql";
import { createSchema } from "../src/graphql/schema";
import { parseArgs } from "./lib/sql";
import { httpGet, startServer } from "./lib/server";

const API_KEY = "fuzz-key-0f3a9c2e7b51";

type G = fc.GeneratorValue;

const ODD_STRINGS = [
  "",
  " ",
  "  padded  ",
  "%",
  "_",
  "\\",
  "Пётр",
  "ПЁТР",
  "😀🎉",
  "\u0000",
  "\u0007bell",
  "\u200b",
  "é",
  "ﬃ",
  "ß",
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  "$1",
  "{}",
  "null",
  "Europe/Moscow",
  "UTC",
  "+03:00",
  "Not/AZone",
  "2026-01-01T00:00:00Z",
  "2026-01-01T00:00:00+03:00",
  "1999-12-31T23:59:59Z",
  "2999-01-01T00:00:00Z",
  "2026-01-01",
  "x".repeat(64),
  "x".repeat(65),
  "я".repeat(100),
  "я".repeat(101),
  "d".repeat(501),
  "YXdhcmQ6MQ==",
  "dXNlcjox",
];

const IDS = ["1", "2", "3", "7", "20", "0", "-1", "abc", "1.5", " 1", "9223372036854775807", "9223372036854775808", "1e3", ""];

/** Uniform choices: fast-check's own integers lean towards small values, which would make every rare case common. */
const uniform = (max: number) => fc.noBias(fc.nat({ max }));

function chance(g: G, p: number): boolean {
  return g(uniform, 999) < p * 1000;
}

function pick<T>(g: G, items: readonly T[]): T {
  return items[g(uniform, items.length - 1)]!;
}

function oddString(g: G): string {
  switch (g(uniform, 3)) {
    case 0:
      return pick(g, ODD_STRINGS);
    case 1:
      return g(fc.string, { maxLength: 20 });
    case 2:
      return g(fc.string, { unit: "grapheme", maxLength: 70 });
    default:
      return g(fc.string, { unit: "binary", maxLength: 12 });
  }
}

/** A JSON value for a variable of `type` (sometimes of the wrong type). */
function jsonValue(g: G, type: GraphQLInputType, depth = 0): unknown {
  if (chance(g, 0.02)) return null;
  if (chance(g, 0.02)) return g(fc.jsonValue, { maxDepth: 2 });
  const t = getNullableType(type);
  if (isListType(t)) {
    const n = g(uniform, 3);
    return Array.from({ length: n }, () => jsonValue(g, t.ofType as GraphQLInputType, depth + 1));
  }
  if (isInputObjectType(t)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(t.getFields())) {
      if (isNonNullType(f.type) ? chance(g, 0.95) : chance(g, 0.6)) out[f.name] = jsonValue(g, f.type, depth + 1);
    }
    if (chance(g, 0.05)) out.unknownField = 1;
    return out;
  }
  if (isEnumType(t)) return chance(g, 0.9) ? pick(g, t.getValues()).name : pick(g, ["DE", "en", 1]);
  switch (t.name) {
    case "Int":
      return chance(g, 0.8)
        ? g(fc.integer, { min: -5, max: 120 })
        : pick(g, [0, 2147483647, 2147483648, -2147483649, 1.5, 3661, 1e100, "5"]);
    case "ID":
      return chance(g, 0.8) ? pick(g, IDS) : pick(g, [1, 2.5, true, -3]);
    case "Boolean":
      return chance(g, 0.9) ? g(fc.boolean) : "true";
    default:
      return chance(g, 0.95) ? oddString(g) : g(fc.integer);
  }
}

/** A GraphQL literal for `type` (sometimes of the wrong type). */
function literal(g: G, type: GraphQLInputType, depth = 0): string {
  if (chance(g, 0.02)) return "null";
  if (chance(g, 0.02)) return pick(g, ["true", "1.5", '"x"', "[]", "{}", "ZZ", "-0"]);
  const t = getNullableType(type);
  if (isListType(t)) {
    const n = g(uniform, 3);
    return `[${Array.from({ length: n }, () => literal(g, t.ofType as GraphQLInputType, depth + 1)).join(", ")}]`;
  }
  if (isInputObjectType(t)) {
    const fields = Object.values(t.getFields())
      .filter((f) => (isNonNullType(f.type) ? chance(g, 0.95) : chance(g, 0.6)))
      .map((f) => `${f.name}: ${literal(g, f.type, depth + 1)}`);
    if (chance(g, 0.04)) fields.push("extra: 1");
    return `{ ${fields.join(", ")} }`;
  }
  if (isEnumType(t)) return chance(g, 0.9) ? pick(g, t.getValues()).name : "DE";
  const v = jsonValue(g, t);
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return "null";
}

interface Doc {
  vars: { name: string; type: string; value: unknown; given: boolean }[];
  fragments: string[];
  fragmentCount: number;
}

function typeString(g: G, arg: GraphQLArgument): string {
  // Mostly the argument's own type; sometimes a wrong or nullable one.
  if (chance(g, 0.04)) return pick(g, ["Int", "String", "ID!", "Boolean", "[String]", "Language", "CreateUserInput"]);
  return String(arg.type);
}

function argumentsOf(g: G, field: GraphQLField<unknown, unknown>, doc: Doc): string {
  const parts: string[] = [];
  for (const arg of field.args) {
    const required = isNonNullType(arg.type);
    if (!(required ? chance(g, 0.97) : chance(g, 0.4))) continue;
    if (chance(g, 0.3)) {
      const name = `v${doc.vars.length}`;
      const given = chance(g, 0.9);
      doc.vars.push({ name, type: typeString(g, arg), value: jsonValue(g, arg.type), given });
      parts.push(`${arg.name}: $${name}`);
    } else {
      parts.push(`${arg.name}: ${literal(g, arg.type)}`);
    }
  }
  if (chance(g, 0.01)) parts.push("unknownArg: 1");
  return parts.length ? `(${parts.join(", ")})` : "";
}

function selection(g: G, type: GraphQLObjectType, depth: number, maxDepth: number, doc: Doc, schema: GraphQLSchema): string {
  const fields = Object.values(type.getFields());
  const n = 1 + g(uniform, Math.min(4, fields.length - 1));
  const parts: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    if (chance(g, 0.03)) {
      parts.push(
        pick(g, [
          "__typename",
          chance(g, 0.3) ? "password" : "__typename",
          "__schema { types { name } }",
          `__type(name: "User") { name fields { name } }`,
        ]),
      );
      continue;
    }
    const f = pick(g, fields);
    // The same response name twice is mostly avoided (graphql refuses it when the arguments differ).
    let alias = chance(g, 0.2) ? `${pick(g, ["a", "b", "x", "_", "alias"])}${g(fc.nat, { max: 5 })}: ` : "";
    if (used.has(alias || f.name) && chance(g, 0.9)) alias = `${f.name}${i}: `;
    used.add(alias || f.name);
    const named = getNamedType(f.type);
    let sub = "";
    if (isCompositeType(named) && isObjectType(named)) {
      if (depth >= maxDepth) sub = chance(g, 0.05) ? "" : "{ __typename }";
      else {
        const inner = selection(g, named, depth + 1, maxDepth, doc, schema);
        if (chance(g, 0.15)) {
          const name = `F${doc.fragmentCount++}`;
          doc.fragments.push(`fragment ${name} on ${named.name} { ${inner} }`);
          sub = chance(g, 0.2) ? `{ ...${name} ...${name} }` : `{ ...${name} }`;
        } else if (chance(g, 0.1)) {
          sub = `{ ... on ${named.name} { ${inner} } }`;
        } else {
          sub = `{ ${inner} }`;
        }
      }
    } else if (isLeafType(named) && chance(g, 0.02)) {
      sub = "{ id }";
    }
    const dir = chance(g, 0.03) ? pick(g, [" @include(if: true)", " @skip(if: $skip)", " @unknown"]) : "";
    parts.push(`${alias}${f.name}${argumentsOf(g, f, doc)}${dir} ${sub}`.trim());
  }
  return parts.join(" ");
}

/** Breaks a valid-looking document a little: a character removed, added or swapped. */
function corrupt(g: G, text: string): string {
  const at = g(fc.nat, { max: Math.max(0, text.length - 1) });
  switch (g(uniform, 4)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return (
        text.slice(0, at) + pick(g, ["{", "}", "(", ")", "$", "!", "...", "@", "\u0000", "\ufeff", "é", "#", '"', "\\u"]) + text.slice(at)
      );
    case 2:
      return text.slice(0, at) + text.slice(at, at + 20).repeat(3) + text.slice(at + 20);
    case 3:
      return text.replace(/\{/, "{ {");
    default:
      return text.slice(0, at);
  }
}

interface Case {
  body: string;
  key: "valid" | "none" | "wrong";
  /** What kind of case: for the report. */
  kind: string;
}

function buildCase(g: G, schema: GraphQLSchema): Case {
  const roll = g(uniform, 99);
  if (roll < 3) {
    // Bodies that are not one GraphQL request.
    const body = pick(g, [
      "not json",
      "[]",
      '[{"query":"{ stats { id } }"},{"query":"{ stats { id } }"}]',
      '{"query": 5}',
      '{"query": "{ stats { id } }", "variables": [1]}',
      '{"query": "{ stats { id } }", "operationName": 7}',
      '{"query": "query A { stats { id } } query B { stats { id } }"}',
      '{"query": "query A { stats { id } }", "operationName": "B"}',
      "{}",
      "null",
      '"{ stats { id } }"',
      '{"query": "{ stats { id } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "00"}}}',
    ]);
    return { body, key: "valid", kind: "malformed body" };
  }
  const mutation = chance(g, 0.35);
  const root = (mutation ? schema.getMutationType() : schema.getQueryType())!;
  const maxDepth = chance(g, 0.1) ? 12 + g(uniform, 8) : 1 + g(uniform, 6);
  const doc: Doc = { vars: [], fragments: [], fragmentCount: 0 };
  let sel = selection(g, root, 1, maxDepth, doc, schema);
  if (chance(g, 0.05)) {
    // Many aliased root fields (around the root field and mutation field limits).
    const n = 15 + g(uniform, 45);
    doc.vars = [];
    doc.fragments = [];
    sel = Array.from({ length: n }, (_, i) => `r${i}: ${sel.split(" ")[0]!.replace(/^\w+: /, "")}`).join(" ");
    if (/\(|\{/.test(sel)) sel = Array.from({ length: n }, (_, i) => `r${i}: stats { id }`).join(" ");
    if (mutation)
      sel = Array.from({ length: n }, (_, i) => `r${i}: createUser(input: { name: "fuzz ${g(fc.nat)} ${i}", language: EN }) { id }`).join(
        " ",
      );
  }
  if (chance(g, 0.03)) {
    // A chain of fragments that each spread the next one twice.
    const n = 5 + g(uniform, 60);
    doc.vars = [];
    doc.fragments = [];
    const type = mutation ? "User" : "Query";
    let chain = `fragment C0 on ${type} { ${type === "Query" ? "stats { id }" : "id"} }`;
    for (let i = 1; i <= n; i++) chain += ` fragment C${i} on ${type} { ...C${i - 1} ...C${i - 1} }`;
    doc.fragments.push(chain);
    sel = type === "Query" ? `...C${n}` : `createUser(input: { name: "chain", language: EN }) { ...C${n} }`;
  }
  const usesSkip = sel.includes("$skip") || doc.fragments.some((f) => f.includes("$skip"));
  const decls = doc.vars.map((v) => `$${v.name}: ${v.type}`);
  if (usesSkip) decls.push("$skip: Boolean!");
  const name = chance(g, 0.5) ? ` Fuzz${g(fc.nat, { max: 9 })}` : "";
  const head = mutation ? "mutation" : chance(g, 0.5) || decls.length > 0 || name ? "query" : "";
  let query = `${head}${name}${decls.length ? `(${decls.join(", ")})` : ""} { ${sel} }`.trim();
  if (doc.fragments.length) query += `\n${doc.fragments.join("\n")}`;
  if (chance(g, 0.1)) query = corrupt(g, query);
  const variables: Record<string, unknown> = {};
  for (const v of doc.vars) if (v.given) variables[v.name] = v.value;
  if (usesSkip) variables.skip = chance(g, 0.9) ? g(fc.boolean) : "no";
  if (chance(g, 0.03)) variables.unexpected = g(fc.jsonValue, { maxDepth: 2 });
  const body = JSON.stringify({ query, variables, ...(chance(g, 0.05) ? { operationName: name.trim() || "Missing" } : {}) });
  const key = mutation ? (chance(g, 0.85) ? "valid" : chance(g, 0.5) ? "none" : "wrong") : chance(g, 0.7) ? "none" : "valid";
  return { body, key, kind: mutation ? "mutation" : "query" };
}

interface Answer {
  status: number;
  text: string;
}

function post(url: string, body: string, headers: Record<string, string>, agent: http.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error("no answer within 60 s")));
    req.on("error", reject);
    req.end(body);
  });
}

const LEAKS: [string, RegExp][] = [
  ["stack", /\n\s+at |\bat [\w.<>]+ \(|node_modules|\.[jt]s:\d+/],
  [
    "sql",
    /\b(select|insert|update|delete)\b[^"]{0,200}\b(from|into|set|where)\b|SQLSTATE|relation "|syntax error at or near|violates [\w ]*constraint|duplicate key/i,
  ],
  ["host", /127\.0\.0\.1|localhost|::1|:5432\b|postgres:\/\//],
  ["key", new RegExp(API_KEY)],
];

/** What is wrong with an answer, or undefined. */
function judge(a: Answer): string | undefined {
  if (a.status === 500 || a.status === 0) return `HTTP ${a.status}`;
  let body: { data?: unknown; errors?: { message?: unknown; extensions?: { code?: unknown } }[] };
  try {
    body = JSON.parse(a.text) as typeof body;
  } catch {
    return `HTTP ${a.status}, not JSON: ${a.text.slice(0, 200)}`;
  }
  if (a.text.includes(API_KEY)) return "the key is in the answer";
  for (const e of body.errors ?? []) {
    const code = e.extensions?.code;
    if (typeof code !== "string") return `an error without a code: ${JSON.stringify(e).slice(0, 300)}`;
    if (code === "INTERNAL_SERVER_ERROR") return "INTERNAL_SERVER_ERROR";
    const text = JSON.stringify(e);
    for (const [what, re] of LEAKS) if (re.test(text)) return `${what} in an error: ${text.slice(0, 300)}`;
  }
  if (a.status >= 500 && a.status !== 503) return `HTTP ${a.status}`;
  if (a.status === 503 && !(body.errors ?? []).some((e) => e.extensions?.code === "SERVICE_UNAVAILABLE"))
    return "HTTP 503 without SERVICE_UNAVAILABLE";
  return undefined;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const count = Number(args.count ?? 10_000);
  const seed = Number(args.seed ?? Math.floor(Math.random() * 2 ** 31));
  const concurrency = Number(args.concurrency ?? 4);
  const schema = createSchema();
  const cases = fc.sample(
    fc.gen().map((g) => buildCase(g, schema)),
    { numRuns: count, seed },
  );

  if (args.dry) {
    // The documents' fate in graphql's validation alone, without a server (tuning the generator).
    const { parse, specifiedRules, validate } = await import("graphql");
    const fate = new Map<string, number>();
    for (const c of cases) {
      let key = c.kind;
      try {
        const q = (JSON.parse(c.body) as { query?: unknown }).query;
        const errors = typeof q === "string" ? validate(schema, parse(q), specifiedRules) : [];
        key += errors.length ? `: ${errors[0]!.message.replace(/"[^"]*"/g, "…").slice(0, 70)}` : ": valid";
      } catch (e) {
        key += `: ${(e as Error).message.slice(0, 40)}`;
      }
      fate.set(key, (fate.get(key) ?? 0) + 1);
      if (args.show && key.includes(args.show) && (fate.get(key) ?? 0) <= 2) console.log(c.body.slice(0, 600));
    }
    console.log([...fate].sort((a, b) => b[1] - a[1]).slice(0, 25));
    return;
  }
  const started = Date.now();
  const server = await startServer({ pgUrl: args.pg, apiKey: API_KEY });
  const startSeconds = Math.round((Date.now() - started) / 100) / 10;
  const sending = Date.now();
  const url = `${server.url}/graphql`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = new Map<number, number>();
  const codes = new Map<string, number>();
  const kinds = new Map<string, number>();
  const failures: { problem: string; body: string; answer: string }[] = [];
  let next = 0;
  let ok = true;
  try {
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        const headers: Record<string, string> = {};
        if (c.key === "valid") headers.authorization = `Bearer ${API_KEY}`;
        if (c.key === "wrong") headers.authorization = "Bearer not-the-key";
        let answer: Answer;
        try {
          answer = await post(url, c.body, headers, agent);
        } catch (e) {
          answer = { status: 0, text: String(e) };
        }
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
        try {
          const body = JSON.parse(answer.text) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
          const seen = new Set((body.errors ?? []).map((e) => String(e.extensions?.code)));
          if (seen.size === 0) seen.add(body.data ? "data" : "no errors, no data");
          for (const code of seen) codes.set(code, (codes.get(code) ?? 0) + 1);
        } catch {
          codes.set(`HTTP ${answer.status} (not JSON)`, (codes.get(`HTTP ${answer.status} (not JSON)`) ?? 0) + 1);
        }
        const problem = judge(answer);
        if (problem && failures.length < 20) failures.push({ problem, body: c.body.slice(0, 2000), answer: answer.text.slice(0, 1000) });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const health = await httpGet(`${server.url}/healthz`, 5_000).catch((e: Error) => ({ status: 0, ms: NaN, error: e.message }));
    const after = await post(url, JSON.stringify({ query: "{ users(first: 1) { totalCount } }" }), {}, agent).catch((e: Error) => ({
      status: 0,
      text: e.message,
    }));
    const report = {
      database: server.database,
      seed,
      documents: cases.length,
      startSeconds,
      sendSeconds: Math.round((Date.now() - sending) / 100) / 10,
      kinds: Object.fromEntries([...kinds].sort()),
      httpStatuses: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
      codes: Object.fromEntries([...codes].sort((a, b) => b[1] - a[1])),
      healthzAfter: health.status,
      queryAfter: after.status,
      failures,
      serverWarnings: server.warnings().split("\n").filter(Boolean).slice(0, 20),
    };
    console.log(JSON.stringify(report, null, 2));
    if (args.out) writeFileSync(args.out, JSON.stringify(report, null, 2));
    ok = failures.length === 0 && health.status === 200 && after.status === 200;
    if (!ok) console.error(`fuzz: FAILED on ${server.database} (seed ${seed}): ${failures.length} bad answers, /healthz ${health.status}`);
    else console.error(`fuzz: ${cases.length} documents on ${server.database} (seed ${seed}): no bad answer; /healthz 200`);
  } finally {
    agent.destroy();
    await server.stop();
  }
  process.exitCode = ok ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
