import { buildClientSchema, getIntrospectionQuery } from "graphql";
import type { IntrospectionQuery } from "graphql";
import pino from "pino";
import request from "supertest";
import { createApp } from "../../src/app";
import { createApiKeys } from "../../src/auth/api-keys";
import { Database } from "../../src/db/database";
import { countRows } from "../helpers/fixtures";
import { TEST_KEY, useTestApp } from "../helpers/test-app";

const t = useTestApp();

const KIB = 1024;

/** A JSON request body of exactly `bytes` bytes that creates a user (the padding is an unused variable). */
function bodyOfSize(bytes: number, name: string): string {
  const base = JSON.stringify({
    query: `mutation { createUser(input: { name: "${name}", language: EN }) { id } }`,
    variables: { pad: "" },
  });
  return base.replace(`"pad":""`, `"pad":"${"x".repeat(bytes - base.length)}"`);
}

/** POSTs `body` as it is to /graphql, as JSON, with the test key. */
const postRaw = (body: string) =>
  request(t.app).post("/graphql").set("content-type", "application/json").set("authorization", `Bearer ${TEST_KEY}`).send(body);

describe("request bodies", () => {
  test("a body over 256 KiB is refused with HTTP 413 and nothing is written", async () => {
    const body = bodyOfSize(256 * KIB + 1, "Too Big");
    expect(Buffer.byteLength(body)).toBe(256 * KIB + 1);
    const res = await postRaw(body);
    expect(res.status).toBe(413);
    const huge = await postRaw(bodyOfSize(2048 * KIB, "Huge"));
    expect(huge.status).toBe(413);
    expect(await countRows(t, "users")).toBe(0);
  });

  test("a body of 256 KiB is served", async () => {
    const body = bodyOfSize(256 * KIB, "Just Fits");
    const res = await postRaw(body);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(await countRows(t, "users")).toBe(1);
  });

  test.each([
    `{"query": "{ users { totalCount } }"`,
    `{query: "x"}`,
    `not json at all`,
    `{"query": "mutation { createUser(input: {name: \\"X\\", language: EN}) { id } }",}`,
  ])("a body that is not valid JSON (%p) gets HTTP 400 and writes nothing", async (body) => {
    const res = await postRaw(body);
    expect(res.status).toBe(400);
    expect(await countRows(t, "users")).toBe(0);
  });
});

describe("health", () => {
  test("/healthz answers 200", async () => {
    const res = await request(t.app).get("/healthz");
    expect(res.status).toBe(200);
  });

  test("/readyz answers 200 once migrated and the database answers", async () => {
    const res = await request(t.app).get("/readyz");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ database: true, migrated: true });
  });

  test("/readyz answers 503 until every migration has run", async () => {
    // An embedded database of its own, opened but not migrated yet.
    const db = await Database.open({ dataDir: "memory", logger: pino({ level: "silent" }) });
    const { app, apollo } = await createApp({ db, logger: pino({ level: "silent" }), apiKeys: createApiKeys(["k"]) });
    try {
      const before = await request(app).get("/readyz");
      expect(before.status).toBe(503);
      expect(before.body).toMatchObject({ migrated: false });
      expect((await request(app).get("/healthz")).status).toBe(200);
      await db.migrate();
      expect((await request(app).get("/readyz")).status).toBe(200);
    } finally {
      await apollo.stop();
      await db.close();
    }
  });

  test("/readyz answers 503 while the database does not answer", async () => {
    const spy = jest
      .spyOn(t.db.dataSource, "query")
      .mockRejectedValue(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    try {
      const res = await request(t.app).get("/readyz");
      expect(res.status).toBe(503);
      expect((await request(t.app).get("/healthz")).status).toBe(200);
    } finally {
      spy.mockRestore();
    }
    expect((await request(t.app).get("/readyz")).status).toBe(200);
  });
});

