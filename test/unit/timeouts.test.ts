import { GraphQLError } from "graphql";
import pino from "pino";
import { clientQueryTimeoutMs, isStatementTimeout } from "../../src/db/timeouts";
import { createFormatError } from "../../src/graphql/plugins";

describe("isStatementTimeout", () => {
  test.each([
    ["SQLSTATE 57014", Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" })],
    ["57014 inside TypeORM's wrapper", { message: "QueryFailedError", driverError: { code: "57014" } }],
    ["pg's client-side read timeout", new Error("Query read timeout")],
  ])("%s is a timeout", (_label, e) => {
    expect(isStatementTimeout(e)).toBe(true);
    expect(isStatementTimeout(new GraphQLError("x", { originalError: e as Error }))).toBe(true);
  });

  test.each([
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })],
    ["a deadlock", Object.assign(new Error("deadlock detected"), { code: "40P01" })],
    ["a lock timeout", Object.assign(new Error("canceling statement due to lock timeout"), { code: "55P03" })],
    ["a pool wait", new Error("timeout exceeded when trying to connect")],
  ])("%s is not", (_label, e) => {
    expect(isStatementTimeout(e)).toBe(false);
  });
});

test("the client waits longer than the database: the database cancels first", () => {
  for (const ms of [1, 300, 5000, 60_000]) expect(clientQueryTimeoutMs(ms)).toBeGreaterThan(ms);
});

test("formatError answers a timed-out statement TIMEOUT, with nothing of the statement in the message", () => {
  const format = createFormatError(pino({ level: "silent" }));
  for (const inner of [
    Object.assign(new Error("canceling statement due to statement timeout: UPDATE users SET name"), { code: "57014" }),
    new Error("Query read timeout"),
  ]) {
    const out = format({ message: inner.message }, new GraphQLError(inner.message, { originalError: inner }));
    expect(out.extensions).toEqual({ code: "TIMEOUT" });
    expect(out.message).not.toMatch(/UPDATE|statement timeout|read timeout/);
  }
});
