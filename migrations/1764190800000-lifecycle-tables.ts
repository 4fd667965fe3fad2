import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The achievement lifecycle's tables (contract version 2): hidden and incremental achievements,
 * revoked awards, progress and the idempotency keys of progress reports.
 *
 * A revoked award leaves `awards` and moves, with the same id and `awarded_at`, to
 * `revoked_awards`: `awards` keeps holding exactly the awards users hold, so the unique key on
 * (user_id, achievement_id), every list and every aggregate trigger keep meaning "held", and a
 * revocation is a DELETE for everything that listens to `awards`.
 *
 * `achievement_progress` has a row per (user, incremental achievement) that some report advanced;
 * while the user holds the award its progress reads as the target whatever the row says.
 */
export class LifecycleTables1764190800000 implements MigrationInterface {
  name = "LifecycleTables1764190800000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "achievements" ADD "hidden" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "achievements" ADD "steps" integer`);
    await q.query(
      `ALTER TABLE "achievements" ADD CONSTRAINT "ck_achievements_steps" CHECK ("steps" IS NULL OR "steps" BETWEEN 2 AND 10000)`,
    );

    await q.query(`
      CREATE TABLE "revoked_awards" (
        "id" bigint NOT NULL,
        "user_id" bigint NOT NULL,
        "achievement_id" bigint NOT NULL,
        "awarded_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL,
        "revoked_at" timestamptz NOT NULL,
        "revocation_reason" text NOT NULL,
        "revoked_by" text NOT NULL,
        CONSTRAINT "pk_revoked_awards" PRIMARY KEY ("id"),
        CONSTRAINT "ck_revoked_awards_reason" CHECK (char_length("revocation_reason") BETWEEN 1 AND 500),
        CONSTRAINT "fk_revoked_awards_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
        CONSTRAINT "fk_revoked_awards_achievement" FOREIGN KEY ("achievement_id") REFERENCES "achievements" ("id") ON DELETE RESTRICT
      )`);
    // A user's revoked awards, most recently revoked first (User.revokedAwards).
    await q.query(`CREATE INDEX "ix_revoked_awards_user_revoked_at" ON "revoked_awards" ("user_id", "revoked_at" DESC, "id" DESC)`);
    await q.query(`CREATE INDEX "ix_revoked_awards_achievement" ON "revoked_awards" ("achievement_id")`);

    await q.query(`
      CREATE TABLE "achievement_progress" (
        "user_id" bigint NOT NULL,
        "achievement_id" bigint NOT NULL,
        "current" integer NOT NULL,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "pk_achievement_progress" PRIMARY KEY ("user_id", "achievement_id"),
        CONSTRAINT "ck_achievement_progress_current" CHECK ("current" BETWEEN 0 AND 10000),
        CONSTRAINT "fk_achievement_progress_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
        CONSTRAINT "fk_achievement_progress_achievement" FOREIGN KEY ("achievement_id") REFERENCES "achievements" ("id") ON DELETE CASCADE
      )`);
    // A user's progress, most recently advanced first (User.progress).
    await q.query(
      `CREATE INDEX "ix_achievement_progress_user_updated_at" ON "achievement_progress" ("user_id", "updated_at" DESC, "achievement_id" DESC)`,
    );
    await q.query(`CREATE INDEX "ix_achievement_progress_achievement" ON "achievement_progress" ("achievement_id")`);

    await q.query(`
      CREATE TABLE "progress_requests" (
        "user_id" bigint NOT NULL,
        "request_id" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_progress_requests" PRIMARY KEY ("user_id", "request_id"),
        CONSTRAINT "ck_progress_requests_request_id" CHECK (char_length("request_id") BETWEEN 1 AND 64),
        CONSTRAINT "fk_progress_requests_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
      )`);
    // Keys older than the kept window are deleted by age.
    await q.query(`CREATE INDEX "ix_progress_requests_created_at" ON "progress_requests" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "progress_requests"`);
    await q.query(`DROP TABLE "achievement_progress"`);
    await q.query(`DROP TABLE "revoked_awards"`);
    await q.query(`ALTER TABLE "achievements" DROP CONSTRAINT "ck_achievements_steps"`);
    await q.query(`ALTER TABLE "achievements" DROP COLUMN "steps"`);
    await q.query(`ALTER TABLE "achievements" DROP COLUMN "hidden"`);
  }
}
