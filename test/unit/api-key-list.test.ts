import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApiKeys, parseApiKeyList } from "../../src/auth/api-keys";
import { ConfigError, loadConfig } from "../../src/config";

const S1 = "secret-one-0123456789";
const S2 = "secret-two-0123456789";
const S3 = "secret:with:colons-0123";

describe("parseApiKeyList", () => {
  test("name:scope:secret entries and bare secrets (named key<position>, admin), separated by commas or new lines", () => {
    expect(parseApiKeyList(` game:award:${S1} ,\n${S2}\r\nops:admin:${S3}\n\n`, "API_KEYS")).toEqual([
      { name: "game", scope: "award", secret: S1 },
      { name: "key2", scope: "admin", secret: S2 },
      { name: "ops", scope: "admin", secret: S3 },
    ]);
  });

  test("empty entries are skipped and do not count as positions", () => {
    expect(parseApiKeyList(`,,${S1},,`, "API_KEYS")).toEqual([{ name: "key1", scope: "admin", secret: S1 }]);
    expect(parseApiKeyList(" , ", "API_KEYS")).toEqual([]);
  });

  test("a secret of exactly 16 characters is enough; characters are code points", () => {
    expect(parseApiKeyList("a".repeat(16), "API_KEYS")).toHaveLength(1);
    expect(() => parseApiKeyList("ключ".repeat(3) + "abc", "API_KEYS")).toThrow(/shorter than 16/);
  });

  const refused: [string, string, RegExp][] = [
    ["a short bare secret", `${S1},a`, /^API_KEYS entry 2 \("key2"\): the secret is shorter than 16 characters$/],
    ["a short secret", `game:award:short-secret`, /^API_KEYS entry 1 \("game"\): the secret is shorter than 16 characters$/],
    ["an unknown scope", `${S1},game:root:${S2}`, /^API_KEYS entry 2 \("game"\): the scope must be award or admin$/],
    ["a bad name", `bad name:award:${S1}`, /^API_KEYS entry 1: a key's name is 1-64 of/],
    ["an empty name", `:award:${S1}`, /^API_KEYS entry 1: a key's name is 1-64 of/],
    ["a name over 64 characters", `${"n".repeat(65)}:award:${S1}`, /^API_KEYS entry 1: a key's name/],
    ["two parts", `game:${S1}`, /^API_KEYS entry 1: expected name:scope:secret or a bare secret$/],
    ["a duplicate name", `game:award:${S1},game:admin:${S2}`, /^API_KEYS entry 2 \("game"\): the name is already used by entry 1$/],
    [
      "a bare secret named like an explicit entry",
      `key2:admin:${S1},${S2}`,
      /^API_KEYS entry 2 \("key2"\): the name is already used by entry 1$/,
    ],
    ["a duplicate secret", `a:award:${S1},b:admin:${S1}`, /^API_KEYS entry 2 \("b"\): the secret is the same as entry 1's$/],
    ["white space in a secret", `game:award:secret with spaces 0123`, /^API_KEYS entry 1 \("game"\): the secret contains white space$/],
  ];
  test.each(refused)("%s is refused with the entry's position and name, never its secret", (_label, text, message) => {
    let error: unknown;
    try {
      parseApiKeyList(text, "API_KEYS");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    const m = (error as Error).message;
    expect(m).toMatch(message);
    for (const secret of [S1, S2, "short-secret", "secret with spaces"]) expect(m).not.toContain(secret);
  });
});

describe("createApiKeys().identify", () => {
  const keys = createApiKeys(parseApiKeyList(`game:award:${S1},${S2}`, "API_KEYS"));
  test("names the key and its scope", () => {
    expect(keys.identify(`Bearer ${S1}`)).toEqual({ name: "game", scope: "award" });
    expect(keys.identify(`bearer ${S2}`)).toEqual({ name: "key2", scope: "admin" });
    expect(keys.identify(`Bearer ${S1}x`)).toBeUndefined();
    expect(keys.identify(undefined)).toBeUndefined();
  });
  test("the secrets are not among what it shows", () => {
    expect(JSON.stringify(keys.keys)).not.toContain(S1);
    expect(keys.keys).toEqual([
      { name: "game", scope: "award" },
      { name: "key2", scope: "admin" },
    ]);
  });
});

describe("loadConfig: API_KEYS and API_KEYS_FILE", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "api-keys-file-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("API_KEYS is parsed; unset or empty means a generated key", () => {
    expect(loadConfig({ API_KEYS: `game:award:${S1}` }).apiKeys).toEqual([{ name: "game", scope: "award", secret: S1 }]);
    expect(loadConfig({ API_KEYS: "" }).apiKeys).toBeUndefined();
    expect(loadConfig({}).apiKeys).toBeUndefined();
  });

  test("API_KEYS_FILE is read: one entry a line", () => {
    const file = path.join(dir, "keys");
    fs.writeFileSync(file, `game:award:${S1}\nops:admin:${S2}\n`);
    expect(loadConfig({ API_KEYS_FILE: file }).apiKeys).toEqual([
      { name: "game", scope: "award", secret: S1 },
      { name: "ops", scope: "admin", secret: S2 },
    ]);
  });

  test.each([
    ["API_KEYS=a", { API_KEYS: "a" }, /API_KEYS entry 1 \("key1"\): the secret is shorter than 16 characters/],
    ["both settings", { API_KEYS: S1, API_KEYS_FILE: "/nonexistent" }, /both set/],
    ["a missing file", { API_KEYS_FILE: "/nonexistent/keys" }, /API_KEYS_FILE cannot be read \(\/nonexistent\/keys\): ENOENT/],
  ])("%s stops the start", (_label, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test("a file with a bad entry or no entry stops the start, naming the file's entry", () => {
    const file = path.join(dir, "keys");
    fs.writeFileSync(file, `game:award:${S1}\nops:admin:tiny\n`);
    expect(() => loadConfig({ API_KEYS_FILE: file })).toThrow(/^API_KEYS_FILE entry 2 \("ops"\): the secret is shorter/);
    fs.writeFileSync(file, "\n\n");
    expect(() => loadConfig({ API_KEYS_FILE: file })).toThrow(/holds no key/);
  });

  test("STATEMENT_TIMEOUT_MS: default 5000, a positive integer", () => {
    expect(loadConfig({}).statementTimeoutMs).toBe(5000);
    expect(loadConfig({ STATEMENT_TIMEOUT_MS: "250" }).statementTimeoutMs).toBe(250);
    for (const bad of ["0", "-1", "1.5", "soon"]) expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: bad })).toThrow(/STATEMENT_TIMEOUT_MS/);
  });
});
