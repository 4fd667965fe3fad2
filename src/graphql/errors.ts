import { GraphQLError } from "graphql";

/** The closed set of error codes of api-contract.md. */
export type ErrorCode =
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "TIMEOUT"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR"
  | "GRAPHQL_PARSE_FAILED"
  | "GRAPHQL_VALIDATION_FAILED";

export class AppError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export class BadUserInputError extends AppError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message, "BAD_USER_INPUT", { field });
  }
}

export class NotFoundError extends AppError {
  constructor(what: "User" | "Achievement", id: string, field: string) {
    super(`${what} ${id} does not exist`, "NOT_FOUND", { field });
  }
}

export class ConflictError extends AppError {
  constructor(field: string, message: string) {
    super(message, "CONFLICT", { field });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = "A valid API key is required: send Authorization: Bearer <key>") {
    super(message, "UNAUTHENTICATED", { http: { status: 401 } });
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(message, "FORBIDDEN", { http: { status: 403 } });
  }
}

export class TimeoutError extends AppError {
  constructor() {
    super(
      "The request ran longer than the service allows; a mutation may or may not have been applied (awards are safe to send again)",
      "TIMEOUT",
      { http: { status: 504 } },
    );
  }
}

export class ServiceUnavailableError extends AppError {
  constructor() {
    super("The database cannot be reached; try again shortly", "SERVICE_UNAVAILABLE", { http: { status: 503 } });
  }
}

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
