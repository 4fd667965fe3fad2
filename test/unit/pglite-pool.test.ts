import { setImmediate as settled, setTimeout as sleep } from "node:timers/promises";
import { PGlite } from "@electric-sql/pglite";
import type { DataSourceOptions } from "typeorm";
import { PGlitePool, pgliteDriverModule, pgliteParsers } from "../../src/db/pglite-pool";
import { runInBackground } from "../../src/db/statement-priority";

let db: PGlite;
let pool: PGlitePool;
beforeAll(async () => {
  db = await PGlite.create(undefined, { parsers: pgliteParsers });
  pool = new PGlitePool(db);
});
afterAll(async () => {
  await pool.end();
  await db.close();
});

test("lends the one session to one client at a time, in order", async () => {
  const order: string[] = [];
  const a = await pool.connect();
  const bP = pool.connect().then((c) => {
    order.push("b");
    return c;
  });
  const cP = pool.connect().then((c) => {
    order.push("c");
    return c;
  });
  await settled(); // every promise callback of a grant made by now has run
  expect(order).toEqual([]);
  expect(pool.waiting).toBe(2);
  order.push("a-release");
  a.release();
  const b = await bP;
  await settled();
  expect(order).toEqual(["a-release", "b"]);
  b.release();
  const c = await cP;
  c.release();
  expect(order).toEqual(["a-release", "b", "c"]);
  expect(pool.waiting).toBe(0);
});

test("a transaction on one client is not seen by, nor disturbed by, another client's work", async () => {
  await pool.query("CREATE TABLE t1 (v int)");
  const a = await pool.connect();
  await a.query("BEGIN");
  await a.query("INSERT INTO t1 VALUES ($1)", [1]);
  const outside = pool.query("INSERT INTO t1 VALUES (2)"); // waits for a
  // A sleep stays: it gives a pool that wrongly lent the session time to run the INSERT inside a's transaction.
  await sleep(20);
  await a.query("ROLLBACK");
  a.release();
  await outside;
  const r = await pool.query("SELECT array_agg(v ORDER BY v) AS vs FROM t1");
  expect(r!.rows[0]).toEqual({ vs: [2] });
});

test("a released client refuses further queries; release twice is harmless", async () => {
  const a = await pool.connect();
  a.release();
  a.release();
  await expect(a.query("SELECT 1")).rejects.toThrow(/after release/);
  const b = await pool.connect(); // the double release did not free the session twice
  const c = pool.connect();
  await settled();
  expect(pool.waiting).toBe(1);
  b.release();
  (await c).release();
});

test("the callback form of connect and query work as pg's", async () => {
  const client = await new Promise<any>((resolve, reject) => pool.connect((err, c) => (err ? reject(err) : resolve(c))));
  const rows = await new Promise<any>((resolve, reject) =>
    client.query("SELECT 40 + 2 AS n", (err: Error | null, r: any) => (err ? reject(err) : resolve(r.rows))),
  );
  expect(rows).toEqual([{ n: 42 }]);
  client.release();
});

test("int8 stays a string, several statements run without parameters", async () => {
  const r = await pool.query("CREATE TABLE t2 (id bigint); INSERT INTO t2 VALUES (9223372036854775807); SELECT id FROM t2");
  expect(r!.rows).toEqual([{ id: "9223372036854775807" }]);
});

test("a client waiting longer than acquireTimeoutMs gives up its place with a connection error; the others keep theirs", async () => {
  const limited = new PGlitePool(db, { acquireTimeoutMs: 50 });
  const held = await limited.connect();
  const late = limited.connect();
  await expect(late).rejects.toThrow(/timeout exceeded when trying to connect/);
  expect(limited.waiting).toBe(0);
  const next = limited.connect();
  held.release();
  const c = await next;
  expect((await c.query("SELECT 1 AS one"))!.rows).toEqual([{ one: 1 }]);
  c.release();
});

test("background clients get the session after every ordinary one waiting; each kind in the order it asked", async () => {
  const order: string[] = [];
  const ask = (name: string, background: boolean) => {
    const connect = () =>
      pool.connect().then((c) => {
        order.push(name);
        return c;
      });
    return background ? runInBackground(connect) : connect();
  };
  const held = await pool.connect();
  const bg1 = ask("bg1", true);
  const ord1 = ask("ord1", false);
  const bg2 = ask("bg2", true);
  const ord2 = ask("ord2", false);
  await settled();
  expect(pool.waiting).toBe(4);
  held.release();
  (await ord1).release();
  const first = await ord2;
  // An ordinary client that asks while background ones wait still goes before them.
  const ord3 = ask("ord3", false);
  await settled();
  expect(order).toEqual(["ord1", "ord2"]);
  first.release();
  (await ord3).release();
  (await bg1).release();
  (await bg2).release();
  expect(order).toEqual(["ord1", "ord2", "ord3", "bg1", "bg2"]);
  expect(pool.waiting).toBe(0);
});

test("the priority reaches the pool through TypeORM: a background statement waits for the ordinary ones", async () => {
  const { DataSource } = await import("typeorm");
  const own = new PGlitePool(db);
  const ds = new DataSource({ type: "postgres", driver: pgliteDriverModule(own), database: "postgres" } as DataSourceOptions);
  await ds.initialize();
  try {
    const order: string[] = [];
    const held = await own.connect();
    const background = runInBackground(() => ds.query("SELECT 'bg' AS v")).then((r: { v: string }[]) => order.push(r[0]!.v));
    await settled();
    const ordinary = ds.query("SELECT 'ord' AS v").then((r: { v: string }[]) => order.push(r[0]!.v));
    await settled();
    expect(own.waiting).toBe(2);
    held.release();
    await Promise.all([background, ordinary]);
    expect(order).toEqual(["ord", "bg"]);
  } finally {
    await ds.destroy();
  }
});

test("a background client that waits too long gives up like any other and takes no place from the rest", async () => {
  const limited = new PGlitePool(db, { acquireTimeoutMs: 50 });
  const held = await limited.connect();
  const late = runInBackground(() => limited.connect());
  await expect(late).rejects.toThrow(/timeout exceeded when trying to connect/);
  expect(limited.waiting).toBe(0);
  const next = runInBackground(() => limited.connect());
  held.release();
  (await next).release();
});
