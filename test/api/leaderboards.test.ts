import { award, createAchievement, createUser, ok } from "../helpers/fixtures";
import { revokeAwardById } from "../helpers/revocation";
import { useTestApp } from "../helpers/test-app";

/** Leaderboards and User.rank through HTTP: periods, ties, pages, `around`, errors, revocations. */
const t = useTestApp();

const BOARD = `query($m: LeaderboardMetric, $p: LeaderboardPeriod, $at: DateTime, $first: Int, $after: String, $around: ID) {
  stats { leaderboard(metric: $m, period: $p, at: $at, first: $first, after: $after, around: $around) {
    metric period periodStart periodEnd totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { rank value user { id } } }
  } }
}`;

type Vars = { m?: string; p?: string; at?: string; first?: number; after?: string; around?: string };

async function board(vars: Vars) {
  return ok(await t.gql(BOARD, vars)).stats.leaderboard;
}

const rows = (b: any) => b.edges.map((e: any) => [e.node.user.id, e.node.value, e.node.rank]);

async function users(n: number) {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await createUser(t)).id);
  return out;
}

test("ranks with ties (1, 2, 2, 4), value descending then id, only values above 0, on both metrics", async () => {
  const [a, b, c, d, e] = await users(5);
  const x10 = await createAchievement(t, { points: 10 });
  const x20 = await createAchievement(t, { points: 20 });
  const x5 = await createAchievement(t, { points: 5 });
  await award(t, a!, x10.id);
  await award(t, a!, x20.id); // a: 30, 2 achievements
  await award(t, b!, x20.id); // b: 20, 1
  await award(t, c!, x10.id);
  await award(t, c!, x5.id);
  await award(t, c!, x5.id); // repeat: nothing; c: 15, 2
  await award(t, d!, x20.id); // d: 20, 1
  void e; // e holds nothing: not ranked

  const p = await board({ first: 10 });
  expect(p).toMatchObject({ metric: "POINTS", period: "ALL_TIME", periodStart: null, periodEnd: null, totalCount: 4 });
  expect(rows(p)).toEqual([
    [a, 30, 1],
    [b, 20, 2],
    [d, 20, 2],
    [c, 15, 4],
  ]);
  expect(p.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });

  const n = await board({ m: "ACHIEVEMENTS", first: 10 });
  expect(rows(n)).toEqual([
    [a, 2, 1],
    [c, 2, 1],
    [b, 1, 3],
    [d, 1, 3],
  ]);

  const ranks = ok(
    await t.gql(`query($ids: ID!) { a: user(id: $ids) { rank p: rank(metric: POINTS) n: rank(metric: ACHIEVEMENTS, period: ALL_TIME) } }`, {
      ids: c,
    }),
  );
  expect(ranks.a).toEqual({ rank: 4, p: 4, n: 1 });
  const none = ok(await t.gql(`query($id: ID!) { user(id: $id) { rank day: rank(period: DAY) } }`, { id: e }));
  expect(none.user).toEqual({ rank: null, day: null });

  // ALL_TIME rank 1 is exactly mostPoints' users (and mostAchievements').
  const s = ok(
    await t.gql(`{ stats { mostPoints { users { id } } mostAchievements { users { id } }
      p: leaderboard(first: 100) { edges { node { rank user { id } } } }
      n: leaderboard(metric: ACHIEVEMENTS, first: 100) { edges { node { rank user { id } } } } } }`),
  ).stats;
  const top = (l: any) => l.edges.filter((x: any) => x.node.rank === 1).map((x: any) => x.node.user.id);
  expect(top(s.p)).toEqual(s.mostPoints.users.map((u: any) => u.id));
  expect(top(s.n)).toEqual(s.mostAchievements.users.map((u: any) => u.id));
});

