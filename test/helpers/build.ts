import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const MAIN_JS = path.join(ROOT, "dist", "src", "main.js");

/** .ts files under src/ and migrations/ whose compiled .js in dist/ is missing or older. */
function staleSources(): string[] {
  const stale: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        const js = path.join(ROOT, "dist", path.relative(ROOT, full)).replace(/\.ts$/, ".js");
        if (!fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(full).mtimeMs) stale.push(path.relative(ROOT, full));
      }
    }
  };
  walk(path.join(ROOT, "src"));
  walk(path.join(ROOT, "migrations"));
  return stale;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure dist/ holds a build of the current sources, building (`tsc -p tsconfig.build.json`,
 * what `npm run build` runs) only when a source is newer than its output. Test files that run in
 * parallel take a lock directory first, so only one of them builds.
 */
export async function ensureBuilt(): Promise<void> {
  if (staleSources().length === 0) return;
  const lock = path.join(os.tmpdir(), `achievements-build-${crypto.createHash("sha1").update(ROOT).digest("hex").slice(0, 12)}.lock`);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = Number(fs.existsSync(path.join(lock, "pid")) ? fs.readFileSync(path.join(lock, "pid"), "utf8") : "0");
      const age = Date.now() - fs.statSync(lock).mtimeMs;
      if ((owner > 0 && !isAlive(owner)) || age > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    const stale = staleSources();
    if (stale.length === 0) return;
    const tsc = require.resolve("typescript/bin/tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: ROOT, encoding: "utf8" });
    // tsc emits even with type errors; the process tests need the output, and the type errors
    // are the typecheck's business. Only a missing or still stale build stops them.
    const still = staleSources();
    if (still.length > 0 || !fs.existsSync(MAIN_JS)) {
      throw new Error(`npm run build did not produce dist/ for ${still.join(", ")}:\n${r.stdout}\n${r.stderr}`);
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
