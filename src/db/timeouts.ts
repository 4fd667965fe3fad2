/**
 * Statement timeouts: the database cancels a statement that runs longer than
 * STATEMENT_TIMEOUT_MS (PostgreSQL's `statement_timeout`, set on every connection), so a write
 * the client has given up on cannot commit later. The client's own limit (pg's `query_timeout`,
 * which only stops waiting) is longer: the database always cancels first, and the client's limit
 * is left for a database that no longer answers at all.
 *
 * PGlite accepts `statement_timeout` but never cancels anything (it runs in the same thread as
 * the service: nothing can interrupt a statement), so on the embedded database the limit is the
 * wait for its one session instead (pglite-pool.ts).
 */
import { someInChain } from "./errors";

export const DEFAULT_STATEMENT_TIMEOUT_MS = 5000;

/** How much longer than the statement timeout the client waits for an answer. */
const CLIENT_MARGIN_MS = 2000;

/** pg's client-side `query_timeout` for a given `statement_timeout`. */
export function clientQueryTimeoutMs(statementTimeoutMs: number): number {
  return statementTimeoutMs + CLIENT_MARGIN_MS;
}

/**
 * True when `err` (or what it wraps) says a statement ran out of time: SQLSTATE 57014
 * (query_canceled: statement_timeout, or a cancel request), or pg's client-side "Query read
 * timeout". Either way a write may or may not have been applied: the request answers TIMEOUT.
 */
export function isStatementTimeout(err: unknown): boolean {
  return someInChain(err, ({ code, message }) => code === "57014" || (message !== undefined && /^Query read timeout$/i.test(message)));
}
