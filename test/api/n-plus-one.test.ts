import { award, createAchievement, createUser, ok } from "../helpers/fixtures";
import type { AchievementData } from "../helpers/fixtures";
import { recordStatements } from "../helpers/sql-counter";
import { useTestApp } from "../helpers/test-app";

/**
 * A nested list query must cost a fixed number of SQL statements, whatever the number of users
 * and awards: the per-request DataLoaders batch every level into one statement.
 */
const t = useTestApp({ resetBeforeEach: false });

const NESTED = `{
  users(first: 50) {
    edges { node {
      awards(first: 20) { edges { node { name achievement { translations { name } } } } }
    } }
  }
}`;

const WIDE = `{
  users(first: 50) {
    totalCount
    edges { cursor node {
      id name language timeZone createdAt
      awards(first: 20) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node {
          id awardedAt language name description points
          user { id name awards(first: 1) { edges { node { id } } } }
          achievement { id points holderCount name ru: name(language: RU) description translations { language name description } }
        } }
      }
    } }
  }
  achievements(first: 50) { totalCount edges { node { id name translations { name } } } }
}`;

/** `users` users, each holding `perUser` of the achievements (rotating, with distinct instants). */
async function seed(users: number, perUser: number, catalogue: AchievementData[]): Promise<void> {
  await t.reset();
  const achievements: AchievementData[] = [];
  for (const a of catalogue) {
    achievements.push(await createAchievement(t, { points: a.points, translations: a.translations }));
  }
  for (let i = 0; i < users; i++) {
    const u = await createUser(t, { language: i % 2 ? "RU" : "EN" });
    for (let k = 0; k < perUser; k++) {
      const a = achievements[(i + k) % achievements.length]!;
      await award(t, u.id, a.id, new Date(Date.UTC(2024, 0, 1 + k, i % 24)).toISOString());
    }
  }
}

async function statementsFor(query: string): Promise<{ count: number; data: any; statements: string[] }> {
  const rec = recordStatements(t.db.dataSource);
  try {
    const data = ok(await t.gql(query));
    return { count: rec.statements.length, data, statements: [...rec.statements] };
  } finally {
    rec.stop();
  }
}

test("a nested list query sends as many statements for 50 users as for 5, and only a few", async () => {
  const catalogue: AchievementData[] = Array.from({ length: 8 }, (_, i) => ({
    id: "",
    points: 10 * (i + 1),
    createdAt: "",
    holderCount: 0,
    translations:
      i % 3 === 0
        ? [{ language: "EN", name: `Only EN ${i}`, description: "d" }]
        : [
            { language: "EN", name: `Both ${i}`, description: "d" },
            { language: "RU", name: `Оба ${i}`, description: "о" },
          ],
  }));

  await seed(5, 4, catalogue);
  const small = await statementsFor(NESTED);
  const smallWide = await statementsFor(WIDE);
  expect(small.data.users.edges).toHaveLength(5);
  expect(small.data.users.edges.every((e: any) => e.node.awards.edges.length === 4)).toBe(true);

  await seed(50, 4, catalogue);
  const large = await statementsFor(NESTED);
  const largeWide = await statementsFor(WIDE);
  expect(large.data.users.edges).toHaveLength(50);
  expect(large.data.users.edges.every((e: any) => e.node.awards.edges.length === 4)).toBe(true);
  expect(large.data.users.edges[1].node.awards.edges[0].node.achievement.translations.length).toBeGreaterThan(0);

  // The users page, then the awards of all users with their achievements and texts: the
  // achievement and translation loaders are primed by the award pages, the users are known.
  expect(names(small.statements)).toEqual(["awards.pageForUsers", "users.page"]);
  // The same statements (named by their tag comment), whatever the size: no statement per user or per award.
  expect(tags(large.statements)).toEqual(tags(small.statements));
  expect(tags(largeWide.statements)).toEqual(tags(smallWide.statements));
  expect(largeWide.count).toBeLessThanOrEqual(10);
});

