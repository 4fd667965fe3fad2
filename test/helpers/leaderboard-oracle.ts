/**
 * Leaderboards computed by brute force from the definitions (api-contract.md, "Leaderboards"):
 * each held award counted in the UTC day, ISO week and month of its awardedAt.
 */

export type Metric = "POINTS" | "ACHIEVEMENTS";
export type Period = "ALL_TIME" | "DAY" | "WEEK" | "MONTH";

export interface HeldAward {
  userId: string;
  points: number;
  awardedAt: Date;
}

export interface OracleEntry {
  rank: number;
  userId: string;
  value: number;
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Start and end of the period holding `at`, computed from calendar fields (not the service's code). */
export function oraclePeriod(period: Period, at: Date): { start: string; end: string } | null {
  if (period === "ALL_TIME") return null;
  const day = new Date(`${iso(at)}T00:00:00.000Z`);
  if (period === "DAY") return { start: day.toISOString(), end: new Date(day.getTime() + 86_400_000).toISOString() };
  if (period === "WEEK") {
    const start = new Date(day);
    while (start.getUTCDay() !== 1) start.setUTCDate(start.getUTCDate() - 1);
    const end = new Date(start);
    end.setUTCDate(end.getUTCDate() + 7);
    return { start: start.toISOString(), end: end.toISOString() };
  }
  const start = new Date(`${iso(at).slice(0, 7)}-01T00:00:00.000Z`);
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + 1);
  return { start: start.toISOString(), end: end.toISOString() };
}

/** The whole board, in order, with competition ranks. */
export function oracleBoard(awards: readonly HeldAward[], metric: Metric, period: Period, at: Date): OracleEntry[] {
  const p = oraclePeriod(period, at);
  const values = new Map<string, number>();
  for (const a of awards) {
    const t = a.awardedAt.toISOString();
    if (p && (t < p.start || t >= p.end)) continue;
    values.set(a.userId, (values.get(a.userId) ?? 0) + (metric === "POINTS" ? a.points : 1));
  }
  const list = [...values].filter(([, v]) => v > 0);
  list.sort(([ua, va], [ub, vb]) => vb - va || (BigInt(ua) < BigInt(ub) ? -1 : 1));
  return list.map(([userId, value]) => ({ userId, value, rank: 1 + list.filter(([, v]) => v > value).length }));
}

/** The `around` window of the contract, from the whole board. */
export function oracleAround(board: readonly OracleEntry[], userId: string, first: number) {
  const i = board.findIndex((e) => e.userId === userId);
  if (i < 0) return { entries: [], hasNextPage: false, hasPreviousPage: false };
  let start = Math.max(0, i - Math.floor((first - 1) / 2));
  start = Math.max(0, Math.min(start, board.length - first));
  const entries = board.slice(start, start + first);
  return { entries, hasNextPage: start + first < board.length, hasPreviousPage: start > 0 };
}
