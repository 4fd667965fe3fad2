import { oracle } from "../helpers/stats-oracle";
import { startTestApp } from "../helpers/test-app";
import type { TestApp } from "../helpers/test-app";

/**
 * 200 awards over 20 users sent at once over HTTP (with duplicates, backdated instants and
 * time-zone changes racing them): afterwards every aggregate and statistic equals the oracle
 * computed from the award rows the database kept.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ poolSize: 20 });
});
afterAll(async () => {
  await t.close();
});

// A small deterministic generator, so a failure can be replayed.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ZONES = ["UTC", "Europe/Moscow", "Asia/Tokyo", "America/New_York", "Australia/Sydney"];

test.each([1, 2, 3])("200 concurrent awards over 20 users agree with the oracle (seed %i)", async (seed) => {
  await t.reset();
  const rand = rng(seed);
  const userIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const r = await t.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
      i: { name: `racer ${i}`, language: "EN", timeZone: ZONES[i % ZONES.length] },
    });
    userIds.push(r.data!.createUser.id);
  }
  const achievementIds: string[] = [];
  for (let i = 0; i < 12; i++) {
    const r = await t.gql(`mutation($i: CreateAchievementInput!) { createAchievement(input: $i) { id } }`, {
      i: { points: [1, 2, 3, 5, 8, 13][i % 6], translations: [{ language: "EN", name: `prize ${i}`, description: "d" }] },
    });
    achievementIds.push(r.data!.createAchievement.id);
  }
  const base = Date.parse("2025-03-01T00:00:00Z");
  const requests: Promise<unknown>[] = [];
  for (let i = 0; i < 200; i++) {
    const userId = userIds[Math.floor(rand() * userIds.length)]!;
    const achievementId = achievementIds[Math.floor(rand() * achievementIds.length)]!;
    const awardedAt = new Date(base + Math.floor(rand() * 14 * 24 * 60) * 60_000).toISOString();
    requests.push(
      t
        .gql(`mutation($i: AwardAchievementInput!) { awardAchievement(input: $i) { created } }`, {
          i: { userId, achievementId, awardedAt },
        })
        .then((r) => {
          expect(r.errors).toBeUndefined();
        }),
    );
    if (i % 20 === 0) {
      const id = userIds[Math.floor(rand() * userIds.length)]!;
      const zone = ZONES[Math.floor(rand() * ZONES.length)]!;
      requests.push(
        t.gql(`mutation($id: ID!, $z: String!) { updateUser(id: $id, input: { timeZone: $z }) { id } }`, { id, z: zone }).then((r) => {
          expect(r.errors).toBeUndefined();
        }),
      );
    }
  }
  await Promise.all(requests);

  const users: { id: string; timeZone: string }[] = await t.db.dataSource.query(
    `SELECT id::text AS id, time_zone AS "timeZone" FROM users`,
  );
  const rows: { userId: string; points: number; awardedAt: Date }[] = await t.db.dataSource.query(
    `SELECT w.user_id::text AS "userId", a.points, w.awarded_at AS "awardedAt" FROM awards w JOIN achievements a ON a.id = w.achievement_id`,
  );
  const dup: { n: string }[] = await t.db.dataSource.query(
    `SELECT count(*) AS n FROM (SELECT 1 FROM awards GROUP BY user_id, achievement_id HAVING count(*) > 1) d`,
  );
  expect(Number(dup[0]!.n)).toBe(0);
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
    expect({
      id: e.node.id,
      achievementCount: e.node.achievementCount,
      points: e.node.points,
      longestStreak: e.node.longestStreak,
    }).toEqual({
      id: e.node.id,
      ...want.perUser.get(e.node.id),
    });
  }
  expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
});
