import type { Queryable } from "../../db/queryable";
import type { AchievementRow, TranslationRow } from "../achievement/achievement.repository";

export interface AwardRow {
  id: string;
  userId: string;
  achievementId: string;
  awardedAt: Date;
  /** awarded_at in UTC with microseconds: the exact position in a user's list. */
  awardedAtKey: string;
}

/** A row of a user's award list: the award with its achievement and the achievement's texts. */
export interface AwardPageRow extends AwardRow {
  achievement: AchievementRow;
  translations: TranslationRow[];
}

interface AwardPageDbRow extends AwardRow {
  points: number;
  holderCount: number;
  createdAt: Date;
  hidden: boolean;
  steps: number | null;
  translations: { language: TranslationRow["language"]; name: string; description: string }[] | null;
}

const COLUMNS = `w.id, w.user_id AS "userId", w.achievement_id AS "achievementId", w.awarded_at AS "awardedAt",
  to_char(w.awarded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "awardedAtKey"`;

export const awardRepository = {
  /**
   * Awards once. The INSERT … ON CONFLICT DO NOTHING on (user_id, achievement_id) is the one
   * atomic decision: of any number of identical awards at the same moment exactly one inserts.
   * Returns undefined when the user already held the achievement.
   */
  async insertOnce(db: Queryable, userId: string, achievementId: string, awardedAt: Date): Promise<AwardRow | undefined> {
    // The new award ends the progress of an incremental achievement: while held, progress reads
    // as the target (a primary-key probe that finds nothing for other achievements).
    const rows: AwardRow[] = await db.query(
      `/* awards.insertOnce */ WITH w AS (
         INSERT INTO awards (user_id, achievement_id, awarded_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, achievement_id) DO NOTHING RETURNING *
       ), progress_done AS (
         DELETE FROM achievement_progress p USING w WHERE p.user_id = w.user_id AND p.achievement_id = w.achievement_id
       )
       SELECT ${COLUMNS} FROM w`,
      [userId, achievementId, awardedAt],
    );
    return rows[0];
  },

  /** The existing award; a new statement, so it sees a row that a concurrent award just committed. */
  async find(db: Queryable, userId: string, achievementId: string): Promise<AwardRow | undefined> {
    const rows: AwardRow[] = await db.query(
      `/* awards.find */ SELECT ${COLUMNS} FROM awards w WHERE w.user_id = $1 AND w.achievement_id = $2`,
      [userId, achievementId],
    );
    return rows[0];
  },

  /**
   * The newest awards of each user, after an optional position, `limit` each (one statement for
   * all users), each with its achievement and the achievement's translations: a user's page needs
   * them for every award, and fetching them here saves two round trips (see docs/benchmarks.md).
   */
  async pageForUsers(
    db: Queryable,
    userIds: readonly string[],
    limit: number,
    after: { awardedAtKey: string; id: string } | null,
  ): Promise<AwardPageRow[]> {
    const rows: AwardPageDbRow[] = await db.query(
      `/* awards.pageForUsers */ SELECT ${COLUMNS},
         a.points, a.holder_count AS "holderCount", a.created_at AS "createdAt", a.hidden, a.steps,
         (SELECT json_agg(json_build_object('language', t.language, 'name', t.name, 'description', t.description) ORDER BY t.language)
          FROM achievement_translations t WHERE t.achievement_id = w.achievement_id) AS translations
       FROM unnest($1::bigint[]) AS u(id)
       CROSS JOIN LATERAL (
         SELECT * FROM awards x
         WHERE x.user_id = u.id AND ($2::timestamptz IS NULL OR (x.awarded_at, x.id) < ($2::timestamptz, $3::bigint))
         ORDER BY x.awarded_at DESC, x.id DESC LIMIT $4
       ) w
       JOIN achievements a ON a.id = w.achievement_id
       ORDER BY w.user_id, w.awarded_at DESC, w.id DESC`,
      [userIds, after?.awardedAtKey ?? null, after?.id ?? null, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      userId: r.userId,
      achievementId: r.achievementId,
      awardedAt: r.awardedAt,
      awardedAtKey: r.awardedAtKey,
      achievement: {
        id: r.achievementId,
        points: r.points,
        holderCount: r.holderCount,
        createdAt: r.createdAt,
        hidden: r.hidden,
        steps: r.steps,
      },
      translations: (r.translations ?? []).map((t) => ({ achievementId: r.achievementId, ...t })),
    }));
  },

  async countForUsers(db: Queryable, userIds: readonly string[]): Promise<{ userId: string; n: string }[]> {
    return db.query(
      `/* awards.countForUsers */ SELECT w.user_id AS "userId", count(*) AS n FROM awards w WHERE w.user_id = ANY($1::bigint[]) GROUP BY w.user_id`,
      [userIds],
    );
  },
};
