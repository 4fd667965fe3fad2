import type { Queryable } from "../../db/queryable";
import { parseId } from "../../common/ids";
import { foldCase } from "../../common/text";
import { BadUserInputError, ConflictError } from "../../common/errors";
import { dbErrorInfo } from "../../db/errors";
import { paginate } from "../../common/pagination";
import type { Connection } from "../../common/pagination";
import type { AchievementsArgs, CreateAchievementInput } from "./achievement.inputs";
import { achievementRepository } from "./achievement.repository";
import type { AchievementRow } from "./achievement.repository";

const ACHIEVEMENT_CURSOR = "achievements";

export class AchievementService {
  async byId(rawId: string, read: Queryable): Promise<AchievementRow | undefined> {
    const id = parseId(rawId, "id");
    return (await achievementRepository.findByIds(read, [id]))[0];
  }

  list(args: AchievementsArgs, read: Queryable): Promise<Connection<AchievementRow>> {
    return paginate(args, {
      kind: ACHIEVEMENT_CURSOR,
      shape: ["id"],
      position: (a) => [a.id],
      fetch: (after, limit) => achievementRepository.page(read, (after?.[0] as string) ?? null, limit),
      count: () => achievementRepository.count(read),
    });
  }

  /** `write`: the primary, or the transaction of a request with several mutations. */
  async create(input: CreateAchievementInput, write: Queryable): Promise<AchievementRow> {
    const translations = input.translations.map((t) => {
      const name = t.name.trim();
      return { language: t.language, name, nameKey: foldCase(name), description: t.description.trim() };
    });
    const seen = new Set<string>();
    translations.forEach((t, i) => {
      if (seen.has(t.language)) {
        throw new BadUserInputError(`translations.${i}.language`, "translations must hold at most one translation per language");
      }
      seen.add(t.language);
    });
    try {
      return await achievementRepository.insert(write, input.points, translations);
    } catch (e) {
      const { code, constraint } = dbErrorInfo(e);
      if (code === "23505" && constraint === "uq_achievement_translations_language_name_key") {
        const detail = String((e as { driverError?: { detail?: string } }).driverError?.detail ?? "");
        const index = Math.max(
          0,
          translations.findIndex((t) => detail.includes(`(${t.language},`)),
        );
        throw new ConflictError(`translations.${index}.name`, "An achievement with this name exists in this language (ignoring case)");
      }
      throw e;
    }
  }
}
