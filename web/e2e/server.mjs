// Finds the service for the browser tests: E2E_BASE_URL (+ E2E_API_KEY) from the
// environment, or else starts the real server from ../dist/src/main.js on a free
// port with a fresh DATA_DIR, API_KEYS and DEMO_DATA=true, and stops it (SIGTERM).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, createWriteStream, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const webRoot = fileURLToPath(new URL("..", import.meta.url));
export const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(baseUrl, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.ok) return;
      lastError = `readyz answered ${res.status}`;
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server not ready within ${timeoutMs} ms (${lastError})`);
}

/**
 * @returns {Promise<{ baseUrl: string, apiKey: string, awardApiKey: string, stop: () => Promise<void>, started: boolean,
 *   keepLog?: () => string, logTail?: (lines?: number) => string }>}
 */
export async function startServer() {
  if (process.env.E2E_BASE_URL) {
    const baseUrl = process.env.E2E_BASE_URL.replace(/\/+$/, "");
    const apiKey = process.env.E2E_API_KEY ?? "";
    if (!apiKey) throw new Error("E2E_BASE_URL is set but E2E_API_KEY is not");
    return { baseUrl, apiKey, awardApiKey: process.env.E2E_AWARD_API_KEY ?? "", started: false, stop: async () => {} };
  }

  const main = join(projectRoot, "dist", "src", "main.js");
  if (!existsSync(main)) {
    throw new Error(`${main} not found: run \`npm run build\` in the project root first (or set E2E_BASE_URL and E2E_API_KEY)`);
  }
  if (!existsSync(join(webRoot, "dist", "index.html"))) {
    throw new Error("web/dist/index.html not found: run `npm run build` in web/ first");
  }

  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "achievements-e2e-"));
  const apiKey = `e2e-${randomBytes(12).toString("hex")}`;
  // A key of scope award, named "game" (what a game server gets): the console must say what it may do.
  const awardApiKey = `e2e-award-${randomBytes(12).toString("hex")}`;
  const baseUrl = `http://127.0.0.1:${port}`;
  const logDir = mkdtempSync(join(tmpdir(), "achievements-e2e-log-"));
  const logPath = join(logDir, "server.log");
  const log = createWriteStream(logPath);
  const env = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    API_KEYS: `${apiKey},game:award:${awardApiKey}`,
    DEMO_DATA: "true",
    // The webhooks e2e delivers to a receiver on this machine.
    WEBHOOK_ALLOW_PRIVATE: "true",
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
  };
  delete env.DATABASE_URL; // the embedded database in DATA_DIR
  const child = spawn(process.execPath, [main], {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    }
    await new Promise((r) => log.end(r));
    rmSync(dataDir, { recursive: true, force: true });
    if (!keepLog) rmSync(logDir, { recursive: true, force: true });
  };
  let keepLog = false;
  const logTail = (lines = 60) => {
    try {
      return readFileSync(logPath, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  };

  try {
    await waitReady(baseUrl, child, Number(process.env.E2E_START_TIMEOUT_MS ?? 120_000));
  } catch (e) {
    const tail = logTail(40);
    await stop();
    throw new Error(`${e instanceof Error ? e.message : e}\n--- server log ---\n${tail}`);
  }
  return {
    baseUrl,
    apiKey,
    awardApiKey,
    started: true,
    stop,
    /** The end of the server's output, kept on disk after stop() (path returned). */
    keepLog: () => {
      keepLog = true;
      return logPath;
    },
    logTail,
  };
}

/** Plain GraphQL over fetch, for arranging data and checking it. */
export async function gql(baseUrl, query, variables = {}, apiKey) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) {
    const e = new Error(`GraphQL: ${body.errors.map((x) => `${x.extensions?.code}: ${x.message}`).join("; ")}`);
    e.errors = body.errors;
    throw e;
  }
  return body.data;
}
