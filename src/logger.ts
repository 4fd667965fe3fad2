import pino from "pino";
import type { Logger } from "pino";
import type { LogLevel } from "./config";

export type { Logger };

/**
 * The root logger; modules take `logger.child({ module })`. Secrets and Authorization headers are
 * redacted; `key` is a key's name (never its secret: api-contract.md wants it on every mutation's line).
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "achievements" },
      redact: { paths: ["req.headers.authorization", "authorization", "apiKey", "secret"], censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ sync: false }),
  );
}
