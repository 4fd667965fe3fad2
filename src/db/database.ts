import { PGlite } from "@electric-sql/pglite";
import { Client, Pool, types as pgTypes } from "pg";
import { dbErrorInfo } from "./errors";
import { DataSource } from "typeorm";
import type { DataSourceOptions } from "typeorm";
import { migrations } from "../../migrations";
import type { Logger } from "../logger";
import type { Queryable } from "./queryable";
import { lockDataDir } from "./data-dir-lock";
import { entities } from "./entities";
import { listenPGlite, listenPostgres } from "./notifications";
import type { ListenHandlers, Listener } from "./notifications";
import { PGlitePool, pgliteDriverModule, pgliteParsers } from "./pglite-pool";
import { queryStraightOnPool } from "./pool-query";
import { DEFAULT_STATEMENT_TIMEOUT_MS, clientQueryTimeoutMs } from "./timeouts";

export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseOptions {
  /** postgres://… ; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** Read replicas (PostgreSQL only). */
  replicaUrls?: readonly string[];
  /** Directory of the embedded database; "memory" keeps it in memory (tests). */
  dataDir?: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
  /**
   * The longest a statement may run (PostgreSQL cancels it: `statement_timeout` on every
   * connection, replicas included); on PGlite the longest a request waits for the session.
   */
  statementTimeoutMs?: number;
  logger: Logger;
}

/** pg's parsers: ids and sums stay strings (as pg does for int8), dates stay "YYYY-MM-DD". */
export const pgTypeParsers = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 1082) return (v: string) => v;
    return pgTypes.getTypeParser(oid, format);
  },
};

/** What the PostgreSQL and PGlite DataSources share. */
const COMMON_OPTIONS = {
  type: "postgres" as const,
  entities,
  migrations,
  synchronize: false,
  migrationsRun: false,
  logging: false,
};

/**
 * A PostgreSQL pool's options. `statementTimeoutMs` null: no limit on a statement (migrations,
 * which may wait for another instance's and may run long on a large database).
 */
function pgOptions(
  url: string,
  applicationName: string,
  poolSize: number | undefined,
  statementTimeoutMs: number | null,
  logger: Logger,
): DataSourceOptions {
  return {
    ...COMMON_OPTIONS,
    url,
    applicationName,
    poolSize: poolSize ?? 20,
    extra: {
      types: pgTypeParsers,
      // A database that cannot be reached must fail a request within 5 s (api-contract.md).
      connectionTimeoutMillis: 2000,
      // The database cancels a statement running longer (SQLSTATE 57014: TIMEOUT), so a write the
      // service has answered for never commits later; the client waits a little longer than
      // that, for a database that stopped answering (src/db/timeouts.ts).
      ...(statementTimeoutMs === null
        ? {}
        : { statement_timeout: statementTimeoutMs, query_timeout: clientQueryTimeoutMs(statementTimeoutMs) }),
      idleTimeoutMillis: 30000,
      // Connections kept open however idle the service is (opened at start by warmPool()).
      min: Math.min(WARM_CONNECTIONS, poolSize ?? 20),
      keepAlive: true,
    },
    poolErrorHandler: (err: Error) => logger.warn({ err: { message: err.message } }, "postgres pool error"),
  };
}

/**
 * Connections the primary's pool opens at start and keeps however idle the service is. A request
 * whose fields run in parallel needs several at once; opening one costs a name lookup, a TCP
 * connection and authentication, and a lookup that hangs (a container network's DNS while the
 * stack's containers are still being started answered EAI_AGAIN for seconds in the compose test)
 * would make such a request wait past the pool's 2 s limit even though the database is up.
 */
const WARM_CONNECTIONS = 4;

