import type { QueryRunner } from "typeorm";
import { PGlitePool } from "../../src/db/pglite-pool";
import { codes, startTestApp } from "../helpers/test-app";
import type { TestApp } from "../helpers/test-app";
import { countRows, createAchievement, createUser, ok } from "../helpers/fixtures";

/**
 * Honest failures (api-contract.md, "Hostile requests"): a statement running longer than
 * STATEMENT_TIMEOUT_MS is cancelled by the database, and the request answers TIMEOUT (or
 * SERVICE_UNAVAILABLE, which always means nothing was written). A short limit keeps the tests
 * quick; nothing here measures time: the answers arrive while the lock or the session is still
 * held, which a request waiting for them could not do.
 */

const LIMIT_MS = 300;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ statementTimeoutMs: LIMIT_MS });
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.reset();
});

const onPostgres = process.env.DATABASE_URL ? test : test.skip;
const onPGlite = process.env.DATABASE_URL ? test.skip : test;

/** Opens a transaction on another connection of the same database and locks rows with `sql`. */
async function holdLock(sql: string, params: unknown[]): Promise<QueryRunner> {
  const holder = t.db.dataSource.createQueryRunner("master");
  await holder.connect();
  await holder.startTransaction();
  await holder.query(sql, params);
  return holder;
}

/** Backends waiting for a lock that `holder` holds (the cancelled statement must not be one of them). */
async function waitingFor(holder: QueryRunner): Promise<number> {
  const rows: { n: string }[] = await holder.query(
    `SELECT count(*) AS n FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))`,
  );
  return Number(rows[0]!.n);
}

async function release(holder: QueryRunner): Promise<void> {
  try {
    await holder.rollbackTransaction();
  } finally {
    await holder.release();
  }
}

describe("a statement waiting for a row lock longer than STATEMENT_TIMEOUT_MS", () => {
  onPostgres(
    "(PostgreSQL only: PGlite has one session, no other connection can hold a lock) updateUser answers TIMEOUT with HTTP 504 while the lock is held, and the update never appears",
    async () => {
      const u = await createUser(t, { name: "Before" });
      const holder = await holdLock(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [u.id]);
      try {
        const r = await t.gql(`mutation($id: ID!) { updateUser(id: $id, input: { name: "After" }) { id name } }`, { id: u.id });
        expect(codes(r)).toEqual(["TIMEOUT"]);
        expect(r.status).toBe(504);
        expect(r.errors![0]!.message).not.toMatch(/cancel|statement|SQL|users/i);
        // The database cancelled the statement: nothing waits for the lock any more.
        expect(await waitingFor(holder)).toBe(0);
      } finally {
        await release(holder);
      }
      expect(ok(await t.gql(`query($id: ID!) { user(id: $id) { name } }`, { id: u.id })).user.name).toBe("Before");
      expect(t.logs.some((l) => l.msg === "statement timed out")).toBe(true);
    },
  );

  onPostgres(
    "(PostgreSQL only: PGlite has one session, no other connection can hold a lock) awardAchievement answers TIMEOUT while the achievement is locked, and the award never appears",
    async () => {
      const u = await createUser(t);
      const a = await createAchievement(t);
      const holder = await holdLock(`SELECT 1 FROM achievements WHERE id = $1 FOR UPDATE`, [a.id]);
      try {
        const r = await t.gql(`mutation($i: AwardAchievementInput!) { awardAchievement(input: $i) { created } }`, {
          i: { userId: u.id, achievementId: a.id },
        });
        expect(codes(r)).toEqual(["TIMEOUT"]);
        expect(await waitingFor(holder)).toBe(0);
      } finally {
        await release(holder);
      }
      expect(await countRows(t, "awards")).toBe(0);
      const user = ok(await t.gql(`query($id: ID!) { user(id: $id) { points achievementCount } }`, { id: u.id })).user;
      expect(user).toEqual({ points: 0, achievementCount: 0 });
    },
  );

  onPostgres("(PostgreSQL only) every connection of the pool has statement_timeout set", async () => {
    const rows: { s: string }[] = await t.db.dataSource.query(`SELECT current_setting('statement_timeout') AS s`);
    expect(rows[0]!.s).toBe(`${LIMIT_MS}ms`);
  });
});

describe("a request waiting for the embedded database's one session longer than the limit", () => {
  onPGlite(
    "(PGlite only: PostgreSQL has a pool of sessions) answers SERVICE_UNAVAILABLE with HTTP 503 while the session is held, and writes nothing",
    async () => {
      const pool = (t.db.dataSource.driver as unknown as { master: unknown }).master;
      expect(pool).toBeInstanceOf(PGlitePool);
      const session = await (pool as PGlitePool).connect();
      let r;
      try {
        r = await t.gql(`mutation { createUser(input: { name: "Waited too long", language: EN }) { id } }`);
        // It gave up its place in the queue: nothing runs once the session is free again.
        expect((pool as PGlitePool).waiting).toBe(0);
      } finally {
        session.release();
      }
      expect(codes(r)).toEqual(["SERVICE_UNAVAILABLE"]);
      expect(r.status).toBe(503);
      expect(await countRows(t, "users")).toBe(0);
      // The session serves the next request as usual.
      expect(ok(await t.gql(`mutation { createUser(input: { name: "In time", language: EN }) { name } }`)).createUser.name).toBe("In time");
    },
  );
});
