import pino from "pino";
import { Database } from "../../src/db/database";
import { prepared } from "../../src/db/pool-query";
import { suiteDatabase, testOn } from "../helpers/databases";

/**
 * Statements marked by `prepared` run as named prepared statements on PostgreSQL's pool and as
 * plain statements on the embedded database; either way they answer as unmarked ones do.
 */
let db: Database;

beforeAll(async () => {
  const logger = pino({ level: "silent" });
  // One connection: the statements below and the look at pg_prepared_statements share a session.
  db =
    suiteDatabase === "postgres"
      ? await Database.open({ databaseUrl: process.env.DATABASE_URL, poolSize: 1, logger })
      : await Database.open({ dataDir: "memory", logger });
});

afterAll(async () => {
  await db.close();
});

const NEXT = prepared(`/* test.next */ SELECT $1::int + 1 AS n, 1 / $2::int AS one`);

test("a prepared statement answers as a plain one, run after run with new parameters, and fails as one", async () => {
  for (let i = 0; i < 8; i++) {
    expect(await db.dataSource.query(NEXT, [i, 1])).toEqual([{ n: i + 1, one: 1 }]);
  }
  await expect(db.dataSource.query(NEXT, [1, 0])).rejects.toThrow(/division by zero/);
  expect(await db.dataSource.query(NEXT, [41, 1])).toEqual([{ n: 42, one: 1 }]);
});

testOn("postgres", "a marked text is parsed once per connection and kept under one name; unmarked texts are not", async () => {
  await db.dataSource.query(`/* test.plain */ SELECT $1::int AS n`, [1]);
  await db.dataSource.query(NEXT, [1, 1]);
  const kept: { name: string; statement: string }[] = await db.dataSource.query(
    `SELECT name, statement FROM pg_prepared_statements ORDER BY name`,
  );
  expect(kept).toEqual([{ name: expect.stringMatching(/^achievements_\d+$/), statement: NEXT }]);
});