/** Opens the pool's kept connections now, while the database was just reached. */
async function warmPool(dataSource: DataSource): Promise<void> {
  const pool = (dataSource.driver as unknown as { master?: { connect(): Promise<{ release(): void }>; options?: { min?: number } } })
    .master;
  const n = pool?.options?.min ?? 0;
  if (!pool || n <= 0) return;
  const clients = await Promise.all(Array.from({ length: n }, () => pool.connect()));
  for (const c of clients) c.release();
}

/** The primary, connected; a fresh server without the named database gets it created, as `npm start` promises. */
async function openPrimary(databaseUrl: string, options: DataSourceOptions, logger: Logger): Promise<DataSource> {
  const primary = new DataSource(options);
  try {
    await primary.initialize();
  } catch (e) {
    if (dbErrorInfo(e).code !== "3D000") throw e;
    await createDatabase(databaseUrl);
    logger.info({ database: new URL(databaseUrl).pathname.slice(1) }, "database created");
    await primary.initialize();
  }
  await warmPool(primary);
  return primary;
}

/**
 * A replica that cannot be reached at start does not stop the service: it is left uninitialized,
 * reads go to the primary, and read routing (replicas.ts) connects it when it answers. Replicas
 * are read-only: no migrations, no CREATE EXTENSION.
 */
async function openReplicas(
  urls: readonly string[],
  poolSize: number | undefined,
  statementTimeoutMs: number,
  logger: Logger,
): Promise<DataSource[]> {
  const replicas: DataSource[] = [];
  for (const [i, url] of urls.entries()) {
    const r = new DataSource({
      ...pgOptions(url, "achievements-replica", poolSize, statementTimeoutMs, logger),
      migrations: [],
      installExtensions: false,
    } as DataSourceOptions);
    try {
      await r.initialize();
    } catch (e) {
      logger.warn(
        { replica: `replica${i}`, err: { message: e instanceof Error ? e.message : String(e) } },
        "read replica cannot be reached at start; reading from the primary until it answers",
      );
    }
    replicas.push(r);
  }
  return replicas;
}

export class Database {
  private migratedFlag = false;

  private constructor(
    readonly kind: DatabaseKind,
    /** The primary: every write and every read that must see the latest writes. */
    readonly dataSource: DataSource,
    /** Read-only replicas; empty unless configured. */
    readonly replicas: readonly DataSource[],
    private readonly closeExtra: () => Promise<void>,
    private readonly logger: Logger,
    private readonly listenFn: (channel: string, handlers: ListenHandlers) => Listener,
    /**
     * A handle for the service's background work (the event stream, webhook deliveries): on
     * PostgreSQL a small pool of its own, so that requests never wait behind it nor it behind
     * them; on PGlite the one session, through the same pool as requests.
     */
    readonly background: Queryable,
  ) {}

  /**
   * LISTEN on `channel` (PostgreSQL: a connection of its own, reconnected when lost; PGlite: its
   * one session). `onConnected` runs after each (re)connection: notifications sent meanwhile are lost.
   */
  listen(channel: string, handlers: ListenHandlers): Listener {
    return this.listenFn(channel, handlers);
  }

  static async open(opts: DatabaseOptions): Promise<Database> {
    const logger = opts.logger.child({ module: "db" });
    const timeoutMs = opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    return opts.databaseUrl
      ? Database.openPostgres(opts.databaseUrl, opts, timeoutMs, logger)
      : Database.openPGlite(opts.dataDir, timeoutMs, logger);
  }

