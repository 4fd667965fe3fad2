import { oracleBoard } from "../helpers/leaderboard-oracle";
import type { HeldAward, Metric, Period } from "../helpers/leaderboard-oracle";
import { rng, seedAchievements, seedUsers, settleAll } from "../helpers/oracle-agreement";
import { revokeAwardById } from "../helpers/revocation";
import { useTestApp } from "../helpers/test-app";

/**
 * 80 awards over 12 users sent at once over HTTP, then 80 more while most of the first are revoked
 * through revokeAward: nothing fails (no deadlock), and
 * afterwards every board equals the oracle computed from the award rows the database kept.
 */

const t = useTestApp({ poolSize: 20 });

test.each([1, 2])("awards racing revocations leave every board as the held awards say (seed %i)", async (seed) => {
  const rand = rng(seed);
  const userIds = await seedUsers(t, 12, ["UTC"], "board");
  const achievementIds = await seedAchievements(t, 10, [1, 2, 3, 5], "board");
  const base = Date.parse("2025-03-27T00:00:00Z");
  const give = (achievements: string[]) => {
    const userId = userIds[Math.floor(rand() * userIds.length)]!;
    const achievementId = achievements[Math.floor(rand() * achievements.length)]!;
    const awardedAt = new Date(base + Math.floor(rand() * 10 * 24 * 60) * 60_000).toISOString();
    return t
      .gql(`mutation($i: AwardAchievementInput!) { awardAchievement(input: $i) { created award { id } } }`, {
        i: { userId, achievementId, awardedAt },
      })
      .then((r) => {
        expect(r.errors).toBeUndefined();
        return r.data!.awardAchievement.created ? (r.data!.awardAchievement.award.id as string) : undefined;
      });
  };
  // First half of the catalogue awarded at once; then the second half awarded while most of the
  // first half's awards are revoked. (Revoking an award while the same pair is awarded again is
  // the award path's own race, not the boards'.)
  const first: Promise<string | undefined>[] = [];
  for (let i = 0; i < 80; i++) first.push(give(achievementIds.slice(0, 5)));
  await settleAll(first);
  const requests: Promise<unknown>[] = [];
  for (const p of first) {
    const id = await p;
    if (id && rand() < 0.7) requests.push(revokeAwardById(t, id).then((revoked) => expect(revoked).toBe(true)));
    requests.push(give(achievementIds.slice(5)));
  }
  await settleAll(requests);

  const held: HeldAward[] = (
    await t.db.dataSource.query(
      `SELECT w.user_id::text AS "userId", a.points, w.awarded_at AS "awardedAt" FROM awards w JOIN achievements a ON a.id = w.achievement_id`,
    )
  ).map((r: any) => ({ userId: r.userId, points: Number(r.points), awardedAt: new Date(r.awardedAt) }));
  expect(await t.db.dataSource.query(`SELECT * FROM stats_check() WHERE kind LIKE 'leaderboard%'`)).toEqual([]);
  for (const at of ["2025-03-27T12:00:00Z", "2025-03-31T00:00:00Z", "2025-04-05T23:00:00Z"]) {
    for (const m of ["POINTS", "ACHIEVEMENTS"] as Metric[]) {
      for (const p of ["ALL_TIME", "DAY", "WEEK", "MONTH"] as Period[]) {
        const r = await t.gql(
          `query($m: LeaderboardMetric!, $p: LeaderboardPeriod!, $at: DateTime!) {
             stats { leaderboard(metric: $m, period: $p, at: $at, first: 100) { totalCount edges { node { rank value user { id } } } } } }`,
          { m, p, at },
        );
        const got = r.data!.stats.leaderboard;
        const want = oracleBoard(held, m, p, new Date(at));
        expect(got.edges.map((e: any) => ({ rank: e.node.rank, userId: e.node.user.id, value: e.node.value }))).toEqual(want);
        expect(got.totalCount).toBe(want.length);
      }
    }
  }
});
