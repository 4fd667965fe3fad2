import { Client } from "pg";
import { ISO_MS, award, createAchievement, createUser } from "../helpers/fixtures";
import { testOn } from "../helpers/databases";
import { subscribe, subscribersStarted } from "../helpers/subscriber";
import { waitUntil } from "../helpers/sync";
import { TEST_KEY, codes, useTestApp } from "../helpers/test-app";

/** Events (api-contract.md): committed with the change, in commit order, delivered to subscribers. */

const t = useTestApp();

// A closed subscription leaves the hub when the server hears of it: each test starts from none.
afterEach(async () => {
  await waitUntil("every subscription ended", () => t.events.subscriberCount === 0);
});

const EVENTS = `subscription($userId: ID) {
  awardEvents(userId: $userId) {
    id kind userId achievementId at
    award { id awardedAt points }
    progress { current target updatedAt }
  }
}`;

const eventRows = async () =>
  (await t.db.dataSource.query(`SELECT id::text AS id, kind, user_id::text AS "userId" FROM award_events ORDER BY id`)) as {
    id: string;
    kind: string;
    userId: string;
  }[];

async function started(query = EVENTS, variables: Record<string, unknown> = {}, params?: Record<string, unknown>) {
  const base = await t.listen();
  const before = t.events.subscriberCount;
  const s = subscribe(base, query, variables, params);
  await subscribersStarted(t.events, before + 1);
  return s;
}

async function revoke(userId: string, achievementId: string, reason: string) {
  const r = await t.gql(`mutation($i: RevokeAwardInput!) { revokeAward(input: $i) { revoked } }`, { i: { userId, achievementId, reason } });
  expect(r.errors).toBeUndefined();
  return r.data!.revokeAward.revoked as boolean;
}

async function report(input: Record<string, unknown>) {
  const r = await t.gql(`mutation($i: ReportProgressInput!) { reportProgress(input: $i) { applied completed } }`, { i: input });
  expect(r.errors).toBeUndefined();
  return r.data!.reportProgress as { applied: boolean; completed: boolean };
}

test("a subscriber receives the AWARDED event of an award committed after it subscribed, with the award as committed", async () => {
  const u = await createUser(t);
  const a = await createAchievement(t, { points: 25 });
  const s = await started();
  try {
    const made = await award(t, u.id, a.id, "2026-01-02T03:04:05.678Z");
    const [e] = await s.take(1);
    expect(e!.awardEvents).toEqual({
      id: expect.stringMatching(/^\d+$/),
      kind: "AWARDED",
      userId: u.id,
      achievementId: a.id,
      at: expect.stringMatching(ISO_MS),
      award: { id: made.award.id, awardedAt: "2026-01-02T03:04:05.678Z", points: 25 },
      progress: null,
    });
  } finally {
    await s.close();
  }
});

test("events come once each, in id order, only those committed after the subscription started, filtered by user", async () => {
  const [u1, u2] = [await createUser(t), await createUser(t)];
  const achievements = [];
  for (let i = 0; i < 4; i++) achievements.push(await createAchievement(t));
  await award(t, u1.id, achievements[0]!.id); // before anyone subscribes
  const all = await started();
  const only2 = await started(EVENTS, { userId: u2.id });
  try {
    await award(t, u1.id, achievements[1]!.id);
    await award(t, u2.id, achievements[1]!.id);
    await award(t, u2.id, achievements[1]!.id); // created: false, no event
    await award(t, u2.id, achievements[2]!.id);
    await award(t, u1.id, achievements[3]!.id);
    const got = (await all.take(4)).map((d) => d.awardEvents);
    const committed = (await eventRows()).slice(1);
    expect(got.map((e) => [e.id, e.kind, e.userId])).toEqual(committed.map((r) => [r.id, r.kind, r.userId]));
    expect(got.map((e) => e.userId)).toEqual([u1.id, u2.id, u2.id, u1.id]);
    const mine = (await only2.take(2)).map((d) => d.awardEvents);
    expect(mine.map((e) => e.id)).toEqual([got[1]!.id, got[2]!.id]);
    // Nothing more arrives: the next event is one committed now, not a repeat.
    await award(t, u2.id, achievements[3]!.id);
    const next = (await only2.take(3))[2]!.awardEvents;
    expect(BigInt(next.id)).toBeGreaterThan(BigInt(got[3]!.id));
    expect(all.errors).toEqual([]);
  } finally {
    await all.close();
    await only2.close();
  }
});

test("a request rolled back commits no event; a request that changes nothing commits none", async () => {
  const u = await createUser(t);
  const a = await createAchievement(t);
  const b = await createAchievement(t);
  const r = await t.gql(
    `mutation($u: ID!, $a: ID!) {
    x: awardAchievement(input: { userId: $u, achievementId: $a }) { created }
    y: awardAchievement(input: { userId: $u, achievementId: "999999" }) { created }
  }`,
    { u: u.id, a: a.id },
  );
  expect(codes(r)).toEqual(["NOT_FOUND"]);
  expect(await eventRows()).toEqual([]);
  await award(t, u.id, b.id);
  await award(t, u.id, b.id);
  expect((await eventRows()).map((e) => e.kind)).toEqual(["AWARDED"]);
});

