/** Leaderboard metrics and periods, and the UTC bounds of the period holding an instant. */

export enum LeaderboardMetric {
  POINTS = "POINTS",
  ACHIEVEMENTS = "ACHIEVEMENTS",
}

export enum LeaderboardPeriod {
  ALL_TIME = "ALL_TIME",
  DAY = "DAY",
  WEEK = "WEEK",
  MONTH = "MONTH",
}

export const METRIC_CODE = { POINTS: 0, ACHIEVEMENTS: 1 } as const;
export const PERIOD_CODE = { ALL_TIME: 0, DAY: 1, WEEK: 2, MONTH: 3 } as const;

const DAY_MS = 86_400_000;

/**
 * The period of this kind holding `at`: [start, end) in UTC, as the award trigger computes it
 * (date_trunc of the UTC time); null for ALL_TIME.
 */
export function periodBounds(period: LeaderboardPeriod, at: Date): { start: Date; end: Date } | null {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  const dayStart = Date.UTC(y, m, at.getUTCDate());
  switch (period) {
    case LeaderboardPeriod.ALL_TIME:
      return null;
    case LeaderboardPeriod.DAY:
      return { start: new Date(dayStart), end: new Date(dayStart + DAY_MS) };
    case LeaderboardPeriod.WEEK: {
      // getUTCDay: 0 Sunday … 6 Saturday; ISO weeks start on Monday.
      const start = dayStart - ((at.getUTCDay() + 6) % 7) * DAY_MS;
      return { start: new Date(start), end: new Date(start + 7 * DAY_MS) };
    }
    case LeaderboardPeriod.MONTH:
      return { start: new Date(Date.UTC(y, m, 1)), end: new Date(Date.UTC(y, m + 1, 1)) };
  }
}
