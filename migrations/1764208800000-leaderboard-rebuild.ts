import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * stats_rebuild() rebuilds the leaderboards as a bulk load instead of row by row: at 1M users and
 * 10M awards the boards are about 25M value rows, and inserting them into leaderboard_values with
 * its primary key and both metric indexes in place ran for over ten minutes (each row three
 * random B-tree insertions) where the rest of the rebuild takes under one.
 *
 * - The awards are summed once per (user, UTC day); the week, month and all-time rows are sums of
 *   those day rows, not three more passes over the awards.
 * - The indexes of both board tables are dropped inside the rebuild's transaction and built again
 *   after the rows are in (a sorted build). TRUNCATE already holds both tables in ACCESS
 *   EXCLUSIVE mode until commit, so no reader sees the tables without their indexes.
 *
 * The definitions restated here are those of 1764201600000-leaderboards.ts.
 */
export class LeaderboardRebuild1764208800000 implements MigrationInterface {
  name = "LeaderboardRebuild1764208800000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION "stats_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM stats_rebuild_without_leaderboards();
        LOCK TABLE awards IN SHARE MODE;
        TRUNCATE leaderboard_values, leaderboard_levels;
        PERFORM set_config('maintenance_work_mem', '256MB', true);
        ALTER TABLE leaderboard_values DROP CONSTRAINT pk_leaderboard_values;
        DROP INDEX ix_leaderboard_values_points;
        DROP INDEX ix_leaderboard_values_achievements;
        ALTER TABLE leaderboard_levels DROP CONSTRAINT pk_leaderboard_levels;

        INSERT INTO leaderboard_values (period_kind, period_start, user_id, points, achievements)
        WITH days AS (
          SELECT w.user_id, date_trunc('day', w.awarded_at AT TIME ZONE 'UTC') AS day,
                 sum(a.points)::bigint AS points, count(*)::integer AS achievements
          FROM awards w JOIN achievements a ON a.id = w.achievement_id
          GROUP BY w.user_id, date_trunc('day', w.awarded_at AT TIME ZONE 'UTC')
        )
        SELECT 1::smallint, d.day AT TIME ZONE 'UTC', d.user_id, d.points, d.achievements FROM days d
        UNION ALL
        SELECT 2::smallint, date_trunc('week', d.day) AT TIME ZONE 'UTC', d.user_id, sum(d.points)::bigint, sum(d.achievements)::integer
        FROM days d GROUP BY date_trunc('week', d.day), d.user_id
        UNION ALL
        SELECT 3::smallint, date_trunc('month', d.day) AT TIME ZONE 'UTC', d.user_id, sum(d.points)::bigint, sum(d.achievements)::integer
        FROM days d GROUP BY date_trunc('month', d.day), d.user_id
        UNION ALL
        SELECT 0::smallint, '-infinity'::timestamptz, d.user_id, sum(d.points)::bigint, sum(d.achievements)::integer
        FROM days d GROUP BY d.user_id;

        INSERT INTO leaderboard_levels (metric, period_kind, period_start, value, user_count)
          SELECT * FROM leaderboard_levels_of();

        ALTER TABLE leaderboard_values ADD CONSTRAINT pk_leaderboard_values PRIMARY KEY (period_kind, period_start, user_id);
        CREATE INDEX ix_leaderboard_values_points ON leaderboard_values (period_kind, period_start, points DESC, user_id);
        CREATE INDEX ix_leaderboard_values_achievements ON leaderboard_values (period_kind, period_start, achievements DESC, user_id);
        ALTER TABLE leaderboard_levels ADD CONSTRAINT pk_leaderboard_levels PRIMARY KEY (metric, period_kind, period_start, value) INCLUDE (user_count);
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION "stats_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM stats_rebuild_without_leaderboards();
        LOCK TABLE awards IN SHARE MODE;
        TRUNCATE leaderboard_values, leaderboard_levels;
        INSERT INTO leaderboard_values (period_kind, period_start, user_id, points, achievements)
          SELECT * FROM leaderboard_expected();
        INSERT INTO leaderboard_levels (metric, period_kind, period_start, value, user_count)
          SELECT * FROM leaderboard_levels_of();
      END $$`);
  }
}
