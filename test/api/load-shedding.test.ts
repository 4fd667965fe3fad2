import { HEAVY_COST, MAX_COST, checkCost } from "../../src/graphql/limits";
import { LOADED_LAG_MS, LoopLagProbe, RefusedDocuments, SHED_REQUEST_SIZE, SHED_MUTATION_FIELDS } from "../../src/graphql/load";
import { createSchema } from "../../src/graphql/schema";
import { parse } from "graphql";
import request from "supertest";
import { codes, useTestApp } from "../helpers/test-app";

// api-contract.md "Hostile requests": while the event loop runs late, the service sheds large
// documents and expensive operations (SERVICE_UNAVAILABLE, HTTP 503) so that ordinary queries
// keep answering. The loop's lag is the test's to set: no timing is measured here.

let lag = 0;
const t = useTestApp({ load: { lagMs: () => lag } });
beforeEach(() => {
  lag = 0;
});
afterEach(() => {
  jest.restoreAllMocks();
});

const heavy = `{ users(first: 100) { edges { node { id name awards(first: 100) { edges { node { id name description points awardedAt } } } } } } }`;
const light = `{ users(first: 5) { totalCount } }`;
/** An ordinary query padded with a comment past the size over which loaded requests are refused. */
const large = `{ users(first: 5) { totalCount } } # ${"x".repeat(SHED_REQUEST_SIZE)}`;
const loaded = LOADED_LAG_MS + 1;
/** Requests that reached Apollo (one log line per GraphQL operation it ran or refused). */
const operationsLogged = () => t.logs.filter((l) => l.msg === "graphql operation").length;

test("the documents of this test: heavy is heavy and admitted, light and large are light", () => {
  const schema = createSchema();
  const cost = checkCost(schema, parse(heavy), {}, undefined);
  expect(cost).toBeGreaterThanOrEqual(HEAVY_COST);
  expect(cost).toBeLessThanOrEqual(MAX_COST);
  expect(checkCost(schema, parse(light), {}, undefined)).toBeLessThan(HEAVY_COST);
  expect(checkCost(schema, parse(large), {}, undefined)).toBeLessThan(HEAVY_COST);
  expect(light.length).toBeLessThanOrEqual(SHED_REQUEST_SIZE);
  expect(large.length).toBeGreaterThan(SHED_REQUEST_SIZE);
});

test("not loaded: heavy, light and large documents all run", async () => {
  lag = LOADED_LAG_MS;
  for (const q of [heavy, light, large]) {
    const r = await t.gql(q);
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
  }
});

test("loaded: a heavy operation is SERVICE_UNAVAILABLE (503) before it runs, a light one runs", async () => {
  lag = loaded;
  const shed = await t.gql(heavy);
  expect(shed.status).toBe(503);
  expect(codes(shed)).toEqual(["SERVICE_UNAVAILABLE"]);
  expect(shed.errors![0]!.message).toContain(String(HEAVY_COST));
  expect(shed.data).toBeUndefined();
  const ok = await t.gql(light);
  expect(ok.status).toBe(200);
  expect(ok.errors).toBeUndefined();
  expect(ok.data).toEqual({ users: { totalCount: 0 } });
});

test("loaded: a document over the size limit is SERVICE_UNAVAILABLE (503) without being parsed, over GET too", async () => {
  const before = operationsLogged();
  lag = loaded;
  const shed = await t.gql(large);
  expect(shed.status).toBe(503);
  expect(codes(shed)).toEqual(["SERVICE_UNAVAILABLE"]);
  expect(shed.errors![0]!.message).toContain(String(SHED_REQUEST_SIZE));
  const viaGet = await request(t.app).get("/graphql").query({ query: large }).set("apollo-require-preflight", "true");
  expect(viaGet.status).toBe(503);
  expect(viaGet.body.errors[0].extensions.code).toBe("SERVICE_UNAVAILABLE");
  expect(operationsLogged()).toBe(before);
  // The same document once the loop has caught up.
  lag = 0;
  const ok = await t.gql(large);
  expect(ok.errors).toBeUndefined();
});

test("loaded: a body over the size limit is SERVICE_UNAVAILABLE (503) before it is read (not JSON: not a 400)", async () => {
  lag = loaded;
  const notJson = `{"query": "${"x".repeat(SHED_REQUEST_SIZE)}`;
  const shed = await request(t.app).post("/graphql").set("content-type", "application/json").send(notJson);
  expect(shed.status).toBe(503);
  expect(shed.body.errors[0].extensions.code).toBe("SERVICE_UNAVAILABLE");
  expect(shed.body.errors[0].message).toContain(`over ${SHED_REQUEST_SIZE} bytes`);
  // Over the body limit it is 413, as without load.
  const tooBig = await request(t.app)
    .post("/graphql")
    .set("content-type", "application/json")
    .send(`{"query": "${"x".repeat(256 * 1024)}"}`);
  expect(tooBig.status).toBe(413);
  lag = 0;
  const read = await request(t.app).post("/graphql").set("content-type", "application/json").send(notJson);
  expect(read.status).toBe(400);
  expect(read.body.errors[0].extensions.code).toBe("BAD_REQUEST");
});

