import fc from "fast-check";
import { createApiKeys, parseApiKeyList } from "../../src/auth/api-keys";
import { award, countRows, createAchievement, createUser, expectError, ok } from "../helpers/fixtures";
import { TEST_KEY, useTestApp } from "../helpers/test-app";
import type { GqlResult } from "../helpers/test-app";

/** Incremental achievements: steps, reportProgress and User.progress (api-contract.md, "Progress"). */

const GAME = "game-server-secret-0123";
const t = useTestApp({ apiKeys: createApiKeys(parseApiKeyList(`game:award:${GAME},fixtures:admin:${TEST_KEY}`, "API_KEYS")) });

const REPORT = `mutation($input: ReportProgressInput!) {
  reportProgress(input: $input) {
    completed applied
    progress { current target updatedAt user { id } achievement { id steps } award { id awardedAt } }
  }
}`;

interface Report {
  completed: boolean;
  applied: boolean;
  progress: {
    current: number;
    target: number;
    updatedAt: string;
    user: { id: string };
    achievement: { id: string; steps: number | null };
    award: { id: string; awardedAt: string } | null;
  };
}

async function createIncremental(steps: number | null, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await t.gql<{ createAchievement: { id: string; steps: number | null } }>(
    `mutation($input: CreateAchievementInput!) { createAchievement(input: $input) { id steps } }`,
    {
      input: {
        points: 10,
        translations: [{ language: "EN", name: `Steps ${Math.random()}`, description: "d" }],
        ...(steps === undefined ? {} : { steps }),
        ...extra,
      },
    },
  );
  return ok(r).createAchievement.id;
}

function send(input: Record<string, unknown>, key: string = GAME): Promise<GqlResult<{ reportProgress: Report }>> {
  return t.gql<{ reportProgress: Report }>(REPORT, { input }, { key });
}

async function report(input: Record<string, unknown>): Promise<Report> {
  return ok(await send(input)).reportProgress;
}

async function progressList(userId: string, first = 20, after?: string) {
  const r = await t.gql<any>(
    `query($id: ID!, $first: Int, $after: String) { user(id: $id) { progress(first: $first, after: $after) {
       totalCount pageInfo { hasNextPage endCursor }
       edges { cursor node { current target updatedAt achievement { id } award { id } } } } } }`,
    { id: userId, first, after },
    { key: null },
  );
  return ok(r).user.progress;
}

describe("steps on createAchievement", () => {
  test("2-10000 are kept; null or absent means awarded at once", async () => {
    for (const steps of [2, 10000]) {
      const id = await createIncremental(steps);
      const r = ok(await t.gql<any>(`query($id: ID!) { achievement(id: $id) { steps } }`, { id }, { key: null }));
      expect(r.achievement.steps).toBe(steps);
    }
    const absent = await createAchievement(t);
    const r = ok(await t.gql<any>(`query($id: ID!) { achievement(id: $id) { steps hidden } }`, { id: absent.id }, { key: null }));
    expect(r.achievement).toEqual({ steps: null, hidden: false });
    expect(await createIncremental(null)).toMatch(/^\d+$/);
  });

  test.each([1, 0, -5, 10001])("steps %p is BAD_USER_INPUT naming steps, nothing written", async (steps) => {
    const r = await t.gql(`mutation($input: CreateAchievementInput!) { createAchievement(input: $input) { id } }`, {
      input: { points: 1, translations: [{ language: "EN", name: "Bad steps", description: "d" }], steps },
    });
    expectError(r, "BAD_USER_INPUT", "steps");
    expect(await countRows(t, "achievements")).toBe(0);
  });
});

