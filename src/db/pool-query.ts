import { QueryFailedError } from "typeorm";
import type { DataSource, QueryRunner } from "typeorm";
import { PGlitePool } from "./pglite-pool";

/** The statement texts marked by `prepared`, each with its name. */
const PREPARED_NAMES = new Map<string, string>();

/**
 * Marks a statement text to run as a named prepared statement on PostgreSQL: each pool connection
 * parses it once and PostgreSQL may keep its plan (after five runs it compares a generic plan with
 * the custom ones and keeps the generic plan only where it costs no more), which saves the
 * planning a statement with CTEs and subqueries costs on every run (a leaderboard page: 0.8 ms of
 * planning against 0.2 ms of execution at 1M users). For statements from a fixed set of texts
 * whose plans do not depend on their parameters' values; the embedded database and statements in
 * transactions (TypeORM's query runners) run the text as it is.
 */
export function prepared(sql: string): string {
  if (!PREPARED_NAMES.has(sql)) PREPARED_NAMES.set(sql, `achievements_${PREPARED_NAMES.size + 1}`);
  return sql;
}

/** The name of a text marked by `prepared`; undefined for any other text. */
export function preparedName(sql: string): string | undefined {
  return PREPARED_NAMES.get(sql);
}

/** What pg's Pool and the embedded database's PGlitePool (pglite-pool.ts) both offer. */
interface PoolLike {
  connect(): Promise<ClientLike>;
}
type QueryResultLike = { rows: unknown[]; rowCount: number | null; command: string };
interface ClientLike {
  query(sql: string, parameters?: unknown[]): Promise<QueryResultLike>;
  query(config: { name: string; text: string; values?: unknown[] }): Promise<QueryResultLike>;
  on(event: "error", listener: (err: Error) => void): unknown;
  removeListener(event: "error", listener: (err: Error) => void): unknown;
  release(err?: Error | boolean): void;
}

/**
 * Makes `dataSource.query(sql, parameters)` — a statement outside any transaction, which is what
 * every request's reads and single writes are — run straight on the DataSource's pool (pg's Pool,
 * or the PGlitePool) and answer as TypeORM answers it: the rows; `[rows, rowCount]` for UPDATE
 * and DELETE; a failed statement as TypeORM's QueryFailedError around the driver's error; a
 * failure to get a connection as is. What it saves per statement is a TypeORM query runner, its
 * subscriber broadcasts and result objects (they showed in the CPU profile of a request). The
 * connection is released after each statement, and dropped from the pool when it reported an
 * error while held, as TypeORM's query runner does. Texts marked by `prepared` run as named
 * statements on PostgreSQL's pool. With a query runner (transactions,
 * migrations, `EntityManager.query` inside `dataSource.transaction`) TypeORM's own path runs.
 */
export function queryStraightOnPool(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master: PoolLike }).master;
  const throughTypeorm = dataSource.query.bind(dataSource);
  const named = !(pool instanceof PGlitePool);
  const direct = async (sql: string, parameters?: unknown[]) => {
    const client = await pool.connect();
    // TypeORM's logger sees every statement, as from its query runners (logging is off in the service).
    dataSource.logger.logQuery(sql, parameters);
    let broken: Error | undefined;
    const onError = (err: Error) => {
      broken = err;
    };
    client.on("error", onError);
    try {
      const name = named ? preparedName(sql) : undefined;
      const raw = name ? await client.query({ name, text: sql, values: parameters }) : await client.query(sql, parameters);
      return raw.command === "UPDATE" || raw.command === "DELETE" ? [raw.rows, raw.rowCount] : raw.rows;
    } catch (e) {
      dataSource.logger.logQueryError(e as Error, sql, parameters);
      throw new QueryFailedError(sql, parameters, e as Error);
    } finally {
      client.removeListener("error", onError);
      client.release(broken);
    }
  };
  dataSource.query = ((sql: string, parameters?: unknown[], queryRunner?: QueryRunner) =>
    queryRunner ? throughTypeorm(sql, parameters, queryRunner) : direct(sql, parameters)) as DataSource["query"];
}
