/**
 * Loads a synthetic data set into a fresh database, migrated by the service's own migrations.
 *
 *   node dist/bench/generate.js --users 1000000 --awards 10000000            # PostgreSQL
 *   node dist/bench/generate.js --pglite /tmp/bench-pglite --users 100000 --awards 1000000
 *
 * Options: --pg URL of the maintenance database (default postgres://postgres@127.0.0.1:5432/postgres),
 * --db NAME of the database to (re)create (default achievements_bench), --achievements 200,
 * --seed 42, --work-mem 256MB (session work_mem for stats_rebuild), --keep-indexes (COPY into the
 * fully indexed awards table instead of dropping and recreating its indexes and foreign keys),
 * --end ISO-TIME the end of the awards' 365-day window (default: an hour before now; the awards'
 * times, and through the RNG stream the whole data set, depend on it, so pass the "endMs" a
 * report recorded to load the same data again), --out FILE (the figures as JSON).
 *
 * Awards are loaded with the user triggers disabled, then stats_rebuild() computes every
 * aggregate, the triggers are enabled again and the tables are vacuumed and analysed.
 */
import "reflect-metadata";
import { mkdirSync, existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Database } from "../src/db/database";
import { createLogger } from "../src/logger";
import { foldCase } from "../src/common/text";
import { Rng, awardCopyChunks, catalogue, makeAwards, makeUsers, userCopyChunks } from "./lib/dataset";
import { connectPostgres, num, parseArgs, pgliteSql, secondsSince } from "./lib/sql";
import type { Sql } from "./lib/sql";

