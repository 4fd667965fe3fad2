import { GraphQLError } from "graphql";
import pino from "pino";
import { BadUserInputError, ConflictError, NotFoundError, ServiceUnavailableError, UnauthenticatedError } from "../../src/common/errors";
import { dbErrorInfo, isConnectionError } from "../../src/db/errors";
import { createFormatError } from "../../src/graphql/plugins";

describe("isConnectionError", () => {
  const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

  test.each([
    ["ECONNREFUSED", withCode("ECONNREFUSED")],
    ["ECONNRESET", withCode("ECONNRESET")],
    ["ETIMEDOUT", withCode("ETIMEDOUT")],
    ["SQLSTATE 08006", withCode("08006")],
    ["SQLSTATE 57P01 (admin shutdown)", withCode("57P01")],
    ["pg's connect timeout", new Error("timeout exceeded when trying to connect")],
    ["pg's query read timeout", new Error("Query read timeout")],
    ["a terminated connection", new Error("Connection terminated unexpectedly")],
    ["wrapped by TypeORM", Object.assign(new Error("query failed"), { driverError: withCode("ECONNRESET") })],
    ["as a cause", new Error("outer", { cause: withCode("ECONNREFUSED") })],
  ])("%s is a connection error", (_label, e) => {
    expect(isConnectionError(e)).toBe(true);
  });

  test.each([
    ["a unique violation", withCode("23505")],
    ["a syntax error", withCode("42601")],
    ["a plain error", new Error("boom")],
    ["nothing", undefined],
    ["a string", "ECONNREFUSED"],
  ])("%s is not", (_label, e) => {
    expect(isConnectionError(e)).toBe(false);
  });
});

describe("dbErrorInfo", () => {
  test("reads code and constraint through TypeORM's driverError", () => {
    expect(dbErrorInfo(Object.assign(new Error("q"), { driverError: { code: "23505", constraint: "uq_users_name_key" } }))).toEqual({
      code: "23505",
      constraint: "uq_users_name_key",
    });
    expect(dbErrorInfo({ code: "23503", constraint: "fk_awards_user" })).toEqual({ code: "23503", constraint: "fk_awards_user" });
  });
});

describe("formatError", () => {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: "info" }, { write: (l: string) => lines.push(JSON.parse(l)) });
  const format = createFormatError(log);
  const formatted = (e: GraphQLError) => format({ message: e.message, extensions: e.extensions, path: ["f"] }, e);

  test("keeps the contract's codes and fields, without the HTTP status", () => {
    expect(formatted(new BadUserInputError("translations.1.name", "too long")).extensions).toEqual({
      code: "BAD_USER_INPUT",
      field: "translations.1.name",
    });
    expect(formatted(new NotFoundError("User", "5", "userId")).extensions).toEqual({ code: "NOT_FOUND", field: "userId" });
    expect(formatted(new ConflictError("name", "taken")).extensions).toEqual({ code: "CONFLICT", field: "name" });
    expect(formatted(new UnauthenticatedError()).extensions).toEqual({ code: "UNAUTHENTICATED" });
    expect(formatted(new ServiceUnavailableError()).extensions).toEqual({ code: "SERVICE_UNAVAILABLE" });
  });

  test("masks anything else and logs it", () => {
    lines.length = 0;
    const inner = new Error("duplicate key value violates unique constraint; SELECT * FROM users WHERE key='k' at 10.0.0.1:5432");
    const wrapped = new GraphQLError(inner.message, { originalError: inner, path: ["users"] });
    const out = format({ message: inner.message, path: ["users"] }, wrapped);
    expect(out).toEqual({
      message: "Internal server error",
      path: ["users"],
      locations: undefined,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(JSON.stringify(lines)).toContain("duplicate key");
  });

  test("a connection failure becomes SERVICE_UNAVAILABLE with a generic message", () => {
    const inner = Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:5432"), { code: "ECONNREFUSED" });
    const out = format({ message: inner.message }, new GraphQLError(inner.message, { originalError: inner }));
    expect(out.extensions).toEqual({ code: "SERVICE_UNAVAILABLE" });
    expect(out.message).not.toMatch(/10\.0\.0\.1|5432|ECONNREFUSED/);
  });

  test("a variable coercion error keeps BAD_USER_INPUT and names the field inside the input", () => {
    const message =
      'Variable "$input" got invalid value 1.5 at "input.translations[1].points"; Int cannot represent non-integer value: 1.5';
    const e = new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
    expect(formatted(e).extensions).toEqual({ code: "BAD_USER_INPUT", field: "translations.1.points" });
  });
});
