import type { Queryable } from "../../db/queryable";
import type { Language } from "../../common/language";

export interface AchievementRow {
  id: string;
  points: number;
  holderCount: number;
  createdAt: Date;
  /** Secret until earned: texts read as a placeholder without an admin key. */
  hidden: boolean;
  /** Steps of an incremental achievement; null for one awarded at once. */
  steps: number | null;
}

export interface TranslationRow {
  achievementId: string;
  language: Language;
  name: string;
  description: string;
}

export const ACHIEVEMENT_COLUMNS = `a.id, a.points, a.holder_count AS "holderCount", a.created_at AS "createdAt", a.hidden, a.steps`;
const COLUMNS = ACHIEVEMENT_COLUMNS;

type NewTranslation = { language: Language; name: string; nameKey: string; description: string };

function translationParams(translations: readonly NewTranslation[]): string[][] {
  return [
    translations.map((t) => t.language),
    translations.map((t) => t.name),
    translations.map((t) => t.nameKey),
    translations.map((t) => t.description),
  ];
}

export const achievementRepository = {
  async findByIds(db: Queryable, ids: readonly string[]): Promise<AchievementRow[]> {
    return db.query(`/* achievements.byIds */ SELECT ${COLUMNS} FROM achievements a WHERE a.id = ANY($1::bigint[])`, [ids]);
  },

  async page(db: Queryable, afterId: string | null, limit: number): Promise<AchievementRow[]> {
    return db.query(
      `/* achievements.page */ SELECT ${COLUMNS} FROM achievements a WHERE ($1::bigint IS NULL OR a.id > $1::bigint) ORDER BY a.id LIMIT $2`,
      [afterId, limit],
    );
  },

  async count(db: Queryable): Promise<number> {
    const rows: { n: string }[] = await db.query(`/* achievements.count */ SELECT count(*) AS n FROM achievements`);
    return Number(rows[0]?.n ?? 0);
  },

  async translationsOf(db: Queryable, ids: readonly string[]): Promise<TranslationRow[]> {
    return db.query(
      `/* achievements.translations */ SELECT t.achievement_id AS "achievementId", t.language, t.name, t.description
       FROM achievement_translations t WHERE t.achievement_id = ANY($1::bigint[]) ORDER BY t.achievement_id, t.language`,
      [ids],
    );
  },

  /** The achievement and its translations in one statement: both are written or neither. */
  async insert(
    db: Queryable,
    fields: { points: number; hidden: boolean; steps: number | null },
    translations: readonly NewTranslation[],
  ): Promise<AchievementRow> {
    const rows: AchievementRow[] = await db.query(
      `/* achievements.insert */ WITH a AS (
         INSERT INTO achievements (points, hidden, steps) VALUES ($1, $6, $7) RETURNING *
       ), t AS (
         INSERT INTO achievement_translations (achievement_id, language, name, name_key, description)
         SELECT a.id, x.language, x.name, x.name_key, x.description
         FROM a, unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS x(language, name, name_key, description)
         RETURNING achievement_id
       )
       SELECT ${COLUMNS} FROM a`,
      [fields.points, ...translationParams(translations), fields.hidden, fields.steps],
    );
    return rows[0]!;
  },

  /**
   * Changes `hidden` (null keeps it) and adds or replaces the translations given, in one
   * statement. Undefined when there is no such achievement (nothing written).
   */
  async update(
    db: Queryable,
    id: string,
    hidden: boolean | null,
    translations: readonly NewTranslation[],
  ): Promise<AchievementRow | undefined> {
    const rows: AchievementRow[] = await db.query(
      `/* achievements.update */ WITH a AS (
         UPDATE achievements SET hidden = coalesce($2::boolean, hidden) WHERE id = $1 RETURNING *
       ), t AS (
         INSERT INTO achievement_translations AS o (achievement_id, language, name, name_key, description)
         SELECT a.id, x.language, x.name, x.name_key, x.description
         FROM a, unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS x(language, name, name_key, description)
         ON CONFLICT (achievement_id, language)
         DO UPDATE SET name = excluded.name, name_key = excluded.name_key, description = excluded.description
         RETURNING o.achievement_id
       )
       SELECT ${COLUMNS} FROM a`,
      [id, hidden, ...translationParams(translations)],
    );
    return rows[0];
  },
};
