import request from "supertest";
import { MAX_COST, MAX_DEPTH, MAX_MUTATION_FIELDS, MAX_ROOT_FIELDS, MAX_SEARCH_LENGTH, MAX_TOKENS } from "../../src/graphql/limits";
import { countRows, createUser, expectError, theError } from "../helpers/fixtures";
import { recordStatements } from "../helpers/sql-counter";
import { TEST_KEY, codes, useTestApp } from "../helpers/test-app";
import type { GqlResult } from "../helpers/test-app";

// api-contract.md "Hostile requests": every limit is decided before anything runs, and its
// message names the limit and its number.

const t = useTestApp();

/** Sends a document and returns its result with the SQL statements sent while it was answered. */
async function send(query: string, variables?: Record<string, unknown>): Promise<{ r: GqlResult; statements: string[] }> {
  const rec = recordStatements(t.db.dataSource);
  try {
    const r = await t.gql(query, variables);
    return { r, statements: [...rec.statements] };
  } finally {
    rec.stop();
  }
}

/** Asserts a refusal with `code` whose message names the limit (`words`) and its number, with no SQL sent. */
function expectRefused(res: { r: GqlResult; statements: string[] }, code: string, words: RegExp, limit: number): void {
  expect(res.r.status).toBe(400);
  expectError(res.r, code);
  const message = theError(res.r).message;
  expect(message).toMatch(words);
  expect(message).toContain(String(limit));
  expect(res.r.data).toBeUndefined();
  expect(res.statements).toEqual([]);
}

/** `n` fragments on `type`, each spreading the one before it `times` times; F0 is `base`. */
function fragmentChain(n: number, type: string, base: string, times = 2): string {
  let s = `fragment F0 on ${type} { ${base} }\n`;
  for (let i = 1; i <= n; i++)
    s += `fragment F${i} on ${type} { ${Array(times)
      .fill(`...F${i - 1}`)
      .join(" ")} }\n`;
  return s;
}

const createUserField = (i: number) => `u${i}: createUser(input: { name: "Hostile ${i}", language: EN }) { id }`;

describe(`tokens (${MAX_TOKENS})`, () => {
  // `{`, n fields and `}`: n + 2 tokens.
  const typenames = (n: number) => `{ ${Array(n).fill("__typename").join(" ")} }`;

  test("a document of exactly the limit is parsed", async () => {
    const { r } = await send(typenames(MAX_TOKENS - 2));
    // Parsed, then refused for its root fields: a later limit, not the parser's.
    expect(new Set(codes(r))).toEqual(new Set(["GRAPHQL_VALIDATION_FAILED"]));
  });

  test("one token more is GRAPHQL_PARSE_FAILED before anything runs", async () => {
    expectRefused(await send(typenames(MAX_TOKENS - 1)), "GRAPHQL_PARSE_FAILED", /tokens/, MAX_TOKENS);
  });

  test("a mutation over the token limit writes nothing", async () => {
    const fields = Array(MAX_TOKENS).fill("id").join(" ");
    const res = await send(`mutation { createUser(input: { name: "Tokens", language: EN }) { ${fields} } }`);
    expectRefused(res, "GRAPHQL_PARSE_FAILED", /tokens/, MAX_TOKENS);
    expect(await countRows(t, "users")).toBe(0);
  });
});

describe(`depth (${MAX_DEPTH})`, () => {
  /** user → awards → edges → node → user → … `depth` fields, leaf included. */
  function deep(depth: number): string {
    const cycle = ["awards", "edges", "node", "user"];
    const leafOf: Record<string, string> = { user: "id", awards: "totalCount", edges: "cursor", node: "id" };
    const containers = [`user(id: "1")`];
    while (containers.length < depth - 1) containers.push(cycle[(containers.length - 1) % 4]!);
    const last = containers[containers.length - 1]!.startsWith("user") ? "user" : containers[containers.length - 1]!;
    let q = leafOf[last]!;
    for (const c of [...containers].reverse()) q = `${c} { ${q} }`;
    return `{ ${q} }`;
  }

  test("the leaf counts: `{ user { name } }` is 2 deep, so 15 fields on a path pass and 16 do not", async () => {
    expect((await send(deep(MAX_DEPTH))).r.errors).toBeUndefined();
    expectRefused(await send(deep(MAX_DEPTH + 1)), "GRAPHQL_VALIDATION_FAILED", /nesting limit/, MAX_DEPTH);
  });
});

