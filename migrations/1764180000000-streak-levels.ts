import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * How many ranked users have each longest-streak length, kept by a trigger on user_stats, so that
 * `streaks(days).totalCount` sums at most a few thousand lengths instead of counting every user
 * whose streak is long enough (the benchmark measured 100–200 ms for that count at 1M users
 * before a VACUUM, see docs/benchmarks.md).
 *
 * Rows are locked in ascending order of length, before any points level is touched in the same
 * award, so concurrent awards and time-zone changes cannot deadlock on them. Emptied lengths stay
 * as rows with user_count 0.
 */
export class StreakLevels1764180000000 implements MigrationInterface {
  name = "StreakLevels1764180000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "streak_levels" (
        "days" integer NOT NULL,
        "user_count" integer NOT NULL,
        CONSTRAINT "pk_streak_levels" PRIMARY KEY ("days"),
        CONSTRAINT "ck_streak_levels_days" CHECK ("days" > 0),
        CONSTRAINT "ck_streak_levels_user_count" CHECK ("user_count" >= 0)
      )`);
    await q.query(`
      INSERT INTO "streak_levels" ("days", "user_count")
      SELECT "streak_days", count(*)::integer FROM "user_stats" WHERE "streak_days" > 0 GROUP BY "streak_days"`);

    await q.query(`
      CREATE FUNCTION "user_stats_streak_levels"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_days integer := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN OLD.streak_days ELSE 0 END;
        new_days integer := CASE WHEN TG_OP IN ('UPDATE', 'INSERT') THEN NEW.streak_days ELSE 0 END;
      BEGIN
        -- stats_rebuild() recounts the lengths in one pass instead.
        IF current_setting('achievements.rebuilding', true) = 'on' OR old_days = new_days THEN
          RETURN NULL;
        END IF;
        IF new_days > 0 THEN
          INSERT INTO streak_levels (days, user_count) VALUES (new_days, 0) ON CONFLICT (days) DO NOTHING;
        END IF;
        PERFORM 1 FROM streak_levels WHERE days IN (old_days, new_days) ORDER BY days FOR UPDATE;
        IF old_days > 0 THEN UPDATE streak_levels SET user_count = user_count - 1 WHERE days = old_days; END IF;
        IF new_days > 0 THEN UPDATE streak_levels SET user_count = user_count + 1 WHERE days = new_days; END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_user_stats_streak_levels" AFTER INSERT OR DELETE OR UPDATE OF "streak_days" ON "user_stats"
      FOR EACH ROW EXECUTE FUNCTION "user_stats_streak_levels"()`);

    // The rebuild and the check learn about the new table.
    await q.query(`
      CREATE OR REPLACE FUNCTION "stats_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('achievements:points_levels'));
        LOCK TABLE awards IN SHARE MODE;
        PERFORM set_config('achievements.rebuilding', 'on', true);
        TRUNCATE user_stats, points_levels, tied_users, streak_levels;
        INSERT INTO user_stats (user_id, achievement_count, points, streak_days, streak_start, streak_end)
          SELECT * FROM stats_expected();
        INSERT INTO points_levels (points, user_count, gap)
          SELECT g.points, g.n, g.points - lag(g.points) OVER (ORDER BY g.points)
          FROM (SELECT s.points, count(*)::integer AS n FROM user_stats s GROUP BY s.points) g;
        INSERT INTO tied_users (user_id)
          SELECT s.user_id FROM user_stats s JOIN points_levels l ON l.points = s.points WHERE l.user_count >= 2;
        INSERT INTO streak_levels (days, user_count)
          SELECT s.streak_days, count(*)::integer FROM user_stats s WHERE s.streak_days > 0 GROUP BY s.streak_days;
        UPDATE achievements a SET holder_count = coalesce(c.n, 0)
          FROM (SELECT a2.id, (SELECT count(*) FROM awards w WHERE w.achievement_id = a2.id)::integer AS n FROM achievements a2) c
          WHERE c.id = a.id AND a.holder_count IS DISTINCT FROM coalesce(c.n, 0);
        PERFORM set_config('achievements.rebuilding', 'off', true);
      END $$`);
    await q.query(`ALTER FUNCTION "stats_check"() RENAME TO "stats_check_aggregates"`);
    await q.query(`
      CREATE FUNCTION "stats_check"() RETURNS TABLE (kind text, key text, stored text, expected text)
      LANGUAGE sql STABLE AS $$
        SELECT * FROM stats_check_aggregates()
        UNION ALL
        SELECT 'streak_levels', coalesce(l.days, x.days)::text, coalesce(l.user_count, 0)::text, coalesce(x.n, 0)::text
        FROM (SELECT * FROM streak_levels WHERE user_count > 0) l
        FULL JOIN (
          SELECT e.streak_days AS days, count(*)::integer AS n FROM stats_expected() e WHERE e.streak_days > 0 GROUP BY e.streak_days
        ) x ON x.days = l.days
        WHERE coalesce(l.user_count, 0) <> coalesce(x.n, 0)
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION "stats_check"()`);
    await q.query(`ALTER FUNCTION "stats_check_aggregates"() RENAME TO "stats_check"`);
    await q.query(`
      CREATE OR REPLACE FUNCTION "stats_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('achievements:points_levels'));
        LOCK TABLE awards IN SHARE MODE;
        TRUNCATE user_stats, points_levels, tied_users;
        INSERT INTO user_stats (user_id, achievement_count, points, streak_days, streak_start, streak_end)
          SELECT * FROM stats_expected();
        INSERT INTO points_levels (points, user_count, gap)
          SELECT g.points, g.n, g.points - lag(g.points) OVER (ORDER BY g.points)
          FROM (SELECT s.points, count(*)::integer AS n FROM user_stats s GROUP BY s.points) g;
        INSERT INTO tied_users (user_id)
          SELECT s.user_id FROM user_stats s JOIN points_levels l ON l.points = s.points WHERE l.user_count >= 2;
        UPDATE achievements a SET holder_count = coalesce(c.n, 0)
          FROM (SELECT a2.id, (SELECT count(*) FROM awards w WHERE w.achievement_id = a2.id)::integer AS n FROM achievements a2) c
          WHERE c.id = a.id AND a.holder_count IS DISTINCT FROM coalesce(c.n, 0);
      END $$`);
    await q.query(`DROP TRIGGER "tr_user_stats_streak_levels" ON "user_stats"`);
    await q.query(`DROP FUNCTION "user_stats_streak_levels"()`);
    await q.query(`DROP TABLE "streak_levels"`);
  }
}
