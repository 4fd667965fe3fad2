import type { LeaderboardMetric, LeaderboardPeriod } from "../../gql/graphql";
import { href } from "../../router";

export const METRICS: readonly LeaderboardMetric[] = ["POINTS", "ACHIEVEMENTS"];
export const PERIODS: readonly LeaderboardPeriod[] = ["ALL_TIME", "MONTH", "WEEK", "DAY"];

export interface LeaderboardView {
  metric: LeaderboardMetric;
  period: LeaderboardPeriod;
  /** An instant in the period shown (ISO); null: the current period. */
  at: string | null;
  /** The user the page is opened around, marked in the list. */
  around: string | null;
}

/** Reads the view from the address ("#/leaderboards?metric=POINTS&period=WEEK&at=…&around=12"). */
export function leaderboardView(query: URLSearchParams): LeaderboardView {
  const metric = METRICS.find((m) => m === query.get("metric")) ?? "POINTS";
  const period = PERIODS.find((p) => p === query.get("period")) ?? "ALL_TIME";
  const at = query.get("at");
  const around = query.get("around");
  return {
    metric,
    period,
    at: at && !Number.isNaN(Date.parse(at)) ? at : null,
    around: around && /^[1-9][0-9]{0,18}$/.test(around) ? around : null,
  };
}

export function leaderboardHref(v: Partial<LeaderboardView>): string {
  return href("/leaderboards", { metric: v.metric, period: v.period, at: v.at, around: v.around });
}
