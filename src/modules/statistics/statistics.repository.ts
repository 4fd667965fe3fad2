import { prepared } from "../../db/pool-query";
import type { Queryable } from "../../db/queryable";

/**
 * The statistics as named SQL over the aggregates (user_stats, points_levels, tied_users) kept by
 * the award triggers. Each statistic is one statement, so its value, its counts and its lists
 * come from one snapshot. `$1` is how many users or pairs the client asked for.
 */

export interface UserStatsRow {
  userId: string;
  achievementCount: number;
  points: string;
  streakDays: number;
  streakStart: string | null;
  streakEnd: string | null;
}

export interface TopRow {
  value: string;
  userCount: string;
  userIds: string[];
}

export interface MaxGapRow {
  high: string;
  highCount: number;
  low: string;
  lowCount: number;
  highIds: string[];
  lowIds: string[];
}

export interface MinGapRow {
  zeroPairs: string;
  gap: string | null;
  gapPairs: string | null;
  pairs: string[];
}

export interface StreakRow {
  userId: string;
  days: number;
  start: string;
  end: string;
}

export const statisticsRepository = {
  async userStats(db: Queryable, userIds: readonly string[]): Promise<UserStatsRow[]> {
    return db.query(
      prepared(`/* statistics.userStats */ SELECT s.user_id AS "userId", s.achievement_count AS "achievementCount", s.points,
         s.streak_days AS "streakDays", s.streak_start AS "streakStart", s.streak_end AS "streakEnd"
       FROM user_stats s WHERE s.user_id = ANY($1::bigint[])`),
      [userIds],
    );
  },

  async mostAchievements(db: Queryable, limit: number): Promise<TopRow | undefined> {
    const rows: TopRow[] = await db.query(
      prepared(`/* statistics.mostAchievements */ WITH top AS (
         SELECT s.achievement_count AS c FROM user_stats s WHERE s.achievement_count > 0
         ORDER BY s.achievement_count DESC LIMIT 1
       )
       SELECT top.c::text AS "value",
         (SELECT count(*) FROM user_stats s WHERE s.achievement_count = top.c)::text AS "userCount",
         ARRAY(SELECT s.user_id::text FROM user_stats s WHERE s.achievement_count = top.c ORDER BY s.user_id LIMIT $1) AS "userIds"
       FROM top`),
      [limit],
    );
    return rows[0];
  },

  async mostPoints(db: Queryable, limit: number): Promise<TopRow | undefined> {
    const rows: TopRow[] = await db.query(
      prepared(`/* statistics.mostPoints */ WITH top AS (
         SELECT l.points AS p, l.user_count AS n FROM points_levels l ORDER BY l.points DESC LIMIT 1
       )
       SELECT top.p::text AS "value", top.n::text AS "userCount",
         ARRAY(SELECT s.user_id::text FROM user_stats s WHERE s.points = top.p ORDER BY s.user_id LIMIT $1) AS "userIds"
       FROM top`),
      [limit],
    );
    return rows[0];
  },

  async maxPointsDifference(db: Queryable, limit: number): Promise<MaxGapRow | undefined> {
    const rows: MaxGapRow[] = await db.query(
      prepared(`/* statistics.maxPointsDifference */ WITH hi AS (
         SELECT l.points AS p, l.user_count AS n FROM points_levels l ORDER BY l.points DESC LIMIT 1
       ), lo AS (
         SELECT l.points AS p, l.user_count AS n FROM points_levels l ORDER BY l.points ASC LIMIT 1
       )
       SELECT hi.p::text AS "high", hi.n AS "highCount", lo.p::text AS "low", lo.n AS "lowCount",
         ARRAY(SELECT s.user_id::text FROM user_stats s WHERE s.points = hi.p ORDER BY s.user_id LIMIT $1 + 1) AS "highIds",
         ARRAY(SELECT s.user_id::text FROM user_stats s WHERE s.points = lo.p ORDER BY s.user_id LIMIT $1) AS "lowIds"
       FROM hi, lo`),
      [limit],
    );
    return rows[0];
  },

  /**
   * Zero when some points level holds two users: the pairs are then found from tied_users in id
   * order (the first 2·limit tied users always yield `limit` pairs). Otherwise the smallest gap
   * between adjacent levels, one index lookup, each such level and the one below holding one user.
   */
  async minPointsDifference(db: Queryable, limit: number): Promise<MinGapRow | undefined> {
    const rows: MinGapRow[] = await db.query(
      prepared(`/* statistics.minPointsDifference */ WITH z AS (
         SELECT coalesce(sum(l.user_count::bigint * (l.user_count - 1) / 2), 0) AS pairs
         FROM points_levels l WHERE l.user_count >= 2
       ), g AS (
         SELECT l.gap AS d FROM points_levels l WHERE l.gap IS NOT NULL ORDER BY l.gap LIMIT 1
       ), zero_pairs AS (
         SELECT a.user_id AS first, b.user_id AS second
         FROM (
           SELECT t.user_id, s.points FROM tied_users t JOIN user_stats s ON s.user_id = t.user_id
           WHERE (SELECT pairs FROM z) > 0 ORDER BY t.user_id LIMIT 2 * $1
         ) a
         CROSS JOIN LATERAL (
           SELECT s2.user_id FROM user_stats s2 WHERE s2.points = a.points AND s2.user_id > a.user_id ORDER BY s2.user_id LIMIT $1
         ) b
         ORDER BY a.user_id, b.user_id LIMIT $1
       ), gap_pairs AS (
         SELECT hi.user_id AS first, lo.user_id AS second
         FROM points_levels l
         JOIN user_stats hi ON hi.points = l.points
         JOIN user_stats lo ON lo.points = l.points - l.gap
         WHERE (SELECT pairs FROM z) = 0 AND l.gap = (SELECT d FROM g)
         ORDER BY hi.user_id, lo.user_id LIMIT $1
       )
       SELECT z.pairs::text AS "zeroPairs", (SELECT d FROM g)::text AS "gap",
         CASE WHEN z.pairs = 0 THEN (SELECT count(*) FROM points_levels l WHERE l.gap = (SELECT d FROM g)) END::text AS "gapPairs",
         ARRAY(
           SELECT p.first::text || ':' || p.second::text FROM (
             SELECT * FROM zero_pairs UNION ALL SELECT * FROM gap_pairs
           ) p ORDER BY p.first, p.second
         ) AS "pairs"
       FROM z`),
      [limit],
    );
    return rows[0];
  },

  /** Users whose longest streak is at least `days`, longest first, then by id; after a (days, id) position. */
  async streaks(db: Queryable, days: number, after: { days: number; userId: string } | null, limit: number): Promise<StreakRow[]> {
    return db.query(
      prepared(`/* statistics.streaks */ SELECT s.user_id AS "userId", s.streak_days AS "days", s.streak_start AS "start", s.streak_end AS "end"
       FROM user_stats s
       WHERE s.streak_days >= $1
         AND ($2::integer IS NULL OR s.streak_days < $2::integer OR (s.streak_days = $2::integer AND s.user_id > $3::bigint))
         AND s.streak_days <= coalesce($2::integer, 2147483647)
       ORDER BY s.streak_days DESC, s.user_id
       LIMIT $4`),
      [days, after?.days ?? null, after?.userId ?? null, limit],
    );
  },

  async streakCount(db: Queryable, days: number): Promise<number> {
    const rows: { n: string }[] = await db.query(
      prepared(`/* statistics.streakCount */ SELECT coalesce(sum(l.user_count), 0) AS n FROM streak_levels l WHERE l.days >= $1`),
      [days],
    );
    return Number(rows[0]?.n ?? 0);
  },

  /** Differences between the stored aggregates and the awards (empty when all is true). */
  async check(db: Queryable): Promise<{ kind: string; key: string; stored: string | null; expected: string | null }[]> {
    return db.query(`/* statistics.check */ SELECT kind, key, stored, expected FROM stats_check() ORDER BY kind, key`);
  },

  async rebuild(db: Queryable): Promise<void> {
    await db.query(`/* statistics.rebuild */ SELECT stats_rebuild()`);
  },
};
