import DataLoader from "dataloader";
import type { Queryable } from "../../db/queryable";
import { achievementRepository } from "./achievement.repository";
import type { AchievementRow, TranslationRow } from "./achievement.repository";

export function createAchievementLoaders(read: Queryable) {
  return {
    achievement: new DataLoader<string, AchievementRow | undefined>(async (ids) => {
      const rows = await achievementRepository.findByIds(read, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    }),
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