describe("reportProgress", () => {
  test("increments add up, never above the target; the report that reaches it creates the award at its `at`", async () => {
    const u = await createUser(t);
    const a = await createIncremental(5);
    const first = await report({ userId: u.id, achievementId: a, increment: 2, at: "2025-03-01T10:00:00Z" });
    expect(first).toMatchObject({
      completed: false,
      applied: true,
      progress: { current: 2, target: 5, updatedAt: "2025-03-01T10:00:00.000Z", award: null, user: { id: u.id } },
    });
    const second = await report({ userId: u.id, achievementId: a, increment: 2, at: "2025-03-02T10:00:00+03:00" });
    expect(second.progress).toMatchObject({ current: 4, updatedAt: "2025-03-02T07:00:00.000Z" });
    const last = await report({ userId: u.id, achievementId: a, increment: 7, at: "2025-03-03T10:00:00Z" });
    expect(last.completed).toBe(true);
    expect(last.applied).toBe(true);
    expect(last.progress.current).toBe(5);
    expect(last.progress.award?.awardedAt).toBe("2025-03-03T10:00:00.000Z");
    // The award counts everywhere awards count.
    const user = ok(
      await t.gql<any>(`query($id: ID!) { user(id: $id) { points achievementCount awards { edges { node { id } } } } }`, { id: u.id }),
    );
    expect(user.user).toEqual({ points: 10, achievementCount: 1, awards: { edges: [{ node: { id: last.progress.award!.id } }] } });
    expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
  });

  test("a report on a held achievement changes nothing: applied false, progress at the target with the award", async () => {
    const u = await createUser(t);
    const a = await createIncremental(3);
    const done = await report({ userId: u.id, achievementId: a, atLeast: 3 });
    expect(done.completed).toBe(true);
    const again = await report({ userId: u.id, achievementId: a, increment: 1, requestId: "after-done" });
    expect(again).toMatchObject({
      completed: false,
      applied: false,
      progress: { current: 3, target: 3, award: { id: done.progress.award!.id } },
    });
    // Nothing changed: the key was not used up.
    expect(await t.db.dataSource.query(`SELECT count(*)::int AS n FROM progress_requests`)).toEqual([{ n: 0 }]);
  });

  test("atLeast raises, never lowers; at or below current it is applied and uses up its key, changing nothing else", async () => {
    const u = await createUser(t);
    const a = await createIncremental(10);
    expect((await report({ userId: u.id, achievementId: a, atLeast: 6, at: "2025-01-01T00:00:00Z" })).progress.current).toBe(6);
    const lower = await report({ userId: u.id, achievementId: a, atLeast: 4, requestId: "low", at: "2025-02-01T00:00:00Z" });
    expect(lower).toMatchObject({ applied: true, completed: false, progress: { current: 6, updatedAt: "2025-01-01T00:00:00.000Z" } });
    const reused = await report({ userId: u.id, achievementId: a, atLeast: 8, requestId: "low" });
    expect(reused).toMatchObject({ applied: false, completed: false, progress: { current: 6 } });
    const zero = await report({ userId: u.id, achievementId: await createIncremental(4), atLeast: 0 });
    expect(zero).toMatchObject({ applied: true, progress: { current: 0 } });
    expect(await t.db.dataSource.query(`SELECT count(*)::int AS n FROM achievement_progress WHERE current = 0`)).toEqual([{ n: 0 }]);
  });

  test("a used requestId answers applied false with the progress of the achievement this report names, even one never started", async () => {
    const u = await createUser(t);
    const other = await createUser(t);
    const a = await createIncremental(10);
    const b = await createIncremental(10);
    await report({ userId: u.id, achievementId: a, increment: 3, requestId: "k1" });
    const dup = await report({ userId: u.id, achievementId: b, increment: 3, requestId: "k1" });
    expect(dup).toMatchObject({ applied: false, completed: false, progress: { current: 0, target: 10, achievement: { id: b } } });
    // Per user: another user may use the same key.
    expect((await report({ userId: other.id, achievementId: a, increment: 1, requestId: "k1" })).applied).toBe(true);
    // Surrounding white space is trimmed, as in names.
    expect((await report({ userId: u.id, achievementId: a, increment: 1, requestId: "  k1 " })).applied).toBe(false);
    expect((await progressList(u.id)).edges.map((e: any) => e.node.current)).toEqual([3]);
  });

  test("awardAchievement completes an incremental achievement: progress reads as the target and leaves the list", async () => {
    const u = await createUser(t);
    const a = await createIncremental(4);
    await report({ userId: u.id, achievementId: a, increment: 1 });
    expect((await progressList(u.id)).totalCount).toBe(1);
    const given = await award(t, u.id, a, "2025-05-05T05:05:05Z");
    expect(await t.db.dataSource.query(`SELECT count(*)::int AS n FROM achievement_progress`)).toEqual([{ n: 0 }]);
    const after = await report({ userId: u.id, achievementId: a, increment: 1 });
    expect(after).toMatchObject({
      applied: false,
      completed: false,
      progress: { current: 4, target: 4, updatedAt: "2025-05-05T05:05:05.000Z", award: { id: given.award.id } },
    });
    expect(await progressList(u.id)).toMatchObject({ totalCount: 0, edges: [] });
  });

  test("input rules: exactly one of increment and atLeast, their ranges, the ids, `at` and requestId", async () => {
    const u = await createUser(t);
    const a = await createIncremental(5);
    const once = (await createAchievement(t)).id;
    const base = { userId: u.id, achievementId: a };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...base }, "BAD_USER_INPUT", "increment"],
      [{ ...base, increment: 1, atLeast: 2 }, "BAD_USER_INPUT", "atLeast"],
      [{ ...base, increment: 0 }, "BAD_USER_INPUT", "increment"],
      [{ ...base, increment: 10001 }, "BAD_USER_INPUT", "increment"],
      [{ ...base, atLeast: -1 }, "BAD_USER_INPUT", "atLeast"],
      [{ ...base, atLeast: 10001 }, "BAD_USER_INPUT", "atLeast"],
      [{ ...base, increment: 1, requestId: "" }, "BAD_USER_INPUT", "requestId"],
      [{ ...base, increment: 1, requestId: "   " }, "BAD_USER_INPUT", "requestId"],
      [{ ...base, increment: 1, requestId: "x".repeat(65) }, "BAD_USER_INPUT", "requestId"],
      [{ ...base, increment: 1, at: "2025-01-01T00:00:00" }, "BAD_USER_INPUT", "at"],
      [{ ...base, increment: 1, at: "1999-12-31T23:59:59Z" }, "BAD_USER_INPUT", "at"],
      [{ ...base, increment: 1, at: new Date(Date.now() + 5 * 60_000).toISOString() }, "BAD_USER_INPUT", "at"],
      [{ ...base, userId: "abc", increment: 1 }, "BAD_USER_INPUT", "userId"],
      [{ ...base, achievementId: "0", increment: 1 }, "BAD_USER_INPUT", "achievementId"],
      [{ ...base, userId: "999999", increment: 1 }, "NOT_FOUND", "userId"],
      [{ ...base, achievementId: "999999", increment: 1 }, "NOT_FOUND", "achievementId"],
      [{ ...base, achievementId: once, increment: 1 }, "BAD_USER_INPUT", "achievementId"],
    ];
    for (const [input, code, field] of cases) {
      const r = await send({ requestId: undefined, ...input });
      try {
        expectError(r, code, field);
      } catch (e) {
        throw new Error(`${JSON.stringify(input)}: ${(e as Error).message}`);
      }
    }
    expect(
      await t.db.dataSource.query(
        `SELECT (SELECT count(*)::int FROM achievement_progress) AS p, (SELECT count(*)::int FROM progress_requests) AS r`,
      ),
    ).toEqual([{ p: 0, r: 0 }]);
    expect((await report({ ...base, increment: 1, requestId: "x".repeat(64) })).applied).toBe(true);
  });

  test("scope award may report; without a key UNAUTHENTICATED, before any input is looked at", async () => {
    const r = await t.gql(REPORT, { input: { userId: "nope", achievementId: "1", increment: 1 } }, { key: null });
    expectError(r, "UNAUTHENTICATED");
  });

  test("a report inside a multi-mutation request runs on that request's transaction: a later failure undoes it", async () => {
    const u = await createUser(t);
    const a = await createIncremental(2);
    const r = await t.gql(
      `mutation($u: ID!, $a: ID!) {
         one: reportProgress(input: { userId: $u, achievementId: $a, increment: 2, requestId: "tx" }) { completed }
         two: awardAchievement(input: { userId: $u, achievementId: "999999" }) { created }
       }`,
      { u: u.id, a },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await countRows(t, "awards")).toBe(0);
    expect(
      await t.db.dataSource.query(
        `SELECT (SELECT count(*)::int FROM achievement_progress) AS p, (SELECT count(*)::int FROM progress_requests) AS r`,
      ),
    ).toEqual([{ p: 0, r: 0 }]);
    const both = ok(
      await t.gql<any>(
        `mutation($u: ID!, $a: ID!) {
           one: reportProgress(input: { userId: $u, achievementId: $a, increment: 1 }) { completed progress { current } }
           two: reportProgress(input: { userId: $u, achievementId: $a, increment: 1 }) { completed progress { current award { id } } }
         }`,
        { u: u.id, a },
      ),
    );
    expect(both.one).toEqual({ completed: false, progress: { current: 1 } });
    expect(both.two.completed).toBe(true);
    expect(both.two.progress.award.id).toMatch(/^\d+$/);
  });
});

