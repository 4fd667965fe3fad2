import type { Database } from "../../src/db/database";

/**
 * Waits until `condition` holds: the explicit way to let one connection reach a state another
 * one caused (a lock wait, a queued connection, a log line). It checks every 10 ms; the deadline
 * only turns a hang into a failure that names what was awaited.
 */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`waited ${deadlineMs} ms for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Requests queued for a connection of the database's pool (pg's `waitingCount`, the embedded pool's `waiting`). */
export function poolWaiting(db: Database): number {
  const pool = (db.dataSource.driver as unknown as { master: { waitingCount?: number; waiting?: number } }).master;
  return pool.waitingCount ?? pool.waiting ?? 0;
}

/** Backends of the database's own PostgreSQL database waiting for a lock (`pg_stat_activity`). */
export async function lockWaiters(db: Database): Promise<number> {
  const rows: { n: string }[] = await db.dataSource.query(
    `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return Number(rows[0]!.n);
}

/**
 * A meeting point for `n` transactions: `arrive()` resolves once each of them has arrived or is
 * queued for a connection. On PostgreSQL all of them are open at that moment; on the embedded
 * database (one session) the one that holds the session goes on and the others queue behind it.
 */
export function transactionBarrier(db: Database, n: number): { arrive(): Promise<void> } {
  let arrived = 0;
  return {
    async arrive() {
      arrived += 1;
      await waitUntil(`${n} transactions open or queued for a connection`, () => arrived + poolWaiting(db) >= n);
    },
  };
}