describe(`root fields (${MAX_ROOT_FIELDS})`, () => {
  const aliased = (n: number) => Array.from({ length: n }, (_, i) => `s${i}: stats { id }`).join(" ");

  test("50 aliased root fields pass, 51 are refused", async () => {
    const passed = await send(`{ ${aliased(MAX_ROOT_FIELDS)} }`);
    expect(passed.r.errors).toBeUndefined();
    expectRefused(await send(`{ ${aliased(MAX_ROOT_FIELDS + 1)} }`), "GRAPHQL_VALIDATION_FAILED", /root field limit/, MAX_ROOT_FIELDS);
  });

  test("root fields in fragments and inline fragments count", async () => {
    const half = (MAX_ROOT_FIELDS + 2) / 2;
    const fields = (prefix: string) => Array.from({ length: half }, (_, i) => `${prefix}${i}: stats { id }`).join(" ");
    const query = `{ ...A ... on Query { ${fields("b")} } } fragment A on Query { ${fields("a")} }`;
    expectRefused(await send(query), "GRAPHQL_VALIDATION_FAILED", /root field limit/, MAX_ROOT_FIELDS);
  });

  test("a chain of 40 fragments each spreading the next twice is refused, not expanded", async () => {
    const query = `query Chain { ...F40 }\n${fragmentChain(40, "Query", "stats { id }")}`;
    expect(query.length).toBeLessThan(2048);
    expectRefused(await send(query), "GRAPHQL_VALIDATION_FAILED", /root field limit/, MAX_ROOT_FIELDS);
  });
});

describe(`mutation fields (${MAX_MUTATION_FIELDS})`, () => {
  test("20 mutation fields run; 21 are refused and none is written", async () => {
    const twenty = await send(`mutation { ${Array.from({ length: MAX_MUTATION_FIELDS }, (_, i) => createUserField(i)).join(" ")} }`);
    expect(twenty.r.errors).toBeUndefined();
    expect(await countRows(t, "users")).toBe(MAX_MUTATION_FIELDS);
    await t.reset();

    const fields = Array.from({ length: MAX_MUTATION_FIELDS + 1 }, (_, i) => createUserField(i)).join(" ");
    expectRefused(await send(`mutation { ${fields} }`), "GRAPHQL_VALIDATION_FAILED", /mutation field limit/, MAX_MUTATION_FIELDS);
    expect(await countRows(t, "users")).toBe(0);
  });

  test("mutation fields in fragments count", async () => {
    const fields = Array.from({ length: MAX_MUTATION_FIELDS + 1 }, (_, i) => createUserField(i)).join(" ");
    const res = await send(`mutation { ...M } fragment M on Mutation { ${fields} }`);
    expectRefused(res, "GRAPHQL_VALIDATION_FAILED", /mutation field limit/, MAX_MUTATION_FIELDS);
    expect(await countRows(t, "users")).toBe(0);
  });
});

