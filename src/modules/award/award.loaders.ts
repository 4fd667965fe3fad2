import DataLoader from "dataloader";
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
  return {
    /** A page of a user's awards; keys with the same limit and position share one statement. */
    userAwards: new DataLoader<AwardPageKey, AwardPageRow[], string>(
      async (keys) => {
        const groups = new Map<string, AwardPageKey[]>();
        for (const k of keys) {
          const g = `${k.limit}|${k.after?.awardedAtKey ?? ""}|${k.after?.id ?? ""}`;
          groups.set(g, [...(groups.get(g) ?? []), k]);
        }
        const byKey = new Map<string, AwardPageRow[]>();
        await Promise.all(
          [...groups.values()].map(async (group) => {
            const first = group[0]!;
            const rows = await awardRepository.pageForUsers(
              read,
              group.map((k) => k.userId),
              first.limit,
              first.after,
            );
            for (const k of group) byKey.set(pageKey(k), []);
            for (const r of rows) {
              byKey.get(pageKey({ ...first, userId: r.userId }))?.push(r);
              achievements.achievement.prime(r.achievementId, r.achievement);
              achievements.translations.prime(r.achievementId, r.translations);
            }
          }),
        );
        return keys.map((k) => byKey.get(pageKey(k)) ?? []);
      },
      { cacheKeyFn: pageKey },
    ),
    awardCount: new DataLoader<string, number>(async (userIds) => {
      const rows = await awardRepository.countForUsers(read, userIds);
      const byId = new Map(rows.map((r) => [r.userId, Number(r.n)]));
      return userIds.map((id) => byId.get(id) ?? 0);
    }),
    /** A page of a user's revoked awards; keys with the same limit and position share one statement. */
    userRevokedAwards: new DataLoader<RevokedAwardPageKey, RevokedAwardRow[], string>(
      async (keys) => {
        const groups = new Map<string, RevokedAwardPageKey[]>();
        for (const k of keys) {
          const g = `${k.limit}|${k.after?.revokedAtKey ?? ""}|${k.after?.id ?? ""}`;
          groups.set(g, [...(groups.get(g) ?? []), k]);
        }
        const byKey = new Map<string, RevokedAwardRow[]>();
        await Promise.all(
          [...groups.values()].map(async (group) => {
            const first = group[0]!;
            const rows = await awardRepository.revokedPageForUsers(
              read,
              group.map((k) => k.userId),
              first.limit,
              first.after,
            );
            for (const k of group) byKey.set(revokedPageKey(k), []);
            for (const r of rows) byKey.get(revokedPageKey({ ...first, userId: r.userId }))?.push(r);
          }),
        );
        return keys.map((k) => byKey.get(revokedPageKey(k)) ?? []);
      },
      { cacheKeyFn: revokedPageKey },
    ),
    revokedAwardCount: new DataLoader<string, number>(async (userIds) => {
      const rows = await awardRepository.revokedCountForUsers(read, userIds);
      const byId = new Map(rows.map((r) => [r.userId, Number(r.n)]));
      return userIds.map((id) => byId.get(id) ?? 0);
    }),
  };
}

function revokedPageKey(k: RevokedAwardPageKey): string {
  return `${k.userId}|${k.limit}|${k.after?.revokedAtKey ?? ""}|${k.after?.id ?? ""}`;
}

function pageKey(k: AwardPageKey): string {
  return `${k.userId}|${k.limit}|${k.after?.awardedAtKey ?? ""}|${k.after?.id ?? ""}`;
}
