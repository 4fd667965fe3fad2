import { PGlite } from "@electric-sql/pglite";
import { Client, types as pgTypes } from "pg";
import { dbErrorInfo } from "../graphql/errors";
import { DataSource, MigrationExecutor } from "typeorm";
import type { DataSourceOptions } from "typeorm";
import { migrations } from "../../migrations";
import type { Logger } from "../logger";
import { lockDataDir } from "./data-dir-lock";
import { entities } from "./entities";
import { PGlitePool, pgliteDriverModule, pgliteParsers } from "./pglite-pool";
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
const pgTypeParsers = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 1082) return (v: string) => v;
    return pgTypes.getTypeParser(oid, format);
  },
};

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
  ) {}

  static async open(opts: DatabaseOptions): Promise<Database> {
    const logger = opts.logger.child({ module: "db" });
    const statementTimeoutMs = opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    const common = {
      type: "postgres" as const,
      entities,
      migrations,
      synchronize: false,
      migrationsRun: false,
      logging: false,
    };
    if (opts.databaseUrl) {
      const pgOptions = (url: string, applicationName: string): DataSourceOptions => ({
        ...common,
        url,
        applicationName,
        poolSize: opts.poolSize ?? 20,
        extra: {
          types: pgTypeParsers,
          // A database that cannot be reached must fail a request within 5 s (api-contract.md).
          connectionTimeoutMillis: 2000,
          // The database cancels a statement running longer (SQLSTATE 57014: TIMEOUT), so a
          // write the service has answered for never commits later; the client waits a little
          // longer than that, for a database that stopped answering (src/db/timeouts.ts).
          statement_timeout: statementTimeoutMs,
          query_timeout: clientQueryTimeoutMs(statementTimeoutMs),
          idleTimeoutMillis: 30000,
          keepAlive: true,
        },
        poolErrorHandler: (err: Error) => logger.warn({ err: { message: err.message } }, "postgres pool error"),
      });
      const primary = new DataSource(pgOptions(opts.databaseUrl, "achievements"));
      try {
        await primary.initialize();
      } catch (e) {
        // A fresh server without the named database: create it, as `npm start` promises to run there.
        if (dbErrorInfo(e).code !== "3D000") throw e;
        await createDatabase(opts.databaseUrl);
        logger.info({ database: new URL(opts.databaseUrl).pathname.slice(1) }, "database created");
        await primary.initialize();
      }
      // A replica that cannot be reached at start does not stop the service: it is left
      // uninitialized, reads go to the primary, and read routing (read-routing.ts) connects it
      // when it answers. Replicas are read-only: no migrations, no CREATE EXTENSION.
      const replicas: DataSource[] = [];
      for (const [i, url] of (opts.replicaUrls ?? []).entries()) {
        const r = new DataSource({
          ...pgOptions(url, "achievements-replica"),
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
      return new Database("postgres", primary, replicas, async () => {}, logger);
    }

    const inMemory = !opts.dataDir || opts.dataDir === "memory";
    const unlock = inMemory ? () => {} : lockDataDir(opts.dataDir!);
    let db: PGlite;
    try {
      db = await PGlite.create(inMemory ? undefined : opts.dataDir, { parsers: pgliteParsers });
    } catch (e) {
      unlock();
      throw e;
    }
    // PGlite cannot cancel a statement (src/db/timeouts.ts): what it limits is the wait for its session.
    const pool = new PGlitePool(db, { acquireTimeoutMs: statementTimeoutMs });
    const dataSource = new DataSource({ ...common, driver: pgliteDriverModule(pool), database: "postgres" } as DataSourceOptions);
    await dataSource.initialize();
    return new Database(
      "pglite",
      dataSource,
      [],
      async () => {
        await db.close();
        unlock();
      },
      logger,
    );
  }

  /** Runs pending migrations. On PostgreSQL under an advisory lock, so instances may start together. */
  async migrate(): Promise<void> {
    if (this.kind === "postgres") {
      const lockRunner = this.dataSource.createQueryRunner();
      try {
        // Waiting for another instance's migrations, and a migration itself, may take longer
        // than a request's statement_timeout: this session has none while it migrates.
        await lockRunner.query("SET statement_timeout = 0");
        await lockRunner.query("SELECT pg_advisory_lock(hashtext('achievements:migrations'))");
        const executor = new MigrationExecutor(this.dataSource, lockRunner);
        executor.transaction = "all";
        const done = await executor.executePendingMigrations();
        if (done.length) this.logger.info({ migrations: done.map((m) => m.name) }, "migrations applied");
      } finally {
        await lockRunner.query("SELECT pg_advisory_unlock(hashtext('achievements:migrations'))").catch(() => undefined);
        await lockRunner.query("RESET statement_timeout").catch(() => undefined);
        await lockRunner.release();
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
    if (dbErrorInfo(e).code !== "42P04") throw e;
  } finally {
    await client.end();
  }
}
