import { someInChain } from "./errors";
import type { Queryable, TransactionalQueryable } from "./queryable";

/**
 * What a request's writes may have done, for the promise that SERVICE_UNAVAILABLE means nothing
 * was written (api-contract.md, "Errors"). A statement the database answered, or one that failed
 * after it may have reached the database (a connection lost mid-statement, a timeout), counts:
 * the request then answers TIMEOUT instead (plugins.ts). Failing to get a connection at all
 * sends nothing.
 */
export interface WriteOutcome {
  /** A statement of this request may have changed the database. */
  maybeApplied: boolean;
}

/** Failures that happen before a statement is sent: no connection could be had. */
const NOTHING_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "08001", "08004", "57P03"]);
const NOTHING_SENT_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated due to connection timeout/i,
  /Cannot use a pool after calling end/i,
  /the embedded database is closed/i,
];

/** True when `err` says no connection could be had, so the statement was never sent. */
export function failedBeforeSending(err: unknown): boolean {
  return someInChain(
    err,
    ({ code, message }) =>
      (code !== undefined && NOTHING_SENT_CODES.has(code)) || (message !== undefined && NOTHING_SENT_MESSAGES.some((r) => r.test(message))),
  );
}

/**
 * `target` for a request's writes, recording in `outcome` whatever may have reached the database.
 * When `target` can open transactions, so can the handle returned (its transactions' statements
 * are recorded too), and a transaction's handle still says it is one (`isInTransaction`).
 */
export function trackWrites(target: Queryable, outcome: WriteOutcome): Queryable {
  const tracked: Queryable & Partial<TransactionalQueryable> = {
    async query(sql, parameters) {
      try {
        const result = await target.query(sql, parameters);
        outcome.maybeApplied = true;
        return result;
      } catch (e) {
        if (!failedBeforeSending(e)) outcome.maybeApplied = true;
        throw e;
      }
    },
  };
  const open = (target as Partial<TransactionalQueryable>).transaction;
  if (typeof open === "function") {
    tracked.transaction = <T>(run: (tx: Queryable) => Promise<T>): Promise<T> =>
      open.call(target, (tx: Queryable) => run(trackWrites(tx, outcome))) as Promise<T>;
  }
  Object.defineProperty(tracked, "queryRunner", { get: () => (target as { queryRunner?: unknown }).queryRunner });
  return tracked;
}
