import type { EventRow } from "./event.repository";

/**
 * The JSON body a webhook receives (api-contract.md, Events): ids as strings, instants as the API
 * writes them, `award` for AWARDED and REVOKED, `progress` for PROGRESSED.
 */
export function eventBody(e: EventRow): string {
  const base = { id: e.id, kind: e.kind, userId: e.userId, achievementId: e.achievementId, at: e.at.toISOString() };
  if (e.award) {
    return JSON.stringify({
      ...base,
      award: {
        id: e.award.id,
        awardedAt: e.award.awardedAt.toISOString(),
        points: e.award.points,
        revokedAt: e.award.revokedAt?.toISOString() ?? null,
        revocationReason: e.award.revocationReason,
      },
    });
  }
  const p = e.progress!;
  return JSON.stringify({ ...base, progress: { current: p.current, target: p.target, updatedAt: p.updatedAt.toISOString() } });
}
