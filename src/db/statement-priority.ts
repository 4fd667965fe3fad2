import { AsyncLocalStorage } from "node:async_hooks";
import type { Queryable } from "./queryable";

/**
 * Background statements: those of an expensive request (limits.ts, HEAVY_COST), which must not
 * make the other clients' ordinary requests wait (api-contract.md "Hostile requests").
 *
 * - On PGlite, whose one session every statement waits for, a background statement gets the
 *   session only when no ordinary statement is waiting (PGlitePool): an ordinary request waits
 *   for at most the one statement running, never for the queue of an expensive one (40
 *   statistics are 40 statements queued at once).
 * - On both databases, background statements run at most `concurrency` at once in the process
 *   (BackgroundLane): on PostgreSQL an expensive request then holds at most that many of the
 *   pool's connections (the others stay free for ordinary requests) and keeps at most that many
 *   database processes busy on the machine's cores.
 *
 * The priority travels with the asynchronous calls that issue a statement (AsyncLocalStorage),
 * down to the pool's connect(): TypeORM's API has no place for it.
 */
export type StatementPriority = "ordinary" | "background";

const priority = new AsyncLocalStorage<StatementPriority>();

/** The priority of the statements issued from here: "ordinary" unless inside runInBackground(). */
export function currentStatementPriority(): StatementPriority {
  return priority.getStore() ?? "ordinary";
}

/** Runs `fn` with every statement it issues marked background. */
export function runInBackground<T>(fn: () => Promise<T>): Promise<T> {
  return priority.run("background", fn);
}

/**
 * At most `concurrency` background statements at once, in the order they come; each runs with
 * its priority set (runInBackground). One lane serves the whole process.
 */
export class BackgroundLane {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error(`BackgroundLane: concurrency must be a positive integer, got ${concurrency}`);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await runInBackground(fn);
    } finally {
      // The slot passes straight to the next waiter (running stays the same), else it is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** `inner`, with every statement run through this lane. */
  wrap(inner: Queryable): Queryable {
    return { query: (sql, parameters) => this.run(() => inner.query(sql, parameters)) };
  }

  /** Background statements running now (for tests and metrics). */
  get active(): number {
    return this.running;
  }

  /** Background statements waiting for the lane (for tests and metrics). */
  get queued(): number {
    return this.waiting.length;
  }
}
