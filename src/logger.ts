import pino from "pino";
import type { Logger } from "pino";
import type { LogLevel } from "./config";

export type { Logger };

/** The root logger; modules take `logger.child({ module })`. Keys and Authorization headers are redacted. */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "achievements" },
      redact: { paths: ["req.headers.authorization", "authorization", "apiKey", "key"], censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ sync: false }),
  );
}
