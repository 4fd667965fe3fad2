import fc from "fast-check";
import { oracleAround, oracleBoard, oraclePeriod } from "../helpers/leaderboard-oracle";
import type { HeldAward, Metric, Period } from "../helpers/leaderboard-oracle";
import { revokeAwardById } from "../helpers/revocation";
import { useTestApp } from "../helpers/test-app";

/**
 * Property: after any history of awards (backdated, in any order, single or in batches),
 * revocations and re-awards,
 * every leaderboard (both metrics, every period, several instants), its pages read with `after`,
 * its `around` windows and every user's rank equal the brute-force oracle, and stats_check() finds
 * nothing wrong with the boards.
 */

const METRICS: Metric[] = ["POINTS", "ACHIEVEMENTS"];
const PERIODS: Period[] = ["ALL_TIME", "DAY", "WEEK", "MONTH"];
const POINTS = [1, 2, 3, 5, 8] as const;
// Friday 2025-03-28 20:00Z: six weeks over a month's end, weeks' ends and days' ends.
const BASE = Date.parse("2025-03-28T20:00:00Z");
const SPAN_MINUTES = 42 * 24 * 60;

type Op =
  | { kind: "award"; user: number; achievement: number; minutes: number }
  | { kind: "revoke"; pick: number }
  | { kind: "reaward"; pick: number; minutes: number }
  | { kind: "batch"; items: { user: number; achievement: number; minutes: number }[] };

const minutesArb = fc.oneof(
  fc.integer({ min: 0, max: SPAN_MINUTES }),
  // The last and first minutes of UTC days (Sundays and month ends among them).
  fc.integer({ min: 0, max: 41 }).chain((d) => fc.constantFrom(d * 1440 + 239, d * 1440 + 240)),
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("award" as const), user: fc.nat(), achievement: fc.nat(), minutes: minutesArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("revoke" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reaward" as const), pick: fc.nat(), minutes: minutesArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("batch" as const),
      items: fc.array(fc.record({ user: fc.nat(), achievement: fc.nat(), minutes: minutesArb }), { minLength: 1, maxLength: 6 }),
    }),
  },
);

const historyArb = fc.record({
  users: fc.integer({ min: 1, max: 6 }),
  points: fc.array(fc.constantFrom(...POINTS), { minLength: 1, maxLength: 5 }),
  ops: fc.array(opArb, { maxLength: 30 }),
  ats: fc.array(fc.integer({ min: -1440, max: SPAN_MINUTES + 1440 }), { minLength: 1, maxLength: 2 }),
  pageSize: fc.integer({ min: 1, max: 4 }),
  aroundFirst: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 2 }),
});

const t = useTestApp({ resetBeforeEach: false });

const ENTRY = `edges { cursor node { rank value user { id } } } pageInfo { hasNextPage hasPreviousPage endCursor } totalCount`;

function boardsQuery(): string {
  const fields: string[] = [];
  for (const m of METRICS)
    for (const p of PERIODS)
      fields.push(`${m}_${p}: leaderboard(metric: ${m}, period: ${p}, at: $at, first: 100) { periodStart periodEnd ${ENTRY} }`);
  return `query($at: DateTime!) { stats { ${fields.join("\n")} } }`;
}

const PAGE = `query($m: LeaderboardMetric!, $p: LeaderboardPeriod!, $at: DateTime!, $first: Int!, $after: String, $around: ID) {
  stats { leaderboard(metric: $m, period: $p, at: $at, first: $first, after: $after, around: $around) { ${ENTRY} } }
}`;

function ranksQuery(): string {
  const fields: string[] = [];
  for (const m of METRICS) for (const p of PERIODS) fields.push(`${m}_${p}: rank(metric: ${m}, period: ${p})`);
  return `{ users(first: 100) { edges { node { id ${fields.join(" ")} } } } }`;
}

const entries = (b: any) => b.edges.map((e: any) => ({ rank: e.node.rank, userId: e.node.user.id, value: e.node.value }));

