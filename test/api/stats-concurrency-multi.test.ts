import { expectAgreementWithOracle, rng } from "../helpers/oracle-agreement";
import { codes, startTestApp } from "../helpers/test-app";
import type { TestApp } from "../helpers/test-app";

/**
 * Requests with several awards each (one transaction per request) sent at once over HTTP, some of
 * them ending in a failing field, and single awards among them: every request without a failing
 * field succeeds, every request
 * with one leaves nothing behind, no award is duplicated, and the aggregates equal the oracle.
 * Awards of several users in one transaction lock their aggregates in request order, so two such
 * requests can deadlock; the service must still answer every valid request.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ poolSize: 20 });
});
afterAll(async () => {
  await t.close();
});

const ZONES = ["UTC", "Europe/Moscow", "Asia/Tokyo", "America/New_York"];

test.each([1, 2, 3])("60 requests of 2-5 awards each and 60 single awards at once agree with the oracle (seed %i)", async (seed) => {
  await t.reset();
  const rand = rng(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
  const userIds: string[] = [];
  for (let i = 0; i < 12; i++) {
    const r = await t.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
      i: { name: `multi ${i}`, language: "EN", timeZone: ZONES[i % ZONES.length] },
    });
    userIds.push(r.data!.createUser.id);
  }
  const achievementIds: string[] = [];
  const poisonIds: string[] = []; // used only by requests that fail: none of their awards may remain
  for (let i = 0; i < 14; i++) {
    const r = await t.gql(`mutation($i: CreateAchievementInput!) { createAchievement(input: $i) { id } }`, {
      i: { points: [1, 2, 3, 5, 8, 13, 21][i % 7], translations: [{ language: "EN", name: `multi prize ${i}`, description: "d" }] },
    });
    (i < 10 ? achievementIds : poisonIds).push(r.data!.createAchievement.id);
  }

  const base = Date.parse("2025-05-01T00:00:00Z");
  const field = (k: number, userId: string, achievementId: string) => {
    const awardedAt = new Date(base + Math.floor(rand() * 10 * 24 * 60) * 60_000).toISOString();
    return `f${k}: awardAchievement(input: { userId: "${userId}", achievementId: "${achievementId}", awardedAt: "${awardedAt}" }) { created award { id } }`;
  };
  const requests: Promise<void>[] = [];
  for (let i = 0; i < 60; i++) {
    const poisoned = i % 6 === 5;
    const n = 2 + Math.floor(rand() * 4);
    const fields = Array.from({ length: n }, (_, k) => field(k, pick(userIds), pick(poisoned ? poisonIds : achievementIds)));
    if (poisoned) fields.push(`bad: awardAchievement(input: { userId: "${pick(userIds)}", achievementId: "999999" }) { created }`);
    requests.push(
      t.gql(`mutation { ${fields.join("\n")} }`).then((r) => {
        if (poisoned) expect(codes(r)).toEqual(["NOT_FOUND"]);
        else expect(r.errors).toBeUndefined();
      }),
    );
  }
  // Single awards race them: a statement that holds no earlier locks, retried when it is a deadlock's victim.
  for (let i = 0; i < 60; i++) {
    requests.push(
      t.gql(`mutation { ${field(0, pick(userIds), pick(achievementIds))} }`).then((r) => {
        expect(r.errors).toBeUndefined();
      }),
    );
  }
  await Promise.all(requests);

  const poison: { n: string }[] = await t.db.dataSource.query(`SELECT count(*) AS n FROM awards WHERE achievement_id = ANY($1::bigint[])`, [
    poisonIds,
  ]);
  expect(Number(poison[0]!.n)).toBe(0);
  expect(await expectAgreementWithOracle(t)).toBeGreaterThan(50);
});

test("a request whose transaction waits on a lock too long is rolled back and run again, whole", async () => {
  await t.reset();
  const user = (await t.gql(`mutation { createUser(input: { name: "Waiter", language: EN }) { id } }`)).data!.createUser.id;
  const a = [];
  for (const points of [5, 7]) {
    const r = await t.gql(`mutation($i: CreateAchievementInput!) { createAchievement(input: $i) { id } }`, {
      i: { points, translations: [{ language: "EN", name: `wait ${points}`, description: "d" }] },
    });
    a.push(r.data!.createAchievement.id);
  }
  // Another transaction holds the achievement's row (its holder count) until the request has
  // lost the lock conflict once (on PostgreSQL; the embedded database has no such conflict: 300 ms).
  const holder = t.db.dataSource.createQueryRunner("master");
  await holder.connect();
  await holder.startTransaction();
  await holder.query(`SELECT * FROM achievements WHERE id = $1 FOR UPDATE`, [a[1]]);
  const first = t.logs.length;
  const lost = () => t.logs.slice(first).some((l) => l.msg === "transaction lost a lock conflict");
  const released = (async () => {
    const until = Date.now() + 20_000;
    if (t.db.kind === "postgres") while (!lost() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    else await new Promise((r) => setTimeout(r, 300));
    await holder.commitTransaction();
    await holder.release();
  })();
  const r = await t.gql(`mutation {
    one: awardAchievement(input: { userId: "${user}", achievementId: "${a[0]}" }) { created }
    two: awardAchievement(input: { userId: "${user}", achievementId: "${a[1]}" }) { created award { user { points achievementCount } } }
  }`);
  await released;
  expect(r.errors).toBeUndefined();
  expect(r.data).toEqual({ one: { created: true }, two: { created: true, award: { user: { points: 12, achievementCount: 2 } } } });
  const runs = t.logs.slice(first).filter((l) => l.msg === "graphql operation");
  if (t.db.kind === "postgres") {
    // The first run waited 200 ms (lock_timeout) for the row and was rolled back; a later one succeeded.
    expect(runs.length).toBeGreaterThan(1);
    expect(runs.at(-1)).toMatchObject({ errors: [], attempt: runs.length });
    expect(runs.slice(0, -1).every((l) => (l.errors as string[]).includes("INTERNAL_SERVER_ERROR"))).toBe(true);
  } else {
    // The embedded database runs one transaction at a time: the request waited its turn.
    expect(runs).toHaveLength(1);
  }
  const rows: { n: string }[] = await t.db.dataSource.query(`SELECT count(*) AS n FROM awards`);
  expect(Number(rows[0]!.n)).toBe(2);
  expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
});

test("a request with several mutations that gets no connection answers SERVICE_UNAVAILABLE and writes nothing", async () => {
  const small = await startTestApp({ poolSize: 2 });
  try {
    const user = (await small.gql(`mutation { createUser(input: { name: "Queued", language: EN }) { id } }`)).data!.createUser.id;
    // Every connection is taken: on PostgreSQL until the answer came (the pool lets a waiter wait
    // 2 s), on the embedded database (one session) for 2.5 s.
    const holders = Array.from({ length: small.db.kind === "postgres" ? 2 : 1 }, () => small.db.dataSource.createQueryRunner("master"));
    await Promise.all(holders.map((h) => h.connect()));
    const release = () => Promise.all(holders.map((h) => h.release()));
    const timer = small.db.kind === "postgres" ? undefined : new Promise((r) => setTimeout(r, 2500)).then(release);
    const r = await small.gql(`mutation {
      a: createUser(input: { name: "Queued Two", language: EN }) { id }
      b: updateUser(id: "${user}", input: { language: RU }) { language }
    }`);
    await (timer ?? release());
    const names: { name: string }[] = await small.db.dataSource.query(`SELECT name FROM users ORDER BY id`);
    if (small.db.kind === "postgres") {
      expect(r.status).toBe(503);
      expect(codes(r)).toEqual(["SERVICE_UNAVAILABLE"]); // the first field failed; a failed non-null mutation field ends the request
      expect(names.map((n) => n.name)).toEqual(["Queued"]);
    } else {
      // The embedded database's one session is lent to the request once the holder lets it go.
      expect(r.errors).toBeUndefined();
      expect(names.map((n) => n.name)).toEqual(["Queued", "Queued Two"]);
    }
  } finally {
    await small.close();
  }
});