describe(`cost (${MAX_COST})`, () => {
  test("a fragment chain that multiplies a field 2^40 times is over the cost limit, decided without expanding it", async () => {
    await createUser(t);
    const query = `query Chain { user(id: "1") { ...F40 } }\n${fragmentChain(40, "User", "id name")}`;
    expect(query.length).toBeLessThan(2048);
    expectRefused(await send(query), "GRAPHQL_VALIDATION_FAILED", /cost limit/, MAX_COST);
  });

  test("a cost too large to compute (4^512) is refused, never let through", async () => {
    const query = `{ user(id: "1") { ...F512 } }\n${fragmentChain(512, "User", "id", 4)}`;
    const res = await send(query);
    expectRefused(res, "GRAPHQL_VALIDATION_FAILED", /cost/, MAX_COST);
    expect(theError(res.r).message).toMatch(/cannot be computed/);
  });

  test("aliased statistics are priced: each runs a statement", async () => {
    const stats = (n: number) => `{ stats { ${Array.from({ length: n }, (_, i) => `p${i}: mostPoints { points }`).join(" ")} } }`;
    expect((await send(stats(5))).r.errors).toBeUndefined();
    expectRefused(await send(stats(60)), "GRAPHQL_VALIDATION_FAILED", /cost limit/, MAX_COST);
  });

  test("an over-cost mutation in a fragment writes nothing", async () => {
    const res = await send(
      `mutation { createUser(input: { name: "Costly", language: EN }) { ...F30 } }\n${fragmentChain(30, "User", "id")}`,
    );
    expectRefused(res, "GRAPHQL_VALIDATION_FAILED", /cost limit/, MAX_COST);
    expect(await countRows(t, "users")).toBe(0);
  });
});

describe(`search and userByName (${MAX_SEARCH_LENGTH} characters)`, () => {
  const long = "я".repeat(MAX_SEARCH_LENGTH + 1);
  const exact = "я".repeat(MAX_SEARCH_LENGTH);

  test("64 characters are looked up; 65 are BAD_USER_INPUT with the field, before any statement", async () => {
    expect((await send(`{ users(search: "${exact}") { totalCount } }`)).r.errors).toBeUndefined();
    expect((await send(`{ userByName(name: "${exact}") { id } }`)).r.errors).toBeUndefined();

    for (const [query, field] of [
      [`{ users(search: "${long}") { totalCount } }`, "search"],
      [`{ userByName(name: "${long}") { id } }`, "name"],
      [`query($s: String) { users(search: $s) { totalCount } }`, "search"],
      [`query($n: String!) { ...F } fragment F on Query { userByName(name: $n) { id } }`, "name"],
    ] as const) {
      const res = await send(query, { s: long, n: long });
      expect(res.r.status).toBe(400);
      expectError(res.r, "BAD_USER_INPUT", field);
      expect(theError(res.r).message).toContain(String(MAX_SEARCH_LENGTH));
      expect(res.statements).toEqual([]);
    }
  });

  test("surrounding white space is trimmed before counting, as for names", async () => {
    expect((await send(`{ users(search: "  ${exact}  ") { totalCount } }`)).r.errors).toBeUndefined();
  });
});

describe("requests Apollo refuses before parsing", () => {
  // Found by bench/fuzz.ts: these were INTERNAL_SERVER_ERROR (Apollo's errors carry no code).
  test.each([
    ["a persisted query whose hash does not match its text", { version: 1, sha256Hash: "00" }],
    ["an unsupported persisted query version", { version: 2, sha256Hash: "00" }],
  ])("%s is BAD_REQUEST with HTTP 400", async (_label, persistedQuery) => {
    const rec = recordStatements(t.db.dataSource);
    let res: request.Response;
    try {
      res = await request(t.app)
        .post("/graphql")
        .set("content-type", "application/json")
        .send({ query: "{ stats { id } }", extensions: { persistedQuery } });
    } finally {
      rec.stop();
    }
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(["BAD_REQUEST"]);
    expect(rec.statements).toEqual([]);
  });
});

describe("batching", () => {
  test("a JSON array of operations is refused with HTTP 400 and none of them runs", async () => {
    const rec = recordStatements(t.db.dataSource);
    let res: request.Response;
    try {
      res = await request(t.app)
        .post("/graphql")
        .set("content-type", "application/json")
        .set("authorization", `Bearer ${TEST_KEY}`)
        .send([{ query: `mutation { ${createUserField(1)} }` }, { query: `{ users { totalCount } }` }]);
    } finally {
      rec.stop();
    }
    expect(res.status).toBe(400);
    expect(rec.statements).toEqual([]);
    expect(await countRows(t, "users")).toBe(0);
  });
});
