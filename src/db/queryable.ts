/** What repositories run SQL on: the DataSource, or the EntityManager of a transaction. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query<T = any>(sql: string, parameters?: unknown[]): Promise<T>;
}
