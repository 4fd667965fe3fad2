import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { demoAchievements, demoUsers } from "../../src/demo/demo-data";
import { freePort, gql, http, spawnServer, startServer, useServerProcesses } from "../helpers/server-process";
import type { ServerProcess } from "../helpers/server-process";

/**
 * The real server process (`node dist/src/main.js`) on the embedded database in a DATA_DIR.
 * These tests spawn PGlite servers whatever DATABASE_URL the suite runs with, so they run (and
 * mean the same) in `npm test` and in `npm run test:pg`.
 */
jest.setTimeout(180_000);

const dataDir = useServerProcesses("achievements-process");

// Under the cost of an expensive operation (50,000), which a loaded server may refuse
// (docs/api.md, "Expensive requests and load"); 51 awards is every achievement the demo's award
// history gives (its incremental and hidden ones are left to progress).
const SNAPSHOT = `{
  users(first: 100) { totalCount edges { node { id name language timeZone createdAt
    awards(first: 51) { totalCount edges { node { id awardedAt name achievement { id } } } } } } }
  achievements(first: 100) { totalCount edges { node { id points createdAt holderCount translations { language name description } } } }
}`;

/** The JSON log records only (not the human banner), as one string. */
const logText = (s: ServerProcess) => JSON.stringify(s.logs());

test("starts on PGlite with demo data and a generated key printed once; a restart keeps every row and the key", async () => {
  const dir = dataDir();
  const first = await startServer({ DATA_DIR: dir });
  expect((await http(first.url, "GET", "/healthz")).status).toBe(200);
  expect((await http(first.url, "GET", "/readyz")).status).toBe(200);

  const key = (await first.waitForOutput(/API key for mutations:\s+(\S+)\s+\(generated now, admin; kept in/))[1];
  expect(key).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  expect(fs.readFileSync(path.join(dir, "api-key"), "utf8").trim()).toBe(key);
  expect(first.stdout().split(key!).length - 1).toBe(1);
  expect(first.stderr()).not.toContain(key!);

  const demo = (await gql(first.url, SNAPSHOT)).body.data;
  expect(demoAchievements.filter((a) => !a.steps && !a.hidden).length).toBeLessThanOrEqual(51);
  expect(demo.users.totalCount).toBe(demoUsers.length);
  expect(demo.achievements.totalCount).toBe(demoAchievements.length);

  // Writes of this run: a user, an achievement and an award.
  const created = await gql(
    first.url,
    `mutation { createUser(input: { name: "Restart Probe", language: RU, timeZone: "Asia/Tokyo" }) { id } }`,
    undefined,
    { key },
  );
  const userId = created.body.data.createUser.id as string;
  const ach = await gql(
    first.url,
    `mutation { createAchievement(input: { points: 77, translations: [{ language: EN, name: "Survivor of restarts", description: "Still here" }] }) { id } }`,
    undefined,
    { key },
  );
  const achId = ach.body.data.createAchievement.id as string;
  const awarded = await gql(
    first.url,
    `mutation($u: ID!, $a: ID!) { awardAchievement(input: { userId: $u, achievementId: $a, awardedAt: "2024-02-03T04:05:06.789Z" }) { created award { id } } }`,
    { u: userId, a: achId },
    { key },
  );
  expect(awarded.body.data.awardAchievement.created).toBe(true);
  const before = (await gql(first.url, SNAPSHOT)).body.data;
  expect(before.users.totalCount).toBe(demoUsers.length + 1);
  expect(logText(first)).not.toContain(key!);
  expect(await first.stop()).toEqual({ code: 0, signal: null });
  expect(fs.existsSync(path.join(dir, "server.lock"))).toBe(false);

  // Printed only at the start that generated it: later starts say where it is.
  const second = await startServer({ DATA_DIR: dir });
  expect((await second.waitForOutput(/API key for mutations:\s+kept in (\S+) \(named generated, admin\)/))[1]).toBe(
    path.join(dir, "api-key"),
  );
  expect(second.stdout()).not.toContain(key!);
  expect(second.stderr()).not.toContain(key!);
  const after = (await gql(second.url, SNAPSHOT)).body.data;
  expect(after).toEqual(before);
  // The key still works, and a wrong one still does not.
  const again = await gql(
    second.url,
    `mutation($u: ID!) { updateUser(id: $u, input: { language: EN }) { language } }`,
    { u: userId },
    { key },
  );
  expect(again.body.data.updateUser.language).toBe("EN");
  const wrong = await gql(
    second.url,
    `mutation($u: ID!) { updateUser(id: $u, input: { language: RU }) { language } }`,
    { u: userId },
    { key: "not-the-key" },
  );
  expect(wrong.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  expect(logText(second)).not.toContain(key!);
  expect(await second.stop()).toEqual({ code: 0, signal: null });
});

test("a second process on the same DATA_DIR exits non-zero with a clear message while the first runs", async () => {
  const dir = dataDir();
  const first = await startServer({ DATA_DIR: dir, DEMO_DATA: "false", API_KEYS: "key-one-0123456789" });
  const second = spawnServer({ DATA_DIR: dir, DEMO_DATA: "false", API_KEYS: "key-two-0123456789" }, await freePort());
  const exit = await second.exited;
  expect(exit.code).not.toBe(0);
  expect(exit.code).not.toBeNull();
  expect(second.stderr()).toContain(dir);
  expect(second.stderr()).toMatch(/in use by another process \(pid \d+\)/);
  expect(second.stderr()).not.toMatch(/^\s+at /m); // a message, not a stack trace
  expect(second.logs().some((l) => l.msg === "listening")).toBe(false);

  // The first one is undisturbed.
  const r = await gql(first.url, `mutation { createUser(input: { name: "Still Serving", language: EN }) { name } }`, undefined, {
    key: "key-one-0123456789",
  });
  expect(r.body.data.createUser.name).toBe("Still Serving");
  expect((await http(first.url, "GET", "/readyz")).status).toBe(200);
  expect(await first.stop()).toEqual({ code: 0, signal: null });

  // Once the first has stopped, the directory can be opened again, with the write kept.
  const third = await startServer({ DATA_DIR: dir, DEMO_DATA: "false", API_KEYS: "key-three-0123456789" });
  expect((await gql(third.url, `{ userByName(name: "still serving") { name } }`)).body.data.userByName).toEqual({ name: "Still Serving" });
  expect(await third.stop()).toEqual({ code: 0, signal: null });
});

/** Opens a raw connection and sends a request whose body is held back until `finish()`. */
async function slowRequest(port: number, body: string, headers: Record<string, string>) {
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let received = "";
  socket.setEncoding("utf8").on("data", (d: string) => (received += d));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const head =
    `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
    Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("") +
    `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`;
  socket.write(head);
  // The server answers 100 Continue once it has read the headers: from then on the request is in flight.
  const deadline = Date.now() + 10_000;
  while (!received.includes("100 Continue")) {
    if (Date.now() > deadline) throw new Error(`no 100 Continue: ${received}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const half = Math.floor(body.length / 2);
  socket.write(body.slice(0, half));
  return {
    async finish(): Promise<{ status: number; body: any }> {
      socket.end(body.slice(half));
      await closed;
      const final = received.slice(received.lastIndexOf("HTTP/1.1 "));
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(final)?.[1]);
      const json = final.slice(final.indexOf("\r\n\r\n") + 4);
      // A chunked body has size lines; the JSON object is the part between the outer braces.
      const text = json.slice(json.indexOf("{"), json.lastIndexOf("}") + 1);
      return { status, body: JSON.parse(text) };
    },
  };
}

async function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", () => resolve(true));
  });
}

