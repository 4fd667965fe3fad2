import { foldCase } from "../../src/common/text";
import { countRows, uniqueName } from "../helpers/fixtures";
import { poolWaiting, transactionBarrier, waitUntil } from "../helpers/sync";
import { useTestApp } from "../helpers/test-app";

/**
 * Transactions stay apart. PGlite has one session: a pool that lent it to several TypeORM query
 * runners at once would run one transaction's ROLLBACK over another's statements (and a COMMIT
 * over a failed one). The properties below hold on PostgreSQL by construction, and must hold on
 * the embedded database too, so the same tests run on both. A barrier holds each transaction until
 * all of them are open (or, on the embedded database, queued for its session), instead of sleeps.
 */
const t = useTestApp();

const INSERT = `INSERT INTO users (name, name_key, language) VALUES ($1, $2, 'EN')`;
const insertUser = (q: { query(sql: string, p?: unknown[]): Promise<unknown> }, name: string) => q.query(INSERT, [name, foldCase(name)]);
const exists = async (name: string) => (await countRows(t, "users", "name = $1", [name])) === 1;

class Planned extends Error {}

test("a transaction that fails leaves nothing, while transactions started at the same moment commit", async () => {
  const failing = uniqueName("failing");
  const committed = Array.from({ length: 6 }, () => uniqueName("committed"));
  const allOpen = transactionBarrier(t.db, committed.length + 1);
  const results = await Promise.allSettled([
    t.db.dataSource.transaction(async (m) => {
      await insertUser(m, failing);
      await allOpen.arrive();
      await m.query(`SELECT 1`);
      throw new Planned("rolled back on purpose");
    }),
    ...committed.map((name) =>
      t.db.dataSource.transaction(async (m) => {
        await insertUser(m, name);
        await allOpen.arrive();
        await m.query(`SELECT 1`);
      }),
    ),
  ]);
  expect(results[0]!.status).toBe("rejected");
  expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(Planned);
  expect(results.slice(1).map((r) => r.status)).toEqual(committed.map(() => "fulfilled"));
  expect(await exists(failing)).toBe(false);
  for (const name of committed) expect(await exists(name)).toBe(true);
  expect(await countRows(t, "users")).toBe(committed.length);
});

test("several transactions failing at the same moment as others commit: exactly the committed rows remain", async () => {
  const plans = Array.from({ length: 10 }, (_, i) => ({ name: uniqueName(`tx${i}`), fails: i % 3 === 1 }));
  const allOpen = transactionBarrier(t.db, plans.length);
  const results = await Promise.allSettled(
    plans.map((p) =>
      t.db.dataSource.transaction(async (m) => {
        await insertUser(m, p.name);
        await allOpen.arrive();
        await insertUser(m, `${p.name} second`);
        if (p.fails) throw new Planned(p.name);
      }),
    ),
  );
  results.forEach((r, i) => expect(r.status).toBe(plans[i]!.fails ? "rejected" : "fulfilled"));
  for (const p of plans) {
    expect(await exists(p.name)).toBe(!p.fails);
    expect(await exists(`${p.name} second`)).toBe(!p.fails);
  }
});

test("a statement outside a transaction is not swallowed by a transaction open at that moment", async () => {
  const inside = uniqueName("inside");
  const outside = uniqueName("outside");
  let opened!: () => void;
  const isOpen = new Promise<void>((resolve) => (opened = resolve));
  let plainSettled = false;
  const tx = t.db.dataSource.transaction(async (m) => {
    await insertUser(m, inside);
    opened();
    // The rollback comes once the plain statement has run (PostgreSQL) or is queued for the session (embedded).
    await waitUntil("the plain statement run or queued", () => plainSettled || poolWaiting(t.db) > 0);
    throw new Planned("rolled back on purpose");
  });
  await isOpen;
  const plain = insertUser(t.db.dataSource, outside).finally(() => (plainSettled = true));
  await expect(tx).rejects.toBeInstanceOf(Planned);
  await plain;
  expect(await exists(inside)).toBe(false);
  expect(await exists(outside)).toBe(true);
});

test("a failed statement inside a transaction aborts only that transaction", async () => {
  const taken = uniqueName("taken");
  await insertUser(t.db.dataSource, taken);
  const bystander = uniqueName("bystander");
  const bothOpen = transactionBarrier(t.db, 2);
  const [dup, ok] = await Promise.allSettled([
    t.db.dataSource.transaction(async (m) => {
      await insertUser(m, uniqueName("before-dup"));
      await bothOpen.arrive();
      await insertUser(m, taken.toUpperCase()); // the same name key: a unique violation
    }),
    t.db.dataSource.transaction(async (m) => {
      await insertUser(m, bystander);
      await bothOpen.arrive();
    }),
  ]);
  expect(dup.status).toBe("rejected");
  expect(ok.status).toBe("fulfilled");
  expect(await exists(bystander)).toBe(true);
  expect(await countRows(t, "users", "name LIKE 'before-dup%'")).toBe(0);
  expect(await countRows(t, "users")).toBe(2);
});
