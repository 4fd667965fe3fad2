import type { PGlite } from "@electric-sql/pglite";
import { Client } from "pg";
import type { Logger } from "../logger";
import type { PGlitePool } from "./pglite-pool";

/**
 * LISTEN on one channel. `onNotify` runs for every notification; `onConnected` runs each time the
 * listener (re)connects, because notifications sent while it was away are lost and the caller must
 * catch up by reading. `close()` stops listening.
 */
export interface Listener {
  close(): Promise<void>;
}

export interface ListenHandlers {
  onNotify: () => void;
  onConnected: () => void;
}

const RECONNECT_MS = 1000;

/** PostgreSQL: a connection of its own, outside the pool, reconnected when it drops. */
export function listenPostgres(url: string, channel: string, handlers: ListenHandlers, logger: Logger): Listener {
  let closed = false;
  let client: Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  const connect = async () => {
    if (closed) return;
    const c = new Client({
      connectionString: url,
      connectionTimeoutMillis: 2000,
      keepAlive: true,
      application_name: "achievements-listen",
    });
    c.on("notification", (n) => {
      if (n.channel === channel) handlers.onNotify();
    });
    c.on("error", (err) => {
      logger.warn({ err: { message: err.message } }, "event listener connection lost");
      retry(c);
    });
    c.on("end", () => retry(c));
    try {
      await c.connect();
      await c.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    } catch (e) {
      logger.warn({ err: { message: e instanceof Error ? e.message : String(e) } }, "event listener cannot connect; retrying");
      retry(c);
      return;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    handlers.onConnected();
  };
  const retry = (c: Client) => {
    if (closed || timer || (client !== undefined && client !== c)) return;
    client = undefined;
    c.end().catch(() => undefined);
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, RECONNECT_MS);
    timer.unref();
  };
  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      if (c) await c.end().catch(() => undefined);
    },
  };
}

/**
 * PGlite: its one session LISTENs (through the pool, so the statement never lands inside another
 * client's transaction) and PGlite calls back after each commit that notified.
 */
export function listenPGlite(db: PGlite, pool: PGlitePool, channel: string, handlers: ListenHandlers): Listener {
  const off = db.onNotification((ch) => {
    if (ch === channel) handlers.onNotify();
  });
  void pool.query(`LISTEN "${channel.replace(/"/g, '""')}"`).then(
    () => handlers.onConnected(),
    () => undefined,
  );
  return {
    async close() {
      off();
    },
  };
}
