import golden from "../contract/stats-golden.json";
import { useTestApp } from "../helpers/test-app";

/** Every worked case of ../shared/examples/stats-golden.json (committed in test/contract/), through GraphQL over HTTP. */

interface GoldenCase {
  name: string;
  users: { id: string; name: string; language: string; timeZone: string }[];
  achievements: { id: string; points: number; translations: { language: string; name: string; description: string }[] }[];
  awards: { user: string; achievement: string; awardedAt: string }[];
  expected: {
    users: Record<string, { achievementCount: number; points: number; longestStreak: { days: number; start: string; end: string } | null }>;
    stats: Record<string, any>;
  };
}

const cases = (golden as unknown as { cases: GoldenCase[] }).cases;

const STATS = `query($d: Int!) {
  stats {
    mostAchievements { count userCount users { name } }
    mostPoints { points userCount users { name } }
    maxPointsDifference { difference pairCount pairs { first { name } second { name } } }
    minPointsDifference { difference pairCount pairs { first { name } second { name } } }
    streaks(days: $d, first: 100) { totalCount edges { node { user { name } streak { days start end } } } }
  }
}`;

const t = useTestApp({ resetBeforeEach: false });

describe.each(cases.map((c) => [c.name, c] as const))("golden case %s", (_name, c) => {
  beforeAll(async () => {
    await t.reset();
    for (const u of c.users) {
      const r = await t.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
        i: { name: u.name, language: u.language, timeZone: u.timeZone },
      });
      expect(r.data?.createUser.id).toBe(u.id);
    }
    const byName = new Map<string, string>();
    for (const a of c.achievements) {
      const r = await t.gql(`mutation($i: CreateAchievementInput!) { createAchievement(input: $i) { id } }`, {
        i: { points: a.points, translations: a.translations },
      });
      expect(r.data?.createAchievement.id).toBe(a.id);
      const label = a.translations.find((x) => x.language === "EN")?.name ?? a.translations[0]!.name;
      byName.set(label, a.id);
    }
    const userId = new Map(c.users.map((u) => [u.name, u.id]));
    for (const w of c.awards) {
      const r = await t.gql(`mutation($i: AwardAchievementInput!) { awardAchievement(input: $i) { created } }`, {
        i: { userId: userId.get(w.user), achievementId: byName.get(w.achievement), awardedAt: w.awardedAt },
      });
      expect(r.errors).toBeUndefined();
      expect(r.data?.awardAchievement.created).toBe(true);
    }
  });

  test("every user's count, points and longest streak", async () => {
    for (const u of c.users) {
      const r = await t.gql(`query($id: ID!) { user(id: $id) { achievementCount points longestStreak { days start end } } }`, { id: u.id });
      expect({ name: u.name, ...r.data?.user }).toEqual({ name: u.name, ...c.expected.users[u.name] });
    }
  });

  const streakKeys = Object.keys(c.expected.stats.streaks as Record<string, unknown>);
  test.each(streakKeys)("the statistics with streaks(%s)", async (key) => {
    const days = Number(key.replace("days=", ""));
    const r = await t.gql(STATS, { d: days });
    expect(r.errors).toBeUndefined();
    const s = r.data!.stats;
    const names = (list: { name: string }[]) => list.map((u) => u.name);
    const gap = (g: any) =>
      g && {
        difference: g.difference,
        pairCount: g.pairCount,
        pairs: g.pairs.map((p: any) => ({ first: p.first.name, second: p.second.name })),
      };
    const e = c.expected.stats;
    expect(s.mostAchievements && { ...s.mostAchievements, users: names(s.mostAchievements.users) }).toEqual(e.mostAchievements);
    expect(s.mostPoints && { ...s.mostPoints, users: names(s.mostPoints.users) }).toEqual(e.mostPoints);
    expect(gap(s.maxPointsDifference)).toEqual(e.maxPointsDifference);
    expect(gap(s.minPointsDifference)).toEqual(e.minPointsDifference);
    const streaks = s.streaks.edges.map((x: any) => ({ user: x.node.user.name, ...x.node.streak }));
    expect(streaks).toEqual(e.streaks[key]);
    expect(s.streaks.totalCount).toBe(e.streaks[key].length);
  });

  test("the stored aggregates agree with the awards", async () => {
    expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
  });
});