test("a user's page (name, points, 20 awards with name and points) is one statement", async () => {
  await t.reset();
  const en = await createAchievement(t, { points: 30, translations: [{ language: "EN", name: "Only English", description: "d" }] });
  const both = await createAchievement(t, {
    points: 12,
    translations: [
      { language: "EN", name: "Both", description: "d" },
      { language: "RU", name: "Оба", description: "о" },
    ],
  });
  const u = await createUser(t, { language: "RU" });
  await award(t, u.id, en.id, "2024-01-01T10:00:00Z");
  await award(t, u.id, both.id, "2024-01-02T10:00:00Z");
  const page = await statementsFor(
    `{ user(id: "${u.id}") { name points achievementCount longestStreak { days }
       awards(first: 20) { edges { node { name language awardedAt points achievement { holderCount translations { language } } } } } } }`,
  );
  expect(names(page.statements)).toEqual(["awards.firstPageWithUser"]);
  expect(page.data.user).toMatchObject({ points: 42, achievementCount: 2, longestStreak: { days: 2 } });
  expect(page.data.user.awards.edges.map((e: any) => e.node)).toEqual([
    expect.objectContaining({
      name: "Оба",
      language: "RU",
      points: 12,
      achievement: { holderCount: 1, translations: [{ language: "EN" }, { language: "RU" }] },
    }),
    expect.objectContaining({
      name: "Only English",
      language: "EN",
      points: 30,
      achievement: { holderCount: 1, translations: [{ language: "EN" }] },
    }),
  ]);

  // The same page read the other way (awards asked twice, differently) answers the same.
  const twoWays = await statementsFor(
    `{ user(id: "${u.id}") { name points achievementCount longestStreak { days }
       awards(first: 20) { edges { node { name language awardedAt points achievement { holderCount translations { language } } } } }
       one: awards(first: 1) { pageInfo { hasNextPage endCursor } } } }`,
  );
  expect(names(twoWays.statements)).toEqual(["awards.pageForUsers", "awards.pageForUsers", "users.byIds"]);
  const { one, ...rest } = twoWays.data.user;
  expect(rest).toEqual(page.data.user);
  expect(one.pageInfo.hasNextPage).toBe(true);

  // A page after a cursor, and a bad first, are read (and refused) by the awards field as before.
  const next = await statementsFor(
    `{ user(id: "${u.id}") { name awards(first: 1, after: "${one.pageInfo.endCursor}") { edges { node { name } } } } }`,
  );
  expect(names(next.statements)).toEqual(["awards.pageForUsers", "users.byIds"]);
  expect(next.data.user.awards.edges).toEqual([{ node: { name: "Only English" } }]);
  const bad = await t.gql(`{ user(id: "${u.id}") { name awards(first: 0) { edges { node { name } } } } }`);
  expect(bad.errors?.[0]).toMatchObject({ path: ["user", "awards"], extensions: { code: "BAD_USER_INPUT" } });

  // A user without awards, and no user at all.
  const idle = await createUser(t, {});
  const none = await statementsFor(`{ user(id: "${idle.id}") { id points awards { totalCount edges { node { name } } } } }`);
  expect(names(none.statements)).toEqual(["awards.countForUsers", "awards.firstPageWithUser"]);
  expect(none.data.user).toEqual({ id: idle.id, points: 0, awards: { totalCount: 0, edges: [] } });
  expect((await statementsFor(`{ user(id: "987654321") { id awards { edges { cursor } } } }`)).data.user).toBeNull();
});

test("revoked awards of 50 users cost the same statements as those of 5", async () => {
  const REVOKED = `{
    users(first: 50) {
      edges { node {
        id
        revokedAwards(first: 20) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { cursor node { id awardedAt revokedAt revocationReason revokedBy name language points user { id } achievement { id holderCount } } }
        }
      } }
    }
  }`;
  const seedRevoked = async (users: number) => {
    await t.reset();
    const achievements = [await createAchievement(t, { points: 5 }), await createAchievement(t, { points: 7 })];
    for (let i = 0; i < users; i++) {
      const u = await createUser(t, { language: i % 2 ? "RU" : "EN" });
      for (const a of achievements) {
        await award(t, u.id, a.id, "2024-01-01T00:00:00Z");
        ok(
          await t.gql(`mutation($i: RevokeAwardInput!) { revokeAward(input: $i) { revoked } }`, {
            i: { userId: u.id, achievementId: a.id, reason: `reason ${i}` },
          }),
        );
      }
    }
  };
  await seedRevoked(5);
  const small = await statementsFor(REVOKED);
  await seedRevoked(50);
  const large = await statementsFor(REVOKED);
  expect(large.data.users.edges).toHaveLength(50);
  expect(large.data.users.edges.every((e: any) => e.node.revokedAwards.totalCount === 2 && e.node.revokedAwards.edges.length === 2)).toBe(
    true,
  );
  expect(tags(large.statements)).toEqual(tags(small.statements));
  expect(names(small.statements)).toEqual([
    "achievements.byIds",
    "achievements.translations",
    "awards.revokedCountForUsers",
    "awards.revokedPageForUsers",
    "users.page",
  ]);
});

