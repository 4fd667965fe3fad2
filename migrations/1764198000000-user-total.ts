import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The number of users, kept exact in one row so that `Achievement.holderPercent` costs a
 * primary-key read instead of count(*) over every user (docs/statistics.md, "Rarity").
 *
 * Statement-level triggers with transition tables: a bulk insert (COPY, INSERT … SELECT) changes
 * the row once, not once per user. The row is written by an upsert, so it comes back when the
 * table was emptied along with users; TRUNCATE of users sets it to 0. `stats_check()` compares
 * it with count(*).
 */
export class UserTotal1764198000000 implements MigrationInterface {
  name = "UserTotal1764198000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "user_total" (
        "one" boolean NOT NULL DEFAULT true,
        "user_count" bigint NOT NULL,
        CONSTRAINT "pk_user_total" PRIMARY KEY ("one"),
        CONSTRAINT "ck_user_total_one" CHECK ("one"),
        CONSTRAINT "ck_user_total_count" CHECK ("user_count" >= 0)
      )`);
    await q.query(`INSERT INTO "user_total" ("one", "user_count") SELECT true, count(*) FROM "users"`);

    await q.query(`
      CREATE FUNCTION "user_total_add"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE delta bigint;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT count(*) INTO delta FROM new_rows;
        ELSE
          SELECT -count(*) INTO delta FROM old_rows;
        END IF;
        IF delta <> 0 THEN
          INSERT INTO user_total AS t ("one", "user_count") VALUES (true, greatest(delta, 0))
          ON CONFLICT ("one") DO UPDATE SET user_count = t.user_count + delta;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_users_total_insert" AFTER INSERT ON "users"
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "user_total_add"()`);
    await q.query(`
      CREATE TRIGGER "tr_users_total_delete" AFTER DELETE ON "users"
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "user_total_add"()`);
    await q.query(`
      CREATE FUNCTION "user_total_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO user_total AS t ("one", "user_count") VALUES (true, 0)
        ON CONFLICT ("one") DO UPDATE SET user_count = 0;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_users_total_truncate" AFTER TRUNCATE ON "users"
      FOR EACH STATEMENT EXECUTE FUNCTION "user_total_truncate"()`);

    // The check learns about the counter (a missing row means 0).
    await q.query(`ALTER FUNCTION "stats_check"() RENAME TO "stats_check_before_user_total"`);
    await q.query(`
      CREATE FUNCTION "stats_check"() RETURNS TABLE (kind text, key text, stored text, expected text)
      LANGUAGE sql STABLE AS $$
        SELECT * FROM stats_check_before_user_total()
        UNION ALL
        SELECT 'user_total', 'users', s.n::text, e.n::text
        FROM (SELECT coalesce((SELECT user_count FROM user_total), 0) AS n) s,
             (SELECT count(*) AS n FROM users) e
        WHERE s.n <> e.n
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION "stats_check"()`);
    await q.query(`ALTER FUNCTION "stats_check_before_user_total"() RENAME TO "stats_check"`);
    await q.query(`DROP TRIGGER "tr_users_total_truncate" ON "users"`);
    await q.query(`DROP TRIGGER "tr_users_total_delete" ON "users"`);
    await q.query(`DROP TRIGGER "tr_users_total_insert" ON "users"`);
    await q.query(`DROP FUNCTION "user_total_truncate"()`);
    await q.query(`DROP FUNCTION "user_total_add"()`);
    await q.query(`DROP TABLE "user_total"`);
  }
}
