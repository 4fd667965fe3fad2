/** CPU time of processes from /proc, for the benches' CPU-per-request figures. */
import { readFileSync } from "node:fs";
import type { Sql } from "./sql";

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

/** CPU time (user + system) of a process in ms, from /proc; 0 when it is gone. */
export function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * CPU ms used so far by each PostgreSQL client backend connected to `dbname` (default: the
 * database `sql` is connected to), `sql`'s own excepted.
 */
export async function backendCpuMs(sql: Sql, dbname?: string): Promise<Map<number, number>> {
  const rows = await sql.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
     WHERE datname = coalesce($1, current_database()) AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    [dbname ?? null],
  );
  return new Map(rows.map((r) => [r.pid, procCpuMs(r.pid)]));
}

/** CPU ms those backends used between two readings (a backend that started meanwhile counts whole). */
export function backendCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}
