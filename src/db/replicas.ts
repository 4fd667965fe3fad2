import type { DataSource } from "typeorm";
import type { Logger } from "../logger";
import { isConnectionError } from "./errors";
import type { Queryable } from "./queryable";

/**
 * Read routing: which database serves a request's reads (`ctx.read`). The operation is
 * classified in src/graphql/read-routing.ts; the replicas are managed here.
 *
 * - Mutations (and anything that is not a plain query) read from the primary.
 * - Statistics read from the primary unless `statsOnReplicas`: the contract says every statistic
 *   includes every award acknowledged before the query began, which only the primary (or a
 *   synchronously applied replica) guarantees.
 * - After a mutation the response carries `X-Read-After: <primary WAL LSN>` (taken with
 *   `pg_current_wal_lsn()` after the write). A client that sends it back reads from a replica only
 *   when that replica has replayed at least that far, else from the primary: it reads its own writes.
 * - Any other query reads from the next healthy replica, round-robin.
 *
 * Replica health is cheap: one `SELECT pg_last_wal_replay_lsn()` per replica per `lsnCacheMs`
 * (100 ms), shared by all requests. A replica that fails (connection error, timeout, promoted to
 * primary) is marked down and probed again in the background after `retryDownMs`; a read that
 * fails on a replica with a connection error is retried on the primary, so a replica going away
 * costs no failed request.
 */

const LSN = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

