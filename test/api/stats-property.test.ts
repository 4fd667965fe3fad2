import fc from "fast-check";
import { oracle } from "../helpers/stats-oracle";
import type { OracleAward, OracleUser } from "../helpers/stats-oracle";
import { useTestApp } from "../helpers/test-app";

/**
 * Property: after any history of awards (in any order, backdated ones included, single or in
 * batches), revocations, re-awards and time-zone changes, every statistic, every user's
 * aggregates and every holder count equal what the brute-force oracle computes from the
 * definitions, and the database's own consistency check finds nothing.
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

type AwardOp = { kind: "award"; user: number; achievement: number; minutes: number };
type Op =
  | AwardOp
  | { kind: "zone"; user: number; zone: string }
  | { kind: "revoke"; user: number; achievement: number }
  | { kind: "batch"; items: AwardOp[] };

const awardArb = fc.record({
  kind: fc.constant("award" as const),
  user: fc.nat(),
  achievement: fc.nat(),
  minutes: fc.integer({ min: 0, max: 21 * 24 * 60 }),
});

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: awardArb },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("zone" as const), user: fc.nat(), zone: fc.constantFrom(...ZONES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("revoke" as const), user: fc.nat(), achievement: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("batch" as const), items: fc.array(awardArb, { minLength: 1, maxLength: 6 }) }) },
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
  achievements(first: 100) { edges { node { id holderCount } } }
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
        const user = users[("user" in op ? op.user : 0) % users.length]!;
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
        if (op.kind === "revoke") {
          const a = achievements[op.achievement % achievements.length]!;
          const r = await t.gql(`mutation($i: RevokeAwardInput!) { revokeAward(input: $i) { revoked award { awardedAt } } }`, {
            i: { userId: user.id, achievementId: a.id, reason: "property" },
          });
          const key = `${user.id}/${a.id}`;
          expect(r.data?.revokeAward).toEqual(
            held.has(key)
              ? { revoked: true, award: { awardedAt: held.get(key)!.awardedAt.toISOString() } }
              : { revoked: false, award: null },
          );
          held.delete(key);
          continue;
        }
        const items = op.kind === "batch" ? op.items : [op];
        const inputs = items.map((o) => ({
          userId: users[o.user % users.length]!.id,
          achievementId: achievements[o.achievement % achievements.length]!.id,
          awardedAt: new Date(BASE + o.minutes * 60_000),
        }));
        const answers: { created: boolean; award: { awardedAt: string } }[] = [];
        if (op.kind === "batch") {
          const r = await t.gql(
            `mutation($i: [AwardAchievementInput!]!) { awardAchievements(inputs: $i) { error { code } result { created award { awardedAt } } } }`,
            { i: inputs.map((i) => ({ ...i, awardedAt: i.awardedAt.toISOString() })) },
          );
          for (const item of r.data!.awardAchievements) {
            expect(item.error).toBeNull();
            answers.push(item.result);
          }
        } else {
          const r = await t.gql(`mutation($i: AwardAchievementInput!) { awardAchievement(input: $i) { created award { awardedAt } } }`, {
            i: { ...inputs[0], awardedAt: inputs[0]!.awardedAt.toISOString() },
          });
          answers.push(r.data!.awardAchievement);
        }
        inputs.forEach((i, k) => {
          const key = `${i.userId}/${i.achievementId}`;
          expect(answers[k]!.created).toBe(!held.has(key));
          if (!held.has(key)) {
            held.set(key, { userId: i.userId, points: achievements.find((a) => a.id === i.achievementId)!.points, awardedAt: i.awardedAt });
          }
          expect(answers[k]!.award.awardedAt).toBe(held.get(key)!.awardedAt.toISOString());
        });
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
      const holders = achievements.map((a) => ({ id: a.id, holderCount: [...held.keys()].filter((k) => k.endsWith(`/${a.id}`)).length }));
      expect(r.data!.achievements.edges.map((e: any) => e.node)).toEqual(holders);
      expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
  );
});