test("every leaderboard, page, around window and rank equals the brute-force oracle", async () => {
  await fc.assert(
    fc.asyncProperty(historyArb, async (h) => {
      await t.reset();
      const users: string[] = [];
      for (let i = 0; i < h.users; i++) {
        const r = await t.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
          i: { name: `user ${i}`, language: "EN" },
        });
        users.push(r.data!.createUser.id);
      }
      const achievements: { id: string; points: number }[] = [];
      for (const [i, points] of h.points.entries()) {
        const r = await t.gql(`mutation($i: CreateAchievementInput!) { createAchievement(input: $i) { id } }`, {
          i: { points, translations: [{ language: "EN", name: `achievement ${i}`, description: "d" }] },
        });
        achievements.push({ id: r.data!.createAchievement.id, points });
      }
      // Held awards by award id, and every (user, achievement) ever awarded (for re-awards).
      const held = new Map<string, HeldAward & { key: string }>();
      const everAwarded: { userId: string; achievementId: string; points: number }[] = [];
      const give = async (userId: string, a: { id: string; points: number }, minutes: number) => {
        const at = new Date(BASE + minutes * 60_000);
        const r = await t.gql(`mutation($i: AwardAchievementInput!) { awardAchievement(input: $i) { created award { id awardedAt } } }`, {
          i: { userId, achievementId: a.id, awardedAt: at.toISOString() },
        });
        const key = `${userId}/${a.id}`;
        const already = [...held.values()].some((x) => x.key === key);
        expect(r.data?.awardAchievement.created).toBe(!already);
        if (!already) {
          held.set(r.data!.awardAchievement.award.id, { userId, points: a.points, awardedAt: at, key });
          everAwarded.push({ userId, achievementId: a.id, points: a.points });
        }
      };
      // awardAchievements: each item as a single award would be, in input order.
      const giveBatch = async (items: { userId: string; a: { id: string; points: number }; minutes: number }[]) => {
        const r = await t.gql(
          `mutation($i: [AwardAchievementInput!]!) { awardAchievements(inputs: $i) { index result { created award { id } } error { code } } }`,
          {
            i: items.map((x) => ({
              userId: x.userId,
              achievementId: x.a.id,
              awardedAt: new Date(BASE + x.minutes * 60_000).toISOString(),
            })),
          },
        );
        expect(r.errors).toBeUndefined();
        items.forEach((x, index) => {
          const item = r.data!.awardAchievements[index];
          expect(item.index).toBe(index);
          expect(item.error).toBeNull();
          const key = `${x.userId}/${x.a.id}`;
          const already = [...held.values()].some((w) => w.key === key);
          expect(item.result.created).toBe(!already);
          if (!already) {
            held.set(item.result.award.id, { userId: x.userId, points: x.a.points, awardedAt: new Date(BASE + x.minutes * 60_000), key });
            everAwarded.push({ userId: x.userId, achievementId: x.a.id, points: x.a.points });
          }
        });
      };
      for (const op of h.ops) {
        if (op.kind === "batch") {
          await giveBatch(
            op.items.map((x) => ({
              userId: users[x.user % users.length]!,
              a: achievements[x.achievement % achievements.length]!,
              minutes: x.minutes,
            })),
          );
        } else if (op.kind === "award") {
          await give(users[op.user % users.length]!, achievements[op.achievement % achievements.length]!, op.minutes);
        } else if (op.kind === "revoke") {
          const ids = [...held.keys()];
          if (ids.length === 0) continue;
          const id = ids[op.pick % ids.length]!;
          expect(await revokeAwardById(t, id)).toBe(true);
          held.delete(id);
        } else {
          if (everAwarded.length === 0) continue;
          const e = everAwarded[op.pick % everAwarded.length]!;
          await give(e.userId, { id: e.achievementId, points: e.points }, op.minutes);
        }
      }
      const awards = [...held.values()];
      // ALL_TIME rank 1 is exactly mostPoints' users (and mostAchievements'), revocations included.
      const top = await t.gql(`{ stats { mostPoints { users(first: 100) { id } } mostAchievements { users(first: 100) { id } }
        p: leaderboard(first: 100) { edges { node { rank user { id } } } }
        n: leaderboard(metric: ACHIEVEMENTS, first: 100) { edges { node { rank user { id } } } } } }`);
      expect(top.errors).toBeUndefined();
      const first = (b: any) => b.edges.filter((e: any) => e.node.rank === 1).map((e: any) => e.node.user.id);
      expect(first(top.data!.stats.p)).toEqual((top.data!.stats.mostPoints?.users ?? []).map((u: any) => u.id));
      expect(first(top.data!.stats.n)).toEqual((top.data!.stats.mostAchievements?.users ?? []).map((u: any) => u.id));
      const instants = [...h.ats.map((m) => new Date(BASE + m * 60_000)), ...awards.slice(0, 1).map((a) => a.awardedAt)];

      for (const at of instants) {
        const r = await t.gql(boardsQuery(), { at: at.toISOString() });
        expect(r.errors).toBeUndefined();
        for (const m of METRICS) {
          for (const p of PERIODS) {
            const got = r.data!.stats[`${m}_${p}`];
            const want = oracleBoard(awards, m, p, at);
            const bounds = oraclePeriod(p, at);
            expect({ m, p, start: got.periodStart, end: got.periodEnd, entries: entries(got), total: got.totalCount }).toEqual({
              m,
              p,
              start: bounds?.start ?? null,
              end: bounds?.end ?? null,
              entries: want,
              total: want.length,
            });
            expect(got.pageInfo.hasNextPage).toBe(false);
          }
        }
        // Pages read with `after` and `around` windows, on one metric and period per instant.
        for (const m of METRICS) {
          const p = PERIODS[(instants.indexOf(at) + (m === "POINTS" ? 0 : 2)) % PERIODS.length]!;
          const want = oracleBoard(awards, m, p, at);
          const seen: unknown[] = [];
          let after: string | null = null;
          for (let guard = 0; guard <= want.length; guard++) {
            const page: any = (await t.gql(PAGE, { m, p, at: at.toISOString(), first: h.pageSize, after })).data!.stats.leaderboard;
            seen.push(...entries(page));
            expect(page.edges.length).toBeLessThanOrEqual(h.pageSize);
            expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
            if (!page.pageInfo.hasNextPage) break;
            after = page.pageInfo.endCursor;
          }
          expect(seen).toEqual(want);
          for (const [i, userId] of users.entries()) {
            const first = h.aroundFirst[i % h.aroundFirst.length]!;
            const page = (await t.gql(PAGE, { m, p, at: at.toISOString(), first, around: userId })).data!.stats.leaderboard;
            const w = oracleAround(want, userId, first);
            expect({ userId, first, entries: entries(page), next: page.pageInfo.hasNextPage, prev: page.pageInfo.hasPreviousPage }).toEqual(
              {
                userId,
                first,
                entries: w.entries,
                next: w.hasNextPage,
                prev: w.hasPreviousPage,
              },
            );
            if (page.pageInfo.hasNextPage) {
              const rest = (await t.gql(PAGE, { m, p, at: at.toISOString(), first: 100, after: page.pageInfo.endCursor })).data!.stats
                .leaderboard;
              expect(entries(rest)).toEqual(want.slice(want.findIndex((e) => e.userId === w.entries.at(-1)!.userId) + 1));
            }
          }
        }
        // User.rank: the current period at the server's clock.
        t.setNow(at.getTime());
        const ranks = (await t.gql(ranksQuery())).data!.users.edges;
        t.setNow(undefined);
        for (const e of ranks) {
          for (const m of METRICS) {
            for (const p of PERIODS) {
              const mine = oracleBoard(awards, m, p, at).find((x) => x.userId === e.node.id);
              expect([e.node.id, m, p, e.node[`${m}_${p}`]]).toEqual([e.node.id, m, p, mine?.rank ?? null]);
            }
          }
        }
      }
      expect(await t.db.dataSource.query(`SELECT * FROM stats_check() WHERE kind LIKE 'leaderboard%'`)).toEqual([]);
      // The rebuild agrees with the trigger.
      const before = await t.db.dataSource.query(`SELECT * FROM leaderboard_levels WHERE user_count > 0 ORDER BY 1, 2, 3, 4`);
      const valuesBefore = await t.db.dataSource.query(`SELECT * FROM leaderboard_values ORDER BY 1, 2, 3`);
      await t.db.dataSource.transaction((q) => q.query(`SELECT stats_rebuild()`));
      expect(await t.db.dataSource.query(`SELECT * FROM leaderboard_levels ORDER BY 1, 2, 3, 4`)).toEqual(before);
      expect(await t.db.dataSource.query(`SELECT * FROM leaderboard_values ORDER BY 1, 2, 3`)).toEqual(valuesBefore);
      expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 15) },
  );
  // Each run makes about a hundred requests: on a loaded machine 15 runs take 20–40 s.
}, 120_000);
