import pino from "pino";
import type { DataSource } from "typeorm";
import { createSchema } from "../../src/graphql/schema";
import { ReadRouter, formatLsn, parseLsn } from "../../src/db/replicas";
import type { OperationInfo } from "../../src/db/replicas";
import { OperationClassifier } from "../../src/graphql/read-routing";
import type { Queryable } from "../../src/db/queryable";

/**
 * Read routing without a database: the primary and the replicas are fakes that record the SQL they
 * are asked. The real thing (a streaming replica of the local PostgreSQL) is exercised by
 * test/deploy/run-replica-test.sh.
 */

const silent = pino({ level: "silent" });

class FakeDb implements Queryable {
  readonly seen: string[] = [];
  isInitialized = true;
  replayLsn: string | null = "0/10";
  standby = true;
  fail: Error | undefined;
  constructor(readonly name: string) {}
  async initialize(): Promise<this> {
    if (this.fail) throw this.fail;
    this.isInitialized = true;
    return this;
  }
  async query<T>(sql: string): Promise<T> {
    if (this.fail) throw this.fail;
    this.seen.push(sql);
    if (sql.includes("pg_last_wal_replay_lsn")) return [{ lsn: this.replayLsn, standby: this.standby }] as T;
    if (sql.includes("pg_current_wal_lsn")) return [{ lsn: "0/100" }] as T;
    return [{ from: this.name }] as T;
  }
}

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5433"), { code: "ECONNREFUSED" });

function setup(replicaCount = 2, opts: { statsOnReplicas?: boolean } = {}) {
  let now = 1_000_000;
  const primary = new FakeDb("primary");
  const replicas = Array.from({ length: replicaCount }, (_, i) => new FakeDb(`replica${i}`));
  const router = new ReadRouter(primary, replicas as unknown as DataSource[], silent, { ...opts, now: () => now });
  return {
    primary,
    replicas,
    router,
    advance(ms: number) {
      now += ms;
    },
  };
}

const QUERY: OperationInfo = { kind: "query", statistics: false };

async function readFrom(router: ReadRouter, readAfter?: string, operation: OperationInfo = QUERY): Promise<string> {
  const route = await router.route({ operation, readAfter });
  const rows = await route.read.query<{ from: string }[]>("SELECT 1");
  expect(rows[0]!.from).toBe(route.target);
  return route.target;
}

describe("LSN parsing", () => {
  it("reads PostgreSQL's text form and orders by position", () => {
    expect(parseLsn("0/0")).toBe(0n);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) | 0xb374d848n);
    expect(parseLsn("1/0")! > parseLsn("0/FFFFFFFF")!).toBe(true);
    expect(formatLsn(parseLsn("16/B374D848")!)).toBe("16/B374D848");
    for (const bad of ["", "16", "16/", "/1", "x/1", "123456789/0", "1/2/3", " 1 / 2 ", undefined, 5]) {
      expect(parseLsn(bad)).toBeUndefined();
    }
  });
});

describe("operation classifier", () => {
  const c = new OperationClassifier(createSchema());

  it("tells queries from mutations, by operationName when there are several", () => {
    expect(c.classify("{ users { totalCount } }", undefined)).toEqual({ kind: "query", statistics: false });
    expect(c.classify('mutation { createUser(input: {name: "a", language: EN}) { id } }', undefined).kind).toBe("mutation");
    const doc = 'query A { users { totalCount } } mutation B { createUser(input: {name: "a", language: EN}) { id } }';
    expect(c.classify(doc, "A").kind).toBe("query");
    expect(c.classify(doc, "B").kind).toBe("mutation");
    expect(c.classify(doc, undefined).kind).toBe("unknown");
    expect(c.classify("mutation { createUser(", undefined).kind).toBe("unknown");
    // Without a keyword that needs parsing nothing is parsed: a broken plain query may be routed
    // to a replica, where Apollo rejects it before any read.
    expect(c.classify("{ users { ", undefined).kind).toBe("query");
    expect(c.classify(undefined, undefined).kind).toBe("unknown");
    expect(c.classify(["{ a }"], undefined).kind).toBe("unknown");
  });

  it("finds statistics by parent type, through fragments and aliases", () => {
    expect(c.classify("{ stats { mostPoints { points } } }", undefined).statistics).toBe(true);
    expect(c.classify("{ user(id: 1) { p: points } }", undefined).statistics).toBe(true);
    expect(c.classify("{ users { edges { node { ...F } } } } fragment F on User { longestStreak { days } }", undefined).statistics).toBe(
      true,
    );
    expect(c.classify("{ achievements { edges { node { holderCount } } } }", undefined).statistics).toBe(true);
    // An achievement's points and an award's points are data, not statistics.
    expect(c.classify("{ achievements { edges { node { points } } } }", undefined).statistics).toBe(false);
    expect(c.classify("{ user(id: 1) { awards { edges { node { points } } } } }", undefined).statistics).toBe(false);
  });
});

