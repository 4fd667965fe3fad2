import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** What a key may do (api-contract.md, "Keys and scopes"). */
export type KeyScope = "award" | "admin";

export const KEY_SCOPES: readonly KeyScope[] = ["award", "admin"];

/** A key as the service shows it: its name and scope, never its secret. */
export interface ApiKey {
  readonly name: string;
  readonly scope: KeyScope;
}

/** A configured key. */
export interface ApiKeyEntry extends ApiKey {
  readonly secret: string;
}

export const MIN_SECRET_LENGTH = 16;
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** The name of the key generated into DATA_DIR. */
export const GENERATED_KEY_NAME = "generated";

/** A key list that cannot be used; the message names entries by position and name, never a secret. */
export class ApiKeyListError extends Error {}

/**
 * Parses `API_KEYS` (or the contents of `API_KEYS_FILE`): entries separated by commas or new
 * lines, each `name:scope:secret` or a bare secret (then named `key<position>`, scope `admin`).
 * Empty entries are skipped; positions count the others, from 1. `source` names the setting in
 * error messages.
 */
export function parseApiKeyList(text: string, source: string): ApiKeyEntry[] {
  const raw = text
    .split(/[,\r\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const entries: ApiKeyEntry[] = [];
  const byName = new Map<string, number>();
  const bySecret = new Map<string, number>();
  raw.forEach((entry, i) => {
    const position = i + 1;
    let name: string;
    let scope: KeyScope;
    let secret: string;
    const parts = entry.split(":");
    if (parts.length === 1) {
      name = `key${position}`;
      scope = "admin";
      secret = entry;
    } else if (parts.length === 2) {
      throw new ApiKeyListError(`${source} entry ${position}: expected name:scope:secret or a bare secret`);
    } else {
      const [n, s] = parts as [string, string];
      if (!NAME.test(n)) {
        throw new ApiKeyListError(`${source} entry ${position}: a key's name is 1-64 of A-Z a-z 0-9 _ . -`);
      }
      name = n;
      if (!KEY_SCOPES.includes(s as KeyScope)) {
        throw new ApiKeyListError(`${source} entry ${position} ("${name}"): the scope must be award or admin`);
      }
      scope = s as KeyScope;
      secret = parts.slice(2).join(":");
    }
    const label = `${source} entry ${position} ("${name}")`;
    if (/\s/.test(secret)) throw new ApiKeyListError(`${label}: the secret contains white space`);
    if ([...secret].length < MIN_SECRET_LENGTH) {
      throw new ApiKeyListError(`${label}: the secret is shorter than ${MIN_SECRET_LENGTH} characters`);
    }
    const sameName = byName.get(name);
    if (sameName !== undefined) throw new ApiKeyListError(`${label}: the name is already used by entry ${sameName}`);
    const sameSecret = bySecret.get(secret);
    if (sameSecret !== undefined) throw new ApiKeyListError(`${label}: the secret is the same as entry ${sameSecret}'s`);
    byName.set(name, position);
    bySecret.set(secret, position);
    entries.push({ name, scope, secret });
  });
  return entries;
}

/** The key generated into DATA_DIR when no key is configured. */
export interface GeneratedKey {
  readonly file: string;
  readonly secret: string;
  /** True only at the start that created it: the one start that prints it. */
  readonly createdNow: boolean;
}

export interface ApiKeys {
  /** The key of `header` ("Bearer <secret>", scheme in any case), or undefined; constant time. */
  identify(header: string | undefined): ApiKey | undefined;
  /** True when `header` carries a known key. */
  verify(header: string | undefined): boolean;
  /** Every key, without its secret. */
  readonly keys: readonly ApiKey[];
  /** The key generated into DATA_DIR, when no key was configured. */
  readonly generated: GeneratedKey | undefined;
}

const digest = (s: string) => crypto.createHash("sha256").update(s, "utf8").digest();

/** Keys from entries; a plain string is a bare secret (named `key<position>`, scope `admin`). */
export function createApiKeys(entries: readonly (ApiKeyEntry | string)[], generated?: GeneratedKey): ApiKeys {
  const keys = entries.map((e, i): ApiKeyEntry => (typeof e === "string" ? { name: `key${i + 1}`, scope: "admin", secret: e } : e));
  const digests = keys.map((k) => digest(k.secret));
  const identify = (header: string | undefined): ApiKey | undefined => {
    if (!header) return undefined;
    const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return undefined;
    // Compare fixed-length digests of every key without stopping early: no timing signal.
    const given = digest(m[1]!);
    let found = -1;
    digests.forEach((d, i) => {
      if (crypto.timingSafeEqual(given, d)) found = i;
    });
    const key = keys[found];
    return key ? { name: key.name, scope: key.scope } : undefined;
  };
  return {
    identify,
    verify: (header) => identify(header) !== undefined,
    keys: keys.map((k) => ({ name: k.name, scope: k.scope })),
    generated,
  };
}

/**
 * The configured keys, or the one kept in `<dataDir>/api-key` (generated on the first start
 * without configured keys, mode 0600; named `generated`, scope `admin`).
 */
export function loadApiKeys(configured: readonly ApiKeyEntry[] | undefined, dataDir: string): ApiKeys {
  if (configured && configured.length > 0) return createApiKeys(configured);
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "api-key");
  let secret: string;
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch {
    secret = "";
  }
  let createdNow = false;
  if (!secret) {
    secret = crypto.randomBytes(24).toString("base64url");
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    createdNow = true;
  }
  return createApiKeys([{ name: GENERATED_KEY_NAME, scope: "admin", secret }], { file, secret, createdNow });
}
