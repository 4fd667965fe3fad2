import type { DatabaseKind } from "../../src/db/database";

/** The database this run of the suite uses: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
export const suiteDatabase: DatabaseKind = process.env.DATABASE_URL ? "postgres" : "pglite";

const ONLY: Record<DatabaseKind, string> = { postgres: "(PostgreSQL only)", pglite: "(embedded PGlite only)" };

/**
 * A test whose assertions hold on one database only: its title says which, and on the other
 * database Jest reports it as skipped.
 */
export function testOn(kind: DatabaseKind, title: string, fn: jest.ProvidesCallback, timeout?: number): void {
  (suiteDatabase === kind ? test : test.skip)(`${title} ${ONLY[kind]}`, fn, timeout);
}

/** A group of tests that hold on one database only, titled and skipped like `testOn`'s. */
export function describeOn(kind: DatabaseKind, title: string, fn: () => void): void {
  (suiteDatabase === kind ? describe : describe.skip)(`${title} ${ONLY[kind]}`, fn);
}