const DAY = 86_400_000;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const users = num(args, "users", 10_000);
  const awards = num(args, "awards", 100_000);
  const nAch = num(args, "achievements", 200);
  const seed = num(args, "seed", 42);
  const workMem = args["work-mem"] ?? "256MB";
  const keepIndexes = args["keep-indexes"] === "true";
  const pgliteDir = args.pglite;
  const adminUrl = args.pg ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const dbName = args.db ?? "achievements_bench";
  if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error("--db must be a plain lower-case identifier");
  const report: Record<string, unknown> = {
    target: pgliteDir ? "pglite" : "postgres",
    users,
    awards,
    achievements: nAch,
    seed,
    keepIndexes,
    startedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadavgAtStart: os.loadavg(),
    },
  };
  const log = (msg: string) => process.stdout.write(`[generate] ${msg}\n`);
  const logger = createLogger("warn");

  // 1. A fresh database, migrated by the service.
  let databaseUrl: string | undefined;
  if (pgliteDir) {
    if (existsSync(pgliteDir) && readdirSync(pgliteDir).length > 0) {
      if (args.force !== "true") throw new Error(`${pgliteDir} is not empty (pass --force to replace it)`);
      rmSync(pgliteDir, { recursive: true, force: true });
    }
    mkdirSync(pgliteDir, { recursive: true });
  } else {
    const admin = await connectPostgres(adminUrl);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${dbName}`);
    report.postgres = (await admin.query<{ v: string }>("SELECT version() AS v"))[0]!.v;
    await admin.close();
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
    report.databaseUrl = databaseUrl;
  }
  let t0 = process.hrtime.bigint();
  const service = await Database.open({ databaseUrl, dataDir: pgliteDir ? path.resolve(pgliteDir) : undefined, logger });
  await service.migrate();
  await service.close();
  report.migrateSeconds = secondsSince(t0);
  log(`migrated in ${(report.migrateSeconds as number).toFixed(1)} s`);

  // 2. The data, in memory.
  t0 = process.hrtime.bigint();
  const rng = new Rng(seed);
  const endMs = args.end ? Date.parse(args.end) : Date.now() - 3_600_000;
  if (!Number.isFinite(endMs)) throw new Error("--end must be an ISO date-time");
  report.endMs = endMs;
  report.end = new Date(endMs).toISOString();
  const windowStart = endMs - 365 * DAY;
  const ach = catalogue(nAch, rng);
  const userTable = makeUsers(users, rng);
  const awardTable = makeAwards(userTable, ach, { awards, endMs }, rng);
  report.generateSeconds = secondsSince(t0);
  log(`generated ${users} users and ${awards} awards in memory in ${(report.generateSeconds as number).toFixed(1)} s`);

  // 3. Load.
  let sql: Sql;
  if (pgliteDir) {
    const { PGlite } = await import("@electric-sql/pglite");
    sql = pgliteSql(await PGlite.create(path.resolve(pgliteDir)));
  } else {
    sql = await connectPostgres(databaseUrl!);
    await sql.query(`SET maintenance_work_mem = '1GB'`);
  }
  await sql.query(`SET work_mem = '${workMem}'`);

  const rows: string[] = [];
  const params: unknown[] = [];
  for (const a of ach) {
    rows.push(`($${params.length + 1}::bigint, $${params.length + 2}::integer)`);
    params.push(a.id, a.points);
  }
  await sql.query(`INSERT INTO achievements (id, points) VALUES ${rows.join(", ")}`, params);
  for (const a of ach) {
    for (const t of a.translations) {
      await sql.query(
        `INSERT INTO achievement_translations (achievement_id, language, name, name_key, description) VALUES ($1, $2, $3, $4, $5)`,
        [a.id, t.language, t.name, foldCase(t.name), t.description],
      );
    }
  }

  t0 = process.hrtime.bigint();
  await sql.query("BEGIN");
  await sql.copyIn(
    "users",
    ["id", "name", "name_key", "language", "time_zone", "created_at"],
    userCopyChunks(userTable, seed, windowStart),
  );
  await sql.query("COMMIT");
  const usersSeconds = secondsSince(t0);
  report.usersCopy = { seconds: usersSeconds, rowsPerSecond: Math.round(users / usersSeconds) };
  log(`users: ${users} rows in ${usersSeconds.toFixed(1)} s = ${Math.round(users / usersSeconds)} rows/s (COPY into the indexed table)`);

  // Awards: user triggers off; unless --keep-indexes, indexes and foreign keys dropped and rebuilt after.
  await sql.query("ALTER TABLE awards DISABLE TRIGGER USER");
  const constraints = await sql.query<{ name: string; def: string; type: string }>(
    `SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS def, c.contype::text AS type
     FROM pg_constraint c WHERE c.conrelid = 'awards'::regclass AND c.contype IN ('p', 'u', 'f') ORDER BY c.contype DESC, c.conname`,
  );
  const indexes = await sql.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = 'awards'::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = 'awards'::regclass AND c.conindid = x.indexrelid AND c.contype IN ('p', 'u'))
     ORDER BY i.relname`,
  );
  if (!keepIndexes) {
    for (const c of constraints.filter((c) => c.type === "f")) await sql.query(`ALTER TABLE awards DROP CONSTRAINT "${c.name}"`);
    for (const c of constraints.filter((c) => c.type !== "f")) await sql.query(`ALTER TABLE awards DROP CONSTRAINT "${c.name}"`);
    for (const i of indexes) await sql.query(`DROP INDEX "${i.name}"`);
  }

  t0 = process.hrtime.bigint();
  await sql.query("BEGIN");
  // TRUNCATE in the same transaction lets COPY write frozen, all-visible rows (no hint-bit rewrite later).
  await sql.query("TRUNCATE awards");
  await sql.copyIn("awards", ["id", "user_id", "achievement_id", "awarded_at"], awardCopyChunks(awardTable), "FREEZE");
  await sql.query("COMMIT");
  const awardsSeconds = secondsSince(t0);
  log(
    `awards: ${awards} rows in ${awardsSeconds.toFixed(1)} s = ${Math.round(awards / awardsSeconds)} rows/s (COPY${keepIndexes ? " into the indexed table" : ", no indexes"})`,
  );

  t0 = process.hrtime.bigint();
  const indexSeconds: Record<string, number> = {};
  if (!keepIndexes) {
    for (const c of constraints.filter((c) => c.type !== "f")) {
      const t = process.hrtime.bigint();
      await sql.query(`ALTER TABLE awards ADD CONSTRAINT "${c.name}" ${c.def}`);
      indexSeconds[c.name] = secondsSince(t);
    }
    for (const i of indexes) {
      const t = process.hrtime.bigint();
      await sql.query(i.def);
      indexSeconds[i.name] = secondsSince(t);
    }
    for (const c of constraints.filter((c) => c.type === "f")) {
      const t = process.hrtime.bigint();
      await sql.query(`ALTER TABLE awards ADD CONSTRAINT "${c.name}" ${c.def}`);
      indexSeconds[c.name] = secondsSince(t);
    }
  }
  const rebuildIndexSeconds = secondsSince(t0);
  const loadSeconds = awardsSeconds + rebuildIndexSeconds;
  report.awardsCopy = {
    copySeconds: awardsSeconds,
    copyRowsPerSecond: Math.round(awards / awardsSeconds),
    indexAndForeignKeySeconds: rebuildIndexSeconds,
    perIndexSeconds: indexSeconds,
    totalSeconds: loadSeconds,
    totalRowsPerSecond: Math.round(awards / loadSeconds),
  };
  if (!keepIndexes) {
    log(
      `awards: indexes and foreign keys rebuilt in ${rebuildIndexSeconds.toFixed(1)} s; ` +
        `COPY + indexes = ${Math.round(awards / loadSeconds)} rows/s`,
    );
  }

  for (const t of ["users", "achievements", "awards"]) {
    await sql.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
  }

  t0 = process.hrtime.bigint();
  await sql.query("SELECT stats_rebuild()");
  report.statsRebuildSeconds = secondsSince(t0);
  report.statsRebuildWorkMem = workMem;
  log(`stats_rebuild() in ${(report.statsRebuildSeconds as number).toFixed(1)} s (work_mem ${workMem})`);
  await sql.query("ALTER TABLE awards ENABLE TRIGGER USER");

  t0 = process.hrtime.bigint();
  await sql.query("VACUUM (ANALYZE)");
  report.vacuumAnalyzeSeconds = secondsSince(t0);
  log(`VACUUM (ANALYZE) in ${(report.vacuumAnalyzeSeconds as number).toFixed(1)} s`);

  const total = users + awards;
  const allSeconds = usersSeconds + loadSeconds;
  report.loadRowsPerSecond = Math.round(total / allSeconds);
  log(`loaded ${total} rows (users + awards, COPY and index builds) at ${report.loadRowsPerSecond} rows/s`);

  // 4. What the data looks like.
  const [shape] = await sql.query<Record<string, string>>(`
    SELECT (SELECT count(*) FROM users)::text AS users,
           (SELECT count(*) FROM awards)::text AS awards,
           (SELECT count(*) FROM user_stats)::text AS ranked_users,
           (SELECT max(achievement_count) FROM user_stats)::text AS max_achievements,
           (SELECT count(*) FROM user_stats WHERE achievement_count = (SELECT max(achievement_count) FROM user_stats))::text AS users_with_max_achievements,
           (SELECT max(points) FROM user_stats)::text AS max_points,
           (SELECT min(points) FROM user_stats)::text AS min_points,
           (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY points) FROM user_stats)::text AS median_points,
           (SELECT count(*) FROM points_levels)::text AS points_levels,
           (SELECT count(*) FROM tied_users)::text AS tied_users,
           (SELECT count(*) FROM user_stats WHERE streak_days >= 7)::text AS users_with_7_day_streak,
           (SELECT max(streak_days) FROM user_stats)::text AS longest_streak`);
  report.shape = shape;
  if (sql.kind === "postgres") {
    const [size] = await sql.query<{ size: string }>("SELECT pg_size_pretty(pg_database_size(current_database())) AS size");
    report.databaseSize = size!.size;
  }
  await sql.close();
  log(`data: ${JSON.stringify(shape)}${report.databaseSize ? `, database ${report.databaseSize}` : ""}`);
  (report.machine as Record<string, unknown>).loadavgAtEnd = os.loadavg();
  log(
    `load average at start ${(report.machine as { loadavgAtStart: number[] }).loadavgAtStart.map((x) => x.toFixed(2)).join(" ")}, at end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  if (args.out) {
    mkdirSync(path.dirname(args.out), { recursive: true });
    writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
