import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import express from "express";
import type { ErrorRequestHandler, Express, RequestHandler } from "express";
import type { ApiKeys } from "./auth/api-keys";
import { statsOnReplicasFromEnv } from "./config";
import type { Database } from "./db/database";
import type { Queryable } from "./db/queryable";
import { trackWrites } from "./db/write-outcome";
import { OperationClassifier, READ_AFTER_HEADER, ReadRouter, readAfterPlugin } from "./db/read-routing";
import { createLoaders } from "./graphql/context";
import type { Context } from "./graphql/context";
import { depthLimitRule } from "./graphql/limits";
import { authPlugin, costPlugin, createFormatError, httpStatusPlugin, loggingPlugin } from "./graphql/plugins";
import { graphqlHandler } from "./graphql/http-handler";
import { mutationTransactionPlugin } from "./graphql/transaction";
import { createSchema } from "./graphql/schema";
import { createServices } from "./graphql/services";
import { healthRouter } from "./http/health";
import { securityHeaders } from "./http/security-headers";
import type { Logger } from "./logger";

export interface AppDeps {
  db: Database;
  logger: Logger;
  apiKeys: ApiKeys;
  /** Directory of the built web console; served at `/` when it holds index.html. */
  webDir?: string;
  /** The server's clock (tests move it). */
  clock?: () => number;
  /** Statistics may read from replicas; default: STATS_ON_REPLICAS from the environment. */
  statsOnReplicas?: boolean;
}

export const BODY_LIMIT = "256kb";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the HTTP app; does not listen (main.ts does, tests use supertest). */
export async function createApp(deps: AppDeps): Promise<{ app: Express; apollo: ApolloServer<Context> }> {
  const log = deps.logger.child({ module: "http" });
  const services = createServices(deps.db, deps.clock);
  const schema = createSchema();
  // Reads go to a replica when one is configured and safe (src/db/read-routing.ts).
  const reads = new ReadRouter(deps.db.dataSource, deps.db.replicas, deps.logger.child({ module: "read-routing" }), {
    statsOnReplicas: deps.statsOnReplicas ?? statsOnReplicasFromEnv(),
  });
  const classifier = new OperationClassifier(schema);
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM: drain HTTP first, then stop Apollo, then close the database.
    stopOnTerminationSignals: false,
    validationRules: [depthLimitRule()],
    formatError: createFormatError(deps.logger.child({ module: "graphql" })),
    plugins: [
      ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      // No cache hints are set; the plugin would still visit every field (20 % of the CPU of a
      // statistics request in the benchmark, docs/benchmarks.md).
      ApolloServerPluginCacheControlDisabled(),
      authPlugin,
      costPlugin,
      httpStatusPlugin,
      loggingPlugin(),
      // Commits a multi-mutation request before the primary's WAL position is read for X-Read-After.
      mutationTransactionPlugin(deps.db),
      readAfterPlugin<Context>(reads),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");

  const requestId: RequestHandler = (req, res, next) => {
    const given = req.header("x-request-id");
    const id = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    next();
  };
  app.use(requestId);
  app.use(securityHeaders);
  app.use(healthRouter(deps.db));

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

  app.use(
    "/graphql",
    express.json({ limit: BODY_LIMIT }),
    bodyErrors,
    graphqlHandler(apollo, async (req, res): Promise<Context> => {
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
      };
    }),
  );

  const webDir = deps.webDir;
  if (webDir && fs.existsSync(path.join(webDir, "index.html"))) {
    app.use(express.static(webDir, { index: "index.html", maxAge: "1h", setHeaders: cacheHeaders }));
    // The console routes in the browser: unknown GET paths get its index.html.
    app.get(/^\/(?!graphql|healthz|readyz).*/, (_req, res) => {
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(path.join(webDir, "index.html"));
    });
  }

  const lastResort: ErrorRequestHandler = (err, _req, res, _next) => {
    log.error({ err }, "unhandled http error");
    if (res.headersSent) return;
    res.status(500).json({ errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
  };
  app.use(lastResort);
  return { app, apollo };
}

function cacheHeaders(res: express.Response, file: string): void {
  // Vite fingerprints assets: cache them for a year; index.html must be revalidated.
  if (/[\\/]assets[\\/]/.test(file)) res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
  else res.setHeader("Cache-Control", "no-cache");
}
