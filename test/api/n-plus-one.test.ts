import { award, createAchievement, createUser, ok } from "../helpers/fixtures";
import type { AchievementData } from "../helpers/fixtures";
import { recordStatements } from "../helpers/sql-counter";
import { startTestApp } from "../helpers/test-app";
import type { TestApp } from "../helpers/test-app";

/**
 * A nested list query must cost a fixed number of SQL statements, whatever the number of users
 * and awards: the per-request DataLoaders batch every level into one statement.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

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

  expect(small.count).toBeGreaterThanOrEqual(3); // the recorder sees the statements
  // The same statements (named by their tag comment), whatever the size: no statement per user or per award.
  expect(tags(large.statements)).toEqual(tags(small.statements));
  expect(tags(largeWide.statements)).toEqual(tags(smallWide.statements));
  // users page, awards of all users, achievements, translations (the users are already known).
  expect(large.count).toBeLessThanOrEqual(5);
  expect(largeWide.count).toBeLessThanOrEqual(10);
});

/** The statements' first lines (their tag comments), sorted: a readable failure when a count grows. */
function tags(statements: string[]): string[] {
  return statements.map((s) => s.trim().split("\n")[0]!.slice(0, 60)).sort();
}
