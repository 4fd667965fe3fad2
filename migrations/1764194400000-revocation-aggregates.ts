import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A revocation is a DELETE from `awards` (see the lifecycle migration): the aggregates undo the
 * award in the same transaction, so every statistic, every user's aggregates and every holder
 * count are at once as if the award had never been made.
 *
 * - `tr_awards_revoke_holder`: holder_count − 1 on the achievement.
 * - `tr_awards_revoke_stats`: the user's count and points go down and the longest streak is
 *   recomputed from the remaining awards; a user left without awards loses the user_stats row (an
 *   unranked user is in no statistic; the streak_levels trigger counts the row's removal); the
 *   user leaves the old points level for the lower new one, or leaves the ranked set.
 *
 * Lock order as in an award (statistics-aggregates and streak-levels migrations): the achievement,
 * the user (FOR SHARE), the user's user_stats row, streak levels, then points levels in ascending
 * order. A revocation lowers the user's points, so `stats_move_level` now enters the new (lower)
 * level before it leaves the old one; tied_users rows are still touched only while the level they
 * belong to is locked. AFTER DELETE triggers fire in name order, like the INSERT ones: the holder
 * count before the statistics.
 */
export class RevocationAggregates1764194400000 implements MigrationInterface {
  name = "RevocationAggregates1764194400000";

  async up(q: QueryRunner): Promise<void> {
    // p_new NULL: the user leaves the ranked set. Points levels are locked in ascending order
    // whichever way the user moves.
    await q.query(`
      CREATE OR REPLACE FUNCTION "stats_move_level"(p_user bigint, p_old bigint, p_new bigint) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        n integer;
        n_new integer;
        other bigint;
        pred bigint;
        succ bigint;
        structural_locked boolean := false;
      BEGIN
        IF p_old IS NOT DISTINCT FROM p_new THEN RETURN; END IF;
        -- Take the structure lock first when the move will create or remove a level.
        IF (p_old IS NOT NULL AND (SELECT user_count FROM points_levels WHERE points = p_old) = 1)
           OR (p_new IS NOT NULL AND NOT EXISTS (SELECT 1 FROM points_levels WHERE points = p_new)) THEN
          PERFORM pg_advisory_xact_lock(hashtext('achievements:points_levels'));
          structural_locked := true;
        END IF;

        -- A lower new level is entered first (ascending lock order).
        IF p_new IS NOT NULL AND p_old IS NOT NULL AND p_new < p_old THEN
          UPDATE points_levels SET user_count = user_count + 1 WHERE points = p_new RETURNING user_count INTO n_new;
          IF NOT FOUND THEN
            IF NOT structural_locked THEN
              PERFORM stats_take_structure_lock_or_retry();
              structural_locked := true;
            END IF;
            UPDATE points_levels SET user_count = user_count + 1 WHERE points = p_new RETURNING user_count INTO n_new;
          END IF;
          IF n_new IS NULL THEN
            SELECT max(points) INTO pred FROM points_levels WHERE points < p_new;
            SELECT min(points) INTO succ FROM points_levels WHERE points > p_new;
            INSERT INTO points_levels (points, user_count, gap) VALUES (p_new, 1, p_new - pred);
            IF succ IS NOT NULL THEN UPDATE points_levels SET gap = succ - p_new WHERE points = succ; END IF;
          ELSIF n_new >= 2 THEN
            INSERT INTO tied_users (user_id) VALUES (p_user) ON CONFLICT DO NOTHING;
            IF n_new = 2 THEN
              SELECT s.user_id INTO other FROM user_stats s WHERE s.points = p_new AND s.user_id <> p_user LIMIT 1;
              IF other IS NOT NULL THEN INSERT INTO tied_users (user_id) VALUES (other) ON CONFLICT DO NOTHING; END IF;
            END IF;
          END IF;
        END IF;

        -- Leave the old level.
        IF p_old IS NOT NULL THEN
          UPDATE points_levels SET user_count = user_count - 1 WHERE points = p_old RETURNING user_count INTO n;
          -- Still tied when the lower level just entered holds someone else.
          IF n_new IS NULL OR n_new < 2 THEN
            DELETE FROM tied_users WHERE user_id = p_user;
          END IF;
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

        -- A higher new level is entered last (ascending lock order).
        IF p_new IS NOT NULL AND (p_old IS NULL OR p_new > p_old) THEN
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
        END IF;
      END $$`);

    await q.query(`
      CREATE FUNCTION "awards_revoke_holder"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE "achievements" SET "holder_count" = "holder_count" - 1 WHERE "id" = OLD."achievement_id";
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_awards_revoke_holder" AFTER DELETE ON "awards"
      FOR EACH ROW EXECUTE FUNCTION "awards_revoke_holder"()`);

    await q.query(`
      CREATE FUNCTION "awards_revoke_stats"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        tz text;
        p integer;
        old_count integer;
        old_points bigint;
        st record;
      BEGIN
        -- FOR SHARE as in an award: a concurrent time-zone change waits, then sees the revocation.
        SELECT time_zone INTO tz FROM users WHERE id = OLD.user_id FOR SHARE;
        -- The user is being deleted (its awards cascade): its user_stats row cascades too.
        IF NOT FOUND THEN RETURN NULL; END IF;
        SELECT points INTO p FROM achievements WHERE id = OLD.achievement_id;
        SELECT achievement_count, points INTO old_count, old_points FROM user_stats WHERE user_id = OLD.user_id FOR UPDATE;
        IF NOT FOUND THEN RETURN NULL; END IF;
        IF old_count <= 1 THEN
          DELETE FROM user_stats WHERE user_id = OLD.user_id;
          PERFORM stats_move_level(OLD.user_id, old_points, NULL);
        ELSE
          SELECT * INTO STRICT st FROM stats_user_streak(OLD.user_id, tz);
          UPDATE user_stats SET achievement_count = old_count - 1, points = old_points - p,
            streak_days = st.days, streak_start = st.start_day, streak_end = st.end_day
            WHERE user_id = OLD.user_id;
          PERFORM stats_move_level(OLD.user_id, old_points, old_points - p);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_awards_revoke_stats" AFTER DELETE ON "awards"
      FOR EACH ROW EXECUTE FUNCTION "awards_revoke_stats"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "tr_awards_revoke_stats" ON "awards"`);
    await q.query(`DROP FUNCTION "awards_revoke_stats"()`);
    await q.query(`DROP TRIGGER "tr_awards_revoke_holder" ON "awards"`);
    await q.query(`DROP FUNCTION "awards_revoke_holder"()`);
    // The move as the statistics migration made it (points only grew).
    await q.query(`
      CREATE OR REPLACE FUNCTION "stats_move_level"(p_user bigint, p_old bigint, p_new bigint) RETURNS void
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
  }
}
