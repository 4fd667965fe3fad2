import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * stats_move_level (the points-level move of an award or a revocation) sets a user's own
 * tied_users row only once both levels are locked. A revocation moving a user down entered the
 * lower level and set the user's own row before it locked the old level: an award (or a batch)
 * that meanwhile moved the old level's other user away saw this user still at the old level (the
 * revocation not yet committed) and deleted the user's tied row as the old level's last user; the
 * user then stayed untied at a level of two. Found by stats_check() in a race of batches,
 * revocations and awards on PostgreSQL (the branch of set-based batches); the same interleaving is
 * open to two single writes. Everything else in the move is as 1764194400000-revocation-aggregates.ts
 * made it, which down restores.
 */
/**
 * The move with the user's own tied_users row decided where `ownRowWithBothLevels` says: true, after
 * the old level is locked (this migration); false, on entering the lower level (as before).
 */
function moveLevel(ownRowWithBothLevels: boolean): string {
  const enterLowerOwnRow = ownRowWithBothLevels
    ? `            -- The user's own row waits until the old level is locked too (below).
`
    : `            INSERT INTO tied_users (user_id) VALUES (p_user) ON CONFLICT DO NOTHING;
`;
  const leaveOldOwnRow = ownRowWithBothLevels
    ? `          -- Still tied when the lower level just entered holds someone else. Decided only now,
          -- with both levels locked: whoever changes the old level (and, seeing the user there,
          -- its ties) has committed by now, and the row is set after it.
          IF n_new >= 2 THEN
            INSERT INTO tied_users (user_id) VALUES (p_user) ON CONFLICT DO NOTHING;
          ELSE
            DELETE FROM tied_users WHERE user_id = p_user;
          END IF;
`
    : `          -- Still tied when the lower level just entered holds someone else.
          IF n_new IS NULL OR n_new < 2 THEN
            DELETE FROM tied_users WHERE user_id = p_user;
          END IF;
`;
  return `
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
${enterLowerOwnRow}            IF n_new = 2 THEN
              SELECT s.user_id INTO other FROM user_stats s WHERE s.points = p_new AND s.user_id <> p_user LIMIT 1;
              IF other IS NOT NULL THEN INSERT INTO tied_users (user_id) VALUES (other) ON CONFLICT DO NOTHING; END IF;
            END IF;
          END IF;
        END IF;

        -- Leave the old level.
        IF p_old IS NOT NULL THEN
          UPDATE points_levels SET user_count = user_count - 1 WHERE points = p_old RETURNING user_count INTO n;
${leaveOldOwnRow}          IF n = 0 THEN
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
      END $$`;
}

export class RevocationTieOrder1764219600000 implements MigrationInterface {
  name = "RevocationTieOrder1764219600000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(moveLevel(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(moveLevel(false));
  }
}
