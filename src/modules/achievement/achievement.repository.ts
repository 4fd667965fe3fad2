import type { Queryable } from "../../db/queryable";
import type { Language } from "../../common/language";

export interface AchievementRow {
  id: string;
  points: number;
  holderCount: number;
  createdAt: Date;
}

export interface TranslationRow {
  achievementId: string;
  language: Language;
  name: string;
  description: string;
}

const COLUMNS = `a.id, a.points, a.holder_count AS "holderCount", a.created_at AS "createdAt"`;

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
    points: number,
    translations: readonly { language: Language; name: string; nameKey: string; description: string }[],
  ): Promise<AchievementRow> {
    const rows: AchievementRow[] = await db.query(
      `/* achievements.insert */ WITH a AS (
         INSERT INTO achievements (points) VALUES ($1) RETURNING *
       ), t AS (
         INSERT INTO achievement_translations (achievement_id, language, name, name_key, description)
         SELECT a.id, x.language, x.name, x.name_key, x.description
         FROM a, unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS x(language, name, name_key, description)
         RETURNING achievement_id
       )
       SELECT ${COLUMNS} FROM a`,
      [
        points,
        translations.map((t) => t.language),
        translations.map((t) => t.name),
        translations.map((t) => t.nameKey),
        translations.map((t) => t.description),
      ],
    );
    return rows[0]!;
  },
};
