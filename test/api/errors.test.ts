import { getNamedType, isLeafType, isObjectType } from "graphql";
import type { GraphQLObjectType } from "graphql";
import { createSchema } from "../../src/graphql/schema";
import { countRows, createAchievement, createUser, award, expectError, ok } from "../helpers/fixtures";
import { deepQuery } from "../helpers/deep-query";
import { recordStatements } from "../helpers/sql-counter";
import { TEST_KEY, useTestApp } from "../helpers/test-app";

beforeEach(() => {
  jest.restoreAllMocks();
});
const t = useTestApp();

/** Runs `fn` and returns how many SQL statements it sent. */
async function statementsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const rec = recordStatements(t.db.dataSource);
  try {
    const result = await fn();
    return { result, statements: [...rec.statements] };
  } finally {
    rec.stop();
  }
}

describe("malformed documents", () => {
  test.each([`{ users { `, `query { user(id: "1") { id } `, `mutation {}`, `{ users(first: ) { totalCount } }`, `}{`])(
    "%p is GRAPHQL_PARSE_FAILED",
    async (query) => {
      const r = await t.gql(query);
      expect(r.status).toBe(400);
      expectError(r, "GRAPHQL_PARSE_FAILED");
      expect(r.data).toBeUndefined();
    },
  );

  test("a request without a query is refused before it runs", async () => {
    const r = await t.gql(undefined as unknown as string);
    expect(r.status).toBe(400);
    expect(r.errors).toHaveLength(1);
  });

  test.each([
    ["an unknown field", `{ users { edges { node { id password } } } }`],
    ["an unknown root field", `{ admins { id } }`],
    ["an unknown argument", `{ users(last: 5) { totalCount } }`],
    ["a literal of the wrong type", `{ user(id: true) { id } }`],
    ["a missing required argument", `{ user { id } }`],
    ["an unknown enum value", `mutation { createUser(input: { name: "x", language: DE }) { id } }`],
    ["a selection on a scalar", `{ users { totalCount { x } } }`],
    ["a missing selection", `{ users }`],
  ])("%s is GRAPHQL_VALIDATION_FAILED and runs no SQL", async (_label, query) => {
    const { result: r, statements } = await statementsDuring(() => t.gql(query));
    expect(r.status).toBe(400);
    expectError(r, "GRAPHQL_VALIDATION_FAILED");
    expect(statements).toEqual([]);
  });

  test("a variable of the wrong type is BAD_USER_INPUT (or GRAPHQL_VALIDATION_FAILED) and writes nothing", async () => {
    const r = await t.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, {
      input: { name: 5, language: "EN" },
    });
    expect(r.errors).toHaveLength(1);
    expect(["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"]).toContain(r.errors![0]!.extensions?.code);
    expect(await countRows(t, "users")).toBe(0);
  });
});

describe("nesting limit (15 levels)", () => {
  test("15 levels are admitted and run", async () => {
    const u = await createUser(t);
    await award(t, u.id, (await createAchievement(t)).id);
    const r = await t.gql(deepQuery(15));
    expect(r.errors).toBeUndefined();
    expect(r.data?.user).not.toBeNull();
  });

  test.each([16, 30])("%i levels are GRAPHQL_VALIDATION_FAILED before anything runs", async (depth) => {
    const u = await createUser(t);
    await award(t, u.id, (await createAchievement(t)).id);
    const { result: r, statements } = await statementsDuring(() => t.gql(deepQuery(depth)));
    expectError(r, "GRAPHQL_VALIDATION_FAILED");
    expect(r.data).toBeUndefined();
    expect(statements).toEqual([]);
  });

  test("nesting hidden in fragments and inline fragments counts too", async () => {
    const query = `
      query Deep { user(id: "1") { ...A } }
      fragment A on User { awards { edges { node { user { ...B } } } } }
      fragment B on User { awards { edges { node { ... on Award { user { ...C } } } } } }
      fragment C on User { awards { edges { node { user { awards { edges { node { user { awards { edges { node { id } } } } } } } } } } } }`;
    const { result: r, statements } = await statementsDuring(() => t.gql(query));
    expectError(r, "GRAPHQL_VALIDATION_FAILED");
    expect(statements).toEqual([]);
  });

  test("a mutation nested too deep is refused before it writes", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    const tail = deepQuery(30)
      .replace(/^\{ user\(id: "1"\) \{/, "")
      .replace(/\} \}$/, "");
    const r = await t.gql(
      `mutation { awardAchievement(input: { userId: "${u.id}", achievementId: "${a.id}" }) { award { user { ${tail} } } } }`,
    );
    expectError(r, "GRAPHQL_VALIDATION_FAILED");
    expect(await countRows(t, "awards")).toBe(0);
  });
});

/** Every field of `type` that is a scalar or enum and needs no argument. */
function scalarFields(typeName: string): string {
  const type = createSchema().getType(typeName) as GraphQLObjectType;
  expect(isObjectType(type)).toBe(true);
  return Object.values(type.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !String(a.type).endsWith("!") || a.defaultValue !== undefined))
    .map((f) => f.name)
    .join(" ");
}

