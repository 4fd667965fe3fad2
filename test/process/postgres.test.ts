import crypto from "node:crypto";
import { Client } from "pg";
import { migrations } from "../../migrations";
import { demoUsers } from "../../src/demo/demo-data";
import { freePort, gql, http, killAll, spawnServer, startServer, useServerProcesses } from "../helpers/server-process";
import type { ServerProcess } from "../helpers/server-process";
import { TcpProxy } from "../helpers/tcp-proxy";
import { adminQuery, withDatabase } from "../setup/pg-template";
import { describeOn } from "../helpers/databases";

/**
 * The real server process on PostgreSQL. The PostgreSQL tests need a server, so they run when the
 * suite runs with DATABASE_URL (`npm run test:pg`) and are reported skipped otherwise; the
 * configuration test at the top needs none and runs in both.
 */
jest.setTimeout(180_000);

/** Set whenever the PostgreSQL tests run. */
const url = process.env.DATABASE_URL ?? "";
const dataDir = useServerProcesses("achievements-pg-process");

test("a DATABASE_URL that is not a postgres:// URL stops the start with a configuration error, before listening", async () => {
  const server = spawnServer({ DATA_DIR: dataDir(), DATABASE_URL: "mysql://user:hunter2@db.example:3306/x" }, await freePort());
  const exit = await server.exited;
  expect(exit.code).toBe(1);
  expect(server.stderr()).toMatch(/configuration error: DATABASE_URL must be a postgres:\/\/ URL/);
  expect(server.stderr()).not.toContain("hunter2");
  expect(server.logs().some((l) => l.msg === "listening")).toBe(false);
});

