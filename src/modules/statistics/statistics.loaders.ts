import type { Queryable } from "../../db/queryable";
import { keyedLoader } from "../../graphql/keyed-loader";
import { statisticsRepository } from "./statistics.repository";

export function createStatisticsLoaders(read: Queryable) {
  return {
    /** A user's aggregates; undefined for a user without awards. */
    userStats: keyedLoader(
      (ids) => statisticsRepository.userStats(read, ids),
      (r) => r.userId,
    ),
  };
}
