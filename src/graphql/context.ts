import type { ApiKey } from "../auth/api-keys";
import type { Queryable } from "../db/queryable";
import type { WriteOutcome } from "../db/write-outcome";
import type { Logger } from "../logger";
import { createAchievementLoaders } from "../modules/achievement/achievement.loaders";
import { createAwardLoaders } from "../modules/award/award.loaders";
import { createLeaderboardLoaders } from "../modules/leaderboard/leaderboard.loaders";
import { createStatisticsLoaders } from "../modules/statistics/statistics.loaders";
import { createProgressLoaders } from "../modules/progress/progress.loaders";
import { createUserLoaders } from "../modules/user/user.loaders";
import type { Services } from "../modules/services";
import type { RequestAttempt } from "./multi-mutation/attempt";

export function createLoaders(read: Queryable) {
  const achievements = createAchievementLoaders(read);
  return {
    ...createUserLoaders(read),
    ...achievements,
    ...createAwardLoaders(read, achievements),
    ...createProgressLoaders(read, achievements),
    ...createStatisticsLoaders(read),
    ...createLeaderboardLoaders(read),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  requestId: string;
  log: Logger;
  /** The request's API key (name and scope), when it carried a valid one. */
  apiKey: ApiKey | undefined;
  /** Where this request's reads go: the primary, or a replica when configured and safe. */
  read: Queryable;
  /** Where this request's writes go: the primary, or the transaction of a request with several mutation fields. */
  write: Queryable;
  loaders: Loaders;
  /** Whether a write of this request may have reached the database (then never SERVICE_UNAVAILABLE). */
  writeOutcome?: WriteOutcome;
  services: Services;
  /** This run of the request (src/graphql/multi-mutation/attempt.ts); set by the HTTP handler. */
  attempt?: RequestAttempt;
  /** The connection the request came on (for shedding: graphql/load.ts, `contended`). */
  client?: object;
}

/** Hidden achievements' real texts are for admin keys only (api-contract.md, "Hidden achievements"). */
export function seesHiddenTexts(ctx: Pick<Context, "apiKey">): boolean {
  return ctx.apiKey?.scope === "admin";
}