test("revokeAward commits REVOKED with the revoked award; the AWARDED event keeps revokedAt null; revoked: false commits nothing", async () => {
  const u = await createUser(t);
  const a = await createAchievement(t, { points: 3 });
  const s = await started(`subscription { awardEvents { id kind award { id points revokedAt revocationReason revokedBy } } }`);
  try {
    const made = await award(t, u.id, a.id);
    expect(await revoke(u.id, a.id, "cheating")).toBe(true);
    expect(await revoke(u.id, a.id, "again")).toBe(false);
    const got = (await s.take(2)).map((d) => d.awardEvents);
    expect(got.map((e) => [e.kind, e.award.id, e.award.points, e.award.revocationReason])).toEqual([
      ["AWARDED", made.award.id, 3, null],
      ["REVOKED", made.award.id, 3, "cheating"],
    ]);
    expect(got[0]!.award.revokedAt).toBeNull();
    expect(got[1]!.award.revokedAt).toMatch(ISO_MS);
    const stored: { kind: string; award: Record<string, unknown> }[] = await t.db.dataSource.query(
      `SELECT kind, award FROM award_events ORDER BY id`,
    );
    expect(stored.map((e) => e.kind)).toEqual(["AWARDED", "REVOKED"]);
    expect(stored[0]!.award.revokedAt).toBeNull();
    expect(stored[1]!.award).toMatchObject({ id: made.award.id, revocationReason: "cheating" });
  } finally {
    await s.close();
  }
});

test("reportProgress that raises the progress commits PROGRESSED; the completing report PROGRESSED then AWARDED; reports that change nothing commit none", async () => {
  const u = await createUser(t);
  const created = await t.gql(`mutation($i: CreateAchievementInput!) { createAchievement(input: $i) { id } }`, {
    i: { points: 4, steps: 5, translations: [{ language: "EN", name: "Five steps", description: "d" }] },
  });
  const a = created.data!.createAchievement as { id: string };
  const s = await started();
  try {
    expect(await report({ userId: u.id, achievementId: a.id, increment: 2, requestId: "r1" })).toEqual({ applied: true, completed: false });
    // Changes nothing: atLeast at the progress, and a used requestId.
    expect(await report({ userId: u.id, achievementId: a.id, atLeast: 2 })).toEqual({ applied: true, completed: false });
    expect(await report({ userId: u.id, achievementId: a.id, increment: 1, requestId: "r1" })).toEqual({
      applied: false,
      completed: false,
    });
    expect(await report({ userId: u.id, achievementId: a.id, increment: 3 })).toEqual({ applied: true, completed: true });
    // Held: nothing changes.
    expect(await report({ userId: u.id, achievementId: a.id, increment: 1 })).toEqual({ applied: false, completed: false });
    const got = (await s.take(3)).map((d) => d.awardEvents);
    expect(got.map((e) => [e.kind, e.progress?.current ?? null, e.progress?.target ?? null, e.award?.points ?? null])).toEqual([
      ["PROGRESSED", 2, 5, null],
      ["PROGRESSED", 5, 5, null],
      ["AWARDED", null, null, 4],
    ]);
    expect(got[0]!.progress.updatedAt).toMatch(ISO_MS);
    expect((await eventRows()).map((e) => e.kind)).toEqual(["PROGRESSED", "PROGRESSED", "AWARDED"]);
  } finally {
    await s.close();
  }
});

test("the subscription follows the HTTP limits and runs subscriptions only", async () => {
  const base = await t.listen();
  // 16 levels: awardEvents, award, then user/awards/edges/node three times, user, name.
  const deep = subscribe(
    base,
    `subscription { awardEvents { award { user { awards { edges { node { user { awards { edges { node { user { awards { edges { node { user { name } } } } } } } } } } } } } } } }`,
  );
  const query = subscribe(base, `{ users(first: 1) { edges { node { id } } } }`);
  const badId = subscribe(base, `subscription { awardEvents(userId: "x") { id } }`);
  try {
    await expect(deep.take(1)).rejects.toThrow(/nesting limit is 15/);
    await expect(query.take(1)).rejects.toThrow(/Only subscriptions/);
    await expect(badId.take(1)).rejects.toThrow(/BAD_USER_INPUT|userId/);
  } finally {
    await Promise.all([deep.close(), query.close(), badId.close()]);
  }
});