/** The statements' names (their tag comments), sorted. */
function names(statements: string[]): string[] {
  return statements.map((s) => /^\s*\/\* ([\w.]+) \*\//.exec(s)?.[1] ?? s.slice(0, 60)).sort();
}

/** The statements' first lines (their tag comments), sorted: a readable failure when a count grows. */
function tags(statements: string[]): string[] {
  return statements.map((s) => s.trim().split("\n")[0]!.slice(0, 60)).sort();
}

test("users' progress with achievements, rarity and awards costs the same statements for 50 users as for 5", async () => {
  const QUERY = `{
    users(first: 50) { edges { node {
      progress(first: 10) { totalCount edges { node {
        current target updatedAt user { id } award { id }
        achievement { id hidden steps holderPercent name translations { name } }
      } } }
    } } }
    achievements(first: 50) { edges { node { holderPercent } } }
  }`;
  const seedProgress = async (users: number) => {
    await t.reset();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await t.gql<{ createAchievement: { id: string } }>(
        `mutation($input: CreateAchievementInput!) { createAchievement(input: $input) { id } }`,
        { input: { points: 5, steps: 10, hidden: i % 2 === 0, translations: [{ language: "EN", name: `Steps ${i}`, description: "d" }] } },
      );
      ids.push(ok(r).createAchievement.id);
    }
    for (let i = 0; i < users; i++) {
      const u = await createUser(t);
      for (let k = 0; k < 3; k++) {
        ok(
          await t.gql(`mutation($i: ReportProgressInput!) { reportProgress(input: $i) { applied } }`, {
            i: { userId: u.id, achievementId: ids[(i + k) % ids.length], increment: 1 + k },
          }),
        );
      }
    }
  };
  await seedProgress(5);
  const small = await statementsFor(QUERY);
  await seedProgress(50);
  const large = await statementsFor(QUERY);
  expect(large.data.users.edges).toHaveLength(50);
  expect(large.data.users.edges.every((e: any) => e.node.progress.edges.length === 3)).toBe(true);
  // The users page, the progress pages of all users with their achievements and texts, their
  // counts, the achievements page and the number of users once for every holderPercent.
  expect(names(small.statements)).toEqual([
    "achievements.page",
    "progress.countForUsers",
    "progress.pageForUsers",
    "users.page",
    "users.total",
  ]);
  expect(tags(large.statements)).toEqual(tags(small.statements));
});

test("a leaderboard page with its total, its users and their ranks costs the same statements for 50 entries as for 5", async () => {
  const catalogue: AchievementData[] = Array.from({ length: 4 }, (_, i) => ({
    id: "",
    points: 5 * (i + 1),
    createdAt: "",
    holderCount: 0,
    translations: [{ language: "EN", name: `Board ${i}`, description: "d" }],
  }));
  const BOARD = `{ stats { leaderboard(first: 100, period: MONTH, at: "2024-01-15T00:00:00Z") { totalCount
    edges { node { rank value user { id name points rank(metric: ACHIEVEMENTS) week: rank(period: WEEK) } } } } } }`;
  await seed(5, 3, catalogue);
  const small = await statementsFor(BOARD);
  expect(small.data.stats.leaderboard.edges).toHaveLength(5);
  await seed(50, 3, catalogue);
  const large = await statementsFor(BOARD);
  expect(large.data.stats.leaderboard.edges).toHaveLength(50);
  expect(tags(large.statements)).toEqual(tags(small.statements));
  // The page statement brings the board's total and the entries' users along.
  expect(names(small.statements)).toEqual(["leaderboard.page", "leaderboard.ranks", "leaderboard.ranks"]);
  expect(large.data.stats.leaderboard.totalCount).toBe(50);
  expect(large.data.stats.leaderboard.edges.map((e: any) => e.node.user.points)).toEqual(
    large.data.stats.leaderboard.edges.map((e: any) => e.node.value),
  );

  const someone = large.data.stats.leaderboard.edges[20].node.user.id;
  const around = await statementsFor(
    `{ stats { leaderboard(first: 10, period: MONTH, at: "2024-01-15T00:00:00Z", around: "${someone}") { totalCount
      edges { node { rank user { id name } } } } } }`,
  );
  expect(names(around.statements)).toEqual(["leaderboard.around"]);
  expect(around.data.stats.leaderboard.totalCount).toBe(50);
  expect(around.data.stats.leaderboard.edges.map((e: any) => e.node.user.id)).toContain(someone);

  // No entries, no row to carry the total: it is read on its own.
  const outsider = await createUser(t, {});
  const empty = await statementsFor(
    `{ stats { leaderboard(period: MONTH, at: "2024-01-15T00:00:00Z", around: "${outsider.id}") { totalCount edges { cursor } } } }`,
  );
  expect(names(empty.statements)).toEqual(["leaderboard.around", "leaderboard.total"]);
  expect(empty.data.stats.leaderboard).toEqual({ totalCount: 50, edges: [] });

  // Without totalCount the page does not sum the board.
  const plain = await statementsFor(`{ stats { leaderboard(first: 3, period: MONTH, at: "2024-01-15T00:00:00Z") { edges { cursor } } } }`);
  expect(names(plain.statements)).toEqual(["leaderboard.page"]);
  expect(plain.statements[0]).not.toContain('AS "total"');
  expect(around.statements[0]).toContain('AS "total"');
});
