// npm run test:e2e — runs e2e/tests/*.test.mjs with Node's test runner against
// E2E_BASE_URL/E2E_API_KEY, or against a server it starts and stops itself.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, webRoot } from "./server.mjs";

const testsDir = join(webRoot, "e2e", "tests");
const files = readdirSync(testsDir)
  .filter((f) => f.endsWith(".test.mjs"))
  // E2E_ONLY=live runs the files whose name holds it (while working on one page).
  .filter((f) => !process.env.E2E_ONLY || f.includes(process.env.E2E_ONLY))
  .sort()
  .map((f) => join(testsDir, f));

let server;
try {
  server = await startServer();
} catch (e) {
  console.error(`e2e: could not get a server: ${e instanceof Error ? e.message : e}`);
  console.log("e2e: 0 passed, 1 failed");
  process.exit(1);
}
console.log(`e2e: against ${server.baseUrl}${server.started ? " (started here)" : ""}`);

const tapDir = mkdtempSync(join(tmpdir(), "e2e-tap-"));
const tapFile = join(tapDir, "result.tap");
let code = 1;
try {
  code = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        "--test",
        "--test-concurrency=1",
        "--test-reporter=spec",
        "--test-reporter-destination=stdout",
        "--test-reporter=tap",
        `--test-reporter-destination=${tapFile}`,
        ...files,
      ],
      {
        cwd: webRoot,
        stdio: "inherit",
        env: { ...process.env, E2E_BASE_URL: server.baseUrl, E2E_API_KEY: server.apiKey, E2E_AWARD_API_KEY: server.awardApiKey },
      },
    );
    const forward = (sig) => child.kill(sig);
    process.once("SIGINT", forward);
    process.once("SIGTERM", forward);
    child.on("exit", (c, sig) => resolve(c ?? (sig ? 1 : 0)));
  });
} finally {
  if (code !== 0 && server.logTail) {
    const path = server.keepLog();
    console.log(`\n--- end of the server's log (all of it in ${path}) ---\n${server.logTail(40)}`);
  }
  await server.stop();
}

let passed = 0;
let failed = 0;
try {
  const tap = readFileSync(tapFile, "utf8");
  passed = Number(/^# pass (\d+)/m.exec(tap)?.[1] ?? 0);
  failed = Number(/^# fail (\d+)/m.exec(tap)?.[1] ?? 0);
} catch {
  failed = Math.max(failed, 1);
}
rmSync(tapDir, { recursive: true, force: true });
if (code !== 0 && failed === 0) failed = 1;
console.log(`\ne2e: ${passed} passed, ${failed} failed`);
process.exit(code !== 0 || failed > 0 ? 1 : 0);