describeOn("postgres", "the service", () => {
  const databases: string[] = [];
  const freshName = () => {
    const name = `achievements_process_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
    databases.push(name);
    return name;
  };
  afterAll(async () => {
    await killAll();
    for (const name of databases) await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  async function sql<T = Record<string, unknown>>(database: string, text: string): Promise<T[]> {
    const c = new Client({ connectionString: withDatabase(url, database) });
    await c.connect();
    try {
      return (await c.query(text)).rows as T[];
    } finally {
      await c.end();
    }
  }

  test("DATABASE_URL naming a new database: it is created and migrated, the service serves and stops with 0", async () => {
    const name = freshName();
    const server = await startServer({ DATABASE_URL: withDatabase(url, name), DATA_DIR: dataDir() });
    expect((await http(server.url, "GET", "/readyz")).status).toBe(200);
    const key = (await server.waitForOutput(/API key for mutations:\s+(\S+)\s+\(generated now, admin; kept in/))[1];
    expect(key).toBeDefined();
    expect(JSON.stringify(server.logs())).not.toContain(key!);
    // Without DEMO_DATA, PostgreSQL starts empty.
    expect((await gql(server.url, `{ users { totalCount } achievements { totalCount } }`)).body.data).toEqual({
      users: { totalCount: 0 },
      achievements: { totalCount: 0 },
    });
    const created = await gql(server.url, `mutation { createUser(input: { name: "Pg User", language: EN }) { id } }`, undefined, { key });
    expect(created.body.data.createUser.id).toBe("1");
    expect(await server.stop()).toEqual({ code: 0, signal: null });
    expect(await sql(name, `SELECT name FROM users`)).toEqual([{ name: "Pg User" }]);
    expect((await sql<{ name: string }>(name, `SELECT name FROM migrations ORDER BY id`)).map((m) => m.name)).toEqual(
      migrations.map((M) => new M().name),
    );
  });

  test("two instances started at the same moment on one fresh database both come up; migrations and demo data run once", async () => {
    const name = freshName();
    await adminQuery(url, `CREATE DATABASE ${name}`);
    const env = { DATABASE_URL: withDatabase(url, name), API_KEYS: "pair-key-0123456789", DEMO_DATA: "true" };
    const [a, b] = await Promise.all([startServer({ ...env, DATA_DIR: dataDir() }), startServer({ ...env, DATA_DIR: dataDir() })]);
    for (const s of [a, b]) {
      expect((await http(s.url, "GET", "/readyz")).status).toBe(200);
      expect((await gql(s.url, `{ users { totalCount } }`)).body.data.users.totalCount).toBe(demoUsers.length);
    }
    const applied = await sql<{ name: string }>(name, `SELECT name FROM migrations ORDER BY id`);
    expect(applied.map((m) => m.name)).toEqual(migrations.map((M) => new M().name));
    // A write through one is read through the other.
    await gql(a.url, `mutation { createUser(input: { name: "Written via A", language: RU }) { id } }`, undefined, {
      key: "pair-key-0123456789",
    });
    expect((await gql(b.url, `{ userByName(name: "written via a") { name } }`)).body.data.userByName).toEqual({ name: "Written via A" });
    expect(await Promise.all([a.stop(), b.stop()])).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
  });

  test("an acknowledged write survives kill -9 of the server", async () => {
    const name = freshName();
    const env = { DATABASE_URL: withDatabase(url, name), API_KEYS: "crash-key-0123456789", DATA_DIR: dataDir() };
    const server = await startServer(env);
    const r = await gql(server.url, `mutation { createUser(input: { name: "Acknowledged", language: EN }) { name } }`, undefined, {
      key: "crash-key-0123456789",
    });
    expect(r.body.data.createUser.name).toBe("Acknowledged");
    expect(await server.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
    expect(await sql(name, `SELECT name FROM users`)).toEqual([{ name: "Acknowledged" }]);
    const again = await startServer(env);
    expect((await gql(again.url, `{ userByName(name: "acknowledged") { name } }`)).body.data.userByName).toEqual({
      name: "Acknowledged",
    });
    expect(await again.stop()).toEqual({ code: 0, signal: null });
  });

  describe("when PostgreSQL cannot be reached", () => {
    const KEY = "outage-key-0123456789";

    /** A server whose every connection to PostgreSQL goes through a proxy the test cuts and restores. */
    async function serverBehindProxy(): Promise<{ proxy: TcpProxy; server: ServerProcess; name: string }> {
      const target = new URL(url);
      const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      const port = await proxy.listen();
      const name = freshName();
      await adminQuery(url, `CREATE DATABASE ${name}`);
      const viaProxy = new URL(withDatabase(url, name));
      viaProxy.hostname = "127.0.0.1";
      viaProxy.port = String(port);
      try {
        const server = await startServer({ DATABASE_URL: viaProxy.toString(), API_KEYS: KEY, DATA_DIR: dataDir() });
        return { proxy, server, name };
      } catch (e) {
        await proxy.close();
        throw e;
      }
    }

    test("every GraphQL request fails within 5 s with SERVICE_UNAVAILABLE, /readyz is 503 within 5 s, nothing is written, and the service recovers by itself", async () => {
      const { proxy, server, name } = await serverBehindProxy();
      try {
        expect((await http(server.url, "GET", "/readyz")).status).toBe(200);
        expect(
          (await gql(server.url, `mutation { createUser(input: { name: "Before", language: EN }) { id } }`, undefined, { key: KEY })).body
            .data.createUser.id,
        ).toBe("1");

        proxy.cut();
        const requests: [string, () => ReturnType<typeof gql>][] = [
          ["a query", () => gql(server.url, `{ users { totalCount } }`, undefined, { timeoutMs: 5_000 })],
          ["a lookup", () => gql(server.url, `{ user(id: "1") { name } }`, undefined, { timeoutMs: 5_000 })],
          [
            "a mutation",
            () =>
              gql(server.url, `mutation { createUser(input: { name: "During Outage", language: EN }) { id } }`, undefined, {
                key: KEY,
                timeoutMs: 5_000,
              }),
          ],
          [
            "another mutation",
            () =>
              gql(
                server.url,
                `mutation { createAchievement(input: { points: 3, translations: [{ language: EN, name: "Lost", description: "x" }] }) { id } }`,
                undefined,
                { key: KEY, timeoutMs: 5_000 },
              ),
          ],
          ["the query again", () => gql(server.url, `{ achievements { totalCount } }`, undefined, { timeoutMs: 5_000 })],
        ];
        for (const [label, send] of requests) {
          const r = await send(); // the 5 s deadline is the request's own timeout
          expect([label, r.body.errors?.map((e: any) => e.extensions?.code)]).toEqual([label, ["SERVICE_UNAVAILABLE"]]);
          expect(r.text).not.toMatch(/5432|127\.0\.0\.1|ECONN|timeout/i);
        }
        const ready = await http(server.url, "GET", "/readyz", { timeoutMs: 5_000 });
        expect(ready.status).toBe(503);
        expect((await http(server.url, "GET", "/healthz", { timeoutMs: 5_000 })).status).toBe(200);

        proxy.restore();
        const deadline = Date.now() + 60_000;
        while ((await http(server.url, "GET", "/readyz", { timeoutMs: 10_000 })).status !== 200) {
          if (Date.now() > deadline) throw new Error("/readyz did not come back within 60 s of the database");
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        // Recovered: every request works again, without a restart.
        for (let i = 0; i < 5; i++) {
          const r = await gql(server.url, `{ users(first: 100) { totalCount edges { node { name } } } achievements { totalCount } }`);
          expect(r.body.errors).toBeUndefined();
          expect(r.body.data).toEqual({
            users: { totalCount: 1, edges: [{ node: { name: "Before" } }] },
            achievements: { totalCount: 0 },
          });
        }
        expect(
          (await gql(server.url, `mutation { createUser(input: { name: "After", language: EN }) { name } }`, undefined, { key: KEY })).body
            .data.createUser.name,
        ).toBe("After");
        expect(await sql(name, `SELECT name FROM users ORDER BY id`)).toEqual([{ name: "Before" }, { name: "After" }]);
        expect(await server.stop()).toEqual({ code: 0, signal: null });
      } finally {
        proxy.restore();
        await killAll();
        await proxy.close();
      }
    });
  });
});
