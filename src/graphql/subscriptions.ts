import crypto from "node:crypto";
import type { Server } from "node:http";
import { GraphQLError, Kind, parse, specifiedRules, validate } from "graphql";
import type { DocumentNode, ExecutionArgs, GraphQLFormattedError, GraphQLSchema, OperationDefinitionNode } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { ApiKeys } from "../auth/api-keys";
import type { Database } from "../db/database";
import type { Logger } from "../logger";
import type { Services } from "../modules/services";
import { createLoaders } from "./context";
import type { Context } from "./context";
import { MAX_TOKENS, checkCost, operationShapeRule } from "./limits";

/** The largest message a subscriber may send (a subscription document is small). */
export const MAX_WS_MESSAGE_BYTES = 64 * 1024;
/** Subscriptions one connection may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

export interface SubscriptionServer {
  /** Closes every connection (code 1001) and stops accepting new ones. */
  dispose(): Promise<void>;
}

/**
 * `graphql-transport-ws` at /graphql on the HTTP server (Apollo Server's documented setup:
 * graphql-ws's useServer on a ws server sharing the HTTP server). Only subscriptions run here;
 * every document goes through the HTTP limits (tokens, depth, root fields, cost) before anything
 * runs. A `connection_init` payload `{"authorization": "Bearer <secret>"}` counts as the HTTP
 * header: an unknown secret is anonymous.
 */
export function attachSubscriptions(
  server: Server,
  deps: { schema: GraphQLSchema; db: Database; apiKeys: ApiKeys; logger: Logger; services: Services; formatError: FormatError },
): SubscriptionServer {
  const log = deps.logger.child({ module: "subscriptions" });
  const wss = new WebSocketServer({ server, path: "/graphql", maxPayload: MAX_WS_MESSAGE_BYTES });
  const active = new WeakMap<object, number>();
  const cleanup = useServer<Record<string, unknown> | undefined, { requestId: string }>(
    {
      schema: deps.schema,
      onConnect: (ctx) => {
        ctx.extra.requestId = crypto.randomUUID();
        return true;
      },
      context: (ctx): Context => {
        const auth = ctx.connectionParams?.authorization;
        return {
          requestId: ctx.extra.requestId ?? crypto.randomUUID(),
          log: log.child({ requestId: ctx.extra.requestId }),
          apiKey: deps.apiKeys.identify(typeof auth === "string" ? auth : undefined),
          read: deps.db.dataSource,
          write: deps.db.dataSource,
          loaders: createLoaders(deps.db.dataSource),
          services: deps.services,
        };
      },
      onSubscribe: (ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] | void => {
        const n = active.get(ctx) ?? 0;
        if (n >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [coded(`A connection may hold at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions`, "GRAPHQL_VALIDATION_FAILED")];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: MAX_TOKENS });
        } catch (e) {
          return [coded(e instanceof GraphQLError ? e.message : "The document cannot be parsed", "GRAPHQL_PARSE_FAILED")];
        }
        const errors = validate(deps.schema, document, [...specifiedRules, operationShapeRule()]);
        if (errors.length > 0) return errors.map((e) => coded(e.message, "GRAPHQL_VALIDATION_FAILED"));
        const operation = pickOperation(document, payload.operationName ?? undefined);
        if (operation?.operation !== "subscription") {
          return [
            coded("Only subscriptions run over WebSocket; send queries and mutations with POST /graphql", "GRAPHQL_VALIDATION_FAILED"),
          ];
        }
        try {
          checkCost(deps.schema, document, payload.variables ?? undefined, payload.operationName ?? undefined);
        } catch (e) {
          if (e instanceof GraphQLError) return [e];
          throw e;
        }
        active.set(ctx, n + 1);
        return undefined;
      },
      onComplete: (ctx) => {
        active.set(ctx, Math.max(0, (active.get(ctx) ?? 1) - 1));
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors) return undefined;
        return { ...result, errors: result.errors.map((e) => deps.formatError(e.toJSON(), e)) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => deps.formatError(e.toJSON(), e)) as never,
    },
    wss,
  );
  wss.on("error", (err) => log.warn({ err: { message: err.message } }, "websocket server error"));
  // graphql-ws's dispose closes every socket (1001) and the ws server itself; once is enough.
  let disposed: Promise<void> | undefined;
  return {
    dispose() {
      disposed ??= Promise.resolve(cleanup.dispose());
      return disposed;
    },
  };
}

export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

function coded(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

function pickOperation(document: DocumentNode, name: string | undefined): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (name) return ops.find((o) => o.name?.value === name);
  return ops.length === 1 ? ops[0] : undefined;
}
