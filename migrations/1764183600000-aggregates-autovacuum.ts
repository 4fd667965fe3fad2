import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The aggregate tables are small and updated by every award, so autovacuum's default thresholds
 * (20 % of the table) let them fill with dead rows and lose their visibility map between runs;
 * the benchmark saw minPointsDifference slow down from 1.6 to 2.7 ms p50 after 30k awards with
 * 57k dead rows beside 2k live ones in points_levels (docs/benchmarks.md). Vacuum them early.
 */
export class AggregatesAutovacuum1764183600000 implements MigrationInterface {
  name = "AggregatesAutovacuum1764183600000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "user_stats" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02)`);
    await q.query(`ALTER TABLE "points_levels" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000)`);
    await q.query(`ALTER TABLE "streak_levels" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000)`);
    await q.query(`ALTER TABLE "tied_users" SET (autovacuum_vacuum_scale_factor = 0.01)`);
    await q.query(`ALTER TABLE "achievements" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "user_stats" RESET (autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor)`);
    await q.query(`ALTER TABLE "points_levels" RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`);
    await q.query(`ALTER TABLE "streak_levels" RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`);
    await q.query(`ALTER TABLE "tied_users" RESET (autovacuum_vacuum_scale_factor)`);
    await q.query(`ALTER TABLE "achievements" RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`);
  }
}
