import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `reportProgress` in one round trip: `progress_report(...)` runs the statements a report used to
 * send one by one inside its own transaction (BEGIN, the claim-and-raise statement, the award
 * statement when the report completes the achievement, the read of the state, the give-back when
 * the achievement was awarded meanwhile, COMMIT), in the same order and with the same SQL. It is
 * one statement, so it is atomic without a transaction of its own, and under READ COMMITTED each
 * statement inside it takes a new snapshot, as each round trip did: a statement after the upsert
 * sees what the report it waited for committed. The semantics are those of api-contract.md,
 * "Progress", unchanged (src/modules/progress/progress.service.ts reads the outcome).
 *
 * Outcomes: 'refused' (the user or the achievement does not exist, or it has no steps; nothing
 * was written), 'unchanged' (held, or the key was used before), 'completed' (this report raised
 * the progress to the target and created the award), 'held' (awarded meanwhile: what this report
 * wrote is given back), 'applied'.
 */
export class ProgressReport1764216000000 implements MigrationInterface {
  name = "ProgressReport1764216000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION "progress_report"(p_user bigint, p_achievement bigint, p_request text, p_increment integer,
        p_at_least integer, p_at timestamptz)
      RETURNS TABLE (o_user_exists boolean, o_achievement_exists boolean, o_steps integer, o_created_at timestamptz,
        o_outcome text, o_current integer, o_updated_at timestamptz,
        o_award_id bigint, o_awarded_at timestamptz, o_awarded_at_key text)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_held boolean;
        v_claimed boolean;
        v_raised_current integer;
        v_raised boolean;
        v_progress_current integer;
        v_progress_updated_at timestamptz;
      BEGIN
        -- The claim and the raise (as the statement progress.apply sent before).
        WITH s AS (
          SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = p_user) AS user_exists,
            a.id IS NOT NULL AS achievement_exists, a.steps, a.created_at,
            EXISTS (SELECT 1 FROM awards w WHERE w.user_id = p_user AND w.achievement_id = p_achievement) AS held
          FROM (SELECT 1) one LEFT JOIN achievements a ON a.id = p_achievement
        ), go AS (
          SELECT s.steps AS target FROM s WHERE s.user_exists AND s.steps IS NOT NULL AND NOT s.held
        ), claim AS (
          INSERT INTO progress_requests (user_id, request_id) SELECT p_user, p_request FROM go WHERE p_request IS NOT NULL
          ON CONFLICT (user_id, request_id) DO NOTHING RETURNING 1 AS claimed
        ), raised AS (
          INSERT INTO achievement_progress AS p (user_id, achievement_id, current, updated_at)
          SELECT p_user, p_achievement, least(go.target, coalesce(p_increment, p_at_least)), p_at FROM go
          WHERE least(go.target, coalesce(p_increment, p_at_least)) > 0 AND (p_request IS NULL OR EXISTS (SELECT 1 FROM claim))
          ON CONFLICT (user_id, achievement_id) DO UPDATE
            SET current = least(
                  (SELECT a.steps FROM achievements a WHERE a.id = p.achievement_id),
                  CASE WHEN p_increment IS NULL THEN p_at_least ELSE p.current + p_increment END),
                updated_at = p_at
            WHERE least(
                  (SELECT a.steps FROM achievements a WHERE a.id = p.achievement_id),
                  CASE WHEN p_increment IS NULL THEN p_at_least ELSE p.current + p_increment END) > p.current
          RETURNING p.current
        )
        SELECT s.user_exists, s.achievement_exists, s.steps, s.created_at, s.held, EXISTS (SELECT 1 FROM claim), r.current
        INTO o_user_exists, o_achievement_exists, o_steps, o_created_at, v_held, v_claimed, v_raised_current
        FROM s LEFT JOIN raised r ON true;
        v_raised := v_raised_current IS NOT NULL;

        IF NOT o_user_exists OR NOT o_achievement_exists OR o_steps IS NULL THEN
          o_outcome := 'refused';
          RETURN NEXT;
          RETURN;
        END IF;

        -- Held, or the key was used before: nothing was written; the state as it is now.
        IF v_held OR (p_request IS NOT NULL AND NOT v_claimed) THEN
          o_outcome := 'unchanged';
        ELSE
          -- The report that raised the progress to the target awards (as awards.insertOnce).
          IF v_raised AND v_raised_current = o_steps THEN
            WITH w AS (
              INSERT INTO awards (user_id, achievement_id, awarded_at) VALUES (p_user, p_achievement, p_at)
              ON CONFLICT (user_id, achievement_id) DO NOTHING RETURNING *
            ), progress_done AS (
              DELETE FROM achievement_progress p USING w WHERE p.user_id = w.user_id AND p.achievement_id = w.achievement_id
            )
            SELECT w.id, w.awarded_at, to_char(w.awarded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
            INTO o_award_id, o_awarded_at, o_awarded_at_key FROM w;
            IF o_award_id IS NOT NULL THEN
              o_outcome := 'completed';
              o_current := o_steps;
              o_updated_at := p_at;
              RETURN NEXT;
              RETURN;
            END IF;
          END IF;
          o_outcome := 'applied';
        END IF;

        -- The state now (a new snapshot: it sees what concurrent reports and awards committed).
        SELECT w.id, w.awarded_at, to_char(w.awarded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        INTO o_award_id, o_awarded_at, o_awarded_at_key
        FROM awards w WHERE w.user_id = p_user AND w.achievement_id = p_achievement;
        SELECT p.current, p.updated_at INTO v_progress_current, v_progress_updated_at
        FROM achievement_progress p WHERE p.user_id = p_user AND p.achievement_id = p_achievement;

        IF o_award_id IS NOT NULL THEN
          -- Awarded meanwhile (or held): this report gives back what it wrote.
          IF o_outcome = 'applied' THEN
            IF v_raised THEN
              DELETE FROM achievement_progress p WHERE p.user_id = p_user AND p.achievement_id = p_achievement;
            END IF;
            IF p_request IS NOT NULL THEN
              DELETE FROM progress_requests r WHERE r.user_id = p_user AND r.request_id = p_request;
            END IF;
            o_outcome := 'held';
          END IF;
          o_current := o_steps;
          o_updated_at := o_awarded_at;
        ELSE
          o_current := CASE WHEN o_outcome = 'unchanged' THEN least(o_steps, coalesce(v_progress_current, 0))
                            ELSE coalesce(v_progress_current, 0) END;
          o_updated_at := coalesce(v_progress_updated_at, o_created_at);
        END IF;
        RETURN NEXT;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION "progress_report"(bigint, bigint, text, integer, integer, timestamptz)`);
  }
}
