import DataLoader from "dataloader";
import type { Queryable } from "../../db/queryable";
import type { AchievementLoaders } from "../achievement/achievement.loaders";
import type { AwardRow } from "../award/award.repository";
import { progressRepository } from "./progress.repository";
import type { ProgressPageRow } from "./progress.repository";
import type { ProgressPageKey } from "./progress.service";

/** `achievements`: the request's achievement loaders, primed with what the progress pages bring along. */
export function createProgressLoaders(read: Queryable, achievements: AchievementLoaders) {
  return {
    /** A page of a user's progress; keys with the same limit and position share one statement. */
    userProgress: new DataLoader<ProgressPageKey, ProgressPageRow[], string>(
      async (keys) => {
        const groups = new Map<string, ProgressPageKey[]>();
        for (const k of keys) {
          const g = `${k.limit}|${k.after?.updatedAtKey ?? ""}|${k.after?.achievementId ?? ""}`;
          groups.set(g, [...(groups.get(g) ?? []), k]);
        }
        const byKey = new Map<string, ProgressPageRow[]>();
        await Promise.all(
          [...groups.values()].map(async (group) => {
            const first = group[0]!;
            const rows = await progressRepository.pageForUsers(
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
    progressCount: new DataLoader<string, number>(async (userIds) => {
      const rows = await progressRepository.countForUsers(read, userIds);
      const byId = new Map(rows.map((r) => [r.userId, Number(r.n)]));
      return userIds.map((id) => byId.get(id) ?? 0);
    }),
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

function pageKey(k: ProgressPageKey): string {
  return `${k.userId}|${k.limit}|${k.after?.updatedAtKey ?? ""}|${k.after?.achievementId ?? ""}`;
}
