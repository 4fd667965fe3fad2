/** What repositories run SQL on: the DataSource, or the EntityManager of a transaction. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query<T = any>(sql: string, parameters?: unknown[]): Promise<T>;
}

/**
 * True for the EntityManager of an open transaction. A statement that fails there is not retried
 * alone (award.service.ts): the transaction keeps its earlier locks; the multi-mutation request is
 * rolled back and run again whole (src/graphql/multi-mutation/).
 */
export function isInTransaction(db: Queryable): boolean {
  const runner = (db as { queryRunner?: { isTransactionActive?: boolean } }).queryRunner;
  return runner?.isTransactionActive === true;
}

/** A handle that can open a transaction of its own (the DataSource, or a request's handle on it). */
export interface TransactionalQueryable extends Queryable {
  transaction<T>(run: (tx: Queryable) => Promise<T>): Promise<T>;
}

/**
 * Runs `run` in a transaction: the one `db` already is (a request with several mutation fields),
 * else a new one on `db`, committed when `run` resolves and rolled back when it throws.
 */
export function inTransaction<T>(db: Queryable, run: (tx: Queryable) => Promise<T>): Promise<T> {
  if (isInTransaction(db)) return run(db);
  const open = (db as Partial<TransactionalQueryable>).transaction;
  if (typeof open !== "function") throw new Error("this database handle cannot open a transaction");
  return open.call(db, run) as Promise<T>;
}
