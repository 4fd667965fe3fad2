import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Leaderboards: per-period values and per-value user counts, kept by a trigger on `awards` in the
 * award's own transaction (an INSERT adds the award's points and 1 achievement to the user in each
 * period holding awarded_at, a DELETE — a revocation — takes them away), so every leaderboard read
 * is an index range scan and a rank is a sum over the values above, never a count of users.
 *
 * - leaderboard_values: one row per (period kind, period start, user) where the user holds at
 *   least one award awarded in that period. Kinds: 0 ALL_TIME (start -infinity), 1 DAY, 2 WEEK
 *   (ISO, from Monday), 3 MONTH; starts are UTC. Both metrics in one row; an index per metric
 *   orders a board (value DESC, user_id) for pages and keyset cursors.
 * - leaderboard_levels: one row per (metric, kind, start, value) with how many users have that
 *   value on that board (metric 0 POINTS, 1 ACHIEVEMENTS). rank(v) = 1 + Σ user_count above v.
 *   Emptied levels stay as rows with user_count 0 (stats_rebuild() drops them).
 *
 * leaderboard_values has no foreign key to users: a user's deletion deletes their awards, and the
 * trigger then takes each one off the boards, which needs the user's rows still there.
 *
 * Lock order: the trigger runs after tr_awards_count_holder and tr_awards_stats (triggers fire in
 * name order), so after the achievement, the user, user_stats, streak levels and points levels; it
 * then locks the user's own value rows (kinds in ascending order) and the leaderboard levels in
 * ascending (metric, kind, start, value) order, in one statement whose rows come sorted.
 */