/** A PostgreSQL LSN ("16/B374D848") as a number, or undefined when it is not one. */
export function parseLsn(text: unknown): bigint | undefined {
  if (typeof text !== "string") return undefined;
  const m = LSN.exec(text.trim());
  if (!m) return undefined;
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

export type OperationKind = "query" | "mutation" | "subscription" | "unknown";

/** What read routing needs to know of an operation (src/graphql/read-routing.ts tells it). */
export interface OperationInfo {
  kind: OperationKind;
  /** The document selects a statistic (STATISTIC_FIELDS in src/graphql/read-routing.ts). */
  statistics: boolean;
}

export interface ReadRoutingOptions {
  /** Let statistics read from replicas (they may then miss awards not yet replayed). Default false. */
  statsOnReplicas?: boolean;
  /** How long a replica's replay LSN is trusted before it is asked again. Default 100 ms. */
  lsnCacheMs?: number;
  /** How long a failed replica rests before it is probed again. Default 5 s. */
  retryDownMs?: number;
  /** A health probe slower than this marks the replica down. Default 1 s. */
  probeTimeoutMs?: number;
  /** The clock (tests move it). */
  now?: () => number;
}

interface ReplicaState {
  readonly name: string;
  readonly ds: DataSource;
  up: boolean;
  replayLsn: bigint | undefined;
  checkedAt: number;
  downUntil: number;
  probing: Promise<void> | undefined;
}

export interface RouteRequest {
  operation: OperationInfo;
  /** The client's `X-Read-After` header, when it sent one. */
  readAfter: string | undefined;
}

export interface Route {
  read: Queryable;
  /** "primary" or "replica<N>": for logs. */
  target: string;
  /** Why the primary was chosen, when it was (for logs). */
  reason?: string;
}

export class ReadRouter {
  private readonly replicas: ReplicaState[];
  private next = 0;
  private readonly statsOnReplicas: boolean;
  private readonly lsnCacheMs: number;
  private readonly retryDownMs: number;
  private readonly probeTimeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly primary: Queryable,
    replicas: readonly DataSource[],
    private readonly log: Logger,
    opts: ReadRoutingOptions = {},
  ) {
    this.statsOnReplicas = opts.statsOnReplicas ?? false;
    this.lsnCacheMs = opts.lsnCacheMs ?? 100;
    this.retryDownMs = opts.retryDownMs ?? 5000;
    this.probeTimeoutMs = opts.probeTimeoutMs ?? 1000;
    this.now = opts.now ?? Date.now;
    this.replicas = replicas.map((ds, i) => ({
      name: `replica${i}`,
      ds,
      up: ds.isInitialized,
      replayLsn: undefined,
      checkedAt: Number.NEGATIVE_INFINITY,
      downUntil: 0,
      probing: undefined,
    }));
  }

  /** True when there is at least one replica to route to. */
  get enabled(): boolean {
    return this.replicas.length > 0;
  }

  /** Where this request's reads go. Never throws: in doubt, the primary. */
  async route(req: RouteRequest): Promise<Route> {
    if (!this.enabled) return { read: this.primary, target: "primary" };
    if (req.operation.kind !== "query") return this.onPrimary(req.operation.kind === "mutation" ? "mutation" : "not a query");
    if (req.operation.statistics && !this.statsOnReplicas) return this.onPrimary("statistics");
    let required: bigint | undefined;
    if (req.readAfter !== undefined) {
      required = parseLsn(req.readAfter);
      if (required === undefined) return this.onPrimary("malformed read-after");
    }
    const n = this.replicas.length;
    const start = this.next;
    this.next = (this.next + 1) % n;
    for (let i = 0; i < n; i++) {
      const r = this.replicas[(start + i) % n]!;
      if (await this.usable(r, required)) return { read: this.replicaQueryable(r), target: r.name };
    }
    return this.onPrimary(required === undefined ? "no healthy replica" : "replicas behind read-after");
  }

  /** The primary's current WAL position, for `X-Read-After`; undefined when it cannot be had. */
  async primaryLsn(timeoutMs = 1000): Promise<string | undefined> {
    try {
      const rows = await withTimeout(this.primary.query<{ lsn: string | null }[]>("SELECT pg_current_wal_lsn()::text AS lsn"), timeoutMs);
      return rows[0]?.lsn ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Replica health for logs and tests. */
  status(): { name: string; up: boolean; replayLsn: string | undefined }[] {
    return this.replicas.map((r) => ({
      name: r.name,
      up: r.up,
      replayLsn: r.replayLsn === undefined ? undefined : formatLsn(r.replayLsn),
    }));
  }

  private onPrimary(reason: string): Route {
    return { read: this.primary, target: "primary", reason };
  }

  private async usable(r: ReplicaState, required: bigint | undefined): Promise<boolean> {
    const now = this.now();
    if (!r.up) {
      // Down: probe again in the background once it has rested; this request does not wait.
      if (now >= r.downUntil && !r.probing) void this.probe(r);
      return false;
    }
    if (now - r.checkedAt > this.lsnCacheMs) await this.probe(r);
    if (!r.up) return false;
    if (required !== undefined && (r.replayLsn === undefined || r.replayLsn < required)) return false;
    return true;
  }

  /** One probe at a time per replica; every caller waits for the same one. */
  private probe(r: ReplicaState): Promise<void> {
    if (!r.probing) {
      r.probing = this.runProbe(r).finally(() => {
        r.probing = undefined;
      });
    }
    return r.probing;
  }

  private async runProbe(r: ReplicaState): Promise<void> {
    try {
      if (!r.ds.isInitialized) await withTimeout(r.ds.initialize(), Math.max(this.probeTimeoutMs, 3000));
      const rows = await withTimeout(
        r.ds.query<{ lsn: string | null; standby: boolean }[]>(
          "SELECT pg_last_wal_replay_lsn()::text AS lsn, pg_is_in_recovery() AS standby",
        ),
        this.probeTimeoutMs,
      );
      const row = rows[0];
      const lsn = parseLsn(row?.lsn ?? undefined);
      if (!row?.standby || lsn === undefined) {
        // Promoted, or not a standby at all: its data no longer follows the primary.
        this.markDown(r, "not a standby (pg_is_in_recovery() is false)");
        return;
      }
      if (!r.up) this.log.info({ replica: r.name, replayLsn: formatLsn(lsn) }, "read replica is up");
      r.up = true;
      r.replayLsn = lsn;
      r.checkedAt = this.now();
    } catch (e) {
      this.markDown(r, e instanceof Error ? e.message : String(e));
    }
  }

  private markDown(r: ReplicaState, why: string): void {
    if (r.up || r.downUntil === 0)
      this.log.warn({ replica: r.name, reason: why, retryInMs: this.retryDownMs }, "read replica is down; reading from the primary");
    r.up = false;
    r.downUntil = this.now() + this.retryDownMs;
    r.checkedAt = Number.NEGATIVE_INFINITY;
  }

  /** The replica as a Queryable that falls back to the primary when the replica fails under it. */
  private replicaQueryable(r: ReplicaState): Queryable {
    let fellBack = false;
    return {
      query: async (sql: string, parameters?: unknown[]) => {
        if (fellBack || !r.up) return this.primary.query(sql, parameters);
        try {
          return await r.ds.query(sql, parameters);
        } catch (e) {
          const conflict = sqlState(e) === "40001"; // cancelled by a conflict with recovery
          if (!conflict && !isConnectionError(e)) throw e;
          if (!conflict) this.markDown(r, e instanceof Error ? e.message : String(e));
          fellBack = true;
          return this.primary.query(sql, parameters);
        }
      },
    };
  }
}

function sqlState(e: unknown): string | undefined {
  const x = e as { code?: unknown; driverError?: { code?: unknown } };
  const code = x?.driverError?.code ?? x?.code;
  return typeof code === "string" ? code : undefined;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
