import { createApiKeys, parseApiKeyList } from "../../src/auth/api-keys";
import { award, createAchievement, createUser, expectError, ok } from "../helpers/fixtures";
import { TEST_KEY, startTestApp } from "../helpers/test-app";
import type { TestApp } from "../helpers/test-app";

/** revokeAward and User.revokedAwards (api-contract.md, "Revocation"), through HTTP. */

const GAME = "game-server-secret-0123";
const OPS = "operations-secret-0123";

let t: TestApp;
beforeAll(async () => {
  // The fixtures send TEST_KEY: an admin key named "fixtures" here.
  const list = `game:award:${GAME},ops:admin:${OPS},fixtures:admin:${TEST_KEY}`;
  t = await startTestApp({ apiKeys: createApiKeys(parseApiKeyList(list, "API_KEYS")) });
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  t.setNow(undefined);
  await t.reset();
});

const REVOKE = `mutation($input: RevokeAwardInput!) {
  revokeAward(input: $input) {
    revoked
    award { id awardedAt revokedAt revocationReason revokedBy language name points user { id } achievement { id holderCount } }
  }
}`;

const USER = `query($id: ID!, $first: Int, $after: String) {
  user(id: $id) {
    achievementCount points
    awards { totalCount edges { node { id revokedAt revocationReason revokedBy } } }
    revokedAwards(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { node { id awardedAt revokedAt revocationReason revokedBy language name achievement { id } } }
    }
  }
}`;

const revoke = (input: Record<string, unknown>, key: string | null = OPS) => t.gql(REVOKE, { input }, { key });

async function snapshot() {
  const q = (sql: string) => t.db.dataSource.query(sql);
  return {
    awards: await q(`SELECT id::text, user_id::text, achievement_id::text, awarded_at FROM awards ORDER BY id`),
    revoked: await q(`SELECT id::text, revocation_reason FROM revoked_awards ORDER BY id`),
    progress: await q(`SELECT user_id::text, achievement_id::text, current FROM achievement_progress ORDER BY 1, 2`),
    stats: await q(`SELECT user_id::text, achievement_count, points::text FROM user_stats ORDER BY 1`),
    holders: await q(`SELECT id::text, holder_count FROM achievements ORDER BY id`),
  };
}

