import { createApiKeys, parseApiKeyList } from "../../src/auth/api-keys";
import { countRows, createAchievement, createUser, expectError, ok } from "../helpers/fixtures";
import { TEST_KEY, startTestApp } from "../helpers/test-app";
import type { TestApp } from "../helpers/test-app";

/** Named, scoped keys (api-contract.md, "Keys and scopes"), through HTTP. */

const GAME = "game-server-secret-0123";
const OPS = "operations-secret-0123";
const BARE = "bare-secret-abcdefgh";
const SECRETS = [GAME, OPS, BARE, TEST_KEY];

let t: TestApp;
beforeAll(async () => {
  // The fixtures (createUser, createAchievement) send TEST_KEY: an admin key named "fixtures" here.
  const list = `game:award:${GAME},ops:admin:${OPS},${BARE},fixtures:admin:${TEST_KEY}`;
  t = await startTestApp({ apiKeys: createApiKeys(parseApiKeyList(list, "API_KEYS")) });
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.reset();
  t.logs.length = 0;
});

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id name } }`;
const CREATE_ACH = `mutation($input: CreateAchievementInput!) { createAchievement(input: $input) { id } }`;
const AWARD = `mutation($input: AwardAchievementInput!) { awardAchievement(input: $input) { created } }`;
const ACH_INPUT = { points: 5, translations: [{ language: "EN", name: "By scope", description: "x" }] };

async function counts() {
  return {
    users: await countRows(t, "users"),
    achievements: await countRows(t, "achievements"),
    translations: await countRows(t, "achievement_translations"),
    awards: await countRows(t, "awards"),
  };
}

/** The "graphql operation" log lines written so far in this test. */
const operationLines = () => t.logs.filter((l) => l.msg === "graphql operation");

describe("scope award: what a game server needs", () => {
  test("createUser, updateUser and awardAchievement run, and each log line names the key", async () => {
    const a = await createAchievement(t);
    const created = ok(
      await t.gql<{ createUser: { id: string } }>(CREATE_USER, { input: { name: "Gamer", language: "EN" } }, { key: GAME }),
    );
    const id = created.createUser.id;
    expect(ok(await t.gql(UPDATE_USER, { id, input: { name: "Gamer2" } }, { key: GAME })).updateUser.name).toBe("Gamer2");
    expect(ok(await t.gql(AWARD, { input: { userId: id, achievementId: a.id } }, { key: GAME })).awardAchievement.created).toBe(true);
    const lines = operationLines();
    expect(lines.map((l) => l.key)).toEqual(["fixtures", "game", "game", "game"]);
    expect(JSON.stringify(t.logs)).not.toMatch(new RegExp(SECRETS.join("|")));
  });

  test("createAchievement is FORBIDDEN with HTTP 403, names the key, and writes nothing", async () => {
    const before = await counts();
    const r = await t.gql(CREATE_ACH, { input: ACH_INPUT }, { key: GAME });
    expectError(r, "FORBIDDEN");
    expect(r.status).toBe(403);
    expect(r.data ?? null).toBeNull();
    expect(r.errors![0]!.message).toContain('"game"');
    expect(r.errors![0]!.message).toContain("createAchievement");
    expect(JSON.stringify(r.body)).not.toContain(GAME);
    expect(await counts()).toEqual(before);
    const line = operationLines().at(-1)!;
    expect(line).toMatchObject({ key: "game", errors: ["FORBIDDEN"] });
  });

  test("FORBIDDEN is decided before the input is looked at", async () => {
    const invalid: Record<string, unknown>[] = [
      { input: { points: 0, translations: [] } },
      { input: { points: "many" } },
      { input: null },
      {},
    ];
    for (const variables of invalid) expectError(await t.gql(CREATE_ACH, variables, { key: GAME }), "FORBIDDEN");
    // Written with literals too, and with a literal of the wrong type (otherwise a validation error).
    expectError(
      await t.gql(`mutation { createAchievement(input: { points: -1, translations: [] }) { id } }`, {}, { key: GAME }),
      "FORBIDDEN",
    );
    expect((await counts()).achievements).toBe(0);
  });

  test("a document that mixes allowed and forbidden mutations is FORBIDDEN whole: not even the allowed one is written", async () => {
    const before = await counts();
    const r = await t.gql(
      `mutation { createUser(input: { name: "Mixed", language: EN }) { id } createAchievement(input: { points: 5, translations: [{ language: EN, name: "Mixed", description: "x" }] }) { id } }`,
      {},
      { key: GAME },
    );
    expectError(r, "FORBIDDEN");
    expect(await counts()).toEqual(before);
  });

  test("a forbidden mutation hidden in a fragment or an inline fragment is found", async () => {
    const docs = [
      `mutation { ...F } fragment F on Mutation { createAchievement(input: { points: 5, translations: [{ language: EN, name: "F", description: "x" }] }) { id } }`,
      `mutation { ... on Mutation { createAchievement(input: { points: 5, translations: [{ language: EN, name: "I", description: "x" }] }) { id } } }`,
      `mutation { ...A } fragment A on Mutation { ...B } fragment B on Mutation { x: createAchievement(input: { points: 5, translations: [{ language: EN, name: "B", description: "x" }] }) { id } }`,
    ];
    for (const d of docs) expectError(await t.gql(d, {}, { key: GAME }), "FORBIDDEN");
    expect((await counts()).achievements).toBe(0);
  });
});

describe("scope admin", () => {
  test("a named admin key and a bare secret (key3 by position) may run every mutation", async () => {
    for (const [key, name] of [
      [OPS, "ops"],
      [BARE, "key3"],
    ] as const) {
      t.logs.length = 0;
      const u = ok(await t.gql(CREATE_USER, { input: { name: `by ${name}`, language: "EN" } }, { key })).createUser;
      ok(await t.gql(UPDATE_USER, { id: u.id, input: { name: `by ${name} again` } }, { key }));
      const a = ok(
        await t.gql(
          CREATE_ACH,
          { input: { ...ACH_INPUT, translations: [{ language: "EN", name: `ach ${name}`, description: "x" }] } },
          { key },
        ),
      );
      ok(await t.gql(AWARD, { input: { userId: u.id, achievementId: a.createAchievement.id } }, { key }));
      expect(operationLines().map((l) => l.key)).toEqual([name, name, name, name]);
    }
    expect(JSON.stringify(t.logs)).not.toMatch(new RegExp(SECRETS.join("|")));
  });
});

describe("without a valid key", () => {
  test("mutations stay UNAUTHENTICATED (not FORBIDDEN), and the log line has no key", async () => {
    const u = await createUser(t);
    t.logs.length = 0;
    for (const key of [null, "not-a-configured-secret-0123"]) {
      expectError(await t.gql(UPDATE_USER, { id: u.id, input: { name: "x" } }, { key }), "UNAUTHENTICATED");
      expectError(await t.gql(CREATE_ACH, { input: ACH_INPUT }, { key }), "UNAUTHENTICATED");
    }
    for (const l of operationLines()) expect(l).not.toHaveProperty("key");
  });
});

describe("Query.apiKey: what a client's key may do", () => {
  test.each([
    [GAME, { name: "game", scope: "AWARD" }],
    [OPS, { name: "ops", scope: "ADMIN" }],
    [BARE, { name: "key3", scope: "ADMIN" }],
  ])("names the key and its scope", async (key, expected) => {
    expect(ok(await t.gql(`{ apiKey { name scope } }`, {}, { key })).apiKey).toEqual(expected);
  });

  test("is null without a key or with an unknown one (queries stay public)", async () => {
    expect(ok(await t.gql(`{ apiKey { name scope } }`, {}, { key: null })).apiKey).toBeNull();
    expect(ok(await t.gql(`{ apiKey { name } }`, {}, { key: "unknown-secret-0123456789" })).apiKey).toBeNull();
  });
});
