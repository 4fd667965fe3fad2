import { GraphQLError } from "graphql";

/*
 * The coded errors of the contract: what services, common helpers and resolvers throw and what
 * formatError keeps (src/graphql/plugins.ts). A lower module than graphql/: it depends on the
 * graphql package's GraphQLError only. Database errors are classified in src/db/errors.ts.
 */

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
