import { unwrapResolverError } from "@apollo/server/errors";
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { GraphQLFormattedError } from "graphql";
import type { Logger } from "../logger";
import type { Context } from "./context";
import { forbiddenMutations } from "../auth/scopes";
import { AppError, ForbiddenError, ServiceUnavailableError, TimeoutError, UnauthenticatedError } from "../common/errors";
import { isConnectionError, lostLockConflict } from "../db/errors";
import { isStatementTimeout } from "../db/timeouts";
import { BackgroundLane } from "../db/statement-priority";
import { createLoaders } from "./context";
import { HEAVY_CONNECTIONS, HEAVY_COST, HeavyBudget, checkCost, operationShape } from "./limits";
import { LOADED_LAG_MS, SHED_MUTATION_FIELDS, loadedError, processLoopLag } from "./load";
import type { LoopLag } from "./load";

/**
 * Mutations need a key whose scope allows every mutation field of the operation: decided before
 * any input is looked at (variables are coerced later), so nothing is written.
 */
export const authPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, contextValue }) {
        if (operation?.operation !== "mutation") return;
        const key = contextValue.apiKey;
        if (!key) throw new UnauthenticatedError();
        const refused = forbiddenMutations(operation, document, key);
        if (refused.length > 0) {
          throw new ForbiddenError(`The key "${key.name}" (scope ${key.scope}) may not run ${refused.join(", ")}: it needs an admin key`);
        }
      },
    };
  },
};

/**
 * Rejects operations over the cost limit, with their variables known, and sheds expensive ones
 * while the event loop runs late (load.ts) or beyond the process's budget (HeavyBudget in
 * limits.ts) until the running ones have answered. The reads of an expensive operation that runs
 * are background statements (db/statement-priority.ts): at most HEAVY_CONNECTIONS at once, and on
 * PGlite after every ordinary statement waiting for the session.
 */
export function costPlugin(
  budget = new HeavyBudget(),
  load: LoopLag = processLoopLag(),
  lane = new BackgroundLane(HEAVY_CONNECTIONS),
): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let release: (() => void) | undefined;
      return {
        async didResolveOperation({ schema, document, request, operationName, operation, contextValue }) {
          const cost = checkCost(schema, document, request.variables, operationName ?? undefined);
          if (cost >= HEAVY_COST) {
            const lag = load.lagMs(contextValue.client);
            if (lag > LOADED_LAG_MS) throw loadedError(lag, `operations costing ${HEAVY_COST} or more`);
            release = budget.acquire();
            // The loaders were made for the plain read handle: again, for the lane's.
            contextValue.read = lane.wrap(contextValue.read);
            contextValue.loaders = createLoaders(contextValue.read);
          } else if (operation?.operation === "mutation" && operationShape(document, operation).fields > SHED_MUTATION_FIELDS) {
            const lag = load.lagMs(contextValue.client);
            if (lag > LOADED_LAG_MS) throw loadedError(lag, `requests of more than ${SHED_MUTATION_FIELDS} mutation fields`);
          }
        },
        async willSendResponse() {
          release?.();
        },
      };
    },
  };
}

/**
 * HTTP statuses for the errors that are not the client's GraphQL: an unreachable database
 * answers 503 (so load balancers and clients retry), whatever resolver met it.
 */
export const httpStatusPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== "single") return;
        const result = response.body.singleResult;
        if (contextValue.writeOutcome?.maybeApplied && result.errors?.some((e) => e.extensions?.code === "SERVICE_UNAVAILABLE")) {
          const timeout = new TimeoutError();
          result.errors = result.errors.map((e) =>
            e.extensions?.code === "SERVICE_UNAVAILABLE" ? { ...e, message: timeout.message, extensions: { code: "TIMEOUT" } } : e,
          );
        }
        const errors = result.errors ?? [];
        if (errors.some((e) => e.extensions?.code === "SERVICE_UNAVAILABLE")) response.http.status = 503;
        else if (errors.some((e) => e.extensions?.code === "TIMEOUT")) response.http.status = 504;
      },
    };
  },
};

