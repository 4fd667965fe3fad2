import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import request from "supertest";
import type { Express } from "express";
import type { ApolloServer } from "@apollo/server";
import { createApp } from "../../src/app";
import { createApiKeys } from "../../src/auth/api-keys";
import type { ApiKeys } from "../../src/auth/api-keys";
import { Database } from "../../src/db/database";
import type { Context } from "../../src/graphql/context";
import type { LoopLag } from "../../src/graphql/load";
import type { Logger } from "../../src/logger";
import type { EventHub } from "../../src/modules/event/event.hub";
import { adminQuery, templateDb, withDatabase } from "../setup/pg-template";

export const TEST_KEY = "test-key-0123456789";

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data: T | null | undefined;
  errors: { message: string; extensions?: Record<string, any>; path?: unknown[] }[] | undefined;
  body: any;
}

export interface TestApp {
  app: Express;
  /** The app's event stream (subscriptions). */
  events: EventHub;
  apollo: ApolloServer<Context>;
  db: Database;
  kind: "pglite" | "postgres";
  /** Log lines the app wrote (JSON objects). */
  logs: Record<string, unknown>[];
  /** Moves the server's clock (ms since epoch); undefined returns to the real clock. */
  setNow(ms: number | undefined): void;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    opts?: { key?: string | null; headers?: Record<string, string> },
  ): Promise<GqlResult<T>>;
  /** Empties every table (test databases only). */
  reset(): Promise<void>;
  /**
   * Listens on a free port with subscriptions attached (graphql-transport-ws at /graphql) and
   * returns the base URL (http://127.0.0.1:port); the server closes with the app.
   */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Opens a fresh database (PGlite in memory, or a PostgreSQL clone of the template) and the app on it. */
export async function startTestApp(
  opts: {
    poolSize?: number;
    statementTimeoutMs?: number;
    apiKeys?: ApiKeys;
    load?: LoopLag;
    loopLag?: LoopLag;
    webhookAllowPrivate?: boolean;
  } = {},
): Promise<TestApp> {
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = pino(
    { level: "info" },
    {
      write(line: string) {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  const url = process.env.DATABASE_URL;
  let dbName: string | undefined;
  let db: Database | undefined;
  try {
    if (url) {
      dbName = `achievements_test_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
      await adminQuery(url, `CREATE DATABASE ${dbName} TEMPLATE ${templateDb()}`);
      db = await Database.open({
        databaseUrl: withDatabase(url, dbName),
        logger,
        poolSize: opts.poolSize ?? 10,
        statementTimeoutMs: opts.statementTimeoutMs,
      });
    } else {
      db = await Database.open({ dataDir: "memory", logger, statementTimeoutMs: opts.statementTimeoutMs });
    }
    await db.migrate();
  } catch (e) {
    // Leave no database behind when the app could not start.
    await db?.close().catch(() => undefined);
    if (url && dbName) await adminQuery(url, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    throw e;
  }
  let now: number | undefined;
  const { app, apollo, events, attachSubscriptions } = await createApp({
    db,
    logger,
    apiKeys: opts.apiKeys ?? createApiKeys([TEST_KEY]),
    clock: () => now ?? Date.now(),
    // The real probe would shed heavy requests whenever the machine running the suite is busy:
    // tests that shed by load give a lag of their own (test/api/load-shedding.test.ts).
    load: opts.load ?? (opts.loopLag ? undefined : { lagMs: () => 0 }),
    // A real lag, counted only while another connection is active (load-shedding-contention.test.ts).
    loopLag: opts.loopLag,
    webhookAllowPrivate: opts.webhookAllowPrivate,
  });
  let server: http.Server | undefined;

  return {
    app,
    apollo,
    events,
    db,
    kind: db.kind,
    logs,
    setNow(ms) {
      now = ms;
    },
    async gql(query, variables, o = {}) {
      const key = o.key === undefined ? TEST_KEY : o.key;
      let req = request(app).post("/graphql").set("content-type", "application/json");
      if (key !== null) req = req.set("authorization", `Bearer ${key}`);
      for (const [h, v] of Object.entries(o.headers ?? {})) req = req.set(h, v);
      const res = await req.send({ query, variables });
      return { status: res.status, data: res.body?.data, errors: res.body?.errors, body: res.body };
    },
    async reset() {
      if (process.env.NODE_ENV !== "test") throw new Error("reset() empties every table: test databases only");
      const tables: { name: string }[] = await db.dataSource.query(
        `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
      );
      await db.dataSource.query(`TRUNCATE ${tables.map((t) => t.name).join(", ")} RESTART IDENTITY CASCADE`);
    },
    async listen() {
      if (!server) {
        const s = http.createServer(app);
        await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
        attachSubscriptions(s);
        server = s;
      }
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      // Stops subscriptions (closing their sockets), the event stream and webhook deliveries.
      await apollo.stop();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
      await db.close();
      if (url && dbName) await adminQuery(url, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

/** The `extensions.code` values of a result's errors. */
export function codes(r: GqlResult): string[] {
  return (r.errors ?? []).map((e) => String(e.extensions?.code));
}

/**
 * Starts one app for the enclosing test file (or describe block) in `beforeAll`, closes it in
 * `afterAll`, and by default empties every table and returns to the real clock before each test.
 * Returns the app as a `TestApp` whose members read the started one, so module-level helpers can
 * close over it: `const t = useTestApp();`.
 */
export function useTestApp(
  opts: {
    poolSize?: number;
    resetBeforeEach?: boolean;
    load?: LoopLag;
    loopLag?: LoopLag;
    apiKeys?: ApiKeys;
    webhookAllowPrivate?: boolean;
  } = {},
): TestApp {
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await startTestApp({
      poolSize: opts.poolSize,
      load: opts.load,
      loopLag: opts.loopLag,
      apiKeys: opts.apiKeys,
      webhookAllowPrivate: opts.webhookAllowPrivate,
    });
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
  const current = (): TestApp => {
    if (!started) throw new Error("useTestApp(): the app is started in beforeAll; use it in a test or a hook");
    return started;
  };
  if (opts.resetBeforeEach ?? true) {
    beforeEach(async () => {
      current().setNow(undefined);
      await current().reset();
    });
  }
  return {
    get app() {
      return current().app;
    },
    get apollo() {
      return current().apollo;
    },
    get events() {
      return current().events;
    },
    get db() {
      return current().db;
    },
    get kind() {
      return current().kind;
    },
    get logs() {
      return current().logs;
    },
    setNow(ms) {
      current().setNow(ms);
    },
    gql<T = Record<string, any>>(
      query: string,
      variables?: Record<string, unknown>,
      o?: { key?: string | null; headers?: Record<string, string> },
    ) {
      return current().gql<T>(query, variables, o);
    },
    reset() {
      return current().reset();
    },
    listen() {
      return current().listen();
    },
    async close() {
      await current().close();
      started = undefined;
    },
  };
}
