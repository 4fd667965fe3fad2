import type { Queryable } from "../../db/queryable";
import type { AchievementRow, TranslationRow } from "../achievement/achievement.repository";
import type { AwardRow } from "../award/award.repository";

/** What a report needs to know first: who and what exist, the target, whether the user holds it. */
export interface ReportSubject {
  userExists: boolean;
  achievementExists: boolean;
  steps: number | null;
  achievementCreatedAt: Date | null;
  held: boolean;
}

export interface ProgressDbRow {
  userId: string;
  achievementId: string;
  current: number;
  updatedAt: Date;
  /** updated_at in UTC with microseconds: the exact position in a user's list. */
  updatedAtKey: string;
}

/** A row of a user's progress list, with its achievement and the achievement's texts. */
export interface ProgressPageRow extends ProgressDbRow {
  achievement: AchievementRow;
  translations: TranslationRow[];
}

const COLUMNS = `p.user_id AS "userId", p.achievement_id AS "achievementId", p.current, p.updated_at AS "updatedAt",
  to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "updatedAtKey"`;

const AWARD_COLUMNS = `w.id, w.user_id AS "userId", w.achievement_id AS "achievementId", w.awarded_at AS "awardedAt",
  to_char(w.awarded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "awardedAtKey"`;

interface ProgressPageDbRow extends ProgressDbRow, Omit<AchievementRow, "id" | "createdAt"> {
  achievementCreatedAt: Date;
  translations: { language: TranslationRow["language"]; name: string; description: string }[] | null;
}

/** Started and not completed: 0 < current < steps, and the user does not hold the award. */
const UNCOMPLETED = `x.current > 0 AND x.current < a.steps
  AND NOT EXISTS (SELECT 1 FROM awards h WHERE h.user_id = x.user_id AND h.achievement_id = x.achievement_id)`;