test("connection_init's authorization counts as the header: an unknown secret is anonymous", async () => {
  const u = await createUser(t);
  const a = await createAchievement(t);
  const keyed = await started(`subscription { awardEvents { id } }`, {}, { authorization: `Bearer ${TEST_KEY}` });
  const unknown = await started(`subscription { awardEvents { id } }`, {}, { authorization: "Bearer not-a-key-at-all-0000" });
  try {
    await award(t, u.id, a.id);
    expect((await keyed.take(1))[0]!.awardEvents.id).toEqual((await unknown.take(1))[0]!.awardEvents.id);
  } finally {
    await keyed.close();
    await unknown.close();
  }
});

/**
 * Two real PostgreSQL connections. Progress rows (PROGRESSED events) of different users: unlike
 * awards, whose aggregate triggers share rows (points levels, streaks) and would make the second
 * transaction wait for the first, they let the two transactions commit in any order.
 */
async function twoProgressRows() {
  const [u, v] = [await createUser(t), await createUser(t)];
  const a = await createAchievement(t);
  await t.db.dataSource.query(`UPDATE achievements SET steps = 10 WHERE id = $1`, [a.id]);
  const url = (t.db.dataSource.options as { url: string }).url;
  const insert = (c: Client, userId: string) =>
    c.query(`INSERT INTO achievement_progress (user_id, achievement_id, current, updated_at) VALUES ($1, $2, 1, now())`, [userId, a.id]);
  return { u, v, url, insert };
}

testOn(
  "postgres",
  "event ids follow the commits, not the starts: a transaction that starts and writes later but commits first gets the smaller id",
  async () => {
    const { u, v, url, insert } = await twoProgressRows();
    const [first, second] = [new Client({ connectionString: url }), new Client({ connectionString: url })];
    await first.connect();
    await second.connect();
    try {
      await first.query("BEGIN");
      await insert(first, u.id);
      const early = await first.query(`SELECT nextval('award_event_ids')::text AS n`);
      await second.query("BEGIN");
      await insert(second, v.id);
      const late = await second.query(`SELECT nextval('award_event_ids')::text AS n`);
      // Sequence values drawn in the transactions follow their starts ...
      expect(BigInt(early.rows[0].n)).toBeLessThan(BigInt(late.rows[0].n));
      await second.query("COMMIT");
      await first.query("COMMIT");
      // ... the event ids follow the commits.
      const rows = await eventRows();
      expect(rows.map((r) => r.userId)).toEqual([v.id, u.id]);
      expect(BigInt(rows[0]!.id)).toBeLessThan(BigInt(rows[1]!.id));
    } finally {
      await first.query("ROLLBACK").catch(() => undefined);
      await second.query("ROLLBACK").catch(() => undefined);
      await first.end();
      await second.end();
    }
  },
);

testOn(
  "postgres",
  "a commit that waits for the event lock is not visible, and neither is any commit after it, until the lock passes in order",
  async () => {
    const { u, v, url, insert } = await twoProgressRows();
    const [first, second, holder] = [url, url, url].map((c) => new Client({ connectionString: c }));
    for (const c of [first!, second!, holder!]) await c.connect();
    try {
      // The holder plays a commit still flushing: it holds the event lock.
      await holder!.query(`SELECT pg_advisory_lock(1164205200, 1)`);
      await first!.query("BEGIN");
      await insert(first!, u.id);
      const firstCommit = first!.query("COMMIT");
      await waitForLockWaiters(holder!, 1);
      await second!.query("BEGIN");
      await insert(second!, v.id);
      const secondCommit = second!.query("COMMIT");
      await waitForLockWaiters(holder!, 2);
      // Both are in COMMIT, waiting: no event and no progress row is visible yet.
      expect(await eventRows()).toEqual([]);
      expect(await t.db.dataSource.query(`SELECT * FROM achievement_progress`)).toEqual([]);
      await holder!.query(`SELECT pg_advisory_unlock(1164205200, 1)`);
      await Promise.all([firstCommit, secondCommit]);
      const rows = await eventRows();
      expect(rows.map((r) => r.userId)).toEqual([u.id, v.id]);
    } finally {
      for (const c of [first!, second!, holder!]) await c.end();
    }
  },
);

async function waitForLockWaiters(c: Client, n: number): Promise<void> {
  for (;;) {
    const r = await c.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = 1164205200`);
    if (r.rows[0].n >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test("event ids are unique and increasing over many concurrent awards, each award with exactly one event", async () => {
  const users: { id: string }[] = [];
  for (let i = 0; i < 5; i++) users.push(await createUser(t));
  const achievements: { id: string }[] = [];
  for (let i = 0; i < 4; i++) achievements.push(await createAchievement(t));
  const s = await started(`subscription { awardEvents { id award { id } } }`);
  try {
    const made = await Promise.all(users.flatMap((u) => achievements.map((a) => award(t, u.id, a.id))));
    const got = (await s.take(made.length)).map((d) => d.awardEvents);
    const ids = got.map((e) => BigInt(e.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    expect(new Set(got.map((e) => e.award.id))).toEqual(new Set(made.map((m) => m.award.id)));
  } finally {
    await s.close();
  }
});
