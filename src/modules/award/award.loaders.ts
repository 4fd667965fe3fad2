import { userCountLoader, userPageLoader } from "../../graphql/keyed-loader";
import type { Queryable } from "../../db/queryable";
import { awardRepository } from "./award.repository";
import type { AwardPageRow, RevokedAwardRow } from "./award.repository";
import type { AchievementLoaders } from "../achievement/achievement.loaders";

export interface AwardPageKey {
  userId: string;
  /** Rows to fetch (the page size plus one, to know whether there is a next page). */
  limit: number;
  after: { awardedAtKey: string; id: string } | null;
}

export interface RevokedAwardPageKey {
  userId: string;
  /** Rows to fetch (the page size plus one). */
  limit: number;
  after: { revokedAtKey: string; id: string } | null;
}

/** `achievements`: the request's achievement loaders, primed with what the award pages bring along. */
export function createAwardLoaders(read: Queryable, achievements: AchievementLoaders) {
  const primeAchievement = (r: AwardPageRow) => {
    achievements.achievement.prime(r.achievementId, r.achievement);
    achievements.translations.prime(r.achievementId, r.translations);
  };
  const userAwards = userPageLoader<AwardPageKey, AwardPageRow>(
    (k) => `${k.after?.awardedAtKey ?? ""}|${k.after?.id ?? ""}`,
    (userIds, first) => awardRepository.pageForUsers(read, userIds, first.limit, first.after),
    primeAchievement,
  );
  return {
    /** A page of a user's awards; keys with the same limit and position share one statement. */
    userAwards,
    /** Puts a page read elsewhere (awards.firstPageWithUser) where userAwards would have read it. */
    primeUserAwards(key: AwardPageKey, rows: AwardPageRow[]): void {
      userAwards.prime(key, rows);
      for (const r of rows) primeAchievement(r);
    },
    awardCount: userCountLoader((userIds) => awardRepository.countForUsers(read, userIds)),
    /** A page of a user's revoked awards; keys with the same limit and position share one statement. */
    userRevokedAwards: userPageLoader<RevokedAwardPageKey, RevokedAwardRow>(
      (k) => `${k.after?.revokedAtKey ?? ""}|${k.after?.id ?? ""}`,
      (userIds, first) => awardRepository.revokedPageForUsers(read, userIds, first.limit, first.after),
    ),
    revokedAwardCount: userCountLoader((userIds) => awardRepository.revokedCountForUsers(read, userIds)),
  };
}
