import type { Queryable } from "../../db/queryable";
import { BadUserInputError } from "../../common/errors";
import { paginate } from "../../common/pagination";
import type { Connection } from "../../common/pagination";
import { statisticsRepository } from "./statistics.repository";
import type { StreakRow, UserStatsRow } from "./statistics.repository";
import type { PointsGap, UsersWithCount, UsersWithPoints } from "./statistics.type";

const INT_MAX = 2147483647n;
const STREAK_CURSOR = "streaks";
export const MAX_STREAK_DAYS = 3660;

function pairCount(n: bigint): Pick<PointsGap, "pairCount" | "pairCountExact"> {
  return { pairCount: Number(n > INT_MAX ? INT_MAX : n), pairCountExact: n.toString() };
}

/** The first `limit` pairs (a, b) with a < b of ids sorted ascending, in (a, b) order. */
function pairsWithin(ids: readonly string[], limit: number): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < ids.length && out.length < limit; i++) {
    for (let j = i + 1; j < ids.length && out.length < limit; j++) out.push([ids[i]!, ids[j]!]);
  }
  return out;
}

/** The first `limit` pairs of the product highs × lows in (high, low) order. */
function pairsAcross(highs: readonly string[], lows: readonly string[], limit: number): [string, string][] {
  const out: [string, string][] = [];
  for (const h of highs) {
    for (const l of lows) {
      if (out.length >= limit) return out;
      out.push([h, l]);
    }
  }
  return out;
}

export class StatisticsService {
  async mostAchievements(read: Queryable, limit: number): Promise<UsersWithCount | null> {
    const row = await statisticsRepository.mostAchievements(read, limit);
    if (!row) return null;
    return { count: Number(row.value), userCount: Number(row.userCount), userIds: row.userIds };
  }

  async mostPoints(read: Queryable, limit: number): Promise<UsersWithPoints | null> {
    const row = await statisticsRepository.mostPoints(read, limit);
    if (!row) return null;
    return { points: Number(row.value), userCount: Number(row.userCount), userIds: row.userIds };
  }

  async maxPointsDifference(read: Queryable, limit: number): Promise<PointsGap | null> {
    const row = await statisticsRepository.maxPointsDifference(read, limit);
    if (!row) return null;
    if (row.high === row.low) {
      // Every ranked user has the same points: every pair has the largest difference, 0.
      const n = BigInt(row.highCount);
      if (n < 2n) return null;
      return { difference: 0, ...pairCount((n * (n - 1n)) / 2n), pairIds: pairsWithin(row.highIds, limit) };
    }
    return {
      difference: Number(BigInt(row.high) - BigInt(row.low)),
      ...pairCount(BigInt(row.highCount) * BigInt(row.lowCount)),
      pairIds: pairsAcross(row.highIds.slice(0, limit), row.lowIds, limit),
    };
  }

  async minPointsDifference(read: Queryable, limit: number): Promise<PointsGap | null> {
    const row = await statisticsRepository.minPointsDifference(read, limit);
    if (!row) return null;
    const pairIds = row.pairs.map((p) => p.split(":") as [string, string]);
    const zero = BigInt(row.zeroPairs);
    if (zero > 0n) return { difference: 0, ...pairCount(zero), pairIds };
    if (row.gap === null) return null; // fewer than two ranked users
    return { difference: Number(row.gap), ...pairCount(BigInt(row.gapPairs ?? 0)), pairIds };
  }

  async streaks(
    read: Queryable,
    days: number | null | undefined,
    firstArg: number | null | undefined,
    afterArg: string | null | undefined,
  ): Promise<Connection<StreakRow>> {
    const minDays = days ?? 7;
    if (!Number.isInteger(minDays) || minDays < 1 || minDays > MAX_STREAK_DAYS) {
      throw new BadUserInputError("days", `days must be an integer from 1 to ${MAX_STREAK_DAYS}`);
    }
    return paginate(
      { first: firstArg, after: afterArg },
      {
        kind: STREAK_CURSOR,
        shape: ["int", "int", "id"],
        scope: [minDays],
        position: (r) => [r.days, r.userId],
        fetch: (position, limit) =>
          statisticsRepository.streaks(
            read,
            minDays,
            position ? { days: position[0] as number, userId: position[1] as string } : null,
            limit,
          ),
        count: () => statisticsRepository.streakCount(read, minDays),
      },
    );
  }
}

export type { UserStatsRow };
