import { prepared } from "../../db/pool-query";
import type { Queryable } from "../../db/queryable";
import { USER_WITH_STATS_COLUMNS, usersFromRows } from "../user/user.repository";
import type { UserRow, UserWithStatsDbRow } from "../user/user.repository";
import type { AchievementRow, TranslationRow } from "../achievement/achievement.repository";

export interface AwardRow {
  id: string;
  userId: string;
  achievementId: string;
  awardedAt: Date;
  /** awarded_at in UTC with microseconds: the exact position in a user's list. */
  awardedAtKey: string;
  /** Set for a revoked award (revoked_awards), absent for a held one. */
  revokedAt?: Date;
  revocationReason?: string;
  revokedBy?: string;
}

/** A revoked award, with its place in the user's list of revoked awards. */
export interface RevokedAwardRow extends AwardRow {
  revokedAt: Date;
  revocationReason: string;
  revokedBy: string;
  /** revoked_at in UTC with microseconds: the exact position in a user's list of revoked awards. */
  revokedAtKey: string;
}

/** One validated item of a batch: its position in the input and what it awards. */
export interface BatchAwardRow {
  index: number;
  userId: string;
  achievementId: string;
  awardedAt: Date;
}

/** What one batch statement did: the awards it created, and the ids of the input that name nothing. */
export interface BatchInsertOutcome {
  inserted: AwardRow[];
  missingUsers: Set<string>;
  missingAchievements: Set<string>;
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

const REVOKED_COLUMNS = `r.id, r.user_id AS "userId", r.achievement_id AS "achievementId", r.awarded_at AS "awardedAt",
  to_char(r.awarded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "awardedAtKey",
  r.revoked_at AS "revokedAt", r.revocation_reason AS "revocationReason", r.revoked_by AS "revokedBy",
  to_char(r.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "revokedAtKey"`;

/** The exact instant of award `w` as text: the position cursors hold (microseconds, which Date drops). */
const AWARDED_AT_KEY = `to_char(w.awarded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The translations of award `w`'s achievement, as a JSON array ordered by language. */
const TRANSLATIONS_JSON = `(SELECT json_agg(json_build_object('language', t.language, 'name', t.name, 'description', t.description) ORDER BY t.language)
  FROM achievement_translations t WHERE t.achievement_id = w.achievement_id)`;

const COLUMNS = `w.id, w.user_id AS "userId", w.achievement_id AS "achievementId", w.awarded_at AS "awardedAt",
  ${AWARDED_AT_KEY} AS "awardedAtKey"`;

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
      prepared(`/* awards.insertOnce */ WITH w AS (
         INSERT INTO awards (user_id, achievement_id, awarded_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, achievement_id) DO NOTHING RETURNING *
       ), progress_done AS (
         DELETE FROM achievement_progress p USING w WHERE p.user_id = w.user_id AND p.achievement_id = w.achievement_id
       )
       SELECT ${COLUMNS} FROM w`),
      [userId, achievementId, awardedAt],
    );
    return rows[0];
  },

  /**
   * Awards every item of a batch in one statement: items whose user or achievement does not exist
   * are left out by the statement itself (so no foreign key fails and the others go in), the rest
   * go in ordered by (achievement, user), and ON CONFLICT DO NOTHING skips the awards already
   * held. The caller passes each (user, achievement) once.
   *
   * The aggregates follow set-based (migration 1764223200000): the statement turns
   * `achievements.award_batch` on for its transaction before the first row goes in, which leaves
   * the rows to the statement trigger `tr_awards_zz_batch` instead of the row triggers; it locks
   * each kind of aggregate row in key order, as single awards do, so batches run side by side.
   */
  async insertBatch(db: Queryable, items: readonly BatchAwardRow[]): Promise<BatchInsertOutcome> {
    const rows: { kind: "award" | "user" | "achievement"; missingId: string | null; award: AwardRow | null }[] = await db.query(
      `/* awards.insertBatch */ WITH input AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) AS i(user_id, achievement_id, awarded_at)
       ), batch_mode AS (
         SELECT set_config('achievements.award_batch', 'on', true)
       ), ins AS (
         INSERT INTO awards AS w (user_id, achievement_id, awarded_at)
         SELECT i.user_id, i.achievement_id, i.awarded_at FROM input i
         WHERE (SELECT count(*) FROM batch_mode) = 1
           AND EXISTS (SELECT 1 FROM users u WHERE u.id = i.user_id)
           AND EXISTS (SELECT 1 FROM achievements a WHERE a.id = i.achievement_id)
         ORDER BY i.achievement_id, i.user_id
         ON CONFLICT (user_id, achievement_id) DO NOTHING
         RETURNING ${COLUMNS}
       ), progress_done AS (
         -- As insertOnce: a new award ends the progress of an incremental achievement.
         DELETE FROM achievement_progress p USING ins WHERE p.user_id = ins."userId" AND p.achievement_id = ins."achievementId"
       )
       SELECT 'award' AS kind, NULL::text AS "missingId", row_to_json(ins) AS award FROM ins
       UNION ALL
       SELECT 'user', d.id::text, NULL FROM (SELECT DISTINCT user_id AS id FROM input) d
       WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = d.id)
       UNION ALL
       SELECT 'achievement', d.id::text, NULL FROM (SELECT DISTINCT achievement_id AS id FROM input) d
       WHERE NOT EXISTS (SELECT 1 FROM achievements a WHERE a.id = d.id)`,
      [items.map((i) => i.userId), items.map((i) => i.achievementId), items.map((i) => i.awardedAt)],
    );
    const outcome: BatchInsertOutcome = { inserted: [], missingUsers: new Set(), missingAchievements: new Set() };
    for (const r of rows) {
      if (r.kind === "award" && r.award) outcome.inserted.push(fromJson(r.award));
      else if (r.kind === "user" && r.missingId) outcome.missingUsers.add(r.missingId);
      else if (r.kind === "achievement" && r.missingId) outcome.missingAchievements.add(r.missingId);
    }
    return outcome;
  },

  /** The awards held of these (user, achievement) pairs, one statement (a new snapshot, as `find`). */
  async findPairs(db: Queryable, pairs: readonly { userId: string; achievementId: string }[]): Promise<AwardRow[]> {
    return db.query(
      `/* awards.findPairs */ SELECT ${COLUMNS} FROM unnest($1::bigint[], $2::bigint[]) AS p(user_id, achievement_id)
       JOIN awards w ON w.user_id = p.user_id AND w.achievement_id = p.achievement_id`,
      [pairs.map((p) => p.userId), pairs.map((p) => p.achievementId)],
    );
  },

  /**
   * Revokes in one statement: the progress row of the held award goes first, then the award
   * leaves `awards` (its AFTER DELETE triggers undo it in the aggregates) and goes, with its id
   * and awarded_at, into `revoked_awards`. Undefined when the user did not hold it (nothing changes).
   */
  async revoke(
    db: Queryable,
    userId: string,
    achievementId: string,
    revokedAt: Date,
    reason: string,
    revokedBy: string,
  ): Promise<RevokedAwardRow | undefined> {
    const rows: RevokedAwardRow[] = await db.query(
      `/* awards.revoke */ WITH progress AS (
         DELETE FROM achievement_progress p WHERE p.user_id = $1 AND p.achievement_id = $2
           AND EXISTS (SELECT 1 FROM awards x WHERE x.user_id = $1 AND x.achievement_id = $2)
         RETURNING 1
       ), held AS (
         DELETE FROM awards w WHERE w.user_id = $1 AND w.achievement_id = $2 AND (SELECT count(*) FROM progress) >= 0
         RETURNING w.*
       ), r AS (
         INSERT INTO revoked_awards (id, user_id, achievement_id, awarded_at, created_at, revoked_at, revocation_reason, revoked_by)
         SELECT h.id, h.user_id, h.achievement_id, h.awarded_at, h.created_at, $3, $4, $5 FROM held h
         RETURNING *
       )
       SELECT ${REVOKED_COLUMNS} FROM r`,
      [userId, achievementId, revokedAt, reason, revokedBy],
    );
    return rows[0];
  },

  /** Whether the user and the achievement exist (NOT_FOUND of a revocation that found nothing held). */
  async idsExist(db: Queryable, userId: string, achievementId: string): Promise<{ user: boolean; achievement: boolean }> {
    const rows: { user: boolean; achievement: boolean }[] = await db.query(
      `/* awards.idsExist */ SELECT EXISTS (SELECT 1 FROM users WHERE id = $1) AS "user",
         EXISTS (SELECT 1 FROM achievements WHERE id = $2) AS "achievement"`,
      [userId, achievementId],
    );
    return rows[0] ?? { user: false, achievement: false };
  },

  /** The most recently revoked awards of each user, after an optional position, `limit` each (one statement). */
  async revokedPageForUsers(
    db: Queryable,
    userIds: readonly string[],
    limit: number,
    after: { revokedAtKey: string; id: string } | null,
  ): Promise<RevokedAwardRow[]> {
    return db.query(
      `/* awards.revokedPageForUsers */ SELECT ${REVOKED_COLUMNS}
       FROM unnest($1::bigint[]) AS u(id)
       CROSS JOIN LATERAL (
         SELECT * FROM revoked_awards x
         WHERE x.user_id = u.id AND ($2::timestamptz IS NULL OR (x.revoked_at, x.id) < ($2::timestamptz, $3::bigint))
         ORDER BY x.revoked_at DESC, x.id DESC LIMIT $4
       ) r
       ORDER BY r.user_id, r.revoked_at DESC, r.id DESC`,
      [userIds, after?.revokedAtKey ?? null, after?.id ?? null, limit],
    );
  },

  async revokedCountForUsers(db: Queryable, userIds: readonly string[]): Promise<{ userId: string; n: string }[]> {
    return db.query(
      `/* awards.revokedCountForUsers */ SELECT r.user_id AS "userId", count(*) AS n FROM revoked_awards r
       WHERE r.user_id = ANY($1::bigint[]) GROUP BY r.user_id`,
      [userIds],
    );
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
      prepared(`/* awards.pageForUsers */ SELECT ${COLUMNS},
         a.points, a.holder_count AS "holderCount", a.created_at AS "createdAt", a.hidden, a.steps,
         ${TRANSLATIONS_JSON} AS translations
       FROM unnest($1::bigint[]) AS u(id)
       CROSS JOIN LATERAL (
         SELECT * FROM awards x
         WHERE x.user_id = u.id AND ($2::timestamptz IS NULL OR (x.awarded_at, x.id) < ($2::timestamptz, $3::bigint))
         ORDER BY x.awarded_at DESC, x.id DESC LIMIT $4
       ) w
       JOIN achievements a ON a.id = w.achievement_id
       ORDER BY w.user_id, w.awarded_at DESC, w.id DESC`),
      [userIds, after?.awardedAtKey ?? null, after?.id ?? null, limit],
    );
    return rows.map(toPageRow);
  },

  /**
   * A user with the first page of their awards (as pageForUsers reads it, `limit` rows), in one
   * statement: what a user's page asks for, in one round trip instead of two. The user's columns
   * and the awards' share each row (one row with no award when the user has none; no row when
   * there is no such user).
   */
  async firstPageWithUser(db: Queryable, userId: string, limit: number): Promise<{ user: UserRow | undefined; awards: AwardPageRow[] }> {
    const rows: (UserWithStatsDbRow & PrefixedAwardPageDbRow)[] = await db.query(
      prepared(`/* awards.firstPageWithUser */ SELECT ${USER_WITH_STATS_COLUMNS},
         w.id AS "awardId", w.achievement_id AS "awardAchievementId", w.awarded_at AS "awardAwardedAt",
         ${AWARDED_AT_KEY} AS "awardAwardedAtKey", a.points AS "awardPoints", a.holder_count AS "awardHolderCount",
         a.created_at AS "awardCreatedAt", a.hidden AS "awardHidden", a.steps AS "awardSteps",
         ${TRANSLATIONS_JSON} AS "awardTranslations"
       FROM users u LEFT JOIN user_stats s ON s.user_id = u.id
       LEFT JOIN LATERAL (
         SELECT x.id, x.achievement_id, x.awarded_at FROM awards x WHERE x.user_id = u.id ORDER BY x.awarded_at DESC, x.id DESC LIMIT $2
       ) w ON true
       LEFT JOIN achievements a ON a.id = w.achievement_id
       WHERE u.id = $1
       ORDER BY w.awarded_at DESC, w.id DESC`),
      [userId, limit],
    );
    const user = usersFromRows(rows.slice(0, 1))[0];
    const awards = rows
      .filter((r) => r.awardId !== null)
      .map((r) =>
        toPageRow({
          id: r.awardId!,
          userId: r.id,
          achievementId: r.awardAchievementId!,
          awardedAt: r.awardAwardedAt!,
          awardedAtKey: r.awardAwardedAtKey!,
          points: r.awardPoints!,
          holderCount: r.awardHolderCount!,
          createdAt: r.awardCreatedAt!,
          hidden: r.awardHidden!,
          steps: r.awardSteps,
          translations: r.awardTranslations,
        }),
      );
    return { user, awards };
  },

  async countForUsers(db: Queryable, userIds: readonly string[]): Promise<{ userId: string; n: string }[]> {
    return db.query(
      `/* awards.countForUsers */ SELECT w.user_id AS "userId", count(*) AS n FROM awards w WHERE w.user_id = ANY($1::bigint[]) GROUP BY w.user_id`,
      [userIds],
    );
  },
};

/** The award columns of awards.firstPageWithUser (null on the row of a user without awards). */
interface PrefixedAwardPageDbRow {
  awardId: string | null;
  awardAchievementId: string | null;
  awardAwardedAt: Date | null;
  awardAwardedAtKey: string | null;
  awardPoints: number | null;
  awardHolderCount: number | null;
  awardCreatedAt: Date | null;
  awardHidden: boolean | null;
  awardSteps: number | null;
  awardTranslations: AwardPageDbRow["translations"];
}

function toPageRow(r: AwardPageDbRow): AwardPageRow {
  return {
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
  };
}

/** An award row that came back as JSON (row_to_json): ids as strings, awardedAt from its exact key. */
function fromJson(j: AwardRow): AwardRow {
  return {
    id: String(j.id),
    userId: String(j.userId),
    achievementId: String(j.achievementId),
    awardedAt: new Date(`${j.awardedAtKey.slice(0, 23)}Z`),
    awardedAtKey: j.awardedAtKey,
  };
}
