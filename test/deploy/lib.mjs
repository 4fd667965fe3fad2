// Helpers for the deployment end-to-end tests (nginx-e2e.mjs, replica-e2e.mjs): free ports,
// API instances of the built server (dist/) with their logs, waiting, databases.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export { sleep };

/** A TCP port nobody listens on right now (on 127.0.0.1). */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function waitFor(what, fn, { timeoutMs = 60_000, intervalMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
}

/** The server URL with another database name. */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(url, sql, params) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

export async function freshDatabase(serverUrl, name) {
  const admin = withDatabase(serverUrl, "postgres");
  await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl, name) {
  await adminQuery(withDatabase(serverUrl, "postgres"), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
}

/**
 * Starts `node dist/src/main.js` on `port` with `env`; keeps its output (pino JSON lines) in memory
 * and in `logFile`. Resolves once /readyz answers 200.
 */
export async function startApi({ name, port, env, logFile }) {
  const out = fs.createWriteStream(logFile);
  const child = spawn(process.execPath, ["dist/src/main.js"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: "production", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const api = {
    name,
    port,
    child,
    text: "",
    exited: new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal }))),
    /** Parsed JSON log lines so far. */
    lines() {
      return api.text
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => {
          try {
            return JSON.parse(l);
          } catch {
            return undefined;
          }
        })
        .filter(Boolean);
    },
    /**
     * Sends `signal`; after SIGTERM waits the contract's 15 s, then kills (and says so: that is a
     * shutdown bug, reported, not this test's subject).
     */
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) {
        const started = Date.now();
        child.kill(signal);
        if (signal === "SIGTERM") {
          let timer;
          const done = await Promise.race([api.exited.then(() => true), new Promise((r) => (timer = setTimeout(() => r(false), 15_000)))]);
          clearTimeout(timer);
          if (!done) {
            console.log(`# ${name} did not exit within 15 s of SIGTERM; killed`);
            child.kill("SIGKILL");
          } else {
            console.log(`# ${name} exited ${Date.now() - started} ms after SIGTERM`);
          }
        }
      }
      await api.exited;
      out.end();
    },
  };
  const take = (chunk) => {
    api.text += chunk.toString();
    out.write(chunk);
  };
  child.stdout.on("data", take);
  child.stderr.on("data", take);
  let exitedEarly;
  api.exited.then((r) => (exitedEarly = r));
  await waitFor(`${name} /readyz on ${port}`, async () => {
    if (exitedEarly) throw new Error(`${name} exited (${JSON.stringify(exitedEarly)}): ${api.text.slice(-2000)}`);
    const r = await fetch(`http://127.0.0.1:${port}/readyz`);
    return r.status === 200;
  });
  return api;
}

/** POST a GraphQL operation; answers { status, headers, body }. */
export async function gql(base, query, { variables, headers = {}, key } = {}) {
  const r = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await r.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: r.status, headers: r.headers, body };
}
