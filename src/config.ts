import fs from "node:fs";
import path from "node:path";
import { ApiKeyListError, parseApiKeyList } from "./auth/api-keys";
import type { ApiKeyEntry } from "./auth/api-keys";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface Config {
  readonly port: number;
  /** postgres://… of a PostgreSQL server; undefined means embedded PGlite in dataDir. */
  readonly databaseUrl: string | undefined;
  /** Read-only replicas for queries (postgres://…), empty when none. */
  readonly replicaUrls: readonly string[];
  /** STATS_ON_REPLICAS: statistics may read from replicas (and then miss awards not yet replayed). */
  readonly statsOnReplicas: boolean;
  /** Connections in each PostgreSQL pool (primary, and each replica). */
  readonly poolSize: number;
  readonly dataDir: string;
  /** Keys from API_KEYS or API_KEYS_FILE; undefined means "generate one and keep it in dataDir". */
  readonly apiKeys: readonly ApiKeyEntry[] | undefined;
  readonly demoData: boolean;
  readonly logLevel: LogLevel;
  /** Directory of the built web console, served at `/` when it exists. */
  readonly webDir: string;
  readonly nodeEnv: string;
  /** STATEMENT_TIMEOUT_MS: the longest a database statement may run before the database cancels it. */
  readonly statementTimeoutMs: number;
  /** WEBHOOK_ALLOW_PRIVATE: webhooks may target loopback and private addresses. */
  readonly webhookAllowPrivate: boolean;
}

const LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export class ConfigError extends Error {}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw.trim() === "") return fallback;
  const v = raw.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off"].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function parseUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL`);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConfigError(`${name} must be a postgres:// URL`);
  }
  return raw;
}

/**
 * API_KEYS, or the file API_KEYS_FILE names (not both). Unset or empty API_KEYS: undefined (a key
 * is generated); a file that cannot be read or holds no key stops the start.
 */
function apiKeysFromEnv(env: NodeJS.ProcessEnv): readonly ApiKeyEntry[] | undefined {
  const file = env.API_KEYS_FILE?.trim();
  const inline = env.API_KEYS?.trim();
  if (file && inline) throw new ConfigError("API_KEYS and API_KEYS_FILE are both set; set one of them");
  let entries: ApiKeyEntry[];
  try {
    if (file) {
      let text: string;
      try {
        text = fs.readFileSync(file, "utf8");
      } catch (e) {
        throw new ConfigError(`API_KEYS_FILE cannot be read (${file}): ${(e as NodeJS.ErrnoException).code ?? "error"}`);
      }
      entries = parseApiKeyList(text, "API_KEYS_FILE");
      if (entries.length === 0) throw new ConfigError(`API_KEYS_FILE (${file}) holds no key`);
      return Object.freeze(entries.map((k) => Object.freeze(k)));
    }
    entries = parseApiKeyList(inline ?? "", "API_KEYS");
  } catch (e) {
    if (e instanceof ApiKeyListError) throw new ConfigError(e.message);
    throw e;
  }
  return entries.length > 0 ? Object.freeze(entries.map((k) => Object.freeze(k))) : undefined;
}

/** Parses the environment once; the result is frozen. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const portRaw = env.PORT?.trim() || "4000";
  const port = Number(portRaw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got "${portRaw}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() ? parseUrl("DATABASE_URL", env.DATABASE_URL.trim()) : undefined;
  const replicaUrls = (env.DATABASE_REPLICA_URLS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((u) => parseUrl("DATABASE_REPLICA_URLS", u));
  if (replicaUrls.length > 0 && !databaseUrl) {
    throw new ConfigError("DATABASE_REPLICA_URLS needs DATABASE_URL (replicas are for PostgreSQL)");
  }
  const poolRaw = env.DATABASE_POOL_SIZE?.trim() || "20";
  const poolSize = Number(poolRaw);
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 1000) {
    throw new ConfigError(`DATABASE_POOL_SIZE must be an integer from 1 to 1000, got "${poolRaw}"`);
  }
  const timeoutRaw = env.STATEMENT_TIMEOUT_MS?.trim() || "5000";
  const statementTimeoutMs = Number(timeoutRaw);
  if (!Number.isInteger(statementTimeoutMs) || statementTimeoutMs < 1 || statementTimeoutMs > 3_600_000) {
    throw new ConfigError(`STATEMENT_TIMEOUT_MS must be an integer from 1 to 3600000, got "${timeoutRaw}"`);
  }
  const keys = apiKeysFromEnv(env);
  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || "info") as LogLevel;
  if (!LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LEVELS.join(", ")}`);
  }
  return Object.freeze({
    port,
    databaseUrl,
    replicaUrls: Object.freeze(replicaUrls),
    statsOnReplicas: parseBoolean("STATS_ON_REPLICAS", env.STATS_ON_REPLICAS, false),
    poolSize,
    dataDir: path.resolve(env.DATA_DIR?.trim() || "./data"),
    apiKeys: keys,
    demoData: parseBoolean("DEMO_DATA", env.DEMO_DATA, databaseUrl === undefined),
    logLevel,
    webDir: path.resolve(env.WEB_DIR?.trim() || "web/dist"),
    nodeEnv: env.NODE_ENV ?? "development",
    statementTimeoutMs,
    webhookAllowPrivate: parseBoolean("WEBHOOK_ALLOW_PRIVATE", env.WEBHOOK_ALLOW_PRIVATE, false),
  });
}
