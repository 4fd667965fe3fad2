import DataLoader from "dataloader";
import type { Queryable } from "../../db/queryable";
import type { AchievementLoaders } from "../achievement/achievement.loaders";
import type { AwardRow } from "../award/award.repository";
import { userCountLoader, userPageLoader } from "../../graphql/keyed-loader";
import { progressRepository } from "./progress.repository";
import type { ProgressPageRow } from "./progress.repository";
import type { ProgressPageKey } from "./progress.service";

/** `achievements`: the request's achievement loaders, primed with what the progress pages bring along. */
export function createProgressLoaders(read: Queryable, achievements: AchievementLoaders) {
  return {
    /** A page of a user's progress; keys with the same limit and position share one statement. */
    userProgress: userPageLoader<ProgressPageKey, ProgressPageRow>(
      (k) => `${k.after?.updatedAtKey ?? ""}|${k.after?.achievementId ?? ""}`,
      (userIds, first) => progressRepository.pageForUsers(read, userIds, first.limit, first.after),
      (r) => {
        achievements.achievement.prime(r.achievementId, r.achievement);
        achievements.translations.prime(r.achievementId, r.translations);
      },
    ),
    progressCount: userCountLoader((userIds) => progressRepository.countForUsers(read, userIds)),
    /** The award of a (user, achievement) pair, when the user holds it. */
    heldAward: new DataLoader<{ userId: string; achievementId: string }, AwardRow | undefined, string>(
      async (pairs) => {
        const rows = await progressRepository.heldAwards(read, pairs);
        const byPair = new Map(rows.map((r) => [`${r.userId}|${r.achievementId}`, r]));
        return pairs.map((p) => byPair.get(`${p.userId}|${p.achievementId}`));
      },
      { cacheKeyFn: (p) => `${p.userId}|${p.achievementId}` },
    ),
  };
}
