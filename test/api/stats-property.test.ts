import fc from "fast-check";
import { oracle } from "../helpers/stats-oracle";
import type { OracleAward, OracleUser } from "../helpers/stats-oracle";
import { useTestApp } from "../helpers/test-app";

/**
 * Property: after any history of awards (in any order, backdated ones included) and time-zone
 * changes, every statistic and every user's aggregates equal what the brute-force oracle computes
 * from the definitions, and the database's own consistency check finds nothing.
 */

const ZONES = [
  "UTC",
  "Europe/Moscow",
  "Asia/Tokyo",
  "America/New_York",
  "Australia/Sydney",
  "Asia/Kolkata",
  "Pacific/Kiritimati",
  "Pacific/Pago_Pago",
] as const;
const POINTS = [1, 2, 3, 5, 8, 13, 100000] as const;
// Three weeks around the European and Australian clock changes of 2025.
const BASE = Date.parse("2025-03-20T00:00:00Z");

type Op = { kind: "award"; user: number; achievement: number; minutes: number } | { kind: "zone"; user: number; zone: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("award" as const),
      user: fc.nat(),
      achievement: fc.nat(),
      minutes: fc.integer({ min: 0, max: 21 * 24 * 60 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("zone" as const), user: fc.nat(), zone: fc.constantFrom(...ZONES) }) },
);

const historyArb = fc.record({
  zones: fc.array(fc.constantFrom(...ZONES), { minLength: 1, maxLength: 7 }),
  points: fc.array(fc.constantFrom(...POINTS), { minLength: 1, maxLength: 6 }),
  ops: fc.array(opArb, { maxLength: 45 }),
  days: fc.integer({ min: 1, max: 5 }),
  listFirst: fc.integer({ min: 1, max: 4 }),
});

const STATS = `query($d: Int!, $n: Int!) {
  full: stats {
    mostAchievements { count userCount users(first: 1000) { id } }
    mostPoints { points userCount users(first: 1000) { id } }
    maxPointsDifference { difference pairCount pairCountExact pairs(first: 1000) { first { id } second { id } } }
    minPointsDifference { difference pairCount pairCountExact pairs(first: 1000) { first { id } second { id } } }
    streaks(days: $d, first: 100) { totalCount edges { node { user { id } streak { days start end } } } }
  }
  short: stats {
    mostAchievements { users(first: $n) { id } }
    mostPoints { users(first: $n) { id } }
    maxPointsDifference { pairs(first: $n) { first { id } second { id } } }
    minPointsDifference { pairs(first: $n) { first { id } second { id } } }
  }
  users(first: 100) { edges { node { id achievementCount points longestStreak { days start end } } } }
}`;

const t = useTestApp({ resetBeforeEach: false });

const ids = (l: { id: string }[]) => l.map((u) => u.id);
const pairs = (l: { first: { id: string }; second: { id: string } }[]) => l.map((p) => ({ first: p.first.id, second: p.second.id }));

test("statistics equal the brute-force oracle on random histories", async () => {
  await fc.assert(
    fc.asyncProperty(historyArb, async (h) => {
      await t.reset();
      const users: OracleUser[] = [];
      for (const [i, zone] of h.zones.entries()) {
        const r = await t.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
          i: { name: `user ${i}`, language: i % 2 ? "RU" : "EN", timeZone: zone },
        });
        users.push({ id: r.data!.createUser.id, timeZone: zone });
      }
      const achievements: { id: string; points: number }[] = [];
      for (const [i, points] of h.points.entries()) {
        const r = await t.gql(`mutation($i: CreateAchievementInput!) { createAchievement(input: $i) { id } }`, {
          i: { points, translations: [{ language: "EN", name: `achievement ${i}`, description: "d" }] },
        });
        achievements.push({ id: r.data!.createAchievement.id, points });
      }
      const held = new Map<string, OracleAward>();
      for (const op of h.ops) {
        const user = users[op.user % users.length]!;
        if (op.kind === "zone") {
          const r = await t.gql(`mutation($id: ID!, $z: String!) { updateUser(id: $id, input: { timeZone: $z }) { timeZone } }`, {
            id: user.id,
            z: op.zone,
          });
          // Served in the spelling Intl resolves it to (Asia/Kolkata may come back as Asia/Calcutta).
          expect(r.data?.updateUser.timeZone).toBe(new Intl.DateTimeFormat("en-US", { timeZone: op.zone }).resolvedOptions().timeZone);
          user.timeZone = op.zone;
          continue;
        }
        const a = achievements[op.achievement % achievements.length]!;
        const at = new Date(BASE + op.minutes * 60_000);
        const r = await t.gql(`mutation($i: AwardAchievementInput!) { awardAchievement(input: $i) { created award { awardedAt } } }`, {
          i: { userId: user.id, achievementId: a.id, awardedAt: at.toISOString() },
        });
        const key = `${user.id}/${a.id}`;
        expect(r.data?.awardAchievement.created).toBe(!held.has(key));
        if (!held.has(key)) held.set(key, { userId: user.id, points: a.points, awardedAt: at });
        expect(r.data?.awardAchievement.award.awardedAt).toBe(held.get(key)!.awardedAt.toISOString());
      }

      const want = oracle(users, [...held.values()]);
      const r = await t.gql(STATS, { d: h.days, n: h.listFirst });
      expect(r.errors).toBeUndefined();
      const { full, short } = r.data!;

      expect(full.mostAchievements && { ...full.mostAchievements, users: ids(full.mostAchievements.users) }).toEqual(
        want.stats.mostAchievements,
      );
      expect(full.mostPoints && { ...full.mostPoints, users: ids(full.mostPoints.users) }).toEqual(want.stats.mostPoints);
      for (const k of ["maxPointsDifference", "minPointsDifference"] as const) {
        const got = full[k];
        const exp = want.stats[k];
        expect(got && { difference: got.difference, pairCount: got.pairCount, pairs: pairs(got.pairs) }).toEqual(exp);
        if (got) expect(got.pairCountExact).toBe(String(exp!.pairCount));
        expect(short[k] && pairs(short[k].pairs)).toEqual(exp && exp.pairs.slice(0, h.listFirst));
      }
      expect(short.mostAchievements && ids(short.mostAchievements.users)).toEqual(
        want.stats.mostAchievements?.users.slice(0, h.listFirst) ?? null,
      );
      expect(short.mostPoints && ids(short.mostPoints.users)).toEqual(want.stats.mostPoints?.users.slice(0, h.listFirst) ?? null);

      const streaks = full.streaks.edges.map((e: any) => ({ user: e.node.user.id, ...e.node.streak }));
      expect(streaks).toEqual(want.stats.streaks(h.days));
      expect(full.streaks.totalCount).toBe(want.stats.streaks(h.days).length);

      for (const e of r.data!.users.edges) {
        expect({ id: e.node.id, ...want.perUser.get(e.node.id) }).toEqual({
          id: e.node.id,
          achievementCount: e.node.achievementCount,
          points: e.node.points,
          longestStreak: e.node.longestStreak,
        });
      }
      expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
  );
});
