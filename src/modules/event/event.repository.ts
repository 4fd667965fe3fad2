import type { Queryable } from "../../db/queryable";

export type AwardEventKind = "AWARDED" | "REVOKED" | "PROGRESSED";

/** The award as the event committed it (AWARDED, REVOKED). */
export interface EventAward {
  id: string;
  awardedAt: Date;
  points: number;
  revokedAt: Date | null;
  revocationReason: string | null;
  revokedBy: string | null;
}

/** The progress after the change (PROGRESSED). */
export interface EventProgress {
  current: number;
  target: number;
  updatedAt: Date;
}

export interface EventRow {
  id: string;
  kind: AwardEventKind;
  userId: string;
  achievementId: string;
  at: Date;
  award: EventAward | null;
  progress: EventProgress | null;
}

interface EventDbRow {
  id: string;
  kind: AwardEventKind;
  userId: string;
  achievementId: string;
  at: Date;
  award: {
    id: string;
    awardedAt: string;
    points: number;
    revokedAt: string | null;
    revocationReason: string | null;
    revokedBy: string | null;
  } | null;
  progress: { current: number; target: number; updatedAt: string } | null;
}

const date = (v: string | Date): Date => (v instanceof Date ? v : new Date(v));

function toEvent(r: EventDbRow): EventRow {
  return {
    id: r.id,
    kind: r.kind,
    userId: r.userId,
    achievementId: r.achievementId,
    at: date(r.at),
    award: r.award && {
      id: r.award.id,
      awardedAt: date(r.award.awardedAt),
      points: r.award.points,
      revokedAt: r.award.revokedAt === null ? null : date(r.award.revokedAt),
      revocationReason: r.award.revocationReason,
      revokedBy: r.award.revokedBy,
    },
    progress: r.progress && { current: r.progress.current, target: r.progress.target, updatedAt: date(r.progress.updatedAt) },
  };
}

const COLUMNS = `e.id, e.kind, e.user_id AS "userId", e.achievement_id AS "achievementId", e.at, e.award, e.progress`;

export const eventRepository = {
  /**
   * The newest committed event id (0 when none). Ids increase in commit order, so every event
   * committed later has a greater id.
   */
  async lastId(db: Queryable): Promise<string> {
    const rows: { id: string | null }[] = await db.query(`/* events.lastId */ SELECT max(id)::text AS id FROM award_events`);
    return rows[0]?.id ?? "0";
  },

  /** Events after `afterId`, in id order, at most `limit`; `kinds` null for every kind. */
  async since(db: Queryable, afterId: string, limit: number, kinds: readonly AwardEventKind[] | null = null): Promise<EventRow[]> {
    const rows: EventDbRow[] = await db.query(
      `/* events.since */ SELECT ${COLUMNS} FROM award_events e
       WHERE e.id > $1::bigint AND ($2::text[] IS NULL OR e.kind = ANY($2::text[]))
       ORDER BY e.id LIMIT $3`,
      [afterId, kinds, limit],
    );
    return rows.map(toEvent);
  },

  /** Deletes events committed before `before`, at most `limit` of them; returns how many. */
  async deleteOlderThan(db: Queryable, before: Date, limit: number): Promise<number> {
    const rows: { n: string }[] = await db.query(
      `/* events.deleteOlderThan */ WITH gone AS (
         DELETE FROM award_events WHERE id IN (SELECT id FROM award_events WHERE at < $1 ORDER BY id LIMIT $2) RETURNING 1
       ) SELECT count(*)::text AS n FROM gone`,
      [before, limit],
    );
    return Number(rows[0]?.n ?? 0);
  },
};
