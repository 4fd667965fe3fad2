import type { TestApp } from "./test-app";

/**
 * Revokes an award in the database the way a revocation does (the award row leaves `awards` and
 * enters `revoked_awards` with the same id, in one statement), for tests of what listens to
 * `awards` while no mutation does it. Returns whether the award was held.
 */
export async function revokeAwardInSql(t: TestApp, awardId: string, reason = "revoked in a test", by = "test"): Promise<boolean> {
  const rows: { id: string }[] = await t.db.dataSource.query(
    `WITH gone AS (DELETE FROM awards WHERE id = $1 RETURNING *)
     INSERT INTO revoked_awards (id, user_id, achievement_id, awarded_at, created_at, revoked_at, revocation_reason, revoked_by)
     SELECT g.id, g.user_id, g.achievement_id, g.awarded_at, g.created_at, now(), $2, $3 FROM gone g
     RETURNING id::text AS id`,
    [awardId, reason, by],
  );
  return rows.length === 1;
}
