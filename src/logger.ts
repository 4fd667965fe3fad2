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
    destination ?? stdoutDestination(),
  );
}

/** Where the service's log lines go: stdout, written asynchronously (pino's SonicBoom). */
export function stdoutDestination(): LogDestination {
  return pino.destination({ sync: false });
}

export type LogDestination = ReturnType<typeof pino.destination>;

/**
 * Resolves once every line given to `destination` is written, for a process about to exit.
 * Ending the SonicBoom waits for the write in flight and the lines behind it (stdout itself stays
 * open); `logger.flush(cb)` would call back at once, without that wait, as its buffer length is 0.
 * After `timeoutMs` it resolves anyway (a destination whose reader went away never closes).
 */
export function endDestination(destination: LogDestination, timeoutMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    destination.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    destination.end();
  });
}