test("periods are UTC: a Sunday 23:59:59.999Z award and a Monday 00:00Z award fall in different weeks; at picks the period", async () => {
  const [a, b] = await users(2);
  const x = await createAchievement(t, { points: 7 });
  const y = await createAchievement(t, { points: 3 });
  await award(t, a!, x.id, "2025-06-01T23:59:59.999Z"); // Sunday
  await award(t, b!, y.id, "2025-06-02T00:00:00.000Z"); // Monday

  const sunday = await board({ p: "WEEK", at: "2025-06-01T12:00:00Z" });
  expect(sunday).toMatchObject({ periodStart: "2025-05-26T00:00:00.000Z", periodEnd: "2025-06-02T00:00:00.000Z", totalCount: 1 });
  expect(rows(sunday)).toEqual([[a, 7, 1]]);
  const monday = await board({ p: "WEEK", at: "2025-06-02T00:00:00.000+03:00" }); // Sunday 21:00 UTC: still the first week
  expect(rows(monday)).toEqual([[a, 7, 1]]);
  const next = await board({ p: "WEEK", at: "2025-06-08T23:59:59.999Z" });
  expect(next).toMatchObject({ periodStart: "2025-06-02T00:00:00.000Z", periodEnd: "2025-06-09T00:00:00.000Z" });
  expect(rows(next)).toEqual([[b, 3, 1]]);

  const day = await board({ p: "DAY", at: "2025-06-01T00:00:00Z" });
  expect(day).toMatchObject({ periodStart: "2025-06-01T00:00:00.000Z", periodEnd: "2025-06-02T00:00:00.000Z" });
  expect(rows(day)).toEqual([[a, 7, 1]]);
  const month = await board({ p: "MONTH", at: "2025-06-30T23:59:59Z", m: "ACHIEVEMENTS" });
  expect(month).toMatchObject({ periodStart: "2025-06-01T00:00:00.000Z", periodEnd: "2025-07-01T00:00:00.000Z" });
  expect(rows(month)).toEqual([
    [a, 1, 1],
    [b, 1, 1],
  ]);
  expect(rows(await board({ p: "MONTH", at: "2025-05-31T23:59:59.999Z" }))).toEqual([]);
  const empty = await board({ p: "DAY", at: "2024-02-29T10:00:00Z" });
  expect(empty).toMatchObject({ periodStart: "2024-02-29T00:00:00.000Z", periodEnd: "2024-03-01T00:00:00.000Z", totalCount: 0, edges: [] });

  // Without `at`, the current period by the server's clock; User.rank too.
  t.setNow(Date.parse("2025-06-03T08:00:00Z"));
  expect(rows(await board({ p: "WEEK" }))).toEqual([[b, 3, 1]]);
  expect(rows(await board({ p: "DAY" }))).toEqual([]);
  const r = ok(
    await t.gql(
      `query($a: ID!, $b: ID!) { a: user(id: $a) { w: rank(period: WEEK) m: rank(period: MONTH) all: rank } b: user(id: $b) { w: rank(period: WEEK) } }`,
      { a, b },
    ),
  );
  expect(r).toEqual({ a: { w: null, m: 1, all: 1 }, b: { w: 1 } });
});