describe("races", () => {
  test("60 concurrent increments of 1 on a 50-step achievement: one award, exactly one completed", async () => {
    const u = await createUser(t);
    const a = await createIncremental(50);
    const results = await Promise.all(Array.from({ length: 60 }, () => report({ userId: u.id, achievementId: a, increment: 1 })));
    expect(results.filter((r) => r.completed)).toHaveLength(1);
    expect(results.filter((r) => r.applied)).toHaveLength(50);
    expect(results.every((r) => r.progress.current <= 50)).toBe(true);
    expect(await countRows(t, "awards")).toBe(1);
    const holder = ok(await t.gql<any>(`query($id: ID!) { achievement(id: $id) { holderCount } }`, { id: a }));
    expect(holder.achievement.holderCount).toBe(1);
    expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
  });

  test("20 concurrent reports with one requestId apply once", async () => {
    const u = await createUser(t);
    const a = await createIncremental(1000);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => report({ userId: u.id, achievementId: a, increment: 7, requestId: "same" })),
    );
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect(results.filter((r) => !r.applied).every((r) => r.progress.current === 7 || r.progress.current === 0)).toBe(true);
    expect((await progressList(u.id)).edges[0].node.current).toBe(7);
  });

  test("racing awardAchievement and reports: one award, and progress of the held achievement reads as the target", async () => {
    const u = await createUser(t);
    const a = await createIncremental(10);
    const reports = Array.from({ length: 12 }, () => report({ userId: u.id, achievementId: a, increment: 1 }));
    const given = award(t, u.id, a);
    const [results, awarded] = await Promise.all([Promise.all(reports), given]);
    expect(await countRows(t, "awards")).toBe(1);
    expect(results.filter((r) => r.completed).length + (awarded.created ? 1 : 0)).toBe(1);
    const last = await report({ userId: u.id, achievementId: a, increment: 1 });
    expect(last).toMatchObject({ applied: false, progress: { current: 10 } });
    expect((await progressList(u.id)).totalCount).toBe(0);
    expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
  });
});