describe("read router", () => {
  it("without replicas reads from the primary", async () => {
    const { router } = setup(0);
    expect(router.enabled).toBe(false);
    expect(await readFrom(router)).toBe("primary");
  });

  it("spreads queries over healthy replicas, round-robin", async () => {
    const { router } = setup(2);
    const targets = [];
    for (let i = 0; i < 4; i++) targets.push(await readFrom(router));
    expect(targets).toEqual(["replica0", "replica1", "replica0", "replica1"]);
  });

  it("keeps mutations, unknown operations and (by default) statistics on the primary", async () => {
    const { router } = setup(2);
    expect(await readFrom(router, undefined, { kind: "mutation", statistics: false })).toBe("primary");
    expect(await readFrom(router, undefined, { kind: "unknown", statistics: true })).toBe("primary");
    expect(await readFrom(router, undefined, { kind: "query", statistics: true })).toBe("primary");
    const onReplicas = setup(2, { statsOnReplicas: true });
    expect(await readFrom(onReplicas.router, undefined, { kind: "query", statistics: true })).toBe("replica0");
  });

  it("honours X-Read-After: a replica serves only once it has replayed that far", async () => {
    const { router, replicas, advance } = setup(2);
    replicas[0]!.replayLsn = "0/50";
    replicas[1]!.replayLsn = "0/200";
    expect(await readFrom(router, "0/100")).toBe("replica1");
    expect(await readFrom(router, "0/100")).toBe("replica1");
    expect(await readFrom(router, "0/300")).toBe("primary");
    expect(await readFrom(router, "nonsense")).toBe("primary");
    // The replay position is cached for 100 ms, then asked again.
    replicas[0]!.replayLsn = "0/300";
    expect(await readFrom(router, "0/300")).toBe("primary");
    advance(150);
    expect(await readFrom(router, "0/300")).toBe("replica0");
  });

  it("asks each replica for its replay position at most once per 100 ms", async () => {
    const { router, replicas, advance } = setup(1);
    for (let i = 0; i < 20; i++) await router.route({ operation: QUERY, readAfter: undefined });
    const probes = () => replicas[0]!.seen.filter((s) => s.includes("pg_last_wal_replay_lsn")).length;
    expect(probes()).toBe(1);
    advance(101);
    await Promise.all(Array.from({ length: 10 }, () => router.route({ operation: QUERY, readAfter: undefined })));
    expect(probes()).toBe(2);
  });

  it("marks a failing replica down, falls back to the primary, and takes it back after it rests", async () => {
    const { router, replicas, advance } = setup(1);
    expect(await readFrom(router)).toBe("replica0");
    // The replica dies under a chosen route: the read is retried on the primary.
    const route = await router.route({ operation: QUERY, readAfter: undefined });
    replicas[0]!.fail = refused();
    const rows = await route.read.query<{ from: string }[]>("SELECT 1");
    expect(rows[0]!.from).toBe("primary");
    expect(router.status()[0]!.up).toBe(false);
    expect(await readFrom(router)).toBe("primary");
    // Back again: not before the rest period, then after a background probe.
    replicas[0]!.fail = undefined;
    advance(1000);
    expect(await readFrom(router)).toBe("primary");
    advance(5000);
    expect(await readFrom(router)).toBe("primary"); // starts the probe, does not wait for it
    await new Promise((r) => setImmediate(r));
    advance(1);
    expect(await readFrom(router)).toBe("replica0");
  });

  it("does not use a replica that was promoted (not in recovery) or never answered", async () => {
    const { router, replicas } = setup(2);
    replicas[0]!.standby = false;
    replicas[1]!.isInitialized = false;
    replicas[1]!.fail = refused();
    const r = new ReadRouter(new FakeDb("primary"), replicas as unknown as DataSource[], silent);
    expect(await readFrom(r)).toBe("primary");
    expect(await readFrom(router)).toBe("primary");
  });

  it("does not swallow SQL errors that are not about the connection", async () => {
    const { router, replicas } = setup(1);
    const route = await router.route({ operation: QUERY, readAfter: undefined });
    replicas[0]!.fail = Object.assign(new Error("division by zero"), { code: "22012" });
    await expect(route.read.query("SELECT 1/0")).rejects.toThrow("division by zero");
  });

  it("answers the primary's WAL position for X-Read-After", async () => {
    const { router } = setup(1);
    expect(await router.primaryLsn()).toBe("0/100");
  });
});