describe("one log line per GraphQL operation", () => {
  const operationLines = (requestId: string) => t.logs.filter((l) => l.requestId === requestId && "operationName" in l);

  test("with operationName, durationMs, error codes and the X-Request-Id given", async () => {
    const ok = await t.gql(`query ListUsers { users { totalCount } }`, undefined, { headers: { "x-request-id": "req-ok-1" } });
    expect(ok.errors).toBeUndefined();
    const bad = await t.gql(`mutation MakeUser { createUser(input: { name: "", language: EN }) { id } }`, undefined, {
      headers: { "x-request-id": "req-bad-2" },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const anon = await t.gql(`mutation Anon { createUser(input: { name: "A", language: EN }) { id } }`, undefined, {
      key: null,
      headers: { "x-request-id": "req-anon-3" },
    });
    expect(anon.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const parse = await t.gql(`query Broken { users {`, undefined, { headers: { "x-request-id": "req-parse-4" } });
    expect(parse.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");

    const expected: [string, string | null, string[]][] = [
      ["req-ok-1", "ListUsers", []],
      ["req-bad-2", "MakeUser", ["BAD_USER_INPUT"]],
      ["req-anon-3", "Anon", ["UNAUTHENTICATED"]],
      ["req-parse-4", null, ["GRAPHQL_PARSE_FAILED"]],
    ];
    for (const [id, operationName, errors] of expected) {
      const lines = operationLines(id);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ requestId: id, errors });
      if (operationName) expect(lines[0]!.operationName).toBe(operationName);
      expect(typeof lines[0]!.durationMs).toBe("number");
      expect(lines[0]!.durationMs as number).toBeGreaterThanOrEqual(0);
    }
  });

  test("the request id is echoed in X-Request-Id, and generated when absent or unusable", async () => {
    const given = await request(t.app).post("/graphql").set("x-request-id", "abc-123").send({ query: "{ users { totalCount } }" });
    expect(given.headers["x-request-id"]).toBe("abc-123");

    const before = t.logs.length;
    const absent = await request(t.app).post("/graphql").send({ query: "query NoId { users { totalCount } }" });
    const generated = absent.headers["x-request-id"] as string;
    expect(generated).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    const lines = t.logs.slice(before).filter((l) => l.operationName === "NoId");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.requestId).toBe(generated);

    const other = await request(t.app).post("/graphql").send({ query: "query NoId { users { totalCount } }" });
    expect(other.headers["x-request-id"]).not.toBe(generated);

    const unusable = await request(t.app)
      .post("/graphql")
      .set("x-request-id", `bad id\twith "quotes" ${"z".repeat(200)}`)
      .send({ query: "{ users { totalCount } }" });
    expect(unusable.headers["x-request-id"]).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    expect(JSON.stringify(t.logs)).not.toContain('with \\"quotes\\"');
  });
});

describe("schema access", () => {
  test("a browser opening /graphql gets Apollo Sandbox", async () => {
    const res = await request(t.app).get("/graphql").set("accept", "text/html");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.text).toMatch(/sandbox|apollo/i);
  });

  test("introspection is on", async () => {
    const r = await t.gql(`{ __schema { queryType { name } mutationType { name } } __type(name: "User") { fields { name } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data?.__schema).toEqual({ queryType: { name: "Query" }, mutationType: { name: "Mutation" } });
    expect(r.data?.__type.fields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(["id", "name", "awards"]));
  });

  test("the full introspection query of code generators and Sandbox passes the depth and cost limits", async () => {
    for (const options of [
      {},
      { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true },
    ]) {
      const r = await t.gql(getIntrospectionQuery(options));
      expect(r.errors).toBeUndefined();
      const schema = buildClientSchema(r.data as unknown as IntrospectionQuery);
      expect(schema.getType("User")).toBeDefined();
      expect(Object.keys(schema.getMutationType()!.getFields())).toEqual(
        expect.arrayContaining(["createUser", "updateUser", "createAchievement", "awardAchievement"]),
      );
    }
  });
});
