import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DataDirLockedError, lockDataDir } from "../../src/db/data-dir-lock";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "data-dir-lock-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const lockFile = () => path.join(dir, "server.lock");

test("takes the lock with this pid and releases it", () => {
  const release = lockDataDir(path.join(dir, "nested", "data"));
  const file = path.join(dir, "nested", "data", "server.lock");
  expect(fs.readFileSync(file, "utf8").trim()).toBe(String(process.pid));
  release();
  expect(fs.existsSync(file)).toBe(false);
  release(); // twice is harmless
});

test("a lock held by a running process is refused with a clear message", async () => {
  const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  try {
    await new Promise((resolve) => other.once("spawn", resolve));
    fs.writeFileSync(lockFile(), `${other.pid}\n`);
    let error: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain(String(other.pid));
    expect((error as Error).message).toMatch(/another process/);
    expect(fs.readFileSync(lockFile(), "utf8").trim()).toBe(String(other.pid));
  } finally {
    other.kill("SIGKILL");
    await new Promise((resolve) => other.once("exit", resolve));
  }
});

test("a lock left by a process that is gone (kill -9, crash) is taken over", () => {
  const gone = spawnSync(process.execPath, ["-e", "process.pid"]).pid;
  fs.writeFileSync(lockFile(), `${gone}\n`);
  const release = lockDataDir(dir);
  expect(fs.readFileSync(lockFile(), "utf8").trim()).toBe(String(process.pid));
  release();
});

test("a garbled lock file is taken over", () => {
  fs.writeFileSync(lockFile(), "not a pid");
  const release = lockDataDir(dir);
  expect(fs.readFileSync(lockFile(), "utf8").trim()).toBe(String(process.pid));
  release();
});

test("release leaves a lock that another process took meanwhile", () => {
  const release = lockDataDir(dir);
  fs.writeFileSync(lockFile(), "999999999\n");
  release();
  expect(fs.readFileSync(lockFile(), "utf8").trim()).toBe("999999999");
});
