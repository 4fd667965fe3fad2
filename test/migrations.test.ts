import crypto from "node:crypto";
import pino from "pino";
import { migrations } from "../migrations";
import { Database } from "../src/db/database";
import { adminQuery, withDatabase } from "./setup/pg-template";

/**
 * Migrations on an empty database (PGlite in memory, or a new empty PostgreSQL database that is
 * not a clone of the test template): they leave nothing for TypeORM to synchronise, and their
 * `down` methods take the database back to empty. Each test gets its own empty database.
 */
const silent = pino({ level: "silent" });

async function withEmptyDatabase(fn: (db: Database) => Promise<void>): Promise<void> {
  const url = process.env.DATABASE_URL;
  let db: Database;
  let dbName: string | undefined;
  if (url) {
    dbName = `achievements_migrations_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
    await adminQuery(url, `CREATE DATABASE ${dbName}`);
    db = await Database.open({ databaseUrl: withDatabase(url, dbName), logger: silent, poolSize: 2 });
  } else {
    db = await Database.open({ dataDir: "memory", logger: silent });
  }
  try {
    await fn(db);
  } finally {
    await db.close();
    if (url && dbName) await adminQuery(url, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

/**
 * Every object of the public schema (and every table's storage options, and each function's body
 * by its hash: a migration may only replace a function) except TypeORM's own migrations table.
 */
async function publicObjects(db: Database): Promise<string[]> {
  const rows: { what: string }[] = await db.dataSource.query(`
    SELECT c.relkind::text || ' ' || c.relname AS what FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public'
       AND c.relname NOT IN ('migrations', 'migrations_id_seq')
       AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = c.oid AND i.indrelid = to_regclass('public.migrations'))
    UNION ALL
    SELECT 'options ' || c.relname || ' ' || array_to_string(c.reloptions, ',') FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.reloptions IS NOT NULL
    UNION ALL
    SELECT 'function ' || p.proname || ' ' || md5(p.prosrc) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
    UNION ALL
    SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm')
    UNION ALL
    SELECT 'trigger ' || tg.tgname FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND NOT tg.tgisinternal
    ORDER BY 1`);
  return rows.map((r) => r.what);
}

/** The statements TypeORM would run to make the database match the entities. */
async function pendingSchemaChanges(db: Database): Promise<string[]> {
  const sql = await db.dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}

test("every migration runs on an empty database and leaves no pending schema change", async () => {
  await withEmptyDatabase(async (db) => {
    expect(await publicObjects(db)).toEqual([]);
    // On the empty database the entities are all pending: the check below can fail.
    expect((await pendingSchemaChanges(db)).length).toBeGreaterThan(0);
    await db.migrate();
    expect(db.migrated).toBe(true);
    expect(await db.dataSource.showMigrations()).toBe(false);
    const applied: { name: string }[] = await db.dataSource.query(`SELECT name FROM migrations ORDER BY id`);
    expect(applied.map((m) => m.name)).toEqual(migrations.map((M) => new M().name ?? M.name));
    expect(await publicObjects(db)).toEqual(
      expect.arrayContaining(["r users", "r achievements", "r achievement_translations", "r awards"]),
    );
    expect(await pendingSchemaChanges(db)).toEqual([]);

    const before = await publicObjects(db);
    await db.migrate();
    expect(await publicObjects(db)).toEqual(before);
  });
});

test("down of every migration, newest first, takes the database back to empty; up again restores it", async () => {
  await withEmptyDatabase(async (db) => {
    await db.migrate();
    const full = await publicObjects(db);
    let previous = full;
    for (let i = migrations.length - 1; i >= 0; i--) {
      await db.dataSource.undoLastMigration({ transaction: "each" });
      const now = await publicObjects(db);
      // Each down undoes something (not always an object: a reset storage option counts too).
      expect(now).not.toEqual(previous);
      previous = now;
    }
    expect(await publicObjects(db)).toEqual([]);
    const left: { n: string }[] = await db.dataSource.query(`SELECT count(*) AS n FROM migrations`);
    expect(Number(left[0]!.n)).toBe(0);

    await db.migrate();
    expect(await publicObjects(db)).toEqual(full);
    expect(await pendingSchemaChanges(db)).toEqual([]);
  });
});
