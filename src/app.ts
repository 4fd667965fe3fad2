import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import express from "express";
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from "express";
import type { GraphQLSchema } from "graphql";
import type { ApiKeys } from "./auth/api-keys";
import type { Database } from "./db/database";
import type { Queryable } from "./db/queryable";
import { trackWrites } from "./db/write-outcome";
import { ReadRouter } from "./db/replicas";
import { createLoaders } from "./graphql/context";
import type { Context } from "./graphql/context";
import { MAX_TOKENS, operationShapeRule } from "./graphql/limits";
import {
  RecentClients,
  RefusedDocuments,
  contended,
  processLoopLag,
  refusedDocumentsPlugin,
  shedLargeBodyMiddleware,
  shedMiddleware,
} from "./graphql/load";
import type { LoopLag } from "./graphql/load";
import { authPlugin, costPlugin, createFormatError, httpStatusPlugin, loggingPlugin } from "./graphql/plugins";
import { DocumentCache } from "./graphql/document-cache";
import { graphqlHandler } from "./graphql/multi-mutation/http-handler";
import { mutationTransactionPlugin } from "./graphql/multi-mutation/transaction-plugin";
import { OperationClassifier, READ_AFTER_HEADER, readAfterPlugin } from "./graphql/read-routing";
import { createSchema } from "./graphql/schema";
import { healthRouter } from "./http/health";
import { securityHeaders } from "./http/security-headers";
import type { Logger } from "./logger";
import { createServices } from "./modules/services";
import type { Services } from "./modules/services";
import type { Server } from "node:http";
import { EventHub } from "./modules/event/event.hub";
import { WebhookDeliverer } from "./modules/webhook/webhook.deliverer";
import { WebhookService } from "./modules/webhook/webhook.service";
import { attachSubscriptions } from "./graphql/subscriptions";
import type { SubscriptionServer } from "./graphql/subscriptions";

export interface AppDeps {
  db: Database;
  logger: Logger;
  apiKeys: ApiKeys;
  /** Directory of the built web console; served at `/` when it holds index.html. */
  webDir?: string;
  /** The server's clock (tests move it). */
  clock?: () => number;
  /** Statistics may read from replicas (STATS_ON_REPLICAS, read by config.ts); default false. */
  statsOnReplicas?: boolean;
  /** How late the event loop runs, as shedding sees it (graphql/load.ts); tests fake it. */
  load?: LoopLag;
  /**
   * Without `load`: the event loop's lag (default the process's probe), which shedding counts
   * only while another connection has sent a request lately (graphql/load.ts, `contended`).
   */
  loopLag?: LoopLag;
  /** WEBHOOK_ALLOW_PRIVATE: webhooks may target loopback and private addresses (default false). */
  webhookAllowPrivate?: boolean;
}

export interface CreatedApp {
  app: Express;
  apollo: ApolloServer<Context>;
  /** The instance's event stream (subscriptions) and webhook deliverer; stopped by apollo.stop(). */
  events: EventHub;
  webhooks: WebhookDeliverer;
  /** Serves subscriptions (graphql-transport-ws) at /graphql on a listening server; disposed by apollo.stop(). */
  attachSubscriptions(server: Server): SubscriptionServer;
}

export const BODY_LIMIT = "256kb";
const BODY_LIMIT_BYTES = 256 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the HTTP app; does not listen (main.ts does, tests use supertest). */
export async function createApp(deps: AppDeps): Promise<CreatedApp> {
  const schema = createSchema();
  const events = new EventHub(deps.db, deps.logger.child({ module: "events" }));
  const deliverer = new WebhookDeliverer(deps.db.background, events, deps.logger.child({ module: "webhooks" }), {
    allowPrivate: deps.webhookAllowPrivate ?? false,
  });
  const webhookService = new WebhookService({ allowPrivate: deps.webhookAllowPrivate ?? false, changed: () => deliverer.changed() });
  const services = createServices(deps.clock, { events, webhooks: webhookService });
  const wsServers: SubscriptionServer[] = [];
  // Reads go to a replica when one is configured and safe (src/db/replicas.ts, src/graphql/read-routing.ts).
  const reads = new ReadRouter(deps.db.dataSource, deps.db.replicas, deps.logger.child({ module: "read-routing" }), {
    statsOnReplicas: deps.statsOnReplicas ?? false,
  });
  const clients = new RecentClients();
  const load = deps.load ?? contended(deps.loopLag ?? processLoopLag(), clients);
  const refused = new RefusedDocuments();
  const apollo = createApolloServer(deps, schema, reads, load, refused, async () => {
    // Subscribers first (they see the socket close), then the stream and the deliveries.
    await Promise.all(wsServers.splice(0).map((w) => w.dispose()));
    await deliverer.stop();
    await events.stop();
  });
  await apollo.start();
  await events.start();
  deliverer.start();

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(requestId);
  app.use(securityHeaders);
  app.use(healthRouter(deps.db));
  app.use(
    "/graphql",
    clients.middleware(),
    shedLargeBodyMiddleware(load, BODY_LIMIT_BYTES),
    express.json({ limit: BODY_LIMIT }),
    bodyErrors,
    shedMiddleware(load, refused),
    graphqlHandler(apollo, requestContext(deps, reads, new OperationClassifier(schema), services)),
  );
  if (deps.webDir) serveWebConsole(app, deps.webDir);
  app.use(lastResort(deps.logger.child({ module: "http" })));
  const formatError = createFormatError(deps.logger.child({ module: "graphql" }));
  return {
    app,
    apollo,
    events,
    webhooks: deliverer,
    attachSubscriptions(server) {
      const ws = attachSubscriptions(server, { schema, db: deps.db, apiKeys: deps.apiKeys, logger: deps.logger, services, formatError });
      wsServers.push(ws);
      return ws;
    },
  };
}

