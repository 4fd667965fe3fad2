import { expectAgreementWithOracle, rng, seedAchievements, seedUsers, settleAll } from "../helpers/oracle-agreement";
import { testOn } from "../helpers/databases";
import { poolWaiting, waitUntil } from "../helpers/sync";
import { codes, startTestApp, useTestApp } from "../helpers/test-app";

/**
 * Requests with several awards each (one transaction per request) sent at once over HTTP, some of
 * them ending in a failing field, and single awards among them: every request without a failing
 * field succeeds, every request
 * with one leaves nothing behind, no award is duplicated, and the aggregates equal the oracle.
 * Awards of several users in one transaction lock their aggregates in request order, so two such
 * requests can deadlock; the service must still answer every valid request.
 */

const t = useTestApp({ poolSize: 20 });

const ZONES = ["UTC", "Europe/Moscow", "Asia/Tokyo", "America/New_York"];

test.each([1, 2, 3])("60 requests of 2-5 awards each and 60 single awards at once agree with the oracle (seed %i)", async (seed) => {
  const rand = rng(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
  const userIds = await seedUsers(t, 12, ZONES, "multi");
  const prizes = await seedAchievements(t, 14, [1, 2, 3, 5, 8, 13, 21], "multi prize");
  const achievementIds = prizes.slice(0, 10);
  const poisonIds = prizes.slice(10); // used only by requests that fail: none of their awards may remain

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
  await settleAll(requests);

  const poison: { n: string }[] = await t.db.dataSource.query(`SELECT count(*) AS n FROM awards WHERE achievement_id = ANY($1::bigint[])`, [
    poisonIds,
  ]);
  expect(Number(poison[0]!.n)).toBe(0);
  expect(await expectAgreementWithOracle(t)).toBeGreaterThan(50);
});

/** A user and two achievements (5 and 7 points); another transaction holds the second one's row. */
async function userAndHeldAchievements() {
  const user = (await t.gql(`mutation { createUser(input: { name: "Waiter", language: EN }) { id } }`)).data!.createUser.id as string;
  const a: string[] = [];
  for (const points of [5, 7]) {
    const r = await t.gql(`mutation($i: CreateAchievementInput!) { createAchievement(input: $i) { id } }`, {
      i: { points, translations: [{ language: "EN", name: `wait ${points}`, description: "d" }] },
    });
    a.push(r.data!.createAchievement.id);
  }
  const holder = t.db.dataSource.createQueryRunner("master");
  await holder.connect();
  await holder.startTransaction();
  await holder.query(`SELECT * FROM achievements WHERE id = $1 FOR UPDATE`, [a[1]]);
  const release = async () => {
    await holder.commitTransaction();
    await holder.release();
  };
  const request = () =>
    t.gql(`mutation {
      one: awardAchievement(input: { userId: "${user}", achievementId: "${a[0]}" }) { created }
      two: awardAchievement(input: { userId: "${user}", achievementId: "${a[1]}" }) { created award { user { points achievementCount } } }
    }`);
  return { release, request, firstLog: t.logs.length };
}

async function expectBothAwardsKept(r: { errors?: unknown; data?: unknown }) {
  expect(r.errors).toBeUndefined();
  expect(r.data).toEqual({ one: { created: true }, two: { created: true, award: { user: { points: 12, achievementCount: 2 } } } });
  const rows: { n: string }[] = await t.db.dataSource.query(`SELECT count(*) AS n FROM awards`);
  expect(Number(rows[0]!.n)).toBe(2);
  expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
}

testOn("postgres", "a request whose transaction waits on a lock too long is rolled back and run again, whole", async () => {
  const held = await userAndHeldAchievements();
  const lost = () => t.logs.slice(held.firstLog).some((l) => l.msg === "transaction lost a lock conflict");
  // The holder lets the row go once the request has lost the lock conflict once.
  const released = waitUntil("a lost lock conflict in the log", lost).finally(held.release);
  const r = await held.request();
  await released;
  await expectBothAwardsKept(r);
  // The first run waited 200 ms (lock_timeout) for the row and was rolled back; a later one succeeded.
  const runs = t.logs.slice(held.firstLog).filter((l) => l.msg === "graphql operation");
  expect(runs.length).toBeGreaterThan(1);
  expect(runs.at(-1)).toMatchObject({ errors: [], attempt: runs.length });
  expect(runs.slice(0, -1).every((l) => (l.errors as string[]).includes("INTERNAL_SERVER_ERROR"))).toBe(true);
});

testOn("pglite", "a request waits its turn for the one session while another transaction holds it, then runs once, whole", async () => {
  const held = await userAndHeldAchievements();
  // The holder lets the session go once the request is queued for it.
  const released = waitUntil("the request queued for the session", () => poolWaiting(t.db) > 0).finally(held.release);
  const r = await held.request();
  await released;
  await expectBothAwardsKept(r);
  expect(t.logs.slice(held.firstLog).filter((l) => l.msg === "graphql operation")).toHaveLength(1);
});

const SEVERAL = (user: string) => `mutation {
  a: createUser(input: { name: "Queued Two", language: EN }) { id }
  b: updateUser(id: "${user}", input: { language: RU }) { language }
}`;
const userNames = async (db: { dataSource: { query(sql: string): Promise<{ name: string }[]> } }) =>
  (await db.dataSource.query(`SELECT name FROM users ORDER BY id`)).map((n) => n.name);

testOn("postgres", "a request with several mutations that gets no connection answers SERVICE_UNAVAILABLE and writes nothing", async () => {
  const small = await startTestApp({ poolSize: 2 });
  try {
    const user = (await small.gql(`mutation { createUser(input: { name: "Queued", language: EN }) { id } }`)).data!.createUser.id;
    // Every connection is taken until the answer came (the pool lets a waiter wait 2 s).
    const holders = Array.from({ length: 2 }, () => small.db.dataSource.createQueryRunner("master"));
    await Promise.all(holders.map((h) => h.connect()));
    const r = await small.gql(SEVERAL(user));
    await Promise.all(holders.map((h) => h.release()));
    expect(r.status).toBe(503);
    expect(codes(r)).toEqual(["SERVICE_UNAVAILABLE"]); // the first field failed; a failed non-null mutation field ends the request
    expect(await userNames(small.db)).toEqual(["Queued"]);
  } finally {
    await small.close();
  }
});

testOn("pglite", "a request with several mutations waits for the one session as long as it is held, then writes both", async () => {
  const small = await startTestApp();
  try {
    const user = (await small.gql(`mutation { createUser(input: { name: "Queued", language: EN }) { id } }`)).data!.createUser.id;
    const holder = small.db.dataSource.createQueryRunner("master");
    await holder.connect();
    const released = (async () => {
      await waitUntil("the request queued for the session", () => poolWaiting(small.db) > 0);
      // A sleep stays: the session is held longer than PostgreSQL's 2 s connection wait, to show the embedded pool has none.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await holder.release();
    })();
    const r = await small.gql(SEVERAL(user));
    await released;
    expect(r.errors).toBeUndefined();
    expect(await userNames(small.db)).toEqual(["Queued", "Queued Two"]);
  } finally {
    await small.close();
  }
});