test("SIGTERM while a request is in flight: the request completes, new connections are refused, the process exits 0 within 15 s", async () => {
  const dir = dataDir();
  const server = await startServer({ DATA_DIR: dir, DEMO_DATA: "false", API_KEYS: "drain-key-0123456789" });
  // An idle keep-alive connection must not hold the exit back.
  const idle = net.connect(server.port, "127.0.0.1");
  await new Promise<void>((resolve) => idle.once("connect", () => resolve()));
  idle.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
  idle.on("error", () => undefined);

  const slow = await slowRequest(
    server.port,
    JSON.stringify({ query: `mutation Drained { createUser(input: { name: "Drained", language: EN }) { id name } }` }),
    {
      Authorization: "Bearer drain-key-0123456789",
    },
  );
  const signalled = Date.now();
  server.child.kill("SIGTERM");
  await server.waitForLog((l) => l.msg?.startsWith("stopping"));
  // Stopped accepting: a new connection is refused while the old request is still open.
  for (let i = 0; !(await refusesConnections(server.port)); i++) {
    if (i > 200) throw new Error("still accepting connections after SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(server.child.exitCode).toBeNull();

  const answer = await slow.finish();
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ data: { createUser: { id: "1", name: "Drained" } } });

  let timer: NodeJS.Timeout | undefined;
  const exit = await Promise.race([
    server.exited,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("no exit within 15 s of SIGTERM")), 15_000 - (Date.now() - signalled));
    }),
  ]).finally(() => clearTimeout(timer));
  expect(exit).toEqual({ code: 0, signal: null });
  idle.destroy();
  expect(server.logs().some((l) => l.msg === "stopped")).toBe(true);

  // The answered write was kept: the database was closed properly.
  const again = await startServer({ DATA_DIR: dir, DEMO_DATA: "false", API_KEYS: "drain-key-0123456789" });
  expect((await gql(again.url, `{ user(id: "1") { name } }`)).body.data.user).toEqual({ name: "Drained" });
  expect(await again.stop()).toEqual({ code: 0, signal: null });
});

test("an acknowledged write survives kill -9, and the next start takes over the dead process's lock", async () => {
  const dir = dataDir();
  const server = await startServer({ DATA_DIR: dir, DEMO_DATA: "false", API_KEYS: "crash-key-0123456789" });
  const written: string[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await gql(
      server.url,
      `mutation($n: String!) { createUser(input: { name: $n, language: RU }) { name } }`,
      { n: `Crash survivor ${i}` },
      { key: "crash-key-0123456789" },
    );
    written.push(r.body.data.createUser.name);
  }
  const a = await gql(
    server.url,
    `mutation { createAchievement(input: { points: 9, translations: [{ language: RU, name: "Живучий", description: "Пережил kill -9" }] }) { id } }`,
    undefined,
    { key: "crash-key-0123456789" },
  );
  const w = await gql(
    server.url,
    `mutation($a: ID!) { awardAchievement(input: { userId: "5", achievementId: $a }) { created } }`,
    { a: a.body.data.createAchievement.id },
    { key: "crash-key-0123456789" },
  );
  expect(w.body.data.awardAchievement.created).toBe(true);
  expect(await server.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
  expect(fs.existsSync(path.join(dir, "server.lock"))).toBe(true);

  const again = await startServer({ DATA_DIR: dir, DEMO_DATA: "false", API_KEYS: "crash-key-0123456789" });
  const r = (
    await gql(again.url, `{ users(first: 100) { edges { node { name } } } user(id: "5") { awards { edges { node { name points } } } } }`)
  ).body.data;
  expect(r.users.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(written);
  expect(r.user.awards.edges).toEqual([{ node: { name: "Живучий", points: 9 } }]);
  expect(await again.stop()).toEqual({ code: 0, signal: null });
});
