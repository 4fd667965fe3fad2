import type { GraphQLRequestContextWillSendResponse, GraphQLRequestListener } from "@apollo/server";
import { failedBeforeSending, trackWrites } from "../../src/db/write-outcome";
import type { Context } from "../../src/graphql/context";
import { httpStatusPlugin } from "../../src/graphql/plugins";

describe("failedBeforeSending", () => {
  test.each([
    ["pg-pool's wait for a connection", new Error("timeout exceeded when trying to connect")],
    [
      "the embedded database's session wait",
      new Error("timeout exceeded when trying to connect: waited 5000 ms for the embedded database's session"),
    ],
    ["a connect timeout", new Error("Connection terminated due to connection timeout")],
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["the database not accepting connections", { message: "QueryFailedError", driverError: { code: "57P03" } }],
  ])("%s: nothing was sent", (_label, e) => {
    expect(failedBeforeSending(e)).toBe(true);
  });

  test.each([
    ["a connection lost mid-statement", new Error("Connection terminated unexpectedly")],
    ["a reset", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })],
    ["a statement timeout", Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" })],
    ["the client's read timeout", new Error("Query read timeout")],
  ])("%s: the statement may have been applied", (_label, e) => {
    expect(failedBeforeSending(e)).toBe(false);
  });
});

test("trackWrites records a statement that ran or may have run, not one that never got a connection", async () => {
  const outcome = { maybeApplied: false };
  const refused = trackWrites({ query: () => Promise.reject(new Error("timeout exceeded when trying to connect")) }, outcome);
  await expect(refused.query("INSERT …")).rejects.toThrow();
  expect(outcome.maybeApplied).toBe(false);
  const lost = trackWrites({ query: () => Promise.reject(new Error("Connection terminated unexpectedly")) }, outcome);
  await expect(lost.query("INSERT …")).rejects.toThrow();
  expect(outcome.maybeApplied).toBe(true);
  const fresh = { maybeApplied: false };
  await trackWrites({ query: <T>() => Promise.resolve([{ id: "1" }] as T) }, fresh).query("INSERT …");
  expect(fresh.maybeApplied).toBe(true);
});

describe("SERVICE_UNAVAILABLE after a write that may have been applied", () => {
  async function answer(maybeApplied: boolean, codes: string[]) {
    const listener = (await httpStatusPlugin.requestDidStart!({} as never)) as GraphQLRequestListener<Context>;
    const response = {
      http: { status: undefined as number | undefined, headers: new Map() },
      body: { kind: "single", singleResult: { data: null, errors: codes.map((code) => ({ message: code, extensions: { code } })) } },
    };
    await listener.willSendResponse!({
      response,
      contextValue: { writeOutcome: { maybeApplied } },
    } as unknown as GraphQLRequestContextWillSendResponse<Context>);
    return { status: response.http.status, codes: response.body.singleResult.errors.map((e) => e.extensions.code) };
  }

  test("becomes TIMEOUT (HTTP 504): it would deny a write that happened", async () => {
    expect(await answer(true, ["SERVICE_UNAVAILABLE"])).toEqual({ status: 504, codes: ["TIMEOUT"] });
  });

  test("stays SERVICE_UNAVAILABLE (HTTP 503) when nothing reached the database", async () => {
    expect(await answer(false, ["SERVICE_UNAVAILABLE"])).toEqual({ status: 503, codes: ["SERVICE_UNAVAILABLE"] });
  });
});
