import { EventEmitter } from "node:events";
import { types } from "@electric-sql/pglite";
import type { PGlite, Results } from "@electric-sql/pglite";
import { currentStatementPriority } from "./statement-priority";

/**
 * A `pg`-compatible Pool over one PGlite instance, for TypeORM's postgres driver.
 *
 * PGlite has a single session. Handing it to several TypeORM query runners at once (as
 * typeorm-pglite does) interleaves their transactions: a ROLLBACK of one runner and a
 * COMMIT of another act on the same session, so a failed transaction can end up committed.
 * This pool therefore lends the session to one client at a time: `connect()` waits until the
 * previous client is released, exactly like a pg pool with `max: 1`.
 *
 * Like pg's `connectionTimeoutMillis`, a client that waits longer than `acquireTimeoutMs` for the
 * session gives up: its request answers SERVICE_UNAVAILABLE, and it has written nothing, since
 * it never had the session.
 *
 * Waiting clients get the session in the order they asked, except that background ones (the
 * statements of an expensive request, statement-priority.ts) go after every ordinary one waiting.
 */
export class PGlitePool extends EventEmitter {
  private readonly ordinary: Array<() => void> = [];
  private readonly background: Array<() => void> = [];
  private busy = false;
  private ended = false;

  constructor(
    readonly db: PGlite,
    private readonly options: { acquireTimeoutMs?: number } = {},
  ) {
    super();
  }

  private acquire(): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (this.ended) {
        reject(new Error("the embedded database is closed"));
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const grant = () => {
        clearTimeout(timer);
        this.busy = true;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.busy = false;
          const next = this.ordinary.shift() ?? this.background.shift();
          if (next) next();
        });
      };
      if (!this.busy) {
        grant();
        return;
      }
      const queue = currentStatementPriority() === "background" ? this.background : this.ordinary;
      queue.push(grant);
      const limit = this.options.acquireTimeoutMs;
      if (limit !== undefined) {
        timer = setTimeout(() => {
          const i = queue.indexOf(grant);
          if (i < 0) return;
          queue.splice(i, 1);
          // The message pg-pool gives in the same case: classified as "cannot reach the database".
          reject(new Error(`timeout exceeded when trying to connect: waited ${limit} ms for the embedded database's session`));
        }, limit);
      }
    });
  }

  connect(): Promise<PGliteClient>;
  connect(cb: (err: Error | null, client?: PGliteClient, release?: (err?: unknown) => void) => void): void;
  connect(cb?: (err: Error | null, client?: PGliteClient, release?: (err?: unknown) => void) => void) {
    const p = this.acquire().then(async (release) => {
      const client = new PGliteClient(this.db, release);
      return client;
    });
    if (!cb) return p;
    p.then(
      (client) => cb(null, client, () => client.release()),
      (err: Error) => cb(err),
    );
    return undefined;
  }

  async query(text: string, params?: unknown[]) {
    const client = await this.connect();
    try {
      return await client.query(text, params);
    } finally {
      client.release();
    }
  }

  /** The number of clients waiting for the session (for tests and metrics). */
  get waiting(): number {
    return this.ordinary.length + this.background.length;
  }

  end(cb?: (err?: Error | null) => void): Promise<void> | void {
    this.ended = true;
    if (cb) cb(null);
    else return Promise.resolve();
    return undefined;
  }
}

export interface PgLikeResult {
  rows: Record<string, unknown>[];
  rowCount: number;
  command: string;
  fields: { name: string; dataTypeID: number }[];
}

function toPgResult(r: Results<Record<string, unknown>>): PgLikeResult {
  return {
    rows: r.rows,
    rowCount: r.affectedRows ?? r.rows.length,
    command: (r as { command?: string }).command ?? "",
    fields: r.fields,
  };
}

/** One borrowed use of the session. After release() it refuses further queries. */
export class PGliteClient extends EventEmitter {
  private released = false;

  constructor(
    private readonly db: PGlite,
    private readonly onRelease: () => void,
  ) {
    super();
  }

  async query(text: string, params?: unknown[] | ((err: Error | null, res?: PgLikeResult) => void)) {
    if (typeof params === "function") {
      const cb = params;
      this.run(text, undefined).then(
        (r) => cb(null, r),
        (e: Error) => cb(e),
      );
      return undefined;
    }
    return this.run(text, params);
  }

  private async run(text: string, params: unknown[] | undefined): Promise<PgLikeResult> {
    if (this.released) throw new Error("PGlite client used after release");
    if (params && params.length > 0) {
      return toPgResult(await this.db.query<Record<string, unknown>>(text, params));
    }
    // Without parameters a string may hold several statements (migrations); the last result counts.
    const results = await this.db.exec(text);
    const last = results[results.length - 1];
    return last ? toPgResult(last as Results<Record<string, unknown>>) : { rows: [], rowCount: 0, command: "", fields: [] };
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }
}

/** Type parsers shared with the pg driver: ids and sums as strings, dates as "YYYY-MM-DD". */
export const pgliteParsers = {
  [types.INT8]: (v: string) => v,
  [types.DATE]: (v: string) => v,
  [types.NUMERIC]: (v: string) => v,
};

/** Builds the `driver` object TypeORM expects in place of the `pg` module. */
export function pgliteDriverModule(pool: PGlitePool) {
  return {
    Pool: function PoolFactory() {
      return pool;
    },
  };
}