export class Leaderboards1764201600000 implements MigrationInterface {
  name = "Leaderboards1764201600000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "leaderboard_values" (
        "period_kind" smallint NOT NULL,
        "period_start" timestamptz NOT NULL,
        "user_id" bigint NOT NULL,
        "points" bigint NOT NULL,
        "achievements" integer NOT NULL,
        CONSTRAINT "pk_leaderboard_values" PRIMARY KEY ("period_kind", "period_start", "user_id"),
        -- No CHECK on the counts: INSERT … ON CONFLICT DO UPDATE checks the proposed row (a
        -- revocation proposes negative counts) before it finds the conflict. stats_check() finds
        -- any count that is off.
        CONSTRAINT "ck_leaderboard_values_kind" CHECK ("period_kind" BETWEEN 0 AND 3)
      )`);
    await q.query(
      `CREATE INDEX "ix_leaderboard_values_points" ON "leaderboard_values" ("period_kind", "period_start", "points" DESC, "user_id")`,
    );
    await q.query(
      `CREATE INDEX "ix_leaderboard_values_achievements" ON "leaderboard_values" ("period_kind", "period_start", "achievements" DESC, "user_id")`,
    );

    await q.query(`
      CREATE TABLE "leaderboard_levels" (
        "metric" smallint NOT NULL,
        "period_kind" smallint NOT NULL,
        "period_start" timestamptz NOT NULL,
        "value" bigint NOT NULL,
        "user_count" integer NOT NULL,
        CONSTRAINT "pk_leaderboard_levels" PRIMARY KEY ("metric", "period_kind", "period_start", "value") INCLUDE ("user_count"),
        -- user_count is proposed as -1 when a user leaves a level (see leaderboard_values).
        CONSTRAINT "ck_leaderboard_levels_value" CHECK ("value" > 0)
      )`);
    await q.query(`ALTER TABLE "leaderboard_values" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02)`);
    await q.query(`ALTER TABLE "leaderboard_levels" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000)`);

    await q.query(`
      CREATE FUNCTION "awards_apply_leaderboards"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        s integer;
        uid bigint;
        p bigint;
        t timestamp;
        d timestamptz;
        w timestamptz;
        m timestamptz;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          s := 1; uid := NEW.user_id; t := NEW.awarded_at AT TIME ZONE 'UTC';
          SELECT a.points INTO STRICT p FROM achievements a WHERE a.id = NEW.achievement_id;
        ELSE
          s := -1; uid := OLD.user_id; t := OLD.awarded_at AT TIME ZONE 'UTC';
          SELECT -a.points INTO STRICT p FROM achievements a WHERE a.id = OLD.achievement_id;
        END IF;
        d := date_trunc('day', t) AT TIME ZONE 'UTC';
        w := date_trunc('week', t) AT TIME ZONE 'UTC';
        m := date_trunc('month', t) AT TIME ZONE 'UTC';
        WITH moved AS (
          INSERT INTO leaderboard_values AS v (period_kind, period_start, user_id, points, achievements)
          VALUES (0, '-infinity', uid, p, s), (1, d, uid, p, s), (2, w, uid, p, s), (3, m, uid, p, s)
          ON CONFLICT (period_kind, period_start, user_id) DO UPDATE
            SET points = v.points + EXCLUDED.points, achievements = v.achievements + EXCLUDED.achievements
          RETURNING v.period_kind, v.period_start, v.points, v.achievements
        ), steps AS (
          SELECT 0::smallint AS metric, x.period_kind, x.period_start, x.points - p AS old_value, x.points AS new_value FROM moved x
          UNION ALL
          SELECT 1::smallint, x.period_kind, x.period_start, (x.achievements - s)::bigint, x.achievements::bigint FROM moved x
        ), deltas AS (
          SELECT y.metric, y.period_kind, y.period_start, y.old_value AS value, -1 AS delta FROM steps y WHERE y.old_value > 0
          UNION ALL
          SELECT y.metric, y.period_kind, y.period_start, y.new_value, 1 FROM steps y WHERE y.new_value > 0
        )
        INSERT INTO leaderboard_levels AS l (metric, period_kind, period_start, value, user_count)
        SELECT z.metric, z.period_kind, z.period_start, z.value, z.delta FROM deltas z
        ORDER BY z.metric, z.period_kind, z.period_start, z.value
        ON CONFLICT (metric, period_kind, period_start, value) DO UPDATE SET user_count = l.user_count + EXCLUDED.user_count;
        IF s < 0 THEN
          DELETE FROM leaderboard_values v
          WHERE v.period_kind IN (0, 1, 2, 3) AND v.period_start IN ('-infinity', d, w, m) AND v.user_id = uid AND v.achievements = 0;
        END IF;
        RETURN NULL;
      END $$`);
    // Named to fire after tr_awards_stats (same timing, name order), for the lock order above.
    await q.query(`
      CREATE TRIGGER "tr_awards_stats_leaderboards" AFTER INSERT OR DELETE ON "awards"
      FOR EACH ROW EXECUTE FUNCTION "awards_apply_leaderboards"()`);

    // What the boards must hold, from the awards alone.
    await q.query(`
      CREATE FUNCTION "leaderboard_expected"() RETURNS TABLE (
        period_kind smallint, period_start timestamptz, user_id bigint, points bigint, achievements integer)
      LANGUAGE sql STABLE AS $$
        SELECT k.kind, k.start, w.user_id, sum(a.points)::bigint, count(*)::integer
        FROM awards w JOIN achievements a ON a.id = w.achievement_id
        CROSS JOIN LATERAL (VALUES
          (0::smallint, '-infinity'::timestamptz),
          (1::smallint, date_trunc('day', w.awarded_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'),
          (2::smallint, date_trunc('week', w.awarded_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'),
          (3::smallint, date_trunc('month', w.awarded_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
        ) k(kind, start)
        GROUP BY k.kind, k.start, w.user_id
      $$`);
    await q.query(`
      CREATE FUNCTION "leaderboard_levels_of"() RETURNS TABLE (
        metric smallint, period_kind smallint, period_start timestamptz, value bigint, user_count integer)
      LANGUAGE sql STABLE AS $$
        SELECT 0::smallint, v.period_kind, v.period_start, v.points, count(*)::integer FROM leaderboard_values v
        WHERE v.points > 0 GROUP BY v.period_kind, v.period_start, v.points
        UNION ALL
        SELECT 1::smallint, v.period_kind, v.period_start, v.achievements::bigint, count(*)::integer FROM leaderboard_values v
        WHERE v.achievements > 0 GROUP BY v.period_kind, v.period_start, v.achievements
      $$`);

    // The rebuild and the check learn about the boards (whatever the earlier migrations made of them).
    await q.query(`ALTER FUNCTION "stats_rebuild"() RENAME TO "stats_rebuild_without_leaderboards"`);
    await q.query(`
      CREATE FUNCTION "stats_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM stats_rebuild_without_leaderboards();
        LOCK TABLE awards IN SHARE MODE;
        TRUNCATE leaderboard_values, leaderboard_levels;
        INSERT INTO leaderboard_values (period_kind, period_start, user_id, points, achievements)
          SELECT * FROM leaderboard_expected();
        INSERT INTO leaderboard_levels (metric, period_kind, period_start, value, user_count)
          SELECT * FROM leaderboard_levels_of();
      END $$`);
    await q.query(`ALTER FUNCTION "stats_check"() RENAME TO "stats_check_without_leaderboards"`);
    await q.query(`
      CREATE FUNCTION "stats_check"() RETURNS TABLE (kind text, key text, stored text, expected text)
      LANGUAGE sql STABLE AS $$
        SELECT * FROM stats_check_without_leaderboards()
        UNION ALL
        SELECT 'leaderboard_values', concat_ws(' ', coalesce(v.period_kind, e.period_kind), coalesce(v.period_start, e.period_start), coalesce(v.user_id, e.user_id)),
               CASE WHEN v.user_id IS NULL THEN NULL ELSE concat_ws(' ', v.points, v.achievements) END,
               CASE WHEN e.user_id IS NULL THEN NULL ELSE concat_ws(' ', e.points, e.achievements) END
        FROM leaderboard_values v FULL JOIN leaderboard_expected() e
          ON e.period_kind = v.period_kind AND e.period_start = v.period_start AND e.user_id = v.user_id
        WHERE (v.points, v.achievements) IS DISTINCT FROM (e.points, e.achievements)
        UNION ALL
        SELECT 'leaderboard_levels', concat_ws(' ', coalesce(l.metric, x.metric), coalesce(l.period_kind, x.period_kind), coalesce(l.period_start, x.period_start), coalesce(l.value, x.value)),
               coalesce(l.user_count, 0)::text, coalesce(x.user_count, 0)::text
        FROM (SELECT * FROM leaderboard_levels WHERE user_count > 0) l
        FULL JOIN leaderboard_levels_of() x
          ON x.metric = l.metric AND x.period_kind = l.period_kind AND x.period_start = l.period_start AND x.value = l.value
        WHERE coalesce(l.user_count, 0) <> coalesce(x.user_count, 0)
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION "stats_check"()`);
    await q.query(`ALTER FUNCTION "stats_check_without_leaderboards"() RENAME TO "stats_check"`);
    await q.query(`DROP FUNCTION "stats_rebuild"()`);
    await q.query(`ALTER FUNCTION "stats_rebuild_without_leaderboards"() RENAME TO "stats_rebuild"`);
    await q.query(`DROP FUNCTION "leaderboard_levels_of"()`);
    await q.query(`DROP FUNCTION "leaderboard_expected"()`);
    await q.query(`DROP TRIGGER "tr_awards_stats_leaderboards" ON "awards"`);
    await q.query(`DROP FUNCTION "awards_apply_leaderboards"()`);
    await q.query(`DROP TABLE "leaderboard_levels"`);
    await q.query(`DROP TABLE "leaderboard_values"`);
  }
}
