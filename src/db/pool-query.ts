import { QueryFailedError } from "typeorm";
import type { DataSource, QueryRunner } from "typeorm";

/** What pg's Pool and the embedded database's PGlitePool (pglite-pool.ts) both offer. */
interface PoolLike {
  connect(): Promise<ClientLike>;
}
interface ClientLike {
  query(sql: string, parameters?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null; command: string }>;
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
 * error while held, as TypeORM's query runner does. With a query runner (transactions,
 * migrations, `EntityManager.query` inside `dataSource.transaction`) TypeORM's own path runs.
 */
export function queryStraightOnPool(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master: PoolLike }).master;
  const throughTypeorm = dataSource.query.bind(dataSource);
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
      const raw = await client.query(sql, parameters);
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
