import { codes, useTestApp } from "../helpers/test-app";

/** No failed request leaves a partial write behind, also when it holds several mutation fields. */

const t = useTestApp();

const count = async (table: string) => Number((await t.db.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

test("a request whose second mutation fails writes nothing", async () => {
  await t.gql(`mutation { createUser(input: { name: "Ada", language: EN }) { id } }`);
  const r = await t.gql(`mutation {
    a: createUser(input: { name: "Multi One", language: EN }) { id }
    b: createUser(input: { name: "ada", language: EN }) { id }
  }`);
  expect(codes(r)).toEqual(["CONFLICT"]);
  expect(await count("users")).toBe(1);
  const found = await t.gql(`{ userByName(name: "Multi One") { id } }`);
  expect(found.data?.userByName).toBeNull();
});

test("a request whose mutations all succeed keeps them all, and reads its own writes", async () => {
  const r = await t.gql(`mutation {
    u: createUser(input: { name: "Bea", language: RU }) { id }
    a: createAchievement(input: { points: 7, translations: [{ language: EN, name: "Seven", description: "d" }] }) { id }
    w: awardAchievement(input: { userId: "1", achievementId: "1" }) { created award { name language user { name points } } }
  }`);
  expect(r.errors).toBeUndefined();
  expect(r.data?.w).toEqual({ created: true, award: { name: "Seven", language: "EN", user: { name: "Bea", points: 7 } } });
  expect(await count("users")).toBe(1);
  expect(await count("awards")).toBe(1);
  expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
});

test("an award that fails after others in the same request takes them back, aggregates included", async () => {
  await t.gql(`mutation { createUser(input: { name: "Cy", language: EN }) { id } }`);
  await t.gql(
    `mutation { createAchievement(input: { points: 3, translations: [{ language: EN, name: "Three", description: "d" }] }) { id } }`,
  );
  const r = await t.gql(`mutation {
    a: awardAchievement(input: { userId: "1", achievementId: "1" }) { created }
    b: awardAchievement(input: { userId: "1", achievementId: "999" }) { created }
  }`);
  expect(codes(r)).toEqual(["NOT_FOUND"]);
  expect(await count("awards")).toBe(0);
  const u = await t.gql(`{ user(id: "1") { points achievementCount } }`);
  expect(u.data?.user).toEqual({ points: 0, achievementCount: 0 });
  expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
});

test("an invalid awardedAt in the query text is BAD_USER_INPUT on awardedAt, after the key is checked", async () => {
  await t.gql(`mutation { createUser(input: { name: "Di", language: EN }) { id } }`);
  await t.gql(
    `mutation { createAchievement(input: { points: 3, translations: [{ language: EN, name: "Three", description: "d" }] }) { id } }`,
  );
  const q = `mutation { awardAchievement(input: { userId: "1", achievementId: "1", awardedAt: "2026-11-20T09:30:00" }) { created } }`;
  const noKey = await t.gql(q, undefined, { key: null });
  expect(codes(noKey)).toEqual(["UNAUTHENTICATED"]);
  const r = await t.gql(q);
  expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
  expect(r.errors?.[0]?.extensions?.field).toBe("awardedAt");
  expect(await count("awards")).toBe(0);
});

test("each mutation field reads the writes of the fields before it (no stale per-request cache)", async () => {
  await t.gql(`mutation { createUser(input: { name: "Eve", language: EN, timeZone: "UTC" }) { id } }`);
  await t.gql(
    `mutation { createAchievement(input: { points: 3, translations: [{ language: EN, name: "Three", description: "d" }] }) { id } }`,
  );
  await t.gql(`mutation { awardAchievement(input: { userId: "1", achievementId: "1", awardedAt: "2024-01-01T12:30:00Z" }) { created } }`);
  const r = await t.gql(`mutation {
    before: updateUser(id: "1", input: {}) { longestStreak { start } }
    after: updateUser(id: "1", input: { timeZone: "Pacific/Kiritimati" }) { longestStreak { start } }
  }`);
  expect(r.errors).toBeUndefined();
  expect(r.data).toEqual({ before: { longestStreak: { start: "2024-01-01" } }, after: { longestStreak: { start: "2024-01-02" } } });
});
