import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Set-based batches: the awards of one `awardAchievements` statement (awards.insertBatch) update
 * the aggregates with a few statements for the whole batch instead of the row triggers' dozen
 * statements per award. The batch statement sets `achievements.award_batch` to 'on' for its
 * transaction (set_config(..., true)) in a CTE evaluated before its first row goes in; every award
 * row trigger (holder count, statistics, leaderboards, the AWARDED event) and the streak-level row
 * trigger of user_stats carry `WHEN (current_setting('achievements.award_batch', true) IS DISTINCT
 * FROM 'on')`, evaluated as each row is written, so they stay off for the batch's rows; the
 * statement trigger `tr_awards_zz_batch` (AFTER INSERT, REFERENCING NEW TABLE, only when the
 * setting is on) applies them all and turns the setting off again before it returns, so a later
 * statement of the same transaction (a single award in a request with several mutation fields)
 * takes the row path. Single awards, revocations and progress reports are unchanged.
 *
 * Race rules, as the single path's (statistics-aggregates, streak-levels, revocation-aggregates,
 * leaderboards migrations), so that batches, single awards and revocations cannot deadlock on each
 * other's aggregate rows and none loses another's change:
 *
 * - Locks in the single path's order, each kind sorted by key: the achievements (FOR NO KEY
 *   UPDATE, by id), the users (FOR SHARE, by id), the user_stats rows (one INSERT … ON CONFLICT
 *   DO UPDATE in user order), streak levels (by days), the points-levels structure lock, points
 *   levels (by points, FOR UPDATE), tied_users (only rows of users at levels this batch holds),
 *   leaderboard values (by kind, start, user) and leaderboard levels (by metric, kind, start,
 *   value). The AWARDED events are written at COMMIT under the events lock, as a single award's.
 * - Counters move by deltas only (holder counts, user counts and points, level and board
 *   counts), each in the statement that locks the row or after it: an UPDATE that waited for a
 *   row lock re-evaluates `x = x + d` on the newest row version, and ON CONFLICT DO UPDATE always
 *   works on the newest version.
 * - What is recomputed from the awards or read from other rows (streaks, a level's users) is
 *   computed by a plpgsql statement that runs after an earlier statement locked the rows it
 *   depends on: each statement of a plpgsql function takes a new snapshot under READ COMMITTED,
 *   so it sees every change committed before the lock was granted, and no other writer of those
 *   rows can commit until this transaction ends. A single award for a batch's user waits for the
 *   user_stats row and then recomputes the streak with the batch's awards (its own statement
 *   after its own lock), and vice versa.
 * - The points-levels structure lock is taken by every batch (a thousand moves nearly always
 *   create or remove a level), blocking, at the place where a single award takes it when it
 *   predicts a structural move; with it held no level appears or disappears except by this
 *   batch, so the levels to lock (those entered or left, and the next level above each, whose
 *   gap may change) are known before the lock statement.
 *
 * The AWARDED events of a batch: the statement trigger writes one row into award_event_batches
 * (the batch's awards as arrays, in insertion order); its DEFERRABLE INITIALLY DEFERRED
 * constraint trigger runs at COMMIT, in the transaction's order of changes like the per-row
 * event triggers, takes the events lock, writes every event in one INSERT (ids in insertion
 * order), notifies once and deletes the staging row.
 *
 * Batches no longer take turns on an advisory lock (awards.insertBatch); a deadlock or a
 * structure-lock miss of any writer is retried as before (award.service withRetry).
 */

const BATCH_OFF = `current_setting('achievements.award_batch', true) IS DISTINCT FROM 'on'`;

/** The award row triggers, with or without the WHEN that leaves a batch's rows to the statement trigger. */
function rowTriggers(when: boolean): string[] {
  const w = when ? ` WHEN (${BATCH_OFF})` : "";
  return [
    `CREATE TRIGGER "tr_awards_count_holder" AFTER INSERT ON "awards"
      FOR EACH ROW${w} EXECUTE FUNCTION "awards_count_holder"()`,
    `CREATE TRIGGER "tr_awards_stats" AFTER INSERT ON "awards"
      FOR EACH ROW${w} EXECUTE FUNCTION "awards_apply_stats"()`,
    `CREATE TRIGGER "tr_awards_stats_leaderboards" AFTER INSERT OR DELETE ON "awards"
      FOR EACH ROW${w} EXECUTE FUNCTION "awards_apply_leaderboards"()`,
    `CREATE CONSTRAINT TRIGGER "awards_event" AFTER INSERT ON "awards"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW${w} EXECUTE FUNCTION award_events_emit('AWARDED')`,
    `CREATE TRIGGER "tr_user_stats_streak_levels" AFTER INSERT OR DELETE OR UPDATE OF "streak_days" ON "user_stats"
      FOR EACH ROW${w} EXECUTE FUNCTION "user_stats_streak_levels"()`,
  ];
}

const DROP_ROW_TRIGGERS = [
  `DROP TRIGGER "tr_awards_count_holder" ON "awards"`,
  `DROP TRIGGER "tr_awards_stats" ON "awards"`,
  `DROP TRIGGER "tr_awards_stats_leaderboards" ON "awards"`,
  `DROP TRIGGER "awards_event" ON "awards"`,
  `DROP TRIGGER "tr_user_stats_streak_levels" ON "user_stats"`,
];

export class SetBasedBatches1764223200000 implements MigrationInterface {
  name = "SetBasedBatches1764223200000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "award_event_batches" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "award_ids" bigint[] NOT NULL,
        "user_ids" bigint[] NOT NULL,
        "achievement_ids" bigint[] NOT NULL,
        "awarded_ats" timestamptz[] NOT NULL,
        CONSTRAINT "pk_award_event_batches" PRIMARY KEY ("id")
      )`);
    // Every row is deleted by the transaction that wrote it: let autovacuum keep up.
    await q.query(`ALTER TABLE "award_event_batches" SET (autovacuum_vacuum_threshold = 100, autovacuum_vacuum_scale_factor = 0)`);

    // At COMMIT: the AWARDED events of one batch, as award_events_emit('AWARDED') writes one.
    await q.query(`
      CREATE FUNCTION "award_events_emit_batch"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Held until the commit is visible: ids drawn after these belong to later commits.
        PERFORM pg_advisory_xact_lock(1164205200, 1);
        INSERT INTO award_events (id, kind, user_id, achievement_id, at, award, progress)
        SELECT nextval('award_event_ids'), 'AWARDED', b.user_id, b.achievement_id, clock_timestamp(),
          jsonb_build_object(
            'id', b.award_id::text, 'awardedAt', b.awarded_at,
            'points', (SELECT a.points FROM achievements a WHERE a.id = b.achievement_id),
            'revokedAt', NULL, 'revocationReason', NULL, 'revokedBy', NULL),
          NULL
        FROM unnest(NEW.award_ids, NEW.user_ids, NEW.achievement_ids, NEW.awarded_ats)
          WITH ORDINALITY AS b(award_id, user_id, achievement_id, awarded_at, ord)
        ORDER BY b.ord;
        PERFORM pg_notify('award_events', '');
        DELETE FROM award_event_batches WHERE id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER "award_event_batches_event" AFTER INSERT ON "award_event_batches"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION award_events_emit_batch()`);

    await q.query(`
      CREATE FUNCTION "awards_apply_batch"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_users bigint[];
        v_old bigint[];
        v_new bigint[];
        v_sdays integer[];
        v_sdelta integer[];
        v_lpoints bigint[];
        v_ldelta integer[];
        v_have bigint[];
        v_have_count integer[];
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM new_awards) THEN
          PERFORM set_config('achievements.award_batch', 'off', true);
          RETURN NULL;
        END IF;

        -- Holder counts: the achievements locked in id order, then moved by their deltas.
        PERFORM 1 FROM achievements a WHERE a.id IN (SELECT n.achievement_id FROM new_awards n)
          ORDER BY a.id FOR NO KEY UPDATE;
        UPDATE achievements a SET holder_count = a.holder_count + c.n
        FROM (SELECT n.achievement_id, count(*)::integer AS n FROM new_awards n GROUP BY n.achievement_id) c
        WHERE a.id = c.achievement_id;

        -- The users FOR SHARE in id order: a time-zone change waits for the batch (and vice versa).
        PERFORM 1 FROM users u WHERE u.id IN (SELECT n.user_id FROM new_awards n) ORDER BY u.id FOR SHARE;

        -- Counts and points by deltas, one upsert in user order that locks (or creates) each row;
        -- the points before are the points after less the delta.
        WITH d AS (
          SELECT n.user_id, count(*)::integer AS c, sum(a.points)::bigint AS p
          FROM new_awards n JOIN achievements a ON a.id = n.achievement_id GROUP BY n.user_id
        ), up AS (
          INSERT INTO user_stats AS s (user_id, achievement_count, points, streak_days)
          SELECT d.user_id, d.c, d.p, 0 FROM d ORDER BY d.user_id
          ON CONFLICT (user_id) DO UPDATE
            SET achievement_count = s.achievement_count + EXCLUDED.achievement_count, points = s.points + EXCLUDED.points
          RETURNING s.user_id, s.achievement_count, s.points
        )
        SELECT array_agg(up.user_id ORDER BY up.user_id),
               array_agg(CASE WHEN up.achievement_count = d.c THEN NULL ELSE up.points - d.p END ORDER BY up.user_id),
               array_agg(up.points ORDER BY up.user_id)
        INTO v_users, v_old, v_new
        FROM up JOIN d ON d.user_id = up.user_id;

        -- Streaks, from the awards, in a statement after the user_stats rows are locked: it sees
        -- every award of these users committed before the locks, and none can commit until this
        -- transaction ends. The streak levels move by the deltas, locked in ascending order.
        WITH tz AS (
          SELECT u.id, u.time_zone FROM users u WHERE u.id = ANY(v_users)
        ), days AS (
          SELECT DISTINCT w.user_id, (w.awarded_at AT TIME ZONE tz.time_zone)::date AS day
          FROM tz JOIN awards w ON w.user_id = tz.id
        ), islands AS (
          SELECT d.user_id, d.day, d.day - (row_number() OVER (PARTITION BY d.user_id ORDER BY d.day))::integer AS grp FROM days d
        ), runs AS (
          SELECT i.user_id, count(*)::integer AS days, min(i.day) AS s, max(i.day) AS e FROM islands i GROUP BY i.user_id, i.grp
        ), best AS (
          SELECT DISTINCT ON (r.user_id) r.user_id, r.days, r.s, r.e FROM runs r ORDER BY r.user_id, r.days DESC, r.e DESC
        ), old AS (
          SELECT s.user_id, s.streak_days FROM user_stats s WHERE s.user_id = ANY(v_users)
        ), upd AS (
          UPDATE user_stats s SET streak_days = b.days, streak_start = b.s, streak_end = b.e
          FROM best b
          WHERE s.user_id = b.user_id AND (s.streak_days, s.streak_start, s.streak_end) IS DISTINCT FROM (b.days, b.s, b.e)
          RETURNING s.user_id, s.streak_days
        ), moves AS (
          SELECT o.streak_days AS old_days, u.streak_days AS new_days FROM upd u JOIN old o ON o.user_id = u.user_id
          WHERE o.streak_days <> u.streak_days
        ), deltas AS (
          SELECT x.days, sum(x.delta)::integer AS delta FROM (
            SELECT m.old_days AS days, -1 AS delta FROM moves m WHERE m.old_days > 0
            UNION ALL
            SELECT m.new_days, 1 FROM moves m WHERE m.new_days > 0
          ) x GROUP BY x.days HAVING sum(x.delta) <> 0
        )
        SELECT array_agg(z.days ORDER BY z.days), array_agg(z.delta ORDER BY z.days) INTO v_sdays, v_sdelta FROM deltas z;
        IF v_sdays IS NOT NULL THEN
          INSERT INTO streak_levels (days, user_count)
          SELECT x.days, 0 FROM unnest(v_sdays) AS x(days) ORDER BY x.days ON CONFLICT (days) DO NOTHING;
          PERFORM 1 FROM streak_levels l WHERE l.days = ANY(v_sdays) ORDER BY l.days FOR UPDATE;
          UPDATE streak_levels l SET user_count = l.user_count + x.delta
          FROM unnest(v_sdays, v_sdelta) AS x(days, delta) WHERE l.days = x.days;
        END IF;

        -- Points levels. With the structure lock no level appears or disappears except by this
        -- batch: lock, in ascending order, the levels entered or left and the next level above
        -- each (its gap may change), with their counts before.
        PERFORM pg_advisory_xact_lock(hashtext('achievements:points_levels'));
        WITH m AS (
          SELECT * FROM unnest(v_old, v_new) AS m(old_points, new_points)
        ), deltas AS (
          SELECT x.points, sum(x.delta)::integer AS delta FROM (
            SELECT m.old_points AS points, -1 AS delta FROM m WHERE m.old_points IS NOT NULL
            UNION ALL
            SELECT m.new_points, 1 FROM m
          ) x GROUP BY x.points
        )
        SELECT array_agg(z.points ORDER BY z.points), array_agg(z.delta ORDER BY z.points) INTO v_lpoints, v_ldelta FROM deltas z;
        SELECT coalesce(array_agg(l.points ORDER BY l.points), '{}'), coalesce(array_agg(l.user_count ORDER BY l.points), '{}')
        INTO v_have, v_have_count
        FROM (
          SELECT p.points, p.user_count FROM points_levels p
          WHERE p.points = ANY(v_lpoints)
             OR p.points = ANY(ARRAY(SELECT (SELECT min(q.points) FROM points_levels q WHERE q.points > x.points)
                                     FROM unnest(v_lpoints) AS x(points)))
          ORDER BY p.points FOR UPDATE
        ) l;
        UPDATE points_levels l SET user_count = l.user_count + x.delta
        FROM unnest(v_lpoints, v_ldelta) AS x(points, delta) WHERE l.points = x.points AND x.delta <> 0;
        INSERT INTO points_levels (points, user_count, gap)
        SELECT x.points, x.delta, NULL FROM unnest(v_lpoints, v_ldelta) AS x(points, delta)
        WHERE NOT x.points = ANY(v_have) ORDER BY x.points;
        DELETE FROM points_levels l WHERE l.points = ANY(v_lpoints) AND l.user_count = 0;
        -- A level's gap changes when the level below it changed: recompute those of every level
        -- this batch holds (the next level above a created or removed one is among them).
        UPDATE points_levels l SET gap = x.gap
        FROM (
          SELECT p.points, p.points - (SELECT max(q.points) FROM points_levels q WHERE q.points < p.points) AS gap
          FROM points_levels p WHERE p.points = ANY(v_lpoints) OR p.points = ANY(v_have)
        ) x
        WHERE l.points = x.points AND l.gap IS DISTINCT FROM x.gap;

        -- tied_users: a batch user is tied when the level entered holds two users or more; a level
        -- that crossed from under two users to two or more ties everyone on it (at most one was
        -- there before), one that fell to one user unties that user. Every row touched is of a
        -- user at a level this batch holds.
        WITH lv AS (
          SELECT x.points, coalesce(h.c0, 0) AS c0, coalesce(h.c0, 0) + x.delta AS c1
          FROM unnest(v_lpoints, v_ldelta) AS x(points, delta)
          LEFT JOIN unnest(v_have, v_have_count) AS h(points, c0) ON h.points = x.points
        ), m AS (
          SELECT * FROM unnest(v_users, v_new) AS m(user_id, new_points)
        ), untie AS (
          SELECT m.user_id FROM m JOIN lv ON lv.points = m.new_points WHERE lv.c1 < 2
          UNION
          SELECT s.user_id FROM lv JOIN user_stats s ON s.points = lv.points WHERE lv.c0 >= 2 AND lv.c1 = 1
        )
        DELETE FROM tied_users t WHERE t.user_id IN (SELECT untie.user_id FROM untie);
        WITH lv AS (
          SELECT x.points, coalesce(h.c0, 0) AS c0, coalesce(h.c0, 0) + x.delta AS c1
          FROM unnest(v_lpoints, v_ldelta) AS x(points, delta)
          LEFT JOIN unnest(v_have, v_have_count) AS h(points, c0) ON h.points = x.points
        ), m AS (
          SELECT * FROM unnest(v_users, v_new) AS m(user_id, new_points)
        )
        INSERT INTO tied_users (user_id)
        SELECT m.user_id FROM m JOIN lv ON lv.points = m.new_points WHERE lv.c1 >= 2
        UNION
        SELECT s.user_id FROM lv JOIN user_stats s ON s.points = lv.points WHERE lv.c0 < 2 AND lv.c1 >= 2
        ORDER BY 1
        ON CONFLICT (user_id) DO NOTHING;

        -- Leaderboards: the users' values by deltas in (kind, start, user) order, then the levels
        -- by the summed moves in (metric, kind, start, value) order.
        WITH e AS (
          SELECT n.user_id, a.points::bigint AS p, n.awarded_at AT TIME ZONE 'UTC' AS t
          FROM new_awards n JOIN achievements a ON a.id = n.achievement_id
        ), k AS (
          SELECT x.kind, x.start, e.user_id, sum(e.p)::bigint AS p, count(*)::integer AS c
          FROM e CROSS JOIN LATERAL (VALUES
            (0::smallint, '-infinity'::timestamptz),
            (1::smallint, date_trunc('day', e.t) AT TIME ZONE 'UTC'),
            (2::smallint, date_trunc('week', e.t) AT TIME ZONE 'UTC'),
            (3::smallint, date_trunc('month', e.t) AT TIME ZONE 'UTC')
          ) AS x(kind, start)
          GROUP BY x.kind, x.start, e.user_id
        ), moved AS (
          INSERT INTO leaderboard_values AS v (period_kind, period_start, user_id, points, achievements)
          SELECT k.kind, k.start, k.user_id, k.p, k.c FROM k ORDER BY k.kind, k.start, k.user_id
          ON CONFLICT (period_kind, period_start, user_id) DO UPDATE
            SET points = v.points + EXCLUDED.points, achievements = v.achievements + EXCLUDED.achievements
          RETURNING v.period_kind, v.period_start, v.user_id, v.points, v.achievements
        ), steps AS (
          SELECT 0::smallint AS metric, m.period_kind, m.period_start, m.points - k.p AS old_value, m.points AS new_value
          FROM moved m JOIN k ON k.kind = m.period_kind AND k.start = m.period_start AND k.user_id = m.user_id
          UNION ALL
          SELECT 1::smallint, m.period_kind, m.period_start, (m.achievements - k.c)::bigint, m.achievements::bigint
          FROM moved m JOIN k ON k.kind = m.period_kind AND k.start = m.period_start AND k.user_id = m.user_id
        ), deltas AS (
          SELECT z.metric, z.period_kind, z.period_start, z.value, sum(z.delta)::integer AS delta FROM (
            SELECT y.metric, y.period_kind, y.period_start, y.old_value AS value, -1 AS delta FROM steps y WHERE y.old_value > 0
            UNION ALL
            SELECT y.metric, y.period_kind, y.period_start, y.new_value, 1 FROM steps y WHERE y.new_value > 0
          ) z GROUP BY z.metric, z.period_kind, z.period_start, z.value HAVING sum(z.delta) <> 0
        )
        INSERT INTO leaderboard_levels AS l (metric, period_kind, period_start, value, user_count)
        SELECT z.metric, z.period_kind, z.period_start, z.value, z.delta FROM deltas z
        ORDER BY z.metric, z.period_kind, z.period_start, z.value
        ON CONFLICT (metric, period_kind, period_start, value) DO UPDATE SET user_count = l.user_count + EXCLUDED.user_count;

        -- The AWARDED events, written at COMMIT (award_events_emit_batch), in insertion order.
        INSERT INTO award_event_batches (award_ids, user_ids, achievement_ids, awarded_ats)
        SELECT array_agg(n.id ORDER BY n.id), array_agg(n.user_id ORDER BY n.id),
               array_agg(n.achievement_id ORDER BY n.id), array_agg(n.awarded_at ORDER BY n.id)
        FROM new_awards n;

        PERFORM set_config('achievements.award_batch', 'off', true);
        RETURN NULL;
      END $$`);
    // A statement trigger: it fires after the row triggers of the same statement.
    await q.query(`
      CREATE TRIGGER "tr_awards_zz_batch" AFTER INSERT ON "awards"
      REFERENCING NEW TABLE AS new_awards
      FOR EACH STATEMENT WHEN (current_setting('achievements.award_batch', true) = 'on') EXECUTE FUNCTION "awards_apply_batch"()`);

    for (const s of DROP_ROW_TRIGGERS) await q.query(s);
    for (const s of rowTriggers(true)) await q.query(s);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const s of DROP_ROW_TRIGGERS) await q.query(s);
    for (const s of rowTriggers(false)) await q.query(s);
    await q.query(`DROP TRIGGER "tr_awards_zz_batch" ON "awards"`);
    await q.query(`DROP FUNCTION "awards_apply_batch"()`);
    await q.query(`DROP TRIGGER "award_event_batches_event" ON "award_event_batches"`);
    await q.query(`DROP FUNCTION "award_events_emit_batch"()`);
    await q.query(`DROP TABLE "award_event_batches"`);
  }
}
