import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Per-user aggregates for the statistics, kept by triggers in the award's own transaction, so a
 * statistic is an index lookup or a short range scan and never a scan of the awards.
 *
 * - user_stats: one row per ranked user (at least one award): count, points, longest streak.
 * - points_levels: one row per distinct points value among ranked users, with how many users
 *   hold it and the gap down to the next lower value. The smallest points difference is then 0
 *   when some level holds two users, else the smallest gap: one index lookup.
 * - tied_users: the users who share their points with someone, for listing zero-difference pairs
 *   in id order without scanning.
 *
 * Lock order inside an award (so concurrent awards cannot deadlock on each other's rows): the
 * achievement (holder count), the user (FOR SHARE, so a time-zone change waits), the user's
 * stats row, then points levels in ascending order; tied_users rows are touched only while the
 * level they belong to is locked. Changing the set of levels (creating or removing one, which
 * moves gaps) also takes a transaction advisory lock.
 */
export class StatisticsAggregates1764176400000 implements MigrationInterface {
  name = "StatisticsAggregates1764176400000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "user_stats" (
        "user_id" bigint NOT NULL,
        "achievement_count" integer NOT NULL,
        "points" bigint NOT NULL,
        "streak_days" integer NOT NULL,
        "streak_start" date,
        "streak_end" date,
        CONSTRAINT "pk_user_stats" PRIMARY KEY ("user_id"),
        CONSTRAINT "fk_user_stats_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
        CONSTRAINT "ck_user_stats_nonnegative" CHECK ("achievement_count" >= 0 AND "points" >= 0 AND "streak_days" >= 0)
      )`);
    await q.query(`CREATE INDEX "ix_user_stats_count" ON "user_stats" ("achievement_count" DESC, "user_id")`);
    await q.query(`CREATE INDEX "ix_user_stats_points" ON "user_stats" ("points", "user_id")`);
    await q.query(`CREATE INDEX "ix_user_stats_streak" ON "user_stats" ("streak_days" DESC, "user_id")`);

    await q.query(`
      CREATE TABLE "points_levels" (
        "points" bigint NOT NULL,
        "user_count" integer NOT NULL,
        "gap" bigint,
        CONSTRAINT "pk_points_levels" PRIMARY KEY ("points"),
        -- 0 only inside the transaction that empties the level and deletes it.
        CONSTRAINT "ck_points_levels_user_count" CHECK ("user_count" >= 0),
        CONSTRAINT "ck_points_levels_gap" CHECK ("gap" IS NULL OR "gap" > 0)
      )`);
    await q.query(`CREATE INDEX "ix_points_levels_gap" ON "points_levels" ("gap", "points") WHERE "gap" IS NOT NULL`);
    await q.query(`CREATE INDEX "ix_points_levels_tied" ON "points_levels" ("points") INCLUDE ("user_count") WHERE "user_count" >= 2`);

    await q.query(`
      CREATE TABLE "tied_users" (
        "user_id" bigint NOT NULL,
        CONSTRAINT "pk_tied_users" PRIMARY KEY ("user_id"),
        CONSTRAINT "fk_tied_users_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
      )`);

    // The longest run of consecutive local days with an award (the latest of equally long ones).
    await q.query(`
      CREATE FUNCTION "stats_user_streak"(p_user bigint, p_tz text, OUT days integer, OUT start_day date, OUT end_day date)
      LANGUAGE sql STABLE AS $$
        WITH d AS (
          SELECT DISTINCT (w.awarded_at AT TIME ZONE p_tz)::date AS day FROM awards w WHERE w.user_id = p_user
        ), g AS (
          SELECT day, day - (row_number() OVER (ORDER BY day))::integer AS grp FROM d
        )
        SELECT count(*)::integer, min(day), max(day) FROM g GROUP BY grp ORDER BY 1 DESC, 3 DESC LIMIT 1
      $$`);

    // A move predicted not to change the set of levels may find it must after all (another award
    // emptied or filled a level in between). It then holds level row locks, so waiting for the
    // structure lock could deadlock with an award that holds it and waits for those rows: it takes
    // the lock only if free, else gives up at once with serialization_failure, and the service
    // runs the statement again (nothing was written).
    await q.query(`
      CREATE FUNCTION "stats_take_structure_lock_or_retry"() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('achievements:points_levels')) THEN
          RAISE EXCEPTION 'points levels changed by a concurrent award; retry' USING ERRCODE = '40001';
        END IF;
      END $$`);

    // Moves one user between points levels (old_points NULL: the user was not ranked).
    await q.query(`
      CREATE FUNCTION "stats_move_level"(p_user bigint, p_old bigint, p_new bigint) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        n integer;
        other bigint;
        pred bigint;
        succ bigint;
        structural_locked boolean := false;
      BEGIN
        IF p_old IS NOT DISTINCT FROM p_new THEN RETURN; END IF;
        -- Take the structure lock first when the move will create or remove a level.
        IF (p_old IS NOT NULL AND (SELECT user_count FROM points_levels WHERE points = p_old) = 1)
           OR NOT EXISTS (SELECT 1 FROM points_levels WHERE points = p_new) THEN
          PERFORM pg_advisory_xact_lock(hashtext('achievements:points_levels'));
          structural_locked := true;
        END IF;

        -- Leave the old level (old < new: levels are locked in ascending order).
        IF p_old IS NOT NULL THEN
          UPDATE points_levels SET user_count = user_count - 1 WHERE points = p_old RETURNING user_count INTO n;
          DELETE FROM tied_users WHERE user_id = p_user;
          IF n = 0 THEN
            IF NOT structural_locked THEN
              PERFORM stats_take_structure_lock_or_retry();
              structural_locked := true;
            END IF;
            DELETE FROM points_levels WHERE points = p_old;
            SELECT max(points) INTO pred FROM points_levels WHERE points < p_old;
            SELECT min(points) INTO succ FROM points_levels WHERE points > p_old;
            IF succ IS NOT NULL THEN UPDATE points_levels SET gap = succ - pred WHERE points = succ; END IF;
          ELSIF n = 1 THEN
            DELETE FROM tied_users WHERE user_id = (
              SELECT s.user_id FROM user_stats s WHERE s.points = p_old AND s.user_id <> p_user LIMIT 1);
          END IF;
        END IF;

        -- Enter the new level.
        UPDATE points_levels SET user_count = user_count + 1 WHERE points = p_new RETURNING user_count INTO n;
        IF NOT FOUND THEN
          IF NOT structural_locked THEN
            PERFORM stats_take_structure_lock_or_retry();
            structural_locked := true;
          END IF;
          UPDATE points_levels SET user_count = user_count + 1 WHERE points = p_new RETURNING user_count INTO n;
        END IF;
        IF n IS NULL THEN
          SELECT max(points) INTO pred FROM points_levels WHERE points < p_new;
          SELECT min(points) INTO succ FROM points_levels WHERE points > p_new;
          INSERT INTO points_levels (points, user_count, gap) VALUES (p_new, 1, p_new - pred);
          IF succ IS NOT NULL THEN UPDATE points_levels SET gap = succ - p_new WHERE points = succ; END IF;
        ELSIF n >= 2 THEN
          INSERT INTO tied_users (user_id) VALUES (p_user) ON CONFLICT DO NOTHING;
          IF n = 2 THEN
            SELECT s.user_id INTO other FROM user_stats s WHERE s.points = p_new AND s.user_id <> p_user LIMIT 1;
            IF other IS NOT NULL THEN INSERT INTO tied_users (user_id) VALUES (other) ON CONFLICT DO NOTHING; END IF;
          END IF;
        END IF;
      END $$`);

    await q.query(`
      CREATE FUNCTION "awards_apply_stats"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        tz text;
        p integer;
        old_count integer;
        old_points bigint;
        st record;
      BEGIN
        -- FOR SHARE: a concurrent time-zone change of this user waits for this award and then
        -- recomputes the streak with it (and vice versa).
        SELECT time_zone INTO tz FROM users WHERE id = NEW.user_id FOR SHARE;
        SELECT points INTO p FROM achievements WHERE id = NEW.achievement_id;
        INSERT INTO user_stats (user_id, achievement_count, points, streak_days)
          VALUES (NEW.user_id, 0, 0, 0) ON CONFLICT (user_id) DO NOTHING;
        SELECT achievement_count, points INTO old_count, old_points FROM user_stats WHERE user_id = NEW.user_id FOR UPDATE;
        SELECT * INTO STRICT st FROM stats_user_streak(NEW.user_id, tz);
        UPDATE user_stats SET achievement_count = old_count + 1, points = old_points + p,
          streak_days = st.days, streak_start = st.start_day, streak_end = st.end_day
          WHERE user_id = NEW.user_id;
        PERFORM stats_move_level(NEW.user_id, CASE WHEN old_count = 0 THEN NULL ELSE old_points END, old_points + p);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_awards_stats" AFTER INSERT ON "awards"
      FOR EACH ROW EXECUTE FUNCTION "awards_apply_stats"()`);

    // A user's calendar days follow their current time zone: recompute the streak when it changes.
    await q.query(`
      CREATE FUNCTION "users_time_zone_stats"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE user_stats s SET (streak_days, streak_start, streak_end) =
          (SELECT x.days, x.start_day, x.end_day FROM stats_user_streak(NEW.id, NEW.time_zone) x)
          WHERE s.user_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_users_time_zone_stats" AFTER UPDATE OF "time_zone" ON "users"
      FOR EACH ROW WHEN (OLD."time_zone" IS DISTINCT FROM NEW."time_zone") EXECUTE FUNCTION "users_time_zone_stats"()`);

    // What every aggregate must be, computed from the awards alone (for checks and rebuilds).
    await q.query(`
      CREATE FUNCTION "stats_expected"() RETURNS TABLE (
        user_id bigint, achievement_count integer, points bigint, streak_days integer, streak_start date, streak_end date)
      LANGUAGE sql STABLE AS $$
        WITH per_user AS (
          SELECT w.user_id, count(*)::integer AS achievement_count, sum(a.points)::bigint AS points
          FROM awards w JOIN achievements a ON a.id = w.achievement_id GROUP BY w.user_id
        ), days AS (
          SELECT DISTINCT w.user_id, (w.awarded_at AT TIME ZONE u.time_zone)::date AS day
          FROM awards w JOIN users u ON u.id = w.user_id
        ), islands AS (
          SELECT d.user_id, d.day, d.day - (row_number() OVER (PARTITION BY d.user_id ORDER BY d.day))::integer AS grp FROM days d
        ), runs AS (
          SELECT i.user_id, count(*)::integer AS days, min(i.day) AS s, max(i.day) AS e FROM islands i GROUP BY i.user_id, i.grp
        ), best AS (
          SELECT DISTINCT ON (r.user_id) r.user_id, r.days, r.s, r.e FROM runs r ORDER BY r.user_id, r.days DESC, r.e DESC
        )
        SELECT p.user_id, p.achievement_count, p.points, b.days, b.s, b.e FROM per_user p JOIN best b ON b.user_id = p.user_id
      $$`);

    // Lists every difference between the stored aggregates and what the awards say (empty when true).
    await q.query(`
      CREATE FUNCTION "stats_check"() RETURNS TABLE (kind text, key text, stored text, expected text)
      LANGUAGE sql STABLE AS $$
        WITH e AS (SELECT * FROM stats_expected())
        SELECT 'user_stats', coalesce(s.user_id, e.user_id)::text,
               CASE WHEN s.user_id IS NULL THEN NULL ELSE concat_ws(' ', s.achievement_count, s.points, s.streak_days, s.streak_start, s.streak_end) END,
               CASE WHEN e.user_id IS NULL THEN NULL ELSE concat_ws(' ', e.achievement_count, e.points, e.streak_days, e.streak_start, e.streak_end) END
        FROM user_stats s FULL JOIN e ON e.user_id = s.user_id
        WHERE (s.achievement_count, s.points, s.streak_days, s.streak_start, s.streak_end)
              IS DISTINCT FROM (e.achievement_count, e.points, e.streak_days, e.streak_start, e.streak_end)
        UNION ALL
        SELECT 'points_levels', coalesce(l.points, x.points)::text,
               CASE WHEN l.points IS NULL THEN NULL ELSE concat_ws(' ', l.user_count, l.gap) END,
               CASE WHEN x.points IS NULL THEN NULL ELSE concat_ws(' ', x.user_count, x.gap) END
        FROM points_levels l FULL JOIN (
          SELECT g.points, g.user_count, g.points - lag(g.points) OVER (ORDER BY g.points) AS gap
          FROM (SELECT e2.points, count(*)::integer AS user_count FROM e e2 GROUP BY e2.points) g
        ) x ON x.points = l.points
        WHERE (l.user_count, l.gap) IS DISTINCT FROM (x.user_count, x.gap)
        UNION ALL
        SELECT 'tied_users', coalesce(t.user_id, y.user_id)::text,
               CASE WHEN t.user_id IS NULL THEN 'absent' ELSE 'present' END,
               CASE WHEN y.user_id IS NULL THEN 'absent' ELSE 'present' END
        FROM tied_users t FULL JOIN (
          SELECT e3.user_id FROM e e3 JOIN (SELECT e4.points FROM e e4 GROUP BY e4.points HAVING count(*) >= 2) tp
            ON tp.points = e3.points
        ) y ON y.user_id = t.user_id
        WHERE t.user_id IS NULL OR y.user_id IS NULL
        UNION ALL
        SELECT 'holder_count', a.id::text, a.holder_count::text, coalesce(c.n, 0)::text
        FROM achievements a LEFT JOIN (SELECT w.achievement_id, count(*)::integer AS n FROM awards w GROUP BY w.achievement_id) c
          ON c.achievement_id = a.id
        WHERE a.holder_count <> coalesce(c.n, 0)
      $$`);

    // Recomputes every aggregate from the awards (after bulk loads with triggers off, or a repair).
    await q.query(`
      CREATE FUNCTION "stats_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION "stats_rebuild"()`);
    await q.query(`DROP FUNCTION "stats_check"()`);
    await q.query(`DROP FUNCTION "stats_expected"()`);
    await q.query(`DROP TRIGGER "tr_users_time_zone_stats" ON "users"`);
    await q.query(`DROP FUNCTION "users_time_zone_stats"()`);
    await q.query(`DROP TRIGGER "tr_awards_stats" ON "awards"`);
    await q.query(`DROP FUNCTION "awards_apply_stats"()`);
    await q.query(`DROP FUNCTION "stats_move_level"(bigint, bigint, bigint)`);
    await q.query(`DROP FUNCTION "stats_take_structure_lock_or_retry"()`);
    await q.query(`DROP FUNCTION "stats_user_streak"(bigint, text)`);
    await q.query(`DROP TABLE "tied_users"`);
    await q.query(`DROP TABLE "points_levels"`);
    await q.query(`DROP TABLE "user_stats"`);
  }
}
