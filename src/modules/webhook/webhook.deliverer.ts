import crypto from "node:crypto";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import type { LookupFunction } from "node:net";
import type { Queryable } from "../../db/queryable";
import type { Logger } from "../../logger";
import type { EventHub } from "../event/event.hub";
import { eventBody } from "../event/event.payload";
import { eventRepository } from "../event/event.repository";
import type { EventRow } from "../event/event.repository";
import { isPrivateAddress } from "./webhook.address";
import { webhookRepository } from "./webhook.repository";
import type { WebhookState } from "./webhook.repository";
import { signature } from "./webhook.signature";

/** The longest a receiver may take to answer one POST. */
export const RECEIVER_TIMEOUT_MS = 10_000;
/** An instance's hold on a webhook; another instance takes it over once it has expired (kill -9). */
export const LEASE_MS = 20_000;
/** The first retry after this, then the wait doubles... */
export const FIRST_RETRY_MS = 1_000;
/** ...up to this between attempts. */
export const MAX_RETRY_MS = 5 * 60_000;
/** An event still failing this long after it was committed is given up (FAILED). */
export const GIVE_UP_MS = 24 * 60 * 60_000;
/** Events and finished deliveries are kept this long (docs/events.md, Retention). */
export const RETENTION_MS = 7 * 24 * 60 * 60_000;
const RETENTION_EVERY_MS = 60 * 60_000;
/** How often the list of webhooks (created or deleted by other instances) is read again. */
const REFRESH_MS = 2_000;
const READ_BATCH = 200;
/** Successful deliveries recorded per statement. */
const RECORD_BATCH = 100;
const MAX_ERROR_LENGTH = 300;

/** The wait before attempt `failures + 1`: 1 s, 2 s, 4 s, … at most 5 min. */
export function retryDelayMs(failures: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1), MAX_RETRY_MS);
}

interface PostResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/** A wait that `wake()` (new events, a change of webhooks) or `stop()` ends early. */
class Sleeper {
  private wakers = new Set<() => void>();
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }
  wake(): void {
    for (const w of [...this.wakers]) w();
  }
}

/**
 * Delivers events to webhooks, off the award path: awards only write events; this reads them.
 * Each webhook is delivered by the instance holding its lease (LEASE_MS, renewed before every
 * attempt has less than a receiver timeout left), one event at a time in id order: a failed event
 * is retried with back-off and the later ones wait. The cursor (`delivered_through`) moves only
 * after a 2xx (or giving up), so a restart or kill -9 delivers again what was not recorded: at
 * least once.
 */
