import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface ApiKeys {
  /** True when `header` is "Bearer <key>" (scheme in any case) with a known key; constant time. */
  verify(header: string | undefined): boolean;
  /** The key generated into DATA_DIR, when API_KEYS was not set. */
  readonly generated: string | undefined;
}

const digest = (s: string) => crypto.createHash("sha256").update(s, "utf8").digest();

export function createApiKeys(keys: readonly string[], generated?: string): ApiKeys {
  const digests = keys.map(digest);
  return {
    generated,
    verify(header) {
      if (!header) return false;
      const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
      if (!m) return false;
      // Compare fixed-length digests of every key without stopping early: no timing signal.
      const given = digest(m[1]!);
      let ok = false;
      for (const d of digests) ok = crypto.timingSafeEqual(given, d) || ok;
      return ok;
    },
  };
}

/** Keys from API_KEYS, or the key kept in `<dataDir>/api-key` (generated on first start, mode 0600). */
export function loadApiKeys(configured: readonly string[] | undefined, dataDir: string): ApiKeys {
  if (configured && configured.length > 0) return createApiKeys(configured);
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "api-key");
  let key: string;
  try {
    key = fs.readFileSync(file, "utf8").trim();
  } catch {
    key = "";
  }
  if (!key) {
    key = crypto.randomBytes(24).toString("base64url");
    fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  }
  return createApiKeys([key], key);
}
