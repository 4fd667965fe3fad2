import fs from "node:fs";
import { ensureBuilt } from "../helpers/build";
import { gql, http, killAll, startServer, tempDir } from "../helpers/server-process";
import type { ServerProcess } from "../helpers/server-process";

/**
 * The HTTP surface of the real server process (`node dist/src/main.js`, embedded database):
 * health, body limits, the per-operation log line and the secrecy of keys in its output.
 */
jest.setTimeout(180_000);

describe("HTTP surface of the real server", () => {
  let server: ServerProcess;
  const dir = tempDir("achievements-http");
  const KEY = "configured-secret-key-0042";
  beforeAll(async () => {
    await ensureBuilt();
    server = await startServer({ DATA_DIR: dir, DEMO_DATA: "false", API_KEYS: `other-key-0123456789, ${KEY}`, NODE_ENV: "production" });
  });
  afterAll(async () => {
    try {
      if (server) expect(await server.stop()).toEqual({ code: 0, signal: null });
    } finally {
      await killAll();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  test("/healthz is 200 and /readyz is 200 after the migrations", async () => {
    expect((await http(server.url, "GET", "/healthz")).status).toBe(200);
    const ready = await http(server.url, "GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ database: true, migrated: true });
    expect(server.logs().findIndex((l) => l.msg === "migrations applied")).toBeLessThan(
      server.logs().findIndex((l) => l.msg === "listening"),
    );
  });

  test("introspection stays on with NODE_ENV=production, and a browser gets Apollo Sandbox", async () => {
    const r = await gql(server.url, `{ __schema { types { name } } }`);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.__schema.types.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining(["User", "Achievement", "Award"]),
    );
    const page = await http(server.url, "GET", "/graphql", { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/sandbox|apollo/i);
  });

  test("a body over 256 KiB gets 413, invalid JSON gets 400, and neither writes", async () => {
    const big = JSON.stringify({
      query: `mutation { createUser(input: { name: "Big", language: EN }) { id } }`,
      variables: { pad: "x".repeat(256 * 1024) },
    });
    expect((await http(server.url, "POST", "/graphql", { raw: big, headers: { authorization: `Bearer ${KEY}` } })).status).toBe(413);
    expect(
      (
        await http(server.url, "POST", "/graphql", {
          raw: `{"query": "mutation { createUser(input: {name: \\"Bad\\", language: EN}) { id } }"`,
          headers: { authorization: `Bearer ${KEY}` },
        })
      ).status,
    ).toBe(400);
    const names = (await gql(server.url, `{ a: userByName(name: "Big") { id } b: userByName(name: "Bad") { id } }`)).body.data;
    expect(names).toEqual({ a: null, b: null });
  });

  test("one log line per GraphQL operation: operationName, durationMs, error codes and the request id", async () => {
    const given = await gql(server.url, `query CountUsers { users { totalCount } }`, undefined, {
      headers: { "x-request-id": "given-id-7" },
    });
    expect(given.headers["x-request-id"]).toBe("given-id-7");
    const failed = await gql(server.url, `mutation NoKey { createUser(input: { name: "x", language: EN }) { id } }`, undefined, {
      headers: { "x-request-id": "given-id-8" },
    });
    expect(failed.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const generated = await gql(server.url, `query Generated { achievements { totalCount } }`);
    const generatedId = generated.headers["x-request-id"] as string;
    expect(generatedId).toMatch(/^[A-Za-z0-9._:-]{8,}$/);

    const one = await server.waitForLog((l) => l.requestId === "given-id-7" && "operationName" in l);
    expect(one).toMatchObject({ operationName: "CountUsers", errors: [] });
    expect(typeof one.durationMs).toBe("number");
    const two = await server.waitForLog((l) => l.requestId === "given-id-8" && "operationName" in l);
    expect(two).toMatchObject({ operationName: "NoKey", errors: ["UNAUTHENTICATED"] });
    const three = await server.waitForLog((l) => l.requestId === generatedId && "operationName" in l);
    expect(three).toMatchObject({ operationName: "Generated", errors: [] });
    for (const id of ["given-id-7", "given-id-8", generatedId]) {
      expect(server.logs().filter((l) => l.requestId === id && "operationName" in l)).toHaveLength(1);
    }
  });

  test("a configured key never appears in stdout or stderr, whatever the requests", async () => {
    await gql(server.url, `mutation Keyed { createUser(input: { name: "Keyed", language: EN }) { id } }`, undefined, { key: KEY });
    await gql(server.url, `mutation Keyed2 { createUser(input: { name: "", language: EN }) { id } }`, undefined, { key: KEY });
    await gql(server.url, `mutation Keyed3 { createUser(input: { name: "Keyed", language: EN }) { id } }`, undefined, { key: KEY });
    await gql(server.url, `{ broken`, undefined, { key: KEY });
    await gql(server.url, `mutation Wrong { createUser(input: { name: "W", language: EN }) { id } }`, undefined, {
      headers: { authorization: `Bearer ${KEY}-wrong` },
    });
    await server.waitForLog((l) => l.operationName === "Wrong");
    expect(server.stdout()).not.toContain(KEY);
    expect(server.stderr()).not.toContain(KEY);
    await server.waitForOutput(/Web console:.*\n/); // the banner is complete
    expect(server.stdout()).not.toMatch(/API key for mutations/);
  });
});
