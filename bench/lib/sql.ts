/**
 * One small interface over the two databases the benchmarks load and query: a `pg` client on
 * PostgreSQL, a PGlite instance on the embedded database.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { PGlite } from "@electric-sql/pglite";

export interface Sql {
  readonly kind: "postgres" | "pglite";
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `COPY … FROM STDIN` (PostgreSQL) / `COPY … FROM '/dev/blob'` (PGlite) with these text chunks. */
  copyIn(table: string, columns: readonly string[], chunks: Iterable<string>, options?: string): Promise<void>;
  close(): Promise<void>;
}

export async function connectPostgres(url: string): Promise<Sql> {
  const client = new Client({ connectionString: url, application_name: "achievements-bench" });
  await client.connect();
  return {
    kind: "postgres",
    async query<T>(text: string, params?: unknown[]) {
      return (await client.query(text, params)).rows as T[];
    },
    async copyIn(table, columns, chunks, options) {
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN${options ? ` WITH (${options})` : ""}`));
      await pipeline(Readable.from(chunks, { objectMode: false }), stream);
    },
    async close() {
      await client.end();
    },
  };
}

export function pgliteSql(db: PGlite): Sql {
  return {
    kind: "pglite",
    async query<T>(text: string, params?: unknown[]) {
      if (params && params.length > 0) return (await db.query<T>(text, params)).rows;
      const results = await db.exec(text);
      return (results[results.length - 1]?.rows ?? []) as T[];
    },
    async copyIn(table, columns, chunks, options) {
      // One blob per ~64 MB, so a large table does not need one huge buffer.
      let parts: string[] = [];
      let size = 0;
      const flush = async () => {
        if (!parts.length) return;
        const blob = new Blob(parts);
        parts = [];
        size = 0;
        await db.query(`COPY ${table} (${columns.join(", ")}) FROM '/dev/blob'${options ? ` WITH (${options})` : ""}`, [], { blob });
      };
      for (const c of chunks) {
        parts.push(c);
        size += c.length;
        if (size > 64 * 1024 * 1024) await flush();
      }
      await flush();
    },
    async close() {
      await db.close();
    },
  };
}

export function parseArgs(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf("=");
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith("--")) out[a.slice(2)] = argv[++i]!;
    else out[a.slice(2)] = "true";
  }
  return out;
}

export function num(args: Record<string, string>, name: string, fallback: number): number {
  const v = args[name];
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ""));
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number`);
  return n;
}

export function secondsSince(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