test("a mutation over the size limit is shed while loaded and nothing is written", async () => {
  lag = loaded;
  const m = `mutation { createUser(input: { name: "Shed", language: EN }) { id } } # ${"x".repeat(SHED_REQUEST_SIZE)}`;
  const shed = await t.gql(m);
  expect(shed.status).toBe(503);
  expect(codes(shed)).toEqual(["SERVICE_UNAVAILABLE"]);
  lag = 0;
  expect((await t.gql(`{ users(first: 5) { totalCount } }`)).data).toEqual({ users: { totalCount: 0 } });
});

test("loaded: a request of more than SHED_MUTATION_FIELDS mutation fields is shed and writes nothing; fewer run", async () => {
  const users = (n: number, tag: string) =>
    `mutation { ${Array.from({ length: n }, (_, i) => `u${i}: createUser(input: { name: "${tag} ${i}", language: EN }) { id }`).join(" ")} }`;
  lag = loaded;
  const shed = await t.gql(users(SHED_MUTATION_FIELDS + 1, "many"));
  expect(shed.status).toBe(503);
  expect(codes(shed)).toEqual(["SERVICE_UNAVAILABLE"]);
  expect(shed.errors![0]!.message).toContain(`more than ${SHED_MUTATION_FIELDS} mutation fields`);
  const few = await t.gql(users(SHED_MUTATION_FIELDS, "few"));
  expect(few.errors).toBeUndefined();
  expect(await t.gql(`{ users(first: 100) { totalCount } }`)).toMatchObject({ data: { users: { totalCount: SHED_MUTATION_FIELDS } } });
  lag = 0;
  expect((await t.gql(users(SHED_MUTATION_FIELDS + 1, "later"))).errors).toBeUndefined();
});

describe("documents refused by parsing or validation", () => {
  const invalid = `{ users(first: 1) { edges { node { nosuchfield } } } }`;
  const unparsable = `{ users(first: 1) { edges { node { id } }`;

  test("the same refused document sent again gets the same answer without another validation", async () => {
    const first = await t.gql(invalid);
    expect(first.status).toBe(400);
    expect(codes(first)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    const logged = operationsLogged();
    const again = await t.gql(invalid);
    expect(again.status).toBe(400);
    expect(again.body).toEqual(first.body);
    expect(operationsLogged()).toBe(logged);

    const p1 = await t.gql(unparsable);
    expect(p1.status).toBe(400);
    expect(codes(p1)).toEqual(["GRAPHQL_PARSE_FAILED"]);
    const parsed = operationsLogged();
    const p2 = await t.gql(unparsable);
    expect(p2.status).toBe(400);
    expect(p2.body).toEqual(p1.body);
    expect(operationsLogged()).toBe(parsed);
  });

  test("answers that depend on variables are not remembered: an over-long search, then a short one", async () => {
    const q = `query Q($s: String) { users(first: 1, search: $s) { totalCount } }`;
    const bad = await t.gql(q, { s: "x".repeat(65) });
    expect(codes(bad)).toEqual(["BAD_USER_INPUT"]);
    const ok = await t.gql(q, { s: "x" });
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toEqual({ users: { totalCount: 0 } });
  });

  test("a heavy operation shed under load is not remembered: it runs once the loop has caught up", async () => {
    lag = loaded;
    expect((await t.gql(heavy)).status).toBe(503);
    lag = 0;
    const r = await t.gql(heavy);
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
  });
});

test("RefusedDocuments keeps at most CAPACITY answers, the least recently used leaving first", () => {
  const refused = new RefusedDocuments();
  const hash = RefusedDocuments.hash;
  refused.remember(hash("q0"), 400, "a0");
  for (let i = 1; i < RefusedDocuments.CAPACITY; i++) refused.remember(hash(`q${i}`), 400, `a${i}`);
  expect(refused.get("q0")?.body).toBe("a0"); // q0 is now the most recently used
  refused.remember(hash("new"), 400, "new");
  expect(refused.size).toBe(RefusedDocuments.CAPACITY);
  expect(refused.get("q1")).toBeUndefined();
  expect(refused.get("q0")?.body).toBe("a0");
  expect(refused.get("new")?.body).toBe("new");
  refused.remember(hash("huge"), 400, "x".repeat(RefusedDocuments.MAX_BODY + 1));
  expect(refused.get("huge")).toBeUndefined();
});

test("LoopLagProbe reports the time a blocked loop is overdue", () => {
  const probe = new LoopLagProbe();
  try {
    const until = Date.now() + LoopLagProbe.TICK_MS + LOADED_LAG_MS + 50;
    while (Date.now() < until) {
      // holds the loop: the probe's timer cannot fire
    }
    expect(probe.lagMs()).toBeGreaterThan(LOADED_LAG_MS);
  } finally {
    probe.stop();
  }
});