describe("User.progress", () => {
  test("started, uncompleted progress, most recently advanced first, paged with cursors", async () => {
    const u = await createUser(t);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await createIncremental(10));
    const untouched = await createIncremental(10);
    await report({ userId: u.id, achievementId: ids[0], increment: 1, at: "2025-01-03T00:00:00Z" });
    await report({ userId: u.id, achievementId: ids[1], increment: 2, at: "2025-01-01T00:00:00Z" });
    await report({ userId: u.id, achievementId: ids[2], increment: 3, at: "2025-01-02T00:00:00Z" });
    await report({ userId: u.id, achievementId: ids[3], atLeast: 10, at: "2025-01-05T00:00:00Z" }); // completed
    await report({ userId: u.id, achievementId: ids[4], atLeast: 0 }); // not started
    await report({ userId: u.id, achievementId: ids[1], increment: 1, at: "2025-01-04T00:00:00Z" }); // advanced again
    const page1 = await progressList(u.id, 2);
    expect(page1.totalCount).toBe(3);
    expect(page1.edges.map((e: any) => [e.node.achievement.id, e.node.current, e.node.target, e.node.updatedAt, e.node.award])).toEqual([
      [ids[1], 3, 10, "2025-01-04T00:00:00.000Z", null],
      [ids[0], 1, 10, "2025-01-03T00:00:00.000Z", null],
    ]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await progressList(u.id, 2, page1.pageInfo.endCursor);
    expect(page2.edges.map((e: any) => e.node.achievement.id)).toEqual([ids[2]]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(page1.edges.some((e: any) => e.node.achievement.id === untouched)).toBe(false);
    // Another user's cursor is not this list's.
    const other = await createUser(t);
    const r = await t.gql(`query($id: ID!, $after: String) { user(id: $id) { progress(after: $after) { totalCount } } }`, {
      id: other.id,
      after: page1.pageInfo.endCursor,
    });
    expectError(r, "BAD_USER_INPUT", "after");
  });

  test("property: the progress after random reports equals a brute-force replay", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            which: fc.nat(2),
            kind: fc.constantFrom("increment", "atLeast"),
            n: fc.integer({ min: 0, max: 7 }),
            key: fc.option(fc.constantFrom("a", "b", "c", "d"), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 15 },
        ),
        async (ops) => {
          await t.reset();
          const u = await createUser(t);
          const steps = [3, 5, 8];
          const ids = [];
          for (const s of steps) ids.push(await createIncremental(s));
          const current = [0, 0, 0];
          const held = [false, false, false];
          const used = new Set<string>();
          for (const op of ops) {
            const n = op.kind === "increment" ? Math.max(1, op.n) : op.n;
            const r = await report({ userId: u.id, achievementId: ids[op.which], [op.kind]: n, ...(op.key ? { requestId: op.key } : {}) });
            // The oracle.
            const i = op.which;
            let applied = true;
            let completed = false;
            if (held[i] || (op.key !== undefined && used.has(op.key))) applied = false;
            else {
              if (op.key !== undefined) used.add(op.key);
              const next = Math.min(steps[i]!, op.kind === "increment" ? current[i]! + n : Math.max(current[i]!, n));
              current[i] = next;
              if (next === steps[i]) {
                held[i] = true;
                completed = true;
              }
            }
            expect({ applied: r.applied, completed: r.completed, current: r.progress.current }).toEqual({
              applied,
              completed,
              current: held[i] ? steps[i] : current[i],
            });
          }
          const list = await progressList(u.id, 100);
          const expected = ids.filter((_, i) => !held[i] && current[i]! > 0).sort();
          expect(list.edges.map((e: any) => e.node.achievement.id).sort()).toEqual(expected);
          expect(await countRows(t, "awards")).toBe(held.filter(Boolean).length);
        },
      ),
      { numRuns: 15 },
    );
  });
});
