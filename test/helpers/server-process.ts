import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { MAIN_JS, ROOT, ensureBuilt } from "./build";

/** A port that was free a moment ago (the OS picked it for a listener we closed). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  stdout(): string;
  stderr(): string;
  /** stdout lines that are JSON log records. */
  logs(): Record<string, any>[];
  /** Resolves when the process has exited. */
  readonly exited: Promise<Exit>;
  /** Waits until stdout matches `re` (the banner and the log lines arrive in separate writes). */
  waitForOutput(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Waits until a log record matches (the logger writes asynchronously). */
  waitForLog(match: (l: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

const running = new Set<ChildProcess>();

/**
 * Registers the hooks of a test file that starts server processes: the build before its tests,
 * no server left running after each test, its data directories removed after the last one.
 * Returns the maker of those data directories.
 */
export function useServerProcesses(prefix: string): () => string {
  const dirs: string[] = [];
  beforeAll(async () => {
    await ensureBuilt();
  });
  afterEach(async () => {
    await killAll();
  });
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = tempDir(prefix);
    dirs.push(d);
    return d;
  };
}

/** Kills (SIGKILL) every server this test file started that is still running. */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once("exit", () => resolve());
          c.kill("SIGKILL");
        }),
    ),
  );
  running.clear();
}

/** The environment a server gets: nothing of the test runner's database settings leaks in. */
function serverEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: "info",
    WEB_DIR: path.join(ROOT, "no-web-console"),
  };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) base[k] = v;
  return base;
}

/** Spawns `node dist/src/main.js`; does not wait for anything. */
export function spawnServer(env: Record<string, string | undefined>, port: number): ServerProcess {
  const child = spawn(process.execPath, [MAIN_JS], {
    cwd: ROOT,
    env: serverEnv({ ...env, PORT: String(port) }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  // "close", not "exit": it comes once stdout and stderr are drained, so every line the server
  // printed before it stopped is in logs() when this resolves.
  const exited = new Promise<Exit>((resolve) =>
    child.once("close", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const logs = () =>
    out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, any>];
        } catch {
          return [];
        }
      });
  const proc: ServerProcess = {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stderr: () => err,
    logs,
    exited,
    async waitForOutput(re, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = re.exec(out);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no output matching ${re} within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`);
        if (child.exitCode !== null)
          throw new Error(`the server exited (${child.exitCode}) before printing ${re}; stdout:\n${out}\nstderr:\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async waitForLog(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = logs().find(match);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no matching log line within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`);
        if (child.exitCode !== null)
          throw new Error(`the server exited (${child.exitCode}) before the log line; stdout:\n${out}\nstderr:\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  return proc;
}

/**
 * Spawns a server with PORT=0 and waits for its `listening` log line, which names the port the
 * operating system gave it. (A port picked free beforehand may be taken by another test's
 * listener before the server, busy with migrations and demo data, binds it: EADDRINUSE.)
 */
export async function startServer(env: Record<string, string | undefined>, timeoutMs = 90_000): Promise<ServerProcess> {
  const proc = spawnServer(env, 0);
  const line = await Promise.race([
    proc.waitForLog((l) => l.msg === "listening", timeoutMs),
    proc.exited.then((e) => {
      throw new Error(`the server exited (${e.code ?? e.signal}) before listening; stdout:\n${proc.stdout()}\nstderr:\n${proc.stderr()}`);
    }),
  ]);
  const port = line.port as unknown;
  if (typeof port !== "number" || !Number.isInteger(port) || port <= 0) throw new Error(`the server says it listens on ${String(port)}`);
  return { ...proc, port, url: `http://127.0.0.1:${port}` };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  text: string;
}

/** One HTTP request with a deadline (fails the test when the server does not answer in time). */
export async function http(
  base: string,
  method: "GET" | "POST",
  pathname: string,
  opts: { json?: unknown; raw?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  let body: string | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers["content-type"] = "application/json";
  } else if (opts.raw !== undefined) {
    body = opts.raw;
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(base + pathname, { method, headers, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: parsed, text };
}

/** POST /graphql. */
export function gql(
  base: string,
  query: string,
  variables?: Record<string, unknown>,
  opts: { key?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const headers = { ...(opts.headers ?? {}) };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  return http(base, "POST", "/graphql", { json: { query, variables }, headers, timeoutMs: opts.timeoutMs });
}