describe("cost limit", () => {
  test("users(first: 100) with every scalar field and awards(first: 100) with every scalar field is admitted", async () => {
    const u = await createUser(t);
    await award(t, u.id, (await createAchievement(t)).id);
    const query = `{
      users(first: 100) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node {
          ${scalarFields("User")}
          awards(first: 100) {
            totalCount pageInfo { hasNextPage endCursor }
            edges { cursor node { ${scalarFields("Award")} } }
          }
        } }
      }
    }`;
    expect(scalarFields("User")).toContain("timeZone");
    expect(scalarFields("Award")).toContain("awardedAt");
    const r = await t.gql(query);
    expect(r.errors).toBeUndefined();
    expect(r.data?.users.edges).toHaveLength(1);
    expect(r.data?.users.edges[0].node.awards.edges).toHaveLength(1);
  });

  const overCost = `{ users(first: 100) { edges { node { awards(first: 100) { edges { node { user { awards(first: 100) { edges { node { id name } } } } } } } } } } }`;

  test("users(first: 100) → awards(first: 100) → user → awards(first: 100) is GRAPHQL_VALIDATION_FAILED before anything runs", async () => {
    await createUser(t);
    const { result: r, statements } = await statementsDuring(() => t.gql(overCost));
    expectError(r, "GRAPHQL_VALIDATION_FAILED");
    expect(r.data).toBeUndefined();
    expect(statements).toEqual([]);
  });

  test("the cost counts `first` given in variables, and defaults when absent", async () => {
    const q = `query($n: Int) { users(first: $n) { edges { node { awards(first: $n) { edges { node { user { awards(first: $n) { edges { node { id } } } } } } } } } } }`;
    expectError(await t.gql(q, { n: 100 }), "GRAPHQL_VALIDATION_FAILED");
    expect((await t.gql(q, { n: 5 })).errors).toBeUndefined();
    // Without variables the defaults (20) apply: 20 × 20 × 20 is well under the limit.
    expect((await t.gql(q)).errors).toBeUndefined();
  });

  test("aliases add up: many admitted selections in one document are over the limit together", async () => {
    const one = (i: number) =>
      `u${i}: users(first: 100) { edges { node { id name awards(first: 100) { edges { node { id name description awardedAt } } } } } }`;
    expect((await t.gql(`{ ${one(0)} }`)).errors).toBeUndefined();
    const { result: r, statements } = await statementsDuring(() => t.gql(`{ ${Array.from({ length: 10 }, (_, i) => one(i)).join(" ")} }`));
    expectError(r, "GRAPHQL_VALIDATION_FAILED");
    expect(statements).toEqual([]);
  });

  test("an over-cost mutation writes nothing", async () => {
    const r = await t.gql(
      `mutation { createUser(input: { name: "Costly", language: EN }) { id } } `.replace(
        "{ id }",
        `{ id awards(first: 100) { edges { node { user { awards(first: 100) { edges { node { user { awards(first: 100) { edges { node { id } } } } } } } } } } } }`,
      ),
    );
    expectError(r, "GRAPHQL_VALIDATION_FAILED");
    expect(await countRows(t, "users")).toBe(0);
  });
});

describe("unexpected failures are masked", () => {
  const FORBIDDEN = [
    /relation/i,
    /SELECT/,
    /FROM/,
    /\bat [\w.<>]+ \(/,
    /QueryFailedError/,
    /stack/i,
    /5432/,
    /127\.0\.0\.1/,
    /localhost/,
    /users_/,
    /postgres/i,
    /pglite/i,
  ];

  function expectMasked(r: { errors?: { message: string; extensions?: Record<string, unknown> }[]; body: unknown }) {
    expect(r.errors).toHaveLength(1);
    const e = r.errors![0]!;
    expect(e.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
    expect(e.message).toBe("Internal server error");
    const text = JSON.stringify(r.body);
    for (const f of FORBIDDEN) expect(text).not.toMatch(f);
    expect(text).not.toContain(TEST_KEY);
  }

  test("a database error is answered as INTERNAL_SERVER_ERROR without SQL or stack, and logged with details", async () => {
    await createUser(t, { name: "Masked" });
    await t.db.dataSource.query(`ALTER TABLE users RENAME TO users_hidden`);
    try {
      const q = await t.gql(`{ users { edges { node { id } } } }`);
      expectMasked(q);
      const m = await t.gql(`mutation { createUser(input: { name: "New", language: EN }) { id } }`);
      expectMasked(m);
    } finally {
      await t.db.dataSource.query(`ALTER TABLE users_hidden RENAME TO users`);
    }
    const logged = JSON.stringify(t.logs.filter((l) => l.level === 50));
    expect(logged).toMatch(/users/);
    expect(await countRows(t, "users")).toBe(1);
  });

  test("an error carrying a host, a port, SQL, a key and a stack is masked", async () => {
    const u = await createUser(t);
    const secret = new Error(`connect to postgres://admin:${TEST_KEY}@10.1.2.3:5432/db failed: SELECT * FROM users`);
    jest.spyOn(t.db.dataSource, "query").mockRejectedValue(secret);
    const r = await t.gql(`query($id: ID!) { user(id: $id) { id } }`, { id: u.id });
    jest.restoreAllMocks();
    expectMasked(r);
    expect(JSON.stringify(r.body)).not.toContain("10.1.2.3");
  });

  test("an unreachable database is SERVICE_UNAVAILABLE, with nothing of the cause in the answer", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 10.9.8.7:5432"), { code: "ECONNREFUSED" });
    jest.spyOn(t.db.dataSource, "query").mockRejectedValue(refused);
    const r = await t.gql(`{ users { totalCount } }`);
    const m = await t.gql(`mutation { createUser(input: { name: "Offline", language: EN }) { id } }`);
    jest.restoreAllMocks();
    for (const x of [r, m]) {
      expectError(x, "SERVICE_UNAVAILABLE");
      expect(JSON.stringify(x.body)).not.toMatch(/10\.9\.8\.7|5432|ECONNREFUSED/);
    }
    expect(await countRows(t, "users")).toBe(0);
    expect(ok(await t.gql(`{ users { totalCount } }`)).users.totalCount).toBe(0);
  });
});
