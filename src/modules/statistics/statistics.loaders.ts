import DataLoader from "dataloader";
import type { Queryable } from "../../db/queryable";
import { statisticsRepository } from "./statistics.repository";
import type { UserStatsRow } from "./statistics.repository";

export function createStatisticsLoaders(read: Queryable) {
  return {
    /** A user's aggregates; undefined for a user without awards. */
    userStats: new DataLoader<string, UserStatsRow | undefined>(async (ids) => {
      const rows = await statisticsRepository.userStats(read, ids);
      const byId = new Map(rows.map((r) => [r.userId, r]));
      return ids.map((id) => byId.get(id));
    }),
  };
}
