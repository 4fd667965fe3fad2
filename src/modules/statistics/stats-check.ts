import "reflect-metadata";
import { loadConfig } from "../../config";
import { Database } from "../../db/database";
import { createLogger } from "../../logger";
import { statisticsRepository } from "./statistics.repository";

/**
 * `npm run stats:check [-- --repair]`: recomputes every aggregate (per-user counts, points and
 * streaks, points levels and gaps, tied users, holder counts, leaderboard values and levels) from the awards and lists each
 * difference from what is stored. Exits 0 when all agree, 1 otherwise. With --repair it rebuilds
 * the aggregates from the awards (awards are locked meanwhile) and checks again.
 * Uses DATABASE_URL, or the embedded database in DATA_DIR (stop the server first: the embedded
 * database belongs to one process).
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger("warn");
  // The check and the rebuild read every award: not limited by the API's statement timeout.
  const db = await Database.open({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger,
    poolSize: 2,
    statementTimeoutMs: 24 * 3_600_000,
  });
  try {
    await db.migrate();
    const repair = process.argv.includes("--repair");
    let diffs = await statisticsRepository.check(db.dataSource);
    for (const d of diffs.slice(0, 100)) {
      process.stdout.write(`${d.kind}\t${d.key}\tstored: ${d.stored ?? "(none)"}\texpected: ${d.expected ?? "(none)"}\n`);
    }
    if (diffs.length > 100) process.stdout.write(`… and ${diffs.length - 100} more\n`);
    process.stdout.write(`${diffs.length} difference(s) between the aggregates and the awards\n`);
    if (diffs.length > 0 && repair) {
      await db.dataSource.transaction((m) => statisticsRepository.rebuild(m));
      diffs = await statisticsRepository.check(db.dataSource);
      process.stdout.write(`rebuilt from the awards: ${diffs.length} difference(s) now\n`);
    }
    return diffs.length === 0 ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`stats:check failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
