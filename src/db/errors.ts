/** Classification of database errors (pg, PGlite, TypeORM's wrapper); graphql/ maps them to coded errors. */

const CONNECTION_ERROR_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE", "EAI_AGAIN"]);
const CONNECTION_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Query read timeout/i,
  /connection.*(closed|ended)/i,
  /Client has encountered a connection error/i,
  /Cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down)/i,
];

/** One error of a chain: its code (SQLSTATE or Node's) and message, when they are strings. */
export interface ErrorLink {
  code?: string;
  message?: string;
}

/**
 * `err` and what it wraps, outermost first: TypeORM's `driverError`, GraphQL's `originalError`,
 * `cause`; at most five deep. Every classification below walks errors this one way.
 */
export function* errorChain(err: unknown): Generator<ErrorLink> {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; originalError?: unknown };
    yield {
      code: typeof x.code === "string" ? x.code : undefined,
      message: typeof x.message === "string" ? x.message : undefined,
    };
    e = x.originalError ?? x.driverError ?? x.cause;
  }
}

/** True when some error of `err`'s chain passes `test`. */
export function someInChain(err: unknown, test: (link: ErrorLink) => boolean): boolean {
  for (const link of errorChain(err)) if (test(link)) return true;
  return false;
}

/** True when `err` (or its cause, or TypeORM's driverError) says the database could not be reached. */
export function isConnectionError(err: unknown): boolean {
  return someInChain(
    err,
    ({ code, message }) =>
      (code !== undefined &&
        // SQLSTATE class 08 (connection exception), 57P01-57P03 (admin shutdown, cannot connect now).
        (CONNECTION_ERROR_CODES.has(code) || /^08/.test(code) || /^57P0[1-3]$/.test(code))) ||
      (message !== undefined && CONNECTION_MESSAGES.some((r) => r.test(message))),
  );
}

/** The SQLSTATE and constraint of a database error, through TypeORM's wrapper. */
export function dbErrorInfo(err: unknown): { code?: string; constraint?: string } {
  const x = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const d = x?.driverError ?? x;
  return { code: d?.code, constraint: d?.constraint };
}

/** SQLSTATEs after which a transaction may succeed when run again: deadlock victim, serialization failure, lock timeout. */
const LOST_LOCK_CONFLICT = new Set(["40P01", "40001", "55P03"]);

/** The SQLSTATE of `err` when it says its transaction lost a lock conflict (and may be run again), else undefined. */
export function lostLockConflict(err: unknown): string | undefined {
  const { code } = dbErrorInfo(err);
  return code !== undefined && LOST_LOCK_CONFLICT.has(code) ? code : undefined;
}
