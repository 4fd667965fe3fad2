import type { TestApp } from "./test-app";

/**
 * Revokes a held award, named by its id, through the `revokeAward` mutation (with the test app's
 * admin key). Returns whether the award was held.
 */
export async function revokeAwardById(t: TestApp, awardId: string, reason = "revoked in a test"): Promise<boolean> {
  const rows: { userId: string; achievementId: string }[] = await t.db.dataSource.query(
    `SELECT user_id::text AS "userId", achievement_id::text AS "achievementId" FROM awards WHERE id = $1`,
    [awardId],
  );
  if (rows.length === 0) return false;
  const r = await t.gql<{ revokeAward: { revoked: boolean; award: { id: string } | null } }>(
    `mutation($i: RevokeAwardInput!) { revokeAward(input: $i) { revoked award { id } } }`,
    { i: { ...rows[0], reason } },
  );
  if (r.errors) throw new Error(`revokeAward failed: ${JSON.stringify(r.errors)}`);
  return r.data!.revokeAward.revoked && r.data!.revokeAward.award?.id === awardId;
}
