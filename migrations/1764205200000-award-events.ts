import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Events (contract version 2, "Events"): every award, revocation and progress change commits an
 * event in the same transaction, and event ids increase in commit order (docs/events.md).
 *
 * The event is written by a DEFERRABLE INITIALLY DEFERRED constraint trigger on the changed table
 * (`awards` INSERT: AWARDED; `revoked_awards` INSERT: REVOKED; `achievement_progress` INSERT or
 * UPDATE raising `current`: PROGRESSED). Deferred, it runs at COMMIT, in the order the changes
 * were made, with the row as that change left it (so the event's snapshot is the row as
 * committed by that change). Each event takes the transaction-level advisory lock
 * EVENTS_LOCK before it draws its id from `award_event_ids`: the lock is held until the commit
 * is visible to everyone, so a transaction that draws ids later commits later, and ids increase
 * in commit order (the proof is in docs/events.md). A rolled-back transaction never reaches its
 * COMMIT, so it writes no event. `pg_notify('award_events', '')` (one per transaction: identical
 * notifications of a transaction are folded) wakes the instances' listeners.
 *
 * Webhooks: `webhooks` (the signing secret kept to sign; `after_event_id` the last event committed
 * before it was created, `delivered_through` the last event it is done with, the lease of the
 * instance delivering it) and
 * `webhook_deliveries` (one row per event taken up for a webhook: status, attempts, last error,
 * next attempt). Retention: see docs/events.md.
 */
export class AwardEvents1764205200000 implements MigrationInterface {
  name = "AwardEvents1764205200000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE "award_event_ids" AS bigint`);
    await q.query(`
      CREATE TABLE "award_events" (
        "id" bigint NOT NULL,
        "kind" text NOT NULL,
        "user_id" bigint NOT NULL,
        "achievement_id" bigint NOT NULL,
        "at" timestamptz NOT NULL,
        "award" jsonb,
        "progress" jsonb,
        CONSTRAINT "pk_award_events" PRIMARY KEY ("id"),
        CONSTRAINT "ck_award_events_kind" CHECK ("kind" IN ('AWARDED', 'REVOKED', 'PROGRESSED')),
        CONSTRAINT "ck_award_events_payload" CHECK (("kind" = 'PROGRESSED') = ("progress" IS NOT NULL) AND ("kind" = 'PROGRESSED') = ("award" IS NULL))
      )`);
    // Retention deletes by age; `at` grows with the id, so a BRIN index is enough and costs the
    // award path almost nothing.
    await q.query(`CREATE INDEX "ix_award_events_at" ON "award_events" USING brin ("at")`);

    // One function for the three kinds: TG_ARGV[0] names the kind.
    await q.query(`
      CREATE FUNCTION "award_events_emit"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_award jsonb;
        v_progress jsonb;
      BEGIN
        IF TG_ARGV[0] = 'PROGRESSED' THEN
          v_progress := jsonb_build_object(
            'current', NEW.current,
            'target', (SELECT a.steps FROM achievements a WHERE a.id = NEW.achievement_id),
            'updatedAt', NEW.updated_at);
        ELSIF TG_ARGV[0] = 'REVOKED' THEN
          v_award := jsonb_build_object(
            'id', NEW.id::text, 'awardedAt', NEW.awarded_at,
            'points', (SELECT a.points FROM achievements a WHERE a.id = NEW.achievement_id),
            'revokedAt', NEW.revoked_at, 'revocationReason', NEW.revocation_reason, 'revokedBy', NEW.revoked_by);
        ELSE
          v_award := jsonb_build_object(
            'id', NEW.id::text, 'awardedAt', NEW.awarded_at,
            'points', (SELECT a.points FROM achievements a WHERE a.id = NEW.achievement_id),
            'revokedAt', NULL, 'revocationReason', NULL, 'revokedBy', NULL);
        END IF;
        -- Held until the commit is visible: ids drawn after this one belong to later commits.
        PERFORM pg_advisory_xact_lock(1164205200, 1);
        INSERT INTO award_events (id, kind, user_id, achievement_id, at, award, progress)
        VALUES (nextval('award_event_ids'), TG_ARGV[0], NEW.user_id, NEW.achievement_id, clock_timestamp(), v_award, v_progress);
        PERFORM pg_notify('award_events', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER "awards_event" AFTER INSERT ON "awards"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION award_events_emit('AWARDED')`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER "revoked_awards_event" AFTER INSERT ON "revoked_awards"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION award_events_emit('REVOKED')`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER "achievement_progress_event_insert" AFTER INSERT ON "achievement_progress"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.current > 0) EXECUTE FUNCTION award_events_emit('PROGRESSED')`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER "achievement_progress_event_update" AFTER UPDATE ON "achievement_progress"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.current > OLD.current) EXECUTE FUNCTION award_events_emit('PROGRESSED')`);

    await q.query(`
      CREATE TABLE "webhooks" (
        "id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
        "url" text NOT NULL,
        "events" text[] NOT NULL,
        "secret" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "after_event_id" bigint NOT NULL,
        "delivered_through" bigint NOT NULL,
        "lease_owner" text,
        "lease_until" timestamptz,
        CONSTRAINT "pk_webhooks" PRIMARY KEY ("id"),
        CONSTRAINT "ck_webhooks_events" CHECK (cardinality("events") > 0 AND "events" <@ ARRAY['AWARDED', 'REVOKED', 'PROGRESSED']::text[])
      )`);
    await q.query(`
      CREATE TABLE "webhook_deliveries" (
        "webhook_id" bigint NOT NULL,
        "event_id" bigint NOT NULL,
        "status" text NOT NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        "last_status_code" integer,
        "last_error" text,
        "first_attempt_at" timestamptz,
        "last_attempt_at" timestamptz,
        "next_attempt_at" timestamptz,
        "delivered_at" timestamptz,
        CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("webhook_id", "event_id"),
        CONSTRAINT "ck_webhook_deliveries_status" CHECK ("status" IN ('PENDING', 'DELIVERED', 'FAILED')),
        CONSTRAINT "fk_webhook_deliveries_webhook" FOREIGN KEY ("webhook_id") REFERENCES "webhooks" ("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "ix_webhook_deliveries_last_attempt_at" ON "webhook_deliveries" USING brin ("last_attempt_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "webhook_deliveries"`);
    await q.query(`DROP TABLE "webhooks"`);
    await q.query(`DROP TRIGGER "achievement_progress_event_update" ON "achievement_progress"`);
    await q.query(`DROP TRIGGER "achievement_progress_event_insert" ON "achievement_progress"`);
    await q.query(`DROP TRIGGER "revoked_awards_event" ON "revoked_awards"`);
    await q.query(`DROP TRIGGER "awards_event" ON "awards"`);
    await q.query(`DROP FUNCTION "award_events_emit"()`);
    await q.query(`DROP TABLE "award_events"`);
    await q.query(`DROP SEQUENCE "award_event_ids"`);
  }
}
