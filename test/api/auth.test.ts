import request from "supertest";
import { countRows, createAchievement, createUser, expectError, ok } from "../helpers/fixtures";
import { TEST_KEY, useTestApp } from "../helpers/test-app";

const t = useTestApp();

/** Sends a GraphQL request with exactly this Authorization header (or none). */
async function send(authorization: string | undefined, query: string, variables?: Record<string, unknown>) {
  let req = request(t.app).post("/graphql").set("content-type", "application/json");
  if (authorization !== undefined) req = req.set("authorization", authorization);
  const res = await req.send({ query, variables });
  return { status: res.status, data: res.body?.data, errors: res.body?.errors, body: res.body };
}

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }`;
const CREATE_ACH = `mutation($input: CreateAchievementInput!) { createAchievement(input: $input) { id } }`;
const AWARD = `mutation($input: AwardAchievementInput!) { awardAchievement(input: $input) { created } }`;

async function everythingCounted() {
  return {
    users: await countRows(t, "users"),
    achievements: await countRows(t, "achievements"),
    translations: await countRows(t, "achievement_translations"),
    awards: await countRows(t, "awards"),
  };
}

describe("mutations need Authorization: Bearer <key>", () => {
  const refused: [string, string | undefined][] = [
    ["no header", undefined],
    ["a wrong key", "Bearer wrong-key"],
    ["the key with one character more", `Bearer ${TEST_KEY}x`],
    ["a prefix of the key", `Bearer ${TEST_KEY.slice(0, -1)}`],
    ["the key in another case", `Bearer ${TEST_KEY.toUpperCase()}`],
    ["the key without the scheme", TEST_KEY],
    ["another scheme", `Basic ${TEST_KEY}`],
    ["the scheme without a key", "Bearer "],
    ["two keys", `Bearer ${TEST_KEY} ${TEST_KEY}`],
    ["an empty header", ""],
  ];

  test.each(refused)("%s: every mutation is UNAUTHENTICATED and nothing is written", async (_label, header) => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    const before = await everythingCounted();
    const attempts = [
      await send(header, CREATE_USER, { input: { name: "Intruder", language: "EN" } }),
      await send(header, UPDATE_USER, { id: u.id, input: { name: "Hacked" } }),
      await send(header, CREATE_ACH, { input: { points: 5, translations: [{ language: "EN", name: "Stolen", description: "x" }] } }),
      await send(header, AWARD, { input: { userId: u.id, achievementId: a.id } }),
    ];
    for (const r of attempts) {
      expectError(r, "UNAUTHENTICATED");
      expect(r.data ?? null).toBeNull();
    }
    expect(await everythingCounted()).toEqual(before);
    expect(ok(await t.gql(`query($id: ID!) { user(id: $id) { name } }`, { id: u.id })).user.name).toBe(u.name);
  });

  test.each(["Bearer", "bearer", "BEARER", "BeArEr"])("the scheme word %s is accepted in any case", async (scheme) => {
    const r = await send(`${scheme} ${TEST_KEY}`, CREATE_USER, { input: { name: `by ${scheme}`, language: "EN" } });
    expect(r.errors).toBeUndefined();
    expect(r.data.createUser.id).toMatch(/^\d+$/);
  });

  test("unauthenticated is decided before the input is looked at", async () => {
    const u = await createUser(t);
    const invalid: [string, Record<string, unknown>][] = [
      [CREATE_USER, { input: { name: "", language: "EN" } }],
      [CREATE_USER, { input: { name: "x".repeat(65), language: "EN", timeZone: "+03:00" } }],
      [CREATE_USER, { input: { name: "Bell\u0007", language: "XX" } }],
      [CREATE_USER, { input: { language: "EN" } }],
      [CREATE_USER, {}],
      [UPDATE_USER, { id: "01", input: { name: " " } }],
      [UPDATE_USER, { id: "999", input: {} }],
      [UPDATE_USER, { id: u.id, input: { name: u.name.toUpperCase() } }],
      [CREATE_ACH, { input: { points: 0, translations: [] } }],
      [CREATE_ACH, { input: { points: "many", translations: "none" } }],
      [AWARD, { input: { userId: "abc", achievementId: "-1", awardedAt: "2025-01-01T00:00:00" } }],
      [AWARD, { input: { userId: "999", achievementId: "999", awardedAt: "2999-01-01T00:00:00Z" } }],
    ];
    const before = await everythingCounted();
    for (const [query, variables] of invalid) {
      expectError(await send(undefined, query, variables), "UNAUTHENTICATED");
      expectError(await send("Bearer nope", query, variables), "UNAUTHENTICATED");
    }
    expect(await everythingCounted()).toEqual(before);
  });

  test("a mutation written with literals is refused the same way, and one unauthenticated document writes nothing at all", async () => {
    const r = await send(
      undefined,
      `mutation { a: createUser(input: { name: "One", language: EN }) { id } b: createUser(input: { name: "Two", language: RU }) { id } }`,
    );
    expectError(r, "UNAUTHENTICATED");
    expect(await countRows(t, "users")).toBe(0);
  });
});

describe("queries are public", () => {
  test.each([undefined, "Bearer wrong", "Basic abc", `Bearer ${TEST_KEY}`])("with Authorization %p a query answers", async (header) => {
    const u = await createUser(t, { name: "Public" });
    const r = await send(header, `query($id: ID!) { user(id: $id) { name } users { totalCount } achievements { totalCount } }`, {
      id: u.id,
    });
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ user: { name: "Public" }, users: { totalCount: 1 }, achievements: { totalCount: 0 } });
  });
});

describe("keys stay secret", () => {
  test("neither the key nor a presented wrong key appears in logs or answers", async () => {
    const wrong = "wrong-secret-key-4711";
    const bodies: string[] = [];
    for (const header of [`Bearer ${TEST_KEY}`, `Bearer ${wrong}`, TEST_KEY]) {
      bodies.push(JSON.stringify((await send(header, CREATE_USER, { input: { name: `n ${bodies.length}`, language: "EN" } })).body));
      bodies.push(JSON.stringify((await send(header, `{ users { totalCount } }`)).body));
      bodies.push(JSON.stringify((await send(header, `{ broken`)).body));
    }
    const logs = JSON.stringify(t.logs);
    expect(t.logs.length).toBeGreaterThan(0);
    for (const secret of [TEST_KEY, wrong]) {
      expect(logs).not.toContain(secret);
      for (const b of bodies) expect(b).not.toContain(secret);
    }
  });
});
