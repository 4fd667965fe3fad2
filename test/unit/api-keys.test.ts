import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApiKeys, loadApiKeys, parseApiKeyList } from "../../src/auth/api-keys";

describe("createApiKeys().verify", () => {
  const keys = createApiKeys(["alpha-key", "beta-key"]);

  test.each(["Bearer alpha-key", "bearer alpha-key", "BEARER beta-key", "BeArEr beta-key", "Bearer   alpha-key", "  Bearer alpha-key  "])(
    "accepts %p",
    (h) => {
      expect(keys.verify(h)).toBe(true);
    },
  );

  test.each([
    undefined,
    "",
    "alpha-key",
    "Bearer",
    "Bearer ",
    "Basic alpha-key",
    "Bearer alpha",
    "Bearer alpha-key2",
    "Bearer ALPHA-KEY",
    "Bearer alpha-key beta-key",
    "Token alpha-key",
  ])("refuses %p", (h) => {
    expect(keys.verify(h)).toBe(false);
  });

  test("no key configured refuses everything", () => {
    expect(createApiKeys([]).verify("Bearer anything")).toBe(false);
  });
});

describe("loadApiKeys", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "api-keys-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("configured keys are used and nothing is generated", () => {
    const k = loadApiKeys(parseApiKeyList("first-key-0123456789,second-key-0123456789", "API_KEYS"), dir);
    expect(k.generated).toBeUndefined();
    expect(k.identify("Bearer second-key-0123456789")).toEqual({ name: "key2", scope: "admin" });
    expect(fs.existsSync(path.join(dir, "api-key"))).toBe(false);
  });

  test("without configured keys one is generated (admin, named generated), kept with mode 0600, and reused; only the first start created it", () => {
    const first = loadApiKeys(undefined, dir);
    const secret = first.generated!.secret;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{24,}$/);
    expect(first.generated!.createdNow).toBe(true);
    const file = path.join(dir, "api-key");
    expect(first.generated!.file).toBe(file);
    expect(fs.readFileSync(file, "utf8").trim()).toBe(secret);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = loadApiKeys([], dir);
    expect(again.generated).toEqual({ file, secret, createdNow: false });
    expect(again.identify(`Bearer ${secret}`)).toEqual({ name: "generated", scope: "admin" });
    expect(again.keys).toEqual([{ name: "generated", scope: "admin" }]);
  });

  test("two data directories get different keys", () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "api-keys-"));
    try {
      expect(loadApiKeys(undefined, dir).generated!.secret).not.toBe(loadApiKeys(undefined, other).generated!.secret);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
