import type { Database } from "../../db/database";
import type { Listener } from "../../db/notifications";
import type { Logger } from "../../logger";
import { eventRepository } from "./event.repository";
import type { EventRow } from "./event.repository";

/** The channel the event trigger notifies after each commit that wrote events. */
export const EVENTS_CHANNEL = "award_events";
/** Rows read per statement while catching up. */
const READ_BATCH = 500;
/** A missed notification (a listener reconnecting) is caught up within this. */
const POLL_MS = 1000;
/** A subscriber that lets this many events pile up unread is ended with an error. */
export const MAX_QUEUED_EVENTS = 10_000;

export class SubscriberTooSlowError extends Error {
  constructor() {
    super(`The subscriber fell more than ${MAX_QUEUED_EVENTS} events behind; subscribe again`);
  }
}

/** One subscription's queue: an async iterator over the events published to it. */
class Subscription implements AsyncIterableIterator<EventRow> {
  /** Events with an id at or below this were committed before the subscription started. */
  from: bigint | undefined;
  private queue: EventRow[] = [];
  private waiting: ((r: IteratorResult<EventRow>) => void) | undefined;
  private failWaiting: ((e: unknown) => void) | undefined;
  private done = false;
  private error: unknown;

  constructor(
    readonly userId: string | null,
    private readonly onEnd: (s: Subscription) => void,
  ) {}

  push(e: EventRow): void {
    if (this.done || this.from === undefined || BigInt(e.id) <= this.from) return;
    if (this.userId !== null && e.userId !== this.userId) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = this.failWaiting = undefined;
      w({ value: e, done: false });
      return;
    }
    if (this.queue.length >= MAX_QUEUED_EVENTS) {
      this.fail(new SubscriberTooSlowError());
      return;
    }
    this.queue.push(e);
  }

  fail(e: unknown): void {
    if (this.done) return;
    this.error = e;
    this.finish();
    if (this.failWaiting) {
      const f = this.failWaiting;
      this.waiting = this.failWaiting = undefined;
      f(e);
    }
  }

  end(): void {
    if (this.done) return;
    this.finish();
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = this.failWaiting = undefined;
      w({ value: undefined, done: true });
    }
  }

  private finish(): void {
    this.done = true;
    this.queue = [];
    this.onEnd(this);
  }

  next(): Promise<IteratorResult<EventRow>> {
    const e = this.queue.shift();
    if (e) return Promise.resolve({ value: e, done: false });
    if (this.error !== undefined) {
      const err = this.error;
      this.error = undefined;
      return Promise.reject(err);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<EventRow>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<EventRow> {
    return this;
  }
}

/**
 * The instance's view of the event stream. It LISTENs on EVENTS_CHANNEL; on each notification
 * (and every POLL_MS, for notifications lost while the listener reconnected) it wakes the webhook
 * deliverer and, while anyone subscribes, reads the events after the last one it saw, in id
 * order, and hands each to the local subscriptions (filtered by user). Ids increase in commit order, so reading "after the last
 * seen id" never skips an event that commits later (docs/events.md).
 */
export class EventHub {
  private lastSeen: string | undefined;
  private readonly subscriptions = new Set<Subscription>();
  private readonly wakers = new Set<() => void>();
  private listener: Listener | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  /**
   * Starts listening. Nothing is read yet (the app may start before the migrations have run, as
   * /readyz reports): the first subscription sets where reading starts.
   */
  async start(): Promise<void> {
    this.listener = this.db.listen(EVENTS_CHANNEL, { onNotify: () => this.committed(), onConnected: () => this.committed() });
    this.timer = setInterval(() => this.committed(), POLL_MS);
    this.timer.unref();
  }

  /** Something may have committed: wake the webhook deliverer, and read when someone subscribes. */
  private committed(): void {
    for (const w of this.wakers) w();
    if (this.subscriptions.size > 0) this.poke();
  }

  /** Events committed after this call resolves, for one user or (null) for all. */
  async subscribe(userId: string | null): Promise<AsyncIterableIterator<EventRow>> {
    if (this.stopped) throw new Error("the event stream is stopped");
    const s = new Subscription(userId, (x) => this.subscriptions.delete(x));
    // Registered before the newest id is read: an event published meanwhile is either at or below
    // that id (committed before) and dropped, or above it and kept.
    this.subscriptions.add(s);
    try {
      s.from = BigInt(await eventRepository.lastId(this.db.background));
    } catch (e) {
      s.end();
      throw e;
    }
    // Alone, it needs nothing older than its start: the hub (idle until now) skips ahead.
    if (this.subscriptions.size === 1 && (this.lastSeen === undefined || BigInt(this.lastSeen) < s.from)) this.lastSeen = s.from.toString();
    return s;
  }

  /** Calls `wake` whenever new events have been read (the webhook deliverer waits on it). */
  onEvents(wake: () => void): () => void {
    this.wakers.add(wake);
    return () => this.wakers.delete(wake);
  }

  /** Subscriptions that have started (their starting point read): what tests wait for. */
  get subscriberCount(): number {
    let n = 0;
    for (const s of this.subscriptions) if (s.from !== undefined) n++;
    return n;
  }

  /** Reads the events committed since the last read and hands them to the subscriptions. */
  poke(): void {
    if (this.stopped || this.lastSeen === undefined) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.readAll()
      .catch((e: unknown) => this.logger.warn({ err: { message: e instanceof Error ? e.message : String(e) } }, "reading events failed"))
      .finally(() => {
        this.reading = undefined;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  private async readAll(): Promise<void> {
    for (;;) {
      const rows = await eventRepository.since(this.db.background, this.lastSeen!, READ_BATCH);
      for (const e of rows) {
        this.lastSeen = e.id;
        for (const s of this.subscriptions) s.push(e);
      }
      if (rows.length < READ_BATCH || this.stopped || this.subscriptions.size === 0) break;
    }
  }

  /** Ends every subscription (their clients see `complete`) and stops listening. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    for (const s of [...this.subscriptions]) s.end();
    await this.listener?.close();
    await this.reading;
  }
}
