/** What repositories run SQL on: the DataSource, or the EntityManager of a transaction. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query<T = any>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** True for the EntityManager of an open transaction (a savepoint is then needed to retry a statement). */
export function isInTransaction(db: Queryable): boolean {
  const runner = (db as { queryRunner?: { isTransactionActive?: boolean } }).queryRunner;
  return runner?.isTransactionActive === true;
}
