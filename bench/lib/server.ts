/** Starts the built service (dist/src/main.js) on a fresh database for the hostile-request scripts. */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";

export interface Served {
  url: string;
  port: number;
  pid: number;
  database: "pglite" | "postgres";
  /** Resident set size of the server process, MB (from /proc). */
  rssMb(): number;
  /** The last 256 KB of the server's stdout and stderr. */
  output(): string;
  /** Every log line at warn, error or fatal. */
  warnings(): string;
  stop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * PGlite: the server without DATABASE_URL on a temporary DATA_DIR. PostgreSQL (`pgUrl`): a fresh
 * database created for the run and dropped afterwards. Demo data is loaded in both.
 */
export async function startServer(opts: { pgUrl?: string; apiKey: string; main?: string; env?: Record<string, string> }): Promise<Served> {
  const main = opts.main ?? path.resolve(__dirname, "../../src/main.js");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "achievements-hostile-"));
  let dbName: string | undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: "0",
    DATA_DIR: dataDir,
    API_KEYS: opts.apiKey,
    DEMO_DATA: "true",
    // The "listening" log line carries the port: it is written at info, as in production.
    LOG_LEVEL: "info",
    WEB_DIR: path.join(dataDir, "no-web"),
    ...opts.env,
  };
  delete env.DATABASE_URL;
  if (opts.pgUrl) {
    dbName = `achievements_hostile_${process.pid}_${Date.now()}`;
    await admin(opts.pgUrl, `CREATE DATABASE ${dbName}`);
    env.DATABASE_URL = withDatabase(opts.pgUrl, dbName);
  }
  const child: ChildProcess = spawn(process.execPath, [main], { env, stdio: ["ignore", "pipe", "pipe"] });
  // The output is kept for the report: its last 256 KB, and every line at warn or above.
  let out = "";
  let serious = "";
  const keep = (text: string) => {
    out = (out + text).slice(-262_144);
    for (const line of text.split("\n")) if (/"level":(40|50|60)/.test(line)) serious += `${line}\n`;
  };
  let started = false;
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      keep(chunk.toString("utf8"));
      const m = /\{[^\n]*"msg":"listening"[^\n]*/.exec(out);
      const p = m ? /"port":(\d+)/.exec(m[0]) : null;
      if (p && !started) {
        started = true;
        resolve(Number(p[1]));
      }
    });
    child.stderr!.on("data", (c: Buffer) => keep(c.toString("utf8")));
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
  const pid = child.pid!;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid,
    database: opts.pgUrl ? "postgres" : "pglite",
    rssMb() {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    },
    output: () => out,
    warnings: () => serious,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (opts.pgUrl && dbName) await admin(opts.pgUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

/** GET `url`, resolving with the status and the time it took (ms); rejects after `timeoutMs`. */
export function httpGet(url: string, timeoutMs = 5_000): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${url} took over ${timeoutMs} ms`)));
    req.on("error", reject);
  });
}