  private static async openPostgres(databaseUrl: string, opts: DatabaseOptions, timeoutMs: number, logger: Logger): Promise<Database> {
    const primary = await openPrimary(databaseUrl, pgOptions(databaseUrl, "achievements", opts.poolSize, timeoutMs, logger), logger);
    queryStraightOnPool(primary);
    const replicas = await openReplicas(opts.replicaUrls ?? [], opts.poolSize, timeoutMs, logger);
    const backgroundPool = new Pool({
      connectionString: databaseUrl,
      max: 4,
      types: pgTypeParsers,
      application_name: "achievements-background",
      connectionTimeoutMillis: 2000,
      statement_timeout: timeoutMs,
      query_timeout: clientQueryTimeoutMs(timeoutMs),
      idleTimeoutMillis: 30000,
      keepAlive: true,
    });
    backgroundPool.on("error", (err) => logger.warn({ err: { message: err.message } }, "postgres background pool error"));
    return new Database(
      "postgres",
      primary,
      replicas,
      () => backgroundPool.end(),
      logger,
      (channel, handlers) => listenPostgres(databaseUrl, channel, handlers, logger),
      { query: async (sql, params) => (await backgroundPool.query(sql, params as unknown[])).rows as never },
    );
  }

  private static async openPGlite(dataDir: string | undefined, timeoutMs: number, logger: Logger): Promise<Database> {
    const inMemory = !dataDir || dataDir === "memory";
    const unlock = inMemory ? () => {} : lockDataDir(dataDir);
    let db: PGlite;
    try {
      db = await PGlite.create(inMemory ? undefined : dataDir, { parsers: pgliteParsers });
    } catch (e) {
      unlock();
      throw e;
    }
    // PGlite cannot cancel a statement (src/db/timeouts.ts): what it limits is the wait for its session.
    const pool = new PGlitePool(db, { acquireTimeoutMs: timeoutMs });
    const dataSource = new DataSource({ ...COMMON_OPTIONS, driver: pgliteDriverModule(pool), database: "postgres" } as DataSourceOptions);
    await dataSource.initialize();
    queryStraightOnPool(dataSource);
    return new Database(
      "pglite",
      dataSource,
      [],
      async () => {
        await db.close();
        unlock();
      },
      logger,
      (channel, handlers) => listenPGlite(db, pool, channel, handlers),
      { query: async (sql, params) => (await pool.query(sql, params as unknown[]))!.rows as never },
    );
  }

  /** Runs pending migrations. On PostgreSQL under an advisory lock, so instances may start together. */
  async migrate(): Promise<void> {
    if (this.kind === "postgres") {
      // Waiting for another instance's migrations, and a migration itself, may take longer than a
      // request's statement timeout: migrations run on a connection of their own without one.
      const options = this.dataSource.options as { extra?: Record<string, unknown> };
      const { statement_timeout: _s, query_timeout: _q, ...extra } = options.extra ?? {};
      const migrator = new DataSource({ ...this.dataSource.options, poolSize: 2, extra } as DataSourceOptions);
      await migrator.initialize();
      const lockRunner = migrator.createQueryRunner();
      try {
        await lockRunner.query("SELECT pg_advisory_lock(hashtext('achievements:migrations'))");
        const done = await migrator.runMigrations({ transaction: "all" });
        if (done.length) this.logger.info({ migrations: done.map((m) => m.name) }, "migrations applied");
      } finally {
        await lockRunner.query("SELECT pg_advisory_unlock(hashtext('achievements:migrations'))").catch(() => undefined);
        await lockRunner.release();
        await migrator.destroy();
      }
    } else {
      // The embedded database belongs to this process alone (server.lock), so no lock is needed.
      const done = await this.dataSource.runMigrations({ transaction: "all" });
      if (done.length) this.logger.info({ migrations: done.map((m) => m.name) }, "migrations applied");
    }
    this.migratedFlag = true;
  }

  get migrated(): boolean {
    return this.migratedFlag;
  }

  /** True when the primary answers within `timeoutMs`. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.dataSource.query("SELECT 1").then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    for (const r of this.replicas) if (r.isInitialized) await r.destroy();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.closeExtra();
  }
}

/** CREATE DATABASE for the database named in `url`, through the server's `postgres` database. */
async function createDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (e) {
    // 42P04: another instance starting at the same moment created it first.
    if (dbErrorInfo(e).code !== "42P04" && dbErrorInfo(e).code !== "23505") throw e;
  } finally {
    await client.end();
  }
}