test("pages follow with after; first is 1-100; a cursor of another board or after with around is BAD_USER_INPUT", async () => {
  const ids = await users(7);
  const x = await createAchievement(t, { points: 4 });
  const y = await createAchievement(t, { points: 6 });
  for (const [i, id] of ids.entries()) {
    await award(t, id, x.id, "2025-01-10T10:00:00Z");
    if (i % 3 === 0) await award(t, id, y.id, "2025-01-11T10:00:00Z");
  }
  const whole = await board({ first: 100, p: "MONTH", at: "2025-01-01T00:00:00Z" });
  const seen: unknown[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await board({ first: 2, after, p: "MONTH", at: "2025-01-31T00:00:00Z" });
    seen.push(...rows(page));
    expect(page.pageInfo.hasPreviousPage).toBe(after !== undefined);
    expect(page.totalCount).toBe(7);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(seen).toEqual(rows(whole));
  expect(rows(whole).map((r: any) => r[2])).toEqual([1, 1, 1, 4, 4, 4, 4]);

  const err = async (vars: Vars) => (await t.gql(BOARD, vars)).errors?.map((e) => [e.extensions?.code, e.extensions?.field]);
  expect(await err({ first: 0 })).toEqual([["BAD_USER_INPUT", "first"]]);
  expect(await err({ first: 101 })).toEqual([["BAD_USER_INPUT", "first"]]);
  const cursor = whole.edges[0].cursor;
  expect(await err({ after: cursor })).toEqual([["BAD_USER_INPUT", "after"]]); // ALL_TIME
  expect(await err({ after: cursor, p: "MONTH", at: "2025-02-01T00:00:00Z" })).toEqual([["BAD_USER_INPUT", "after"]]);
  expect(await err({ after: cursor, p: "MONTH", m: "ACHIEVEMENTS", at: "2025-01-01T00:00:00Z" })).toEqual([["BAD_USER_INPUT", "after"]]);
  expect(await err({ after: "nonsense" })).toEqual([["BAD_USER_INPUT", "after"]]);
  expect(await err({ after: cursor, around: ids[0], p: "MONTH", at: "2025-01-01T00:00:00Z" })).toEqual([["BAD_USER_INPUT", "after"]]);
  expect(await err({ at: "2025-13-01T00:00:00Z" })).toEqual([["BAD_USER_INPUT", "at"]]);
  expect((await board({ first: 100, after: cursor, p: "MONTH", at: "2025-01-20T00:00:00Z" })).edges).toHaveLength(6);
});

test("around: centred window at the top, in the middle and at the end; an unranked user gives no edges; its pageInfo continues the board", async () => {
  const ids = await users(9);
  const achievements = [];
  for (let i = 0; i < 9; i++) achievements.push(await createAchievement(t, { points: 1 }));
  // User i holds 9 - i achievements: the board is ids in order, ranks 1..9.
  for (const [i, id] of ids.entries()) for (let k = 0; k < 9 - i; k++) await award(t, id, achievements[k]!.id);
  const outsider = (await createUser(t)).id;
  const ordered = (await board({ first: 100 })).edges.map((e: any) => e.node.user.id);
  expect(ordered).toEqual(ids);

  const around = async (u: string, first: number) => board({ around: u, first });
  const idsOf = (b: any) => b.edges.map((e: any) => e.node.user.id);
  // Middle: floor((4 - 1) / 2) = 1 before.
  let w = await around(ids[4]!, 4);
  expect(idsOf(w)).toEqual(ids.slice(3, 7));
  expect(w.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  const rest = await board({ first: 100, after: w.pageInfo.endCursor });
  expect(idsOf(rest)).toEqual(ids.slice(7));
  expect(w.edges.map((e: any) => e.node.rank)).toEqual([4, 5, 6, 7]);
  // Top: none before, more after.
  w = await around(ids[0]!, 5);
  expect(idsOf(w)).toEqual(ids.slice(0, 5));
  expect(w.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  w = await around(ids[1]!, 5);
  expect(idsOf(w)).toEqual(ids.slice(0, 5));
  // End: more before.
  w = await around(ids[8]!, 5);
  expect(idsOf(w)).toEqual(ids.slice(4, 9));
  expect(w.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  w = await around(ids[7]!, 4);
  expect(idsOf(w)).toEqual(ids.slice(5, 9));
  // A window larger than the board is the board.
  expect(idsOf(await around(ids[5]!, 50))).toEqual(ids);
  expect(idsOf(await around(ids[5]!, 1))).toEqual([ids[5]]);
  const none = await around(outsider, 5);
  expect(none.edges).toEqual([]);
  expect(none.pageInfo).toMatchObject({ hasNextPage: false, endCursor: null });
  expect(none.totalCount).toBe(9);
  expect((await around("999999999", 5)).edges).toEqual([]);
});

test("a revoked award leaves every board of its periods at once, backdated awards change past periods, and a re-award counts again", async () => {
  const [a, b] = await users(2);
  const x = await createAchievement(t, { points: 50 });
  const y = await createAchievement(t, { points: 10 });
  const back = await award(t, a!, x.id, "2024-11-30T23:00:00Z"); // a past month, week and day
  await award(t, b!, y.id, "2024-11-30T01:00:00Z");
  const nov = { p: "MONTH", at: "2024-11-15T00:00:00Z" };
  expect(rows(await board(nov))).toEqual([
    [a, 50, 1],
    [b, 10, 2],
  ]);
  expect(await revokeAwardById(t, back.award.id)).toBe(true);
  for (const p of ["DAY", "WEEK", "MONTH", "ALL_TIME"]) {
    expect(rows(await board({ p, at: "2024-11-30T12:00:00Z" }))).toEqual([[b, 10, 1]]);
    expect(rows(await board({ p, m: "ACHIEVEMENTS", at: "2024-11-30T12:00:00Z" }))).toEqual([[b, 1, 1]]);
  }
  const r = ok(await t.gql(`query($a: ID!) { user(id: $a) { rank } }`, { a }));
  expect(r.user.rank).toBeNull();
  await award(t, a!, x.id, "2024-12-01T00:00:00Z"); // re-awarded, in the next month
  expect(rows(await board(nov))).toEqual([[b, 10, 1]]);
  expect(rows(await board({ p: "MONTH", at: "2024-12-31T00:00:00Z" }))).toEqual([[a, 50, 1]]);
  expect(await t.db.dataSource.query(`SELECT * FROM stats_check() WHERE kind LIKE 'leaderboard%'`)).toEqual([]);
});
