import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A single award (awards_apply_stats) makes sure the user's user_stats row exists with
 * INSERT … ON CONFLICT DO NOTHING and then locks it with SELECT … FOR UPDATE. A revocation of the
 * user's last award that locks the row between the two deletes it (its count reaches 0); the
 * award's lock then returns no row once the revocation commits, its UPDATE changes nothing and the
 * move between points levels is skipped: the award was held but left out of every aggregate of
 * the user (stats_check() reports the user's row missing). Now the award inserts the row again
 * when the lock finds none. test/api/award-revocation-row-race.test.ts forces the interleaving
 * (found while reading the single path for the set-based batches, whose upsert of user_stats,
 * INSERT … ON CONFLICT DO UPDATE, inserts again by itself). down restores the function as
 * 1764176400000-statistics-aggregates.ts made it.
 */
/**
 * awards_apply_stats (the single award's statistics trigger) as the statistics migration made it,
 * or (`relock`) inserting the user_stats row again when a revocation of the user's last award
 * deleted it after the INSERT … ON CONFLICT DO NOTHING found it and before the row lock was
 * granted (the lock then returns no row, and the award was left out of the user's aggregates).
 */
function applyStats(relock: boolean): string {
  const rowAndLock = relock
    ? `        -- A revocation of the user's last award may delete the row after the insert found it
        -- and before the lock is granted (the lock then finds no row): insert it again.
        LOOP
          INSERT INTO user_stats (user_id, achievement_count, points, streak_days)
            VALUES (NEW.user_id, 0, 0, 0) ON CONFLICT (user_id) DO NOTHING;
          SELECT achievement_count, points INTO old_count, old_points FROM user_stats WHERE user_id = NEW.user_id FOR UPDATE;
          EXIT WHEN FOUND;
        END LOOP;
`
    : `        INSERT INTO user_stats (user_id, achievement_count, points, streak_days)
          VALUES (NEW.user_id, 0, 0, 0) ON CONFLICT (user_id) DO NOTHING;
        SELECT achievement_count, points INTO old_count, old_points FROM user_stats WHERE user_id = NEW.user_id FOR UPDATE;
`;
  return `
      CREATE OR REPLACE FUNCTION "awards_apply_stats"() RETURNS trigger LANGUAGE plpgsql AS $$
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
${rowAndLock}        SELECT * INTO STRICT st FROM stats_user_streak(NEW.user_id, tz);
        UPDATE user_stats SET achievement_count = old_count + 1, points = old_points + p,
          streak_days = st.days, streak_start = st.start_day, streak_end = st.end_day
          WHERE user_id = NEW.user_id;
        PERFORM stats_move_level(NEW.user_id, CASE WHEN old_count = 0 THEN NULL ELSE old_points END, old_points + p);
        RETURN NULL;
      END $$`;
}

export class AwardRelocksUserStats1764226800000 implements MigrationInterface {
  name = "AwardRelocksUserStats1764226800000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(applyStats(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(applyStats(false));
  }
}
