import type { Queryable } from "../../db/queryable";
import type { AwardEventKind } from "../event/event.repository";

export interface WebhookRow {
  id: string;
  url: string;
  events: AwardEventKind[];
  createdAt: Date;
}

/** What the deliverer needs: the secret and where it stands. */
export interface WebhookState extends WebhookRow {
  secret: string;
  deliveredThrough: string;
}

export type DeliveryStatus = "PENDING" | "DELIVERED" | "FAILED";

export interface DeliveryRow {
  webhookId: string;
  eventId: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  firstAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
}

const COLUMNS = `w.id, w.url, w.events, w.created_at AS "createdAt"`;
const DELIVERY_COLUMNS = `d.webhook_id AS "webhookId", d.event_id AS "eventId", d.status, d.attempts,
  d.last_status_code AS "lastStatusCode", d.last_error AS "lastError", d.first_attempt_at AS "firstAttemptAt",
  d.last_attempt_at AS "lastAttemptAt", d.next_attempt_at AS "nextAttemptAt", d.delivered_at AS "deliveredAt"`;

export const webhookRepository = {
  /**
   * A new webhook owed the events committed after this statement: ids increase in commit order,
   * so every event committed later has an id above the newest this statement sees.
   */
  async create(db: Queryable, url: string, events: readonly AwardEventKind[], secret: string): Promise<WebhookRow> {
    const rows: WebhookRow[] = await db.query(
      `/* webhooks.create */ INSERT INTO webhooks AS w (url, events, secret, after_event_id, delivered_through)
       SELECT $1, $2::text[], $3, m.id, m.id FROM (SELECT coalesce(max(id), 0) AS id FROM award_events) m
       RETURNING ${COLUMNS}`,
      [url, events, secret],
    );
    return rows[0]!;
  },

  async delete(db: Queryable, id: string): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `/* webhooks.delete */ WITH gone AS (DELETE FROM webhooks WHERE id = $1 RETURNING id) SELECT id FROM gone`,
      [id],
    );
    return rows.length > 0;
  },

  async list(db: Queryable): Promise<WebhookRow[]> {
    return db.query(`/* webhooks.list */ SELECT ${COLUMNS} FROM webhooks w ORDER BY w.id`);
  },

  async ids(db: Queryable): Promise<string[]> {
    const rows: { id: string }[] = await db.query(`/* webhooks.ids */ SELECT id FROM webhooks ORDER BY id`);
    return rows.map((r) => r.id);
  },

  /**
   * Takes (or keeps) the lease of one webhook for `ms`: null when another instance holds an
   * unexpired lease or the webhook is gone.
   */
  async lease(db: Queryable, id: string, owner: string, ms: number): Promise<WebhookState | null> {
    const rows: WebhookState[] = await db.query(
      `/* webhooks.lease */ UPDATE webhooks w SET lease_owner = $2, lease_until = clock_timestamp() + $3 * interval '1 millisecond'
       WHERE w.id = $1 AND (w.lease_owner = $2 OR w.lease_until IS NULL OR w.lease_until < clock_timestamp())
       RETURNING ${COLUMNS}, w.secret, w.delivered_through::text AS "deliveredThrough"`,
      [id, owner, ms],
    );
    return rows[0] ?? null;
  },

  async release(db: Queryable, id: string, owner: string): Promise<void> {
    await db.query(`/* webhooks.release */ UPDATE webhooks SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2`, [
      id,
      owner,
    ]);
  },

  /**
   * Records successful deliveries of consecutive events and moves the cursor past them, while
   * `owner` holds the lease. Returns false when the lease was lost (nothing recorded).
   */
  async delivered(
    db: Queryable,
    id: string,
    owner: string,
    done: readonly { eventId: string; statusCode: number; at: Date }[],
  ): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `/* webhooks.delivered */ WITH w AS (
         UPDATE webhooks SET delivered_through = greatest(delivered_through, $3::bigint)
         WHERE id = $1 AND lease_owner = $2 RETURNING id
       ), d AS (
         INSERT INTO webhook_deliveries AS x (webhook_id, event_id, status, attempts, last_status_code, last_error, first_attempt_at, last_attempt_at, next_attempt_at, delivered_at)
         SELECT w.id, e.event_id, 'DELIVERED', 1, e.code, NULL, e.at, e.at, NULL, e.at
         FROM w, unnest($4::bigint[], $5::int[], $6::timestamptz[]) AS e(event_id, code, at)
         ON CONFLICT (webhook_id, event_id) DO UPDATE SET status = 'DELIVERED', attempts = x.attempts + 1,
           last_status_code = excluded.last_status_code, last_error = NULL, last_attempt_at = excluded.last_attempt_at,
           next_attempt_at = NULL, delivered_at = excluded.delivered_at
       ) SELECT id FROM w`,
      [id, owner, done[done.length - 1]!.eventId, done.map((d) => d.eventId), done.map((d) => d.statusCode), done.map((d) => d.at)],
    );
    return rows.length > 0;
  },

  /**
   * Records a failed attempt. `gaveUp`: the event is FAILED for good and the cursor moves past it;
   * else it stays PENDING until `nextAttemptAt`. Returns the delivery, or null when the lease was lost.
   */
  async failed(
    db: Queryable,
    id: string,
    owner: string,
    f: { eventId: string; statusCode: number | null; error: string; at: Date; nextAttemptAt: Date | null; gaveUp: boolean },
  ): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await db.query(
      `/* webhooks.failed */ WITH w AS (
         UPDATE webhooks SET delivered_through = CASE WHEN $8 THEN greatest(delivered_through, $3::bigint) ELSE delivered_through END
         WHERE id = $1 AND lease_owner = $2 RETURNING id
       )
       INSERT INTO webhook_deliveries AS d (webhook_id, event_id, status, attempts, last_status_code, last_error, first_attempt_at, last_attempt_at, next_attempt_at)
       SELECT w.id, $3, CASE WHEN $8 THEN 'FAILED' ELSE 'PENDING' END, 1, $4, $5, $6, $6, $7 FROM w
       ON CONFLICT (webhook_id, event_id) DO UPDATE SET status = excluded.status, attempts = d.attempts + 1,
         last_status_code = excluded.last_status_code, last_error = excluded.last_error, last_attempt_at = excluded.last_attempt_at,
         next_attempt_at = excluded.next_attempt_at
       RETURNING ${DELIVERY_COLUMNS}`,
      [id, owner, f.eventId, f.statusCode, f.error, f.at, f.nextAttemptAt, f.gaveUp],
    );
    return rows[0] ?? null;
  },

  async delivery(db: Queryable, webhookId: string, eventId: string): Promise<DeliveryRow | undefined> {
    const rows: DeliveryRow[] = await db.query(
      `/* webhooks.delivery */ SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.webhook_id = $1 AND d.event_id = $2`,
      [webhookId, eventId],
    );
    return rows[0];
  },

  /** The newest deliveries of each webhook (by event id), `limit` each, one statement for all. */
  async recentDeliveries(db: Queryable, webhookIds: readonly string[], limit: number): Promise<DeliveryRow[]> {
    return db.query(
      `/* webhooks.recentDeliveries */ SELECT ${DELIVERY_COLUMNS}
       FROM unnest($1::bigint[]) AS u(id)
       CROSS JOIN LATERAL (SELECT * FROM webhook_deliveries x WHERE x.webhook_id = u.id ORDER BY x.event_id DESC LIMIT $2) d
       ORDER BY d.webhook_id, d.event_id DESC`,
      [webhookIds, limit],
    );
  },

  /** Deletes deliveries last attempted before `before`, at most `limit`; returns how many. */
  async deleteDeliveriesOlderThan(db: Queryable, before: Date, limit: number): Promise<number> {
    const rows: { n: string }[] = await db.query(
      `/* webhooks.deleteDeliveriesOlderThan */ WITH gone AS (
         DELETE FROM webhook_deliveries WHERE (webhook_id, event_id) IN (
           SELECT webhook_id, event_id FROM webhook_deliveries WHERE status <> 'PENDING' AND last_attempt_at < $1 LIMIT $2)
         RETURNING 1
       ) SELECT count(*)::text AS n FROM gone`,
      [before, limit],
    );
    return Number(rows[0]?.n ?? 0);
  },
};
