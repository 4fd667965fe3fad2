import fs from "node:fs";
import path from "node:path";
import { freePort, gql, spawnServer, startServer, useServerProcesses } from "../helpers/server-process";

/**
 * Keys at the start of the real server process (`node dist/src/main.js`, embedded database): a
 * key list that cannot be used stops the start with a message naming the entry by position and
 * name, never its secret; a running server logs every mutation with its key's name.
 */
jest.setTimeout(180_000);

const dataDir = useServerProcesses("achievements-keys");

const GOOD = "good-secret-0123456789";

describe("a key list that cannot be used stops the start", () => {
  const cases: [string, (dir: string) => Record<string, string>, RegExp, string[]][] = [
    ["API_KEYS=a", () => ({ API_KEYS: "a" }), /API_KEYS entry 1 \("key1"\): the secret is shorter than 16 characters/, ["a"]],
    [
      "a short secret",
      () => ({ API_KEYS: `ci:award:${GOOD},game:award:tiny-secret` }),
      /API_KEYS entry 2 \("game"\): the secret is shorter than 16 characters/,
      [GOOD, "tiny-secret"],
    ],
    [
      "a duplicate name",
      () => ({ API_KEYS: `ci:award:${GOOD},ci:admin:other-secret-0123456789` }),
      /API_KEYS entry 2 \("ci"\): the name is already used by entry 1/,
      [GOOD, "other-secret-0123456789"],
    ],
    [
      "a malformed entry",
      () => ({ API_KEYS: `${GOOD},ci:${GOOD}x` }),
      /API_KEYS entry 2: expected name:scope:secret or a bare secret/,
      [GOOD],
    ],
    ["an unknown scope", () => ({ API_KEYS: `ci:root:${GOOD}` }), /API_KEYS entry 1 \("ci"\): the scope must be award or admin/, [GOOD]],
    [
      "a bad entry in API_KEYS_FILE",
      (dir) => {
        const file = path.join(dir, "keys.txt");
        fs.writeFileSync(file, `ci:award:${GOOD}\nops:admin:short-one\n`);
        return { API_KEYS_FILE: file };
      },
      /API_KEYS_FILE entry 2 \("ops"\): the secret is shorter than 16 characters/,
      [GOOD, "short-one"],
    ],
  ];

  test.each(cases)("%s: exit 1, the entry named, no secret printed, nothing served", async (_label, env, message, secrets) => {
    const dir = dataDir();
    const server = spawnServer({ DATA_DIR: dir, DEMO_DATA: "false", ...env(dir) }, await freePort());
    const exit = await server.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toMatch(message);
    expect(server.stderr()).not.toMatch(/^\s+at /m); // a message, not a stack trace
    for (const s of secrets) {
      expect(server.stderr()).not.toContain(`:${s}`);
      if (s.length > 1) expect(server.stderr() + server.stdout()).not.toContain(s);
    }
    expect(server.logs().some((l) => l.msg === "listening")).toBe(false);
    // Refused before anything was opened: no key generated, no database created.
    expect(fs.readdirSync(dir).filter((f) => f !== "keys.txt")).toEqual([]);
  });
});

test("API_KEYS_FILE with scoped keys: the banner names the keys, never a secret; each mutation's log line names its key", async () => {
  const dir = dataDir();
  const file = path.join(dir, "keys.txt");
  const game = "game-server-secret-0123";
  const ops = "operations-secret-0123";
  fs.writeFileSync(file, `game:award:${game}\nops:admin:${ops}\n`, { mode: 0o600 });
  const server = await startServer({ DATA_DIR: dir, DEMO_DATA: "false", API_KEYS_FILE: file });
  await server.waitForOutput(/API keys:\s+game \(award\), ops \(admin\)/);

  const user = await gql(server.url, `mutation { createUser(input: { name: "Keyed", language: EN }) { id } }`, undefined, { key: game });
  expect(user.body.errors).toBeUndefined();
  const forbidden = await gql(
    server.url,
    `mutation { createAchievement(input: { points: 5, translations: [{ language: EN, name: "No", description: "x" }] }) { id } }`,
    undefined,
    { key: game },
  );
  expect(forbidden.status).toBe(403);
  expect(forbidden.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(["FORBIDDEN"]);
  const ach = await gql(
    server.url,
    `mutation { createAchievement(input: { points: 5, translations: [{ language: EN, name: "Yes", description: "x" }] }) { id } }`,
    undefined,
    { key: ops },
  );
  expect(ach.body.errors).toBeUndefined();

  // Lines are written in order: once the last is there, so are the others.
  await server.waitForLog((l) => l.msg === "graphql operation" && l.key === "ops");
  const lines = server.logs().filter((l) => l.msg === "graphql operation");
  expect(lines.map((l) => [l.key, l.errors])).toEqual([
    ["game", []],
    ["game", ["FORBIDDEN"]],
    ["ops", []],
  ]);
  const output = server.stdout() + server.stderr();
  expect(output).not.toContain(game);
  expect(output).not.toContain(ops);
  expect(await server.stop()).toEqual({ code: 0, signal: null });
});
