import type { Queryable } from "../../db/queryable";
import type { AchievementRow, TranslationRow } from "../achievement/achievement.repository";
import type { AwardRow } from "../award/award.repository";

/** Who and what a report names: whether they exist, the target and when the achievement was created. */
export interface ReportSubject {
  userExists: boolean;
  achievementExists: boolean;
  steps: number | null;
  achievementCreatedAt: Date | null;
}

/**
 * What a report did: 'refused' (nothing named, or no steps: nothing written), 'unchanged' (held,
 * or the key was used before), 'completed' (it created the award), 'held' (awarded meanwhile: it
 * gave back what it wrote), 'applied'; and the progress as it then stands (with the award when held).
 */
export interface ReportOutcome {
  subject: ReportSubject;
  outcome: "refused" | "unchanged" | "completed" | "held" | "applied";
  current: number | null;
  updatedAt: Date | null;
  award: AwardRow | undefined;
}

interface ReportDbRow extends ReportSubject {
  outcome: ReportOutcome["outcome"];
  current: number | null;
  updatedAt: Date | null;
  awardId: string | null;
  awardedAt: Date | null;
  awardedAtKey: string | null;
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
  /**
   * A whole report in one statement and one round trip: `progress_report(...)`
   * (migrations/1764216000000-progress-report.ts) claims the key, raises the progress under its
   * row lock, awards when it reaches the target, gives back what it wrote when the achievement
   * was awarded meanwhile, and answers the progress as it then stands.
   */
  async report(
    db: Queryable,
    userId: string,
    achievementId: string,
    requestId: string | null,
    step: { increment: number } | { atLeast: number },
    at: Date,
  ): Promise<ReportOutcome> {
    const increment = "increment" in step ? step.increment : null;
    const atLeast = "atLeast" in step ? step.atLeast : null;
    const rows: ReportDbRow[] = await db.query(
      `/* progress.report */ SELECT o_user_exists AS "userExists", o_achievement_exists AS "achievementExists", o_steps AS steps,
         o_created_at AS "achievementCreatedAt", o_outcome AS outcome, o_current AS current, o_updated_at AS "updatedAt",
         o_award_id::text AS "awardId", o_awarded_at AS "awardedAt", o_awarded_at_key AS "awardedAtKey"
       FROM progress_report($1, $2, $3, $4, $5, $6)`,
      [userId, achievementId, requestId, increment, atLeast, at],
    );
    const r = rows[0]!;
    return {
      subject: {
        userExists: r.userExists,
        achievementExists: r.achievementExists,
        steps: r.steps,
        achievementCreatedAt: r.achievementCreatedAt,
      },
      outcome: r.outcome,
      current: r.current,
      updatedAt: r.updatedAt,
      award:
        r.awardId != null ? { id: r.awardId, userId, achievementId, awardedAt: r.awardedAt!, awardedAtKey: r.awardedAtKey! } : undefined,
    };
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
