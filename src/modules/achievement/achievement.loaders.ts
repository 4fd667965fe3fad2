import DataLoader from "dataloader";
import type { Queryable } from "../../db/queryable";
import { keyedLoader } from "../../graphql/keyed-loader";
import { achievementRepository } from "./achievement.repository";
import type { TranslationRow } from "./achievement.repository";

export function createAchievementLoaders(read: Queryable) {
  return {
    achievement: keyedLoader(
      (ids) => achievementRepository.findByIds(read, ids),
      (r) => r.id,
    ),
    translations: new DataLoader<string, TranslationRow[]>(async (ids) => {
      const rows = await achievementRepository.translationsOf(read, ids);
      const byId = new Map<string, TranslationRow[]>();
      for (const r of rows) {
        const list = byId.get(r.achievementId) ?? [];
        list.push(r);
        byId.set(r.achievementId, list);
      }
      return ids.map((id) => byId.get(id) ?? []);
    }),
  };
}

export type AchievementLoaders = ReturnType<typeof createAchievementLoaders>;
