/**
 * The statistics of api-contract.md computed the plain way, straight from the definitions, for
 * comparing with the service: every pair of users is looked at, every day is counted.
 */

export interface OracleUser {
  id: string;
  timeZone: string;
}
export interface OracleAward {
  userId: string;
  points: number;
  awardedAt: Date;
}
export interface OracleStreak {
  days: number;
  start: string;
  end: string;
}
export interface OracleUserStats {
  achievementCount: number;
  points: number;
  longestStreak: OracleStreak | null;
}
export interface OracleGap {
  difference: number;
  pairCount: number;
  pairs: { first: string; second: string }[];
}
export interface OracleStats {
  mostAchievements: { count: number; userCount: number; users: string[] } | null;
  mostPoints: { points: number; userCount: number; users: string[] } | null;
  maxPointsDifference: OracleGap | null;
  minPointsDifference: OracleGap | null;
  streaks: (days: number) => { user: string; days: number; start: string; end: string }[];
}

const byId = (a: string, b: string) => Number(BigInt(a) - BigInt(b) < 0n ? -1 : BigInt(a) === BigInt(b) ? 0 : 1);

export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

const dayNumber = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

export function longestStreak(dates: readonly Date[], timeZone: string): OracleStreak | null {
  const days = [...new Set(dates.map((d) => localDate(d, timeZone)))].sort();
  let best: OracleStreak | null = null;
  let start = 0;
  for (let i = 0; i < days.length; i++) {
    const endsRun = i === days.length - 1 || dayNumber(days[i + 1]!) !== dayNumber(days[i]!) + 1;
    if (!endsRun) continue;
    const run = { days: i - start + 1, start: days[start]!, end: days[i]! };
    // Later runs win ties: the latest of equally long streaks.
    if (!best || run.days >= best.days) best = run;
    start = i + 1;
  }
  return best;
}

export function oracle(users: readonly OracleUser[], awards: readonly OracleAward[]) {
  const perUser = new Map<string, OracleUserStats>();
  for (const u of users) {
    const mine = awards.filter((a) => a.userId === u.id);
    perUser.set(u.id, {
      achievementCount: mine.length,
      points: mine.reduce((s, a) => s + a.points, 0),
      longestStreak: longestStreak(
        mine.map((a) => a.awardedAt),
        u.timeZone,
      ),
    });
  }
  const ranked = users
    .filter((u) => perUser.get(u.id)!.achievementCount > 0)
    .map((u) => u.id)
    .sort(byId);
  const pts = (id: string) => perUser.get(id)!.points;
  const cnt = (id: string) => perUser.get(id)!.achievementCount;

  const top = (f: (id: string) => number) => {
    if (ranked.length === 0) return null;
    const best = Math.max(...ranked.map(f));
    const users = ranked.filter((id) => f(id) === best);
    return { value: best, userCount: users.length, users };
  };

  const allPairs: { first: string; second: string; diff: number }[] = [];
  for (let i = 0; i < ranked.length; i++) {
    for (let j = i + 1; j < ranked.length; j++) {
      const a = ranked[i]!;
      const b = ranked[j]!;
      const [first, second] = pts(b) > pts(a) ? [b, a] : [a, b];
      allPairs.push({ first, second, diff: Math.abs(pts(a) - pts(b)) });
    }
  }
  const sortPairs = (ps: { first: string; second: string }[]) =>
    ps.map(({ first, second }) => ({ first, second })).sort((x, y) => byId(x.first, y.first) || byId(x.second, y.second));

  const gapWith = (d: number): OracleGap => {
    const pairs = allPairs.filter((p) => p.diff === d);
    return { difference: d, pairCount: pairs.length, pairs: sortPairs(pairs) };
  };

  let maxPointsDifference: OracleGap | null = null;
  let minPointsDifference: OracleGap | null = null;
  if (ranked.length >= 2) {
    const hi = Math.max(...ranked.map(pts));
    const lo = Math.min(...ranked.map(pts));
    const maxPairs = allPairs.filter((p) => pts(p.first) === hi && pts(p.second) === lo);
    maxPointsDifference = { difference: hi - lo, pairCount: maxPairs.length, pairs: sortPairs(maxPairs) };
    minPointsDifference = gapWith(Math.min(...allPairs.map((p) => p.diff)));
  }

  const mostA = top(cnt);
  const mostP = top(pts);
  const stats: OracleStats = {
    mostAchievements: mostA && { count: mostA.value, userCount: mostA.userCount, users: mostA.users },
    mostPoints: mostP && { points: mostP.value, userCount: mostP.userCount, users: mostP.users },
    maxPointsDifference,
    minPointsDifference,
    streaks: (days) =>
      ranked
        .map((id) => ({ user: id, ...perUser.get(id)!.longestStreak! }))
        .filter((s) => s.days >= days)
        .sort((a, b) => b.days - a.days || byId(a.user, b.user)),
  };
  return { perUser, stats };
}
