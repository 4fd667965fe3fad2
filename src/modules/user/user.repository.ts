import { prepared } from "../../db/pool-query";
import type { Queryable } from "../../db/queryable";
import type { Language } from "../../common/language";
import { dbErrorInfo } from "../../db/errors";
import type { UserStatsRow } from "../statistics/statistics.repository";

export interface UserRow {
  id: string;
  name: string;
  language: Language;
  timeZone: string;
  createdAt: Date;
  /**
   * The user's aggregates when the statement that read the user joined them (null: none yet);
   * absent when it did not, and the statistics fields then load them.
   */
  stats?: UserStatsRow | null;
}

const COLUMNS = `u.id, u.name, u.language, u.time_zone AS "timeZone", u.created_at AS "createdAt"`;

/**
 * The reads of users join their aggregates (a primary-key lookup in user_stats): the statistics
 * fields of a user are asked for on most pages, and this saves them a round trip. Statements of
 * other domains that bring their users along (a leaderboard page) select these columns of
 * `users u LEFT JOIN user_stats s ON s.user_id = u.id` and turn them into UserRows with `usersFromRows`.
 */
export const USER_WITH_STATS_COLUMNS = `${COLUMNS}, s.user_id AS "statsUserId", s.achievement_count AS "statsAchievementCount",
  s.points AS "statsPoints", s.streak_days AS "statsStreakDays", s.streak_start AS "statsStreakStart", s.streak_end AS "statsStreakEnd"`;

const WITH_STATS = `${USER_WITH_STATS_COLUMNS}
  FROM users u LEFT JOIN user_stats s ON s.user_id = u.id`;

export interface UserWithStatsDbRow extends Omit<UserRow, "stats"> {
  statsUserId: string | null;
  statsAchievementCount: number;
  statsPoints: string;
  statsStreakDays: number;
  statsStreakStart: string | null;
  statsStreakEnd: string | null;
}

/** UserRows of rows read with USER_WITH_STATS_COLUMNS. */
export function usersFromRows(rows: readonly UserWithStatsDbRow[]): UserRow[] {
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    language: r.language,
    timeZone: r.timeZone,
    createdAt: r.createdAt,
    stats:
      r.statsUserId === null
        ? null
        : {
            userId: r.statsUserId,
            achievementCount: r.statsAchievementCount,
            points: r.statsPoints,
            streakDays: r.statsStreakDays,
            streakStart: r.statsStreakStart,
            streakEnd: r.statsStreakEnd,
          },
  }));
}

export const userRepository = {
  /** The number of users, from the few parts the users triggers keep (migrations/1764198000000-user-total.ts). */
  async total(db: Queryable): Promise<number> {
    const rows: { n: string }[] = await db.query(`/* users.total */ SELECT coalesce(sum(user_count), 0) AS n FROM user_total_parts`);
    return Number(rows[0]?.n ?? 0);
  },

  async findByIds(db: Queryable, ids: readonly string[]): Promise<UserRow[]> {
    return usersFromRows(await db.query(prepared(`/* users.byIds */ SELECT ${WITH_STATS} WHERE u.id = ANY($1::bigint[])`), [ids]));
  },

  async findByNameKey(db: Queryable, nameKey: string): Promise<UserRow | undefined> {
    return usersFromRows(await db.query(`/* users.byNameKey */ SELECT ${WITH_STATS} WHERE u.name_key = $1`, [nameKey]))[0];
  },

  /** Users in id order after `afterId`; `pattern` is a LIKE pattern on the folded name. */
  async page(db: Queryable, afterId: string | null, limit: number, pattern: string | null): Promise<UserRow[]> {
    const rows: UserWithStatsDbRow[] = await db.query(
      `/* users.page */ SELECT ${WITH_STATS}
       WHERE ($1::bigint IS NULL OR u.id > $1::bigint) AND ($2::text IS NULL OR u.name_key LIKE $2::text ESCAPE '\\')
       ORDER BY u.id LIMIT $3`,
      [afterId, pattern, limit],
    );
    return usersFromRows(rows);
  },

  async count(db: Queryable, pattern: string | null): Promise<number> {
    const rows: { n: string }[] = await db.query(
      `/* users.count */ SELECT count(*) AS n FROM users u WHERE ($1::text IS NULL OR u.name_key LIKE $1::text ESCAPE '\\')`,
      [pattern],
    );
    return Number(rows[0]?.n ?? 0);
  },

  async insert(db: Queryable, u: { name: string; nameKey: string; language: Language; timeZone: string }): Promise<UserRow> {
    const rows: UserRow[] = await db.query(
      `/* users.insert */ INSERT INTO users AS u (name, name_key, language, time_zone) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [u.name, u.nameKey, u.language, u.timeZone],
    );
    return rows[0]!;
  },

  /** Updates the given columns; undefined when the user does not exist. */
  async update(
    db: Queryable,
    id: string,
    u: { name?: string; nameKey?: string; language?: Language; timeZone?: string },
  ): Promise<UserRow | undefined> {
    const rows: UserRow[] = await db.query(
      `/* users.update */ UPDATE users AS u SET
         name = COALESCE($2, u.name), name_key = COALESCE($3, u.name_key),
         language = COALESCE($4, u.language), time_zone = COALESCE($5, u.time_zone)
       WHERE u.id = $1 RETURNING ${COLUMNS}`,
      [id, u.name ?? null, u.nameKey ?? null, u.language ?? null, u.timeZone ?? null],
    );
    // TypeORM returns [rows, affected] for UPDATE.
    const list = Array.isArray(rows[0]) ? (rows[0] as unknown as UserRow[]) : rows;
    return list[0];
  },

  /** True when the database knows this zone name (its tz data may differ from Intl's). */
  async databaseKnowsTimeZone(db: Queryable, zone: string): Promise<boolean> {
    try {
      await db.query(`/* users.checkTimeZone */ SELECT now() AT TIME ZONE $1::text`, [zone]);
      return true;
    } catch (e) {
      if (dbErrorInfo(e).code === "22023") return false; // invalid_parameter_value: unknown zone
      throw e;
    }
  },
};
