import { oracle } from "./stats-oracle";
import type { TestApp } from "./test-app";

/** A small deterministic generator, so that a failing run of a concurrency test can be replayed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * After concurrent writes: no (user, achievement) pair was awarded twice, every statistic
 * (streaks of 2 days) and every user's aggregates through GraphQL equal the oracle computed from
 * the award rows the database kept, so does every achievement's holderCount, and stats_check()
 * finds nothing. Returns how many awards were kept.
 */
export async function expectAgreementWithOracle(t: TestApp): Promise<number> {
  const dup: { n: string }[] = await t.db.dataSource.query(
    `SELECT count(*) AS n FROM (SELECT 1 FROM awards GROUP BY user_id, achievement_id HAVING count(*) > 1) d`,
  );
  expect(Number(dup[0]!.n)).toBe(0);
  const users: { id: string; timeZone: string }[] = await t.db.dataSource.query(
    `SELECT id::text AS id, time_zone AS "timeZone" FROM users`,
  );
  const rows: { userId: string; points: number; awardedAt: Date }[] = await t.db.dataSource.query(
    `SELECT w.user_id::text AS "userId", a.points, w.awarded_at AS "awardedAt" FROM awards w JOIN achievements a ON a.id = w.achievement_id`,
  );
  const want = oracle(users, rows);

  const r = await t.gql(`{
    stats {
      mostAchievements { count userCount users(first: 1000) { id } }
      mostPoints { points userCount users(first: 1000) { id } }
      maxPointsDifference { difference pairCount pairs(first: 1000) { first { id } second { id } } }
      minPointsDifference { difference pairCount pairs(first: 1000) { first { id } second { id } } }
      streaks(days: 2, first: 100) { totalCount edges { node { user { id } streak { days start end } } } }
    }
    users(first: 100) { edges { node { id achievementCount points longestStreak { days start end } } } }
    achievements(first: 100) { edges { node { id holderCount } } }
  }`);
  expect(r.errors).toBeUndefined();
  const s = r.data!.stats;
  const ids = (l: { id: string }[]) => l.map((u) => u.id);
  const pairs = (g: any) =>
    g && { difference: g.difference, pairCount: g.pairCount, pairs: g.pairs.map((p: any) => ({ first: p.first.id, second: p.second.id })) };
  expect(s.mostAchievements && { ...s.mostAchievements, users: ids(s.mostAchievements.users) }).toEqual(want.stats.mostAchievements);
  expect(s.mostPoints && { ...s.mostPoints, users: ids(s.mostPoints.users) }).toEqual(want.stats.mostPoints);
  expect(pairs(s.maxPointsDifference)).toEqual(want.stats.maxPointsDifference);
  expect(pairs(s.minPointsDifference)).toEqual(want.stats.minPointsDifference);
  expect(s.streaks.edges.map((e: any) => ({ user: e.node.user.id, ...e.node.streak }))).toEqual(want.stats.streaks(2));
  for (const e of r.data!.users.edges) {
    const { id, achievementCount, points, longestStreak } = e.node;
    expect({ id, achievementCount, points, longestStreak }).toEqual({ id, ...want.perUser.get(id) });
  }
  const holders: { id: string; n: number }[] = await t.db.dataSource.query(
    `SELECT a.id::text AS id, (SELECT count(*) FROM awards w WHERE w.achievement_id = a.id)::int AS n FROM achievements a ORDER BY a.id`,
  );
  expect(r.data!.achievements.edges.map((e: any) => ({ id: e.node.id, n: e.node.holderCount }))).toEqual(holders.slice(0, 100));
  expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
  return rows.length;
}

/** Creates `n` users named `${prefix} ${i}` (language EN), the time zones taken in turn; returns their ids. */
export async function seedUsers(t: TestApp, n: number, zones: readonly string[], prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await t.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
      i: { name: `${prefix} ${i}`, language: "EN", timeZone: zones[i % zones.length] },
    });
    ids.push(r.data!.createUser.id);
  }
  return ids;
}

/** Creates `n` achievements named `${prefix} ${i}` (EN only), the points taken in turn; returns their ids. */
export async function seedAchievements(t: TestApp, n: number, points: readonly number[], prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await t.gql(`mutation($i: CreateAchievementInput!) { createAchievement(input: $i) { id } }`, {
      i: { points: points[i % points.length], translations: [{ language: "EN", name: `${prefix} ${i}`, description: "d" }] },
    });
    ids.push(r.data!.createAchievement.id);
  }
  return ids;
}

/**
 * Waits for every request, then fails with the first failure: no request of a failed test is
 * still in flight (and writing, and logging) when the next test starts.
 */
export async function settleAll(requests: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(requests)).find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

/** A user's time zone changed, sent among racing awards (it moves the user's streak days). */
export const TIME_ZONE_CHANGE = `mutation($id: ID!, $z: String!) { updateUser(id: $id, input: { timeZone: $z }) { id } }`;

/**
 * Requests sent at once without waiting: each must answer without errors, and `then` sees its
 * data; `settle()` waits for all of them (settleAll).
 */
export function racingRequests(t: TestApp): {
  send(query: string, variables: Record<string, unknown>, then?: (data: any) => void): void;
  settle(): Promise<void>;
} {
  const requests: Promise<unknown>[] = [];
  return {
    send(query, variables, then = () => undefined) {
      requests.push(
        t.gql(query, variables).then((r) => {
          expect(r.errors).toBeUndefined();
          then(r.data);
        }),
      );
    },
    settle: () => settleAll(requests),
  };
}

/** No award is both held and in the revoked history. */
export async function expectNoAwardHeldAndRevoked(t: TestApp): Promise<void> {
  const both: unknown[] = await t.db.dataSource.query(`SELECT r.id FROM revoked_awards r JOIN awards w ON w.id = r.id`);
  expect(both).toEqual([]);
}