export const progressRepository = {
  /** Gives a key back: the report that took it changed nothing after all (the achievement was held). */
  async releaseRequest(db: Queryable, userId: string, requestId: string): Promise<void> {
    await db.query(`/* progress.releaseRequest */ DELETE FROM progress_requests WHERE user_id = $1 AND request_id = $2`, [
      userId,
      requestId,
    ]);
  },

  /**
   * A report's first statement, one round trip: it reads who and what exist and whether the user
   * holds the achievement. Only when the report may apply (the user exists, the achievement has
   * steps and is not held) does it claim the key: the key's INSERT … ON CONFLICT DO NOTHING is
   * the atomic decision, so of any number of reports with one key at the same moment exactly one
   * claims it (the others wait for its transaction and find the key taken). Only when the key was
   * claimed (or none was given) does it raise the progress: by `increment` or to `atLeast`, never
   * above the steps, never down, with updated_at = `at`. That upsert locks the row, so the
   * reports of one user on one achievement apply one after another, each on the value the one
   * before left; `raised` is the row when this report raised it.
   */
  async apply(
    db: Queryable,
    userId: string,
    achievementId: string,
    requestId: string | null,
    step: { increment: number } | { atLeast: number },
    at: Date,
  ): Promise<{ subject: ReportSubject; claimed: boolean; raised: ProgressDbRow | undefined }> {
    const increment = "increment" in step ? step.increment : null;
    const atLeast = "atLeast" in step ? step.atLeast : null;
    const rows: (ReportSubject & { claimed: boolean } & Partial<ProgressDbRow>)[] = await db.query(
      `/* progress.apply */ WITH s AS (
         SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = $1) AS "userExists",
           a.id IS NOT NULL AS "achievementExists", a.steps, a.created_at AS "achievementCreatedAt",
           EXISTS (SELECT 1 FROM awards w WHERE w.user_id = $1 AND w.achievement_id = $2) AS held
         FROM (SELECT 1) one LEFT JOIN achievements a ON a.id = $2
       ), go AS (
         SELECT s.steps AS target FROM s WHERE s."userExists" AND s.steps IS NOT NULL AND NOT s.held
       ), claim AS (
         INSERT INTO progress_requests (user_id, request_id) SELECT $1, $3 FROM go WHERE $3::text IS NOT NULL
         ON CONFLICT (user_id, request_id) DO NOTHING RETURNING 1 AS claimed
       ), raised AS (
         INSERT INTO achievement_progress AS p (user_id, achievement_id, current, updated_at)
         SELECT $1, $2, least(go.target, coalesce($4::integer, $5::integer)), $6 FROM go
         WHERE least(go.target, coalesce($4::integer, $5::integer)) > 0 AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM claim))
         ON CONFLICT (user_id, achievement_id) DO UPDATE
           SET current = least(
                 (SELECT a.steps FROM achievements a WHERE a.id = p.achievement_id),
                 CASE WHEN $4::integer IS NULL THEN $5::integer ELSE p.current + $4::integer END),
               updated_at = $6
           WHERE least(
                 (SELECT a.steps FROM achievements a WHERE a.id = p.achievement_id),
                 CASE WHEN $4::integer IS NULL THEN $5::integer ELSE p.current + $4::integer END) > p.current
         RETURNING ${COLUMNS}
       )
       SELECT s.*, EXISTS (SELECT 1 FROM claim) AS claimed, r.*
       FROM s LEFT JOIN raised r ON true`,
      [userId, achievementId, requestId, increment, atLeast, at],
    );
    const r = rows[0]!;
    return {
      subject: {
        userExists: r.userExists,
        achievementExists: r.achievementExists,
        steps: r.steps,
        achievementCreatedAt: r.achievementCreatedAt,
        held: r.held,
      },
      claimed: r.claimed,
      raised:
        r.userId != null
          ? {
              userId: r.userId,
              achievementId: r.achievementId!,
              current: r.current!,
              updatedAt: r.updatedAt!,
              updatedAtKey: r.updatedAtKey!,
            }
          : undefined,
    };
  },

  /** Removes a progress row (a report that found the achievement held after all). */
  async remove(db: Queryable, userId: string, achievementId: string): Promise<void> {
    await db.query(`/* progress.remove */ DELETE FROM achievement_progress WHERE user_id = $1 AND achievement_id = $2`, [
      userId,
      achievementId,
    ]);
  },

  /** The progress row and the award, each when there is one; a new statement, so it sees what concurrent reports committed. */
  async state(db: Queryable, userId: string, achievementId: string): Promise<{ progress?: ProgressDbRow; award?: AwardRow }> {
    const rows: (Partial<ProgressDbRow> & { award: AwardRow | null })[] = await db.query(
      `/* progress.state */ SELECT ${COLUMNS},
         (SELECT json_build_object('id', w.id::text, 'userId', w.user_id::text, 'achievementId', w.achievement_id::text,
            'awardedAt', w.awarded_at, 'awardedAtKey', to_char(w.awarded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
          FROM awards w WHERE w.user_id = $1 AND w.achievement_id = $2) AS award
       FROM (SELECT 1) one LEFT JOIN achievement_progress p ON p.user_id = $1 AND p.achievement_id = $2`,
      [userId, achievementId],
    );
    const r = rows[0]!;
    const award = r.award ? { ...r.award, awardedAt: new Date(r.award.awardedAt) } : undefined;
    const progress =
      r.userId != null
        ? { userId: r.userId, achievementId: r.achievementId!, current: r.current!, updatedAt: r.updatedAt!, updatedAtKey: r.updatedAtKey! }
        : undefined;
    return { progress, award };
  },

  /** The awards of (user, achievement) pairs, those that exist. */
  async heldAwards(db: Queryable, pairs: readonly { userId: string; achievementId: string }[]): Promise<AwardRow[]> {
    return db.query(
      `/* progress.heldAwards */ SELECT ${AWARD_COLUMNS}
       FROM unnest($1::bigint[], $2::bigint[]) AS k(user_id, achievement_id)
       JOIN awards w ON w.user_id = k.user_id AND w.achievement_id = k.achievement_id`,
      [pairs.map((p) => p.userId), pairs.map((p) => p.achievementId)],
    );
  },

  /**
   * The most recently advanced uncompleted progress of each user, after an optional position,
   * `limit` each (one statement for all users), each with its achievement and texts.
   */
  async pageForUsers(
    db: Queryable,
    userIds: readonly string[],
    limit: number,
    after: { updatedAtKey: string; achievementId: string } | null,
  ): Promise<ProgressPageRow[]> {
    const rows: ProgressPageDbRow[] = await db.query(
      `/* progress.pageForUsers */ SELECT ${COLUMNS},
         a.points, a.holder_count AS "holderCount", a.created_at AS "achievementCreatedAt", a.hidden, a.steps,
         (SELECT json_agg(json_build_object('language', t.language, 'name', t.name, 'description', t.description) ORDER BY t.language)
          FROM achievement_translations t WHERE t.achievement_id = p.achievement_id) AS translations
       FROM unnest($1::bigint[]) AS u(id)
       CROSS JOIN LATERAL (
         SELECT x.* FROM achievement_progress x JOIN achievements a ON a.id = x.achievement_id
         WHERE x.user_id = u.id AND ${UNCOMPLETED}
           AND ($2::timestamptz IS NULL OR (x.updated_at, x.achievement_id) < ($2::timestamptz, $3::bigint))
         ORDER BY x.updated_at DESC, x.achievement_id DESC LIMIT $4
       ) p
       JOIN achievements a ON a.id = p.achievement_id
       ORDER BY p.user_id, p.updated_at DESC, p.achievement_id DESC`,
      [userIds, after?.updatedAtKey ?? null, after?.achievementId ?? null, limit],
    );
    return rows.map((r) => ({
      userId: r.userId,
      achievementId: r.achievementId,
      current: r.current,
      updatedAt: r.updatedAt,
      updatedAtKey: r.updatedAtKey,
      achievement: {
        id: r.achievementId,
        points: r.points,
        holderCount: r.holderCount,
        createdAt: r.achievementCreatedAt,
        hidden: r.hidden,
        steps: r.steps,
      },
      translations: (r.translations ?? []).map((t) => ({ achievementId: r.achievementId, ...t })),
    }));
  },

  async countForUsers(db: Queryable, userIds: readonly string[]): Promise<{ userId: string; n: string }[]> {
    return db.query(
      `/* progress.countForUsers */ SELECT x.user_id AS "userId", count(*) AS n
       FROM achievement_progress x JOIN achievements a ON a.id = x.achievement_id
       WHERE x.user_id = ANY($1::bigint[]) AND ${UNCOMPLETED} GROUP BY x.user_id`,
      [userIds],
    );
  },
};
