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