describe("revokeAward", () => {
  test("moves the award to revokedAwards with its id, awardedAt, reason, time and the key's name; the aggregates follow", async () => {
    const u = await createUser(t, { language: "RU" });
    const a = await createAchievement(t, { points: 7 });
    const b = await createAchievement(t, { points: 5 });
    const kept = await award(t, u.id, b.id, "2025-01-02T00:00:00Z");
    const given = await award(t, u.id, a.id, "2025-01-01T10:00:00.123Z");
    t.setNow(Date.parse("2025-02-01T08:00:00.456Z"));

    const r = ok(await revoke({ userId: u.id, achievementId: a.id, reason: "  cheating detected  " })).revokeAward;
    expect(r).toEqual({
      revoked: true,
      award: {
        id: given.award.id,
        awardedAt: "2025-01-01T10:00:00.123Z",
        revokedAt: "2025-02-01T08:00:00.456Z",
        revocationReason: "cheating detected",
        revokedBy: "ops",
        language: "RU",
        name: a.translations.find((x) => x.language === "RU")!.name,
        points: 7,
        user: { id: u.id },
        achievement: { id: a.id, holderCount: 0 },
      },
    });

    const user = ok(await t.gql(USER, { id: u.id })).user;
    expect(user.achievementCount).toBe(1);
    expect(user.points).toBe(5);
    expect(user.awards).toEqual({
      totalCount: 1,
      edges: [{ node: { id: kept.award.id, revokedAt: null, revocationReason: null, revokedBy: null } }],
    });
    expect(user.revokedAwards.totalCount).toBe(1);
    expect(user.revokedAwards.edges.map((e: any) => e.node)).toEqual([
      {
        id: given.award.id,
        awardedAt: "2025-01-01T10:00:00.123Z",
        revokedAt: "2025-02-01T08:00:00.456Z",
        revocationReason: "cheating detected",
        revokedBy: "ops",
        language: "RU",
        name: a.translations.find((x) => x.language === "RU")!.name,
        achievement: { id: a.id },
      },
    ]);
    expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
  });

  test("revoking a user's only award leaves them unranked: in no statistic", async () => {
    const u = await createUser(t);
    const v = await createUser(t);
    const a = await createAchievement(t, { points: 3 });
    await award(t, u.id, a.id);
    await award(t, v.id, a.id);
    ok(await revoke({ userId: u.id, achievementId: a.id, reason: "mistake" }));
    const s = ok(
      await t.gql(`{ stats {
        mostPoints { points userCount users(first: 10) { id } }
        minPointsDifference { difference }
        streaks(days: 1) { totalCount }
      } }`),
    ).stats;
    expect(s).toEqual({
      mostPoints: { points: 3, userCount: 1, users: [{ id: v.id }] },
      minPointsDifference: null,
      streaks: { totalCount: 1 },
    });
    expect(await t.db.dataSource.query(`SELECT user_id::text FROM user_stats`)).toEqual([{ user_id: v.id }]);
    expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
  });

  test("awarding it again later creates a new award with a new id; the history keeps the revoked one", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    const first = await award(t, u.id, a.id);
    t.setNow(Date.parse("2025-03-01T00:00:00Z"));
    ok(await revoke({ userId: u.id, achievementId: a.id, reason: "one" }));
    t.setNow(Date.parse("2025-03-02T00:00:00Z"));
    const again = await award(t, u.id, a.id);
    expect(again.created).toBe(true);
    expect(again.award.id).not.toBe(first.award.id);
    t.setNow(Date.parse("2025-03-03T00:00:00Z"));
    const second = ok(await revoke({ userId: u.id, achievementId: a.id, reason: "two" })).revokeAward;
    expect(second.award.id).toBe(again.award.id);

    // Most recently revoked first, a page at a time.
    const p1 = ok(await t.gql(USER, { id: u.id, first: 1 })).user.revokedAwards;
    expect(p1.totalCount).toBe(2);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    expect(p1.edges.map((e: any) => [e.node.id, e.node.revocationReason])).toEqual([[again.award.id, "two"]]);
    const p2 = ok(await t.gql(USER, { id: u.id, first: 1, after: p1.pageInfo.endCursor })).user.revokedAwards;
    expect(p2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(p2.edges.map((e: any) => [e.node.id, e.node.revocationReason])).toEqual([[first.award.id, "one"]]);
    // Another list's cursor is refused.
    const other = await createUser(t);
    expectError(await t.gql(USER, { id: other.id, first: 1, after: p1.pageInfo.endCursor }), "BAD_USER_INPUT", "after");
  });

  test("a user who does not hold it: revoked false, award null, nothing changed (in-progress progress stays)", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    const b = await createAchievement(t);
    await award(t, u.id, b.id);
    await t.db.dataSource.query(
      `INSERT INTO achievement_progress (user_id, achievement_id, current, updated_at) VALUES ($1, $2, 1, now())`,
      [u.id, a.id],
    );
    const before = await snapshot();
    expect(ok(await revoke({ userId: u.id, achievementId: a.id, reason: "x" })).revokeAward).toEqual({ revoked: false, award: null });
    expect(await snapshot()).toEqual(before);
  });

  test("deletes the progress row of the revoked achievement (progress back to 0), and only that one", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    const b = await createAchievement(t);
    await award(t, u.id, a.id);
    await t.db.dataSource.query(
      `INSERT INTO achievement_progress (user_id, achievement_id, current, updated_at) VALUES ($1, $2, 3, now()), ($1, $3, 1, now())`,
      [u.id, a.id, b.id],
    );
    ok(await revoke({ userId: u.id, achievementId: a.id, reason: "x" }));
    expect(await t.db.dataSource.query(`SELECT achievement_id::text FROM achievement_progress`)).toEqual([{ achievement_id: b.id }]);
  });

  test("scope: an award key is FORBIDDEN, no key UNAUTHENTICATED, before any input is looked at; nothing written", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    await award(t, u.id, a.id);
    const before = await snapshot();
    for (const input of [
      { userId: u.id, achievementId: a.id, reason: "x" },
      { userId: "bad", achievementId: a.id, reason: "" },
    ]) {
      expectError(await revoke(input, GAME), "FORBIDDEN");
      expectError(await revoke(input, null), "UNAUTHENTICATED");
    }
    expect(await snapshot()).toEqual(before);
  });

  test.each([
    ["userId 0", "BAD_USER_INPUT", "userId", { userId: "0", reason: "x" }],
    ["userId not a number", "BAD_USER_INPUT", "userId", { userId: "abc", reason: "x" }],
    ["achievementId negative", "BAD_USER_INPUT", "achievementId", { achievementId: "-1", reason: "x" }],
    ["achievementId 2^63", "BAD_USER_INPUT", "achievementId", { achievementId: "9223372036854775808", reason: "x" }],
    ["empty reason", "BAD_USER_INPUT", "reason", { reason: "" }],
    ["blank reason", "BAD_USER_INPUT", "reason", { reason: "   " }],
    ["reason of 501 characters", "BAD_USER_INPUT", "reason", { reason: "x".repeat(501) }],
    ["reason with a control character", "BAD_USER_INPUT", "reason", { reason: "bad\u0007bell" }],
    ["unknown user", "NOT_FOUND", "userId", { userId: "999999" }],
    ["unknown achievement", "NOT_FOUND", "achievementId", { achievementId: "999999" }],
  ])("%s: %s on %s, nothing written", async (_label, code, field, over) => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    await award(t, u.id, a.id);
    const before = await snapshot();
    expectError(await revoke({ userId: u.id, achievementId: a.id, reason: "r", ...over }), code, field);
    expect(await snapshot()).toEqual(before);
  });

  test("a reason of 500 characters (emoji count as one) is kept exactly", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    await award(t, u.id, a.id);
    const reason = "🏆".repeat(250) + "é".repeat(250);
    const r = ok(await revoke({ userId: u.id, achievementId: a.id, reason })).revokeAward;
    expect(r.award.revocationReason).toBe(reason);
  });

  test("inside a request with several mutation fields: one transaction, a failing field rolls the revocation back", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    const b = await createAchievement(t);
    await award(t, u.id, a.id);
    const before = await snapshot();
    const M = `mutation($u: ID!, $a: ID!, $b: ID!) {
      r: revokeAward(input: { userId: $u, achievementId: $a, reason: "x" }) { revoked }
      w: awardAchievement(input: { userId: $u, achievementId: $b }) { created }
      bad: awardAchievement(input: { userId: $u, achievementId: "999999" }) { created }
    }`;
    const failed = await t.gql(M, { u: u.id, a: a.id, b: b.id }, { key: OPS });
    expect(failed.errors?.map((e) => e.extensions?.code)).toContain("NOT_FOUND");
    expect(await snapshot()).toEqual(before);

    const M2 = `mutation($u: ID!, $a: ID!) {
      r: revokeAward(input: { userId: $u, achievementId: $a, reason: "x" }) { revoked award { id } }
      w: awardAchievement(input: { userId: $u, achievementId: $a }) { created award { id } }
      again: revokeAward(input: { userId: $u, achievementId: $a, reason: "y" }) { revoked award { id revocationReason } }
    }`;
    const d = ok(await t.gql(M2, { u: u.id, a: a.id }, { key: OPS }));
    expect(d.r.revoked).toBe(true);
    expect(d.w.created).toBe(true);
    expect(d.w.award.id).not.toBe(d.r.award.id);
    expect(d.again).toEqual({ revoked: true, award: { id: d.w.award.id, revocationReason: "y" } });
    expect(await t.db.dataSource.query(`SELECT count(*)::int AS n FROM awards`)).toEqual([{ n: 0 }]);
    expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
  });
});
