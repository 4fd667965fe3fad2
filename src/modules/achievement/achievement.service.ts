import type { Queryable } from "../../db/queryable";
import { parseId } from "../../common/ids";
import { foldCase } from "../../common/text";
import { BadUserInputError, ConflictError, NotFoundError } from "../../common/errors";
import { dbErrorInfo } from "../../db/errors";
import { paginate } from "../../common/pagination";
import type { Connection } from "../../common/pagination";
import type { AchievementsArgs, CreateAchievementInput, TranslationInput, UpdateAchievementInput } from "./achievement.inputs";
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
    const translations = normalise(input.translations);
    const fields = { points: input.points, hidden: input.hidden ?? false, steps: input.steps ?? null };
    try {
      return await achievementRepository.insert(write, fields, translations);
    } catch (e) {
      throw nameConflict(e, translations);
    }
  }

  /**
   * Changes `hidden` and adds or replaces translations (the same rules and CONFLICT as at
   * creation); points and steps never change. NOT_FOUND when there is no such achievement.
   */
  async update(rawId: string, input: UpdateAchievementInput, write: Queryable): Promise<AchievementRow> {
    const id = parseId(rawId, "id");
    const translations = normalise(input.translations ?? []);
    let row: AchievementRow | undefined;
    try {
      row = await achievementRepository.update(write, id, input.hidden ?? null, translations);
    } catch (e) {
      throw nameConflict(e, translations);
    }
    if (!row) throw new NotFoundError("Achievement", id, "id");
    return row;
  }
}

/** Trimmed texts with their case-folded name; BAD_USER_INPUT when a language is given twice. */
function normalise(input: readonly TranslationInput[], prefix = "translations") {
  const translations = input.map((t) => {
    const name = t.name.trim();
    return { language: t.language, name, nameKey: foldCase(name), description: t.description.trim() };
  });
  const seen = new Set<string>();
  translations.forEach((t, i) => {
    if (seen.has(t.language)) {
      throw new BadUserInputError(`${prefix}.${i}.language`, "translations must hold at most one translation per language");
    }
    seen.add(t.language);
  });
  return translations;
}

/** A name taken in its language (ignoring case) becomes CONFLICT naming the translation; anything else is returned as it is. */
function nameConflict(e: unknown, translations: readonly { language: string }[], prefix = "translations"): unknown {
  const { code, constraint } = dbErrorInfo(e);
  if (code === "23505" && constraint === "uq_achievement_translations_language_name_key") {
    const detail = String((e as { driverError?: { detail?: string } }).driverError?.detail ?? "");
    const index = Math.max(
      0,
      translations.findIndex((t) => detail.includes(`(${t.language},`)),
    );
    return new ConflictError(`${prefix}.${index}.name`, "An achievement with this name exists in this language (ignoring case)");
  }
  return e;
}