/** One log line per GraphQL operation: name, duration, error codes, request id. */
export function loggingPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, response, errors, contextValue: ctx }) {
          const codes = new Set<string>();
          for (const e of errors ?? []) codes.add(String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
          if (response.body.kind === "single") {
            for (const e of response.body.singleResult.errors ?? []) codes.add(String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
          }
          const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
          const c = ctx ?? contextValue;
          const attempt = c.attempt && c.attempt.number > 1 ? { attempt: c.attempt.number } : {};
          // The key's name (never its secret): who ran a mutation.
          const key = c.apiKey ? { key: c.apiKey.name } : {};
          c.log.info(
            {
              operationName: operationName ?? null,
              durationMs: Math.round(durationMs * 100) / 100,
              errors: [...codes],
              ...key,
              ...attempt,
            },
            "graphql operation",
          );
        },
      };
    },
  };
}

const PASS_THROUGH = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

/**
 * Keeps the contract's coded errors, turns an unreachable database into SERVICE_UNAVAILABLE and
 * masks everything else as INTERNAL_SERVER_ERROR (logged with its details, answered without).
 */
export function createFormatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof AppError) {
      const { http: _http, ...extensions } = original.extensions as Record<string, unknown>;
      return { ...base, message: original.message, extensions };
    }
    // Before the connection errors: pg's client-side read timeout is one of those too, but a
    // statement that ran out of time may have been applied, which SERVICE_UNAVAILABLE denies.
    if (isStatementTimeout(original)) {
      log.warn({ reason: (original as Error)?.message }, "statement timed out");
      const e = new TimeoutError();
      return { ...base, message: e.message, extensions: { code: "TIMEOUT" } };
    }
    if (isConnectionError(original)) {
      log.warn({ reason: (original as Error)?.message }, "database unavailable");
      const e = new ServiceUnavailableError();
      return { ...base, message: e.message, extensions: { code: "SERVICE_UNAVAILABLE" } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && PASS_THROUGH.has(code)) {
      const extensions: Record<string, unknown> = { code };
      if (code === "BAD_USER_INPUT") {
        const field = (formatted.extensions?.field as string | undefined) ?? fieldFromCoercionMessage(formatted.message);
        if (field) extensions.field = field;
      }
      return { ...base, extensions };
    }
    if (isClientRequestError(original)) {
      // Apollo's own refusals of a request it cannot serve (a persisted query's hash that does
      // not match its text, an unsupported persisted query version) carry an HTTP 4xx but no code.
      return { ...base, extensions: { code: "BAD_REQUEST" } };
    }
    const sqlState = lostLockConflict(original);
    if (sqlState) {
      // A transaction that lost a lock conflict: it is run again while attempts remain (multi-mutation/).
      log.warn({ sqlState, reason: (original as Error)?.message }, "transaction lost a lock conflict");
    } else {
      log.error({ err: original }, "unexpected error");
    }
    return {
      message: "Internal server error",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}

/** A GraphQLError without a code that Apollo answers with an HTTP 4xx: the request's fault. */
function isClientRequestError(err: unknown): boolean {
  if (!(err instanceof GraphQLError) || err.extensions?.code !== undefined) return false;
  const status = (err.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}

/**
 * The input field a variable-coercion error is about, as a dotted path inside the input:
 * `Variable "$i" got invalid value 1.5 at "i.points"; …` → "points";
 * `… at "i.translations[0]"; Field "name" of required type "String!" was not provided.` →
 * "translations.0.name"; a top-level argument variable (`$first`) → "first".
 */
export function fieldFromCoercionMessage(message: string): string | undefined {
  const variable = /^Variable "\$([^"]+)"/.exec(message)?.[1];
  const at = /got invalid value .*? at "([^"]+)"/.exec(message)?.[1];
  const inner = /Field "([^"]+)" (?:of required type|is not defined by type)/.exec(message)?.[1];
  const path = at
    ? at
        .replace(/\[(\d+)\]/g, ".$1")
        .split(".")
        .slice(1)
    : [];
  if (inner) path.push(inner);
  if (path.length > 0) return path.join(".");
  return variable;
}
