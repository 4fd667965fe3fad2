import "reflect-metadata";
import type { Server } from "node:http";
import type { Express } from "express";
import type { ApolloServer } from "@apollo/server";
import { createApp } from "./app";
import { loadApiKeys } from "./auth/api-keys";
import type { ApiKeys } from "./auth/api-keys";
import { ConfigError, loadConfig } from "./config";
import type { Config } from "./config";
import { DataDirLockedError } from "./db/data-dir-lock";
import { Database } from "./db/database";
import { seedDemoData } from "./demo/seed";
import type { Context } from "./graphql/context";
import type { SubscriptionServer } from "./graphql/subscriptions";
import { createLogger, endDestination, stdoutDestination } from "./logger";
import type { LogDestination, Logger } from "./logger";

/** How long SIGTERM waits for requests in flight before closing anyway (the contract allows 15 s). */
const DRAIN_MS = 12_000;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logDestination = stdoutDestination();
  const logger = createLogger(config.logLevel, logDestination);
  const db = await openDatabaseOrExit(config, logger);
  await db.migrate();
  if (config.demoData) await seedDemoData(db, logger);

  const apiKeys = loadApiKeys(config.apiKeys, config.dataDir);
  const { app, apollo, attachSubscriptions } = await createApp({
    db,
    logger,
    apiKeys,
    webDir: config.webDir,
    statsOnReplicas: config.statsOnReplicas,
    webhookAllowPrivate: config.webhookAllowPrivate,
  });
  const server = await listen(app, config.port);
  const subscriptions = attachSubscriptions(server);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  logger.info({ port, database: db.kind, dataDir: db.kind === "pglite" ? config.dataDir : undefined }, "listening");
  logger.info({ keys: apiKeys.keys }, "api keys");
  printBanner(config, db, port, apiKeys);
  stopOnSignals({ server, subscriptions, apollo, db, logger, logDestination });
}

/** The configuration, or exit 1 with the reason on stderr. */
function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`configuration error: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

/** The database, or exit 1 when another process holds the embedded database's directory. */
async function openDatabaseOrExit(config: Config, logger: Logger): Promise<Database> {
  try {
    return await Database.open({
      databaseUrl: config.databaseUrl,
      replicaUrls: config.replicaUrls,
      dataDir: config.dataDir,
      poolSize: config.poolSize,
      statementTimeoutMs: config.statementTimeoutMs,
      logger,
    });
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

async function listen(app: Express, port: number): Promise<Server> {
  const server: Server = app.listen(port);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  // Longer than nginx's upstream keepalive_timeout (60 s), so that nginx, not Node, closes idle
  // upstream connections and never sends a request on a socket Node is closing (a 502).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

function printBanner(config: Config, db: Database, port: number, apiKeys: ApiKeys): void {
  process.stdout.write(
    `\nAchievements service on ${db.kind === "pglite" ? `embedded PGlite (${config.dataDir})` : "PostgreSQL"}\n` +
      `  GraphQL and Apollo Sandbox: http://localhost:${port}/graphql\n` +
      `  Web console:                http://localhost:${port}/\n` +
      keyBanner(apiKeys) +
      "\n",
  );
}

/**
 * What the banner says about keys. The generated secret is printed only at the start that
 * generated it (then it is in that one terminal or log); later starts say where it is kept.
 */
function keyBanner(apiKeys: ApiKeys): string {
  const g = apiKeys.generated;
  if (!g) return `  API keys:                   ${apiKeys.keys.map((k) => `${k.name} (${k.scope})`).join(", ")}\n`;
  if (g.createdNow) return `  API key for mutations:      ${g.secret}   (generated now, admin; kept in ${g.file}, not printed again)\n`;
  return `  API key for mutations:      kept in ${g.file} (named generated, admin)\n`;
}

interface Running {
  server: Server;
  subscriptions: SubscriptionServer;
  apollo: ApolloServer<Context>;
  db: Database;
  logger: Logger;
  logDestination: LogDestination;
}

/** SIGTERM and SIGINT: drain HTTP, stop Apollo, close the database, write the last log lines, exit 0. */
function stopOnSignals({ server, subscriptions, apollo, db, logger, logDestination }: Running): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: draining requests in flight");
    const force = setTimeout(() => {
      logger.warn("drain timed out; closing remaining connections");
      server.closeAllConnections();
    }, DRAIN_MS);
    force.unref();
    // Subscribers' sockets are closed (1001, going away) at once: they reconnect to another instance.
    const closingSubscriptions = subscriptions.dispose();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await closingSubscriptions;
    clearTimeout(force);
    await apollo.stop();
    await db.close();
    logger.info("stopped");
    await endDestination(logDestination);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((e: unknown) => {
  process.stderr.write(`fatal: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
