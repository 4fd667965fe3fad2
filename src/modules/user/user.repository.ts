import type { Queryable } from "../../db/queryable";
import type { Language } from "../../common/language";
import { dbErrorInfo } from "../../graphql/errors";

export interface UserRow {
  id: string;
  name: string;
  language: Language;
  timeZone: string;
  createdAt: Date;
}

const COLUMNS = `u.id, u.name, u.language, u.time_zone AS "timeZone", u.created_at AS "createdAt"`;

export const userRepository = {
  async findByIds(db: Queryable, ids: readonly string[]): Promise<UserRow[]> {
    return db.query(`/* users.byIds */ SELECT ${COLUMNS} FROM users u WHERE u.id = ANY($1::bigint[])`, [ids]);
  },

  async findByNameKey(db: Queryable, nameKey: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await db.query(`/* users.byNameKey */ SELECT ${COLUMNS} FROM users u WHERE u.name_key = $1`, [nameKey]);
    return rows[0];
  },

  /** Users in id order after `afterId`; `pattern` is a LIKE pattern on the folded name. */
  async page(db: Queryable, afterId: string | null, limit: number, pattern: string | null): Promise<UserRow[]> {
    return db.query(
      `/* users.page */ SELECT ${COLUMNS} FROM users u
       WHERE ($1::bigint IS NULL OR u.id > $1::bigint) AND ($2::text IS NULL OR u.name_key LIKE $2::text ESCAPE '\\')
       ORDER BY u.id LIMIT $3`,
      [afterId, pattern, limit],
    );
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
