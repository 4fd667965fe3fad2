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

/** True when `err` (or its cause, or TypeORM's driverError) says the database could not be reached. */
export function isConnectionError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof x.code === "string") {
      if (CONNECTION_ERROR_CODES.has(x.code)) return true;
      // SQLSTATE class 08 (connection exception), 57P01-57P03 (admin shutdown, cannot connect now).
      if (/^08/.test(x.code) || /^57P0[1-3]$/.test(x.code)) return true;
    }
    if (typeof x.message === "string" && CONNECTION_MESSAGES.some((r) => r.test(x.message as string))) return true;
    e = x.originalError ?? x.driverError ?? x.cause;
  }
  return false;
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