function createApolloServer(
  deps: AppDeps,
  schema: GraphQLSchema,
  reads: ReadRouter,
  load: LoopLag,
  refused: RefusedDocuments,
  drain: () => Promise<void>,
): ApolloServer<Context> {
  return new ApolloServer<Context>({
    schema,
    introspection: true,
    // Parsed documents, bounded by the heap they hold (document-cache.ts), not Apollo's 30 MiB of JSON.
    documentStore: new DocumentCache(),
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM: drain HTTP first, then stop Apollo, then close the database.
    stopOnTerminationSignals: false,
    // Hostile requests (src/graphql/limits.ts): tokens while parsing, shape while validating, cost
    // and search lengths once the operation and its variables are known (costPlugin).
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules: [operationShapeRule()],
    formatError: createFormatError(deps.logger.child({ module: "graphql" })),
    plugins: [
      // apollo.stop() (SIGTERM in main.ts, tests' close) closes subscriptions and stops the event stream.
      { serverWillStart: async () => ({ drainServer: drain }) },
      ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      // No cache hints are set; the plugin would still visit every field (20 % of the CPU of a
      // statistics request in the benchmark, docs/benchmarks.md).
      ApolloServerPluginCacheControlDisabled(),
      authPlugin,
      costPlugin(undefined, load),
      refusedDocumentsPlugin<Context>(refused),
      httpStatusPlugin,
      loggingPlugin(),
      // Commits a multi-mutation request before the primary's WAL position is read for X-Read-After.
      mutationTransactionPlugin(deps.db),
      readAfterPlugin<Context>(reads),
    ],
  });
}

/** X-Request-Id: the client's when it is a sane token, else a new UUID; echoed in the response. */
const requestId: RequestHandler = (req, res, next) => {
  const given = req.header("x-request-id");
  const id = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
  res.locals.requestId = id;
  res.setHeader("X-Request-Id", id);
  next();
};

/** Bodies express.json() refuses: 413 over BODY_LIMIT, 400 for malformed JSON. */
const bodyErrors: ErrorRequestHandler = (err, _req, res, next) => {
  const e = err as { type?: string; status?: number };
  if (e.type === "entity.too.large") {
    res.status(413).json({ errors: [{ message: `The request body is over ${BODY_LIMIT}`, extensions: { code: "BAD_REQUEST" } }] });
  } else if (e.type === "entity.parse.failed" || e.status === 400) {
    res.status(400).json({ errors: [{ message: "The request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] });
  } else {
    next(err);
  }
};

/** The context of one run of a GraphQL request: its id, log, key, read and write handles, loaders, services. */
function requestContext(
  deps: AppDeps,
  reads: ReadRouter,
  classifier: OperationClassifier,
  services: Services,
): (req: Request, res: Response) => Promise<Context> {
  return async (req, res) => {
    const requestId = res.locals.requestId as string;
    let read: Queryable = deps.db.dataSource;
    let log = deps.logger.child({ requestId });
    if (reads.enabled) {
      // GET carries the operation in the query string, POST in the JSON body.
      const params = (req.method === "GET" ? req.query : req.body) as { query?: unknown; operationName?: unknown } | undefined;
      const operation = classifier.classify(params?.query, params?.operationName);
      const route = await reads.route({ operation, readAfter: req.header(READ_AFTER_HEADER) });
      read = route.read;
      log = deps.logger.child({ requestId, readFrom: route.target });
    }
    const writeOutcome = { maybeApplied: false };
    return {
      requestId,
      log,
      apiKey: deps.apiKeys.identify(req.header("authorization")),
      read,
      write: trackWrites(deps.db.dataSource, writeOutcome),
      writeOutcome,
      loaders: createLoaders(read),
      services,
      client: req.socket,
    };
  };
}

/** The built web console at `/`, when webDir holds its index.html. */
function serveWebConsole(app: Express, webDir: string): void {
  if (!fs.existsSync(path.join(webDir, "index.html"))) return;
  app.use(express.static(webDir, { index: "index.html", maxAge: "1h", setHeaders: cacheHeaders }));
  // The console routes in the browser: unknown GET paths get its index.html.
  app.get(/^\/(?!graphql|healthz|readyz).*/, (_req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(path.join(webDir, "index.html"));
  });
}

/** The last error handler: logs what nothing else handled and answers 500 in the contract's shape. */
function lastResort(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    log.error({ err }, "unhandled http error");
    if (res.headersSent) return;
    res.status(500).json({ errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
  };
}

function cacheHeaders(res: express.Response, file: string): void {
  // Vite fingerprints assets: cache them for a year; index.html must be revalidated.
  if (/[\\/]assets[\\/]/.test(file)) res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
  else res.setHeader("Cache-Control", "no-cache");
}