export class WebhookDeliverer {
  readonly owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;
  private readonly loops = new Map<string, Promise<void>>();
  private readonly sleeper = new Sleeper();
  private readonly aborts = new Set<AbortController>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private offEvents: (() => void) | undefined;
  private stopped = false;
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(
    private readonly db: Queryable,
    private readonly hub: EventHub,
    private readonly logger: Logger,
    private readonly options: { allowPrivate: boolean; clock?: () => number },
  ) {
    const lookup = this.lookup();
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: 4, lookup }),
      https: new https.Agent({ keepAlive: true, maxSockets: 4, lookup }),
    };
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  start(): void {
    this.offEvents = this.hub.onEvents(() => this.sleeper.wake());
    this.refreshTimer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.refreshTimer.unref();
    this.retentionTimer = setInterval(() => void this.retention(), RETENTION_EVERY_MS);
    this.retentionTimer.unref();
    void this.refresh();
  }

  /** A webhook was created or deleted in this process: look at once. */
  changed(): void {
    void this.refresh();
    this.sleeper.wake();
  }

  private async refresh(): Promise<void> {
    if (this.stopped) return;
    let ids: string[];
    try {
      ids = await webhookRepository.ids(this.db);
    } catch (e) {
      this.logger.warn({ err: { message: errorText(e) } }, "reading webhooks failed");
      return;
    }
    for (const id of ids) {
      if (this.loops.has(id) || this.stopped) continue;
      const loop = this.run(id).finally(() => this.loops.delete(id));
      this.loops.set(id, loop);
    }
  }

  /** Delivers one webhook while this instance holds its lease and the webhook exists. */
  private async run(id: string): Promise<void> {
    let leasedAt = 0;
    let state: WebhookState | null = null;
    const lease = async (): Promise<WebhookState | null> => {
      const at = this.now();
      state = await webhookRepository.lease(this.db, id, this.owner, LEASE_MS);
      if (state) leasedAt = at;
      return state;
    };
    while (!this.stopped) {
      try {
        if (!(await lease())) return; // gone, or another instance delivers it; refresh() looks again
        const w: WebhookState = state!;
        const events = await eventRepository.since(this.db, w.deliveredThrough, READ_BATCH, w.events);
        if (events.length === 0) {
          await this.sleeper.sleep(REFRESH_MS);
          continue;
        }
        const head = await webhookRepository.delivery(this.db, id, events[0]!.id);
        const waitMs = head?.status === "PENDING" && head.nextAttemptAt ? head.nextAttemptAt.getTime() - this.now() : 0;
        if (waitMs > 0) {
          // Renew the lease while waiting, so no other instance takes the retry over.
          await this.sleepKeepingLease(Math.min(waitMs, LEASE_MS / 2));
          continue;
        }
        const done: { eventId: string; statusCode: number; at: Date }[] = [];
        const record = async () => {
          if (done.length === 0) return true;
          const kept = await webhookRepository.delivered(this.db, id, this.owner, done.splice(0));
          return kept;
        };
        let lost = false;
        for (const e of events) {
          if (this.stopped) break;
          if (this.now() - leasedAt > LEASE_MS - RECEIVER_TIMEOUT_MS - 2_000) {
            if (!(await record()) || !(await lease())) {
              lost = true;
              break;
            }
          }
          const result = await this.post(w, e);
          if (result.ok) {
            done.push({ eventId: e.id, statusCode: result.statusCode!, at: new Date(this.now()) });
            if (done.length >= RECORD_BATCH && !(await record())) {
              lost = true;
              break;
            }
            continue;
          }
          if (!(await record())) {
            lost = true;
            break;
          }
          await this.recordFailure(w, e, result, (head?.eventId === e.id ? head.attempts : 0) + 1);
          break;
        }
        if (!lost) await record();
        if (lost) return;
      } catch (e) {
        if (this.stopped) return;
        this.logger.warn({ webhookId: id, err: { message: errorText(e) } }, "webhook delivery loop failed; retrying");
        await this.sleeper.sleep(REFRESH_MS);
      }
    }
  }

  private async sleepKeepingLease(ms: number): Promise<void> {
    await this.sleeper.sleep(ms);
  }

  private async recordFailure(w: WebhookState, e: EventRow, r: PostResult, failures: number): Promise<void> {
    const now = this.now();
    const gaveUp = now - e.at.getTime() >= GIVE_UP_MS;
    const next = gaveUp ? null : new Date(now + retryDelayMs(failures));
    const error = (r.error ?? `HTTP ${r.statusCode}`).slice(0, MAX_ERROR_LENGTH);
    await webhookRepository.failed(this.db, w.id, this.owner, {
      eventId: e.id,
      statusCode: r.statusCode,
      error,
      at: new Date(now),
      nextAttemptAt: next,
      gaveUp,
    });
    const log = { webhookId: w.id, eventId: e.id, attempts: failures, error };
    if (gaveUp) this.logger.warn(log, "webhook delivery given up after 24 hours");
    else this.logger.info({ ...log, nextAttemptAt: next!.toISOString() }, "webhook delivery failed; retrying");
  }

  /** One POST of one event; never throws. */
  private post(w: WebhookState, e: EventRow): Promise<PostResult> {
    const body = eventBody(e);
    const timestamp = Math.floor(this.now() / 1000);
    const url = new URL(w.url);
    const lib = url.protocol === "https:" ? https : http;
    const abort = new AbortController();
    this.aborts.add(abort);
    return new Promise<PostResult>((resolve) => {
      let settled = false;
      const finish = (r: PostResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.aborts.delete(abort);
        resolve(r);
      };
      const timer = setTimeout(() => {
        req.destroy(new Error(`no answer within ${RECEIVER_TIMEOUT_MS} ms`));
      }, RECEIVER_TIMEOUT_MS);
      const req = lib.request(
        url,
        {
          method: "POST",
          agent: url.protocol === "https:" ? this.agents.https : this.agents.http,
          signal: abort.signal,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            "user-agent": "achievements-webhooks/1",
            "x-achievements-event-id": e.id,
            "x-achievements-timestamp": String(timestamp),
            "x-achievements-signature": signature(w.secret, timestamp, body),
          },
        },
        (res) => {
          const code = res.statusCode ?? 0;
          // The answer's body is read and dropped (so the connection can be reused), at most 64 KiB.
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > 65_536) res.destroy();
          });
          res.on("end", () => finish({ ok: code >= 200 && code < 300, statusCode: code, error: null }));
          res.on("error", () => finish({ ok: code >= 200 && code < 300, statusCode: code, error: null }));
          res.on("close", () => finish({ ok: code >= 200 && code < 300, statusCode: code, error: null }));
        },
      );
      req.on("error", (err) => finish({ ok: false, statusCode: null, error: errorText(err) }));
      req.end(body);
    });
  }

  /** DNS answers are checked again at each connection (a name may change its address after creation). */
  private lookup(): LookupFunction {
    const allow = this.options.allowPrivate;
    return (hostname, opts, callback) => {
      dns.lookup(hostname, { ...opts, all: true }, (err, addresses) => {
        if (err) return callback(err, "", 4);
        const list = addresses as unknown as dns.LookupAddress[];
        const usable = allow ? list : list.filter((a) => !isPrivateAddress(a.address));
        if (usable.length === 0) return callback(new Error(`${hostname} resolves to a private address only`), "", 4);
        if ((opts as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, usable);
        return callback(null, usable[0]!.address, usable[0]!.family);
      });
    };
  }

  /** Deletes events and finished deliveries older than RETENTION_MS, in slices. */
  async retention(): Promise<void> {
    const before = new Date(this.now() - RETENTION_MS);
    try {
      while (!this.stopped && (await eventRepository.deleteOlderThan(this.db, before, 10_000)) === 10_000);
      while (!this.stopped && (await webhookRepository.deleteDeliveriesOlderThan(this.db, before, 10_000)) === 10_000);
    } catch (e) {
      this.logger.warn({ err: { message: errorText(e) } }, "deleting old events failed");
    }
  }

  /** Stops delivering: POSTs in flight are cancelled (delivered again later: at least once), leases released. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.offEvents?.();
    clearInterval(this.refreshTimer);
    clearInterval(this.retentionTimer);
    for (const a of this.aborts) a.abort();
    this.sleeper.wake();
    const ids = [...this.loops.keys()];
    await Promise.allSettled([...this.loops.values()]);
    await Promise.allSettled(ids.map((id) => webhookRepository.release(this.db, id, this.owner)));
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
