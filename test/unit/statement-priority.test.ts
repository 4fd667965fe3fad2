import { setImmediate as settled } from "node:timers/promises";
import { BackgroundLane, currentStatementPriority, runInBackground } from "../../src/db/statement-priority";
import type { Queryable } from "../../src/db/queryable";

/** A Queryable whose statements stay open until released one by one; records each one's priority. */
function heldQueryable() {
  const open: Array<{ sql: string; priority: string; finish: (v: unknown) => void; fail: (e: Error) => void }> = [];
  const db: Queryable = {
    query: <T>(sql: string) =>
      new Promise<T>((finish, fail) => {
        open.push({ sql, priority: currentStatementPriority(), finish: finish as (v: unknown) => void, fail });
      }),
  };
  return { db, open };
}

test("statements are ordinary unless run in the background, across awaits", async () => {
  expect(currentStatementPriority()).toBe("ordinary");
  const seen = await runInBackground(async () => {
    await settled();
    return currentStatementPriority();
  });
  expect(seen).toBe("background");
  expect(currentStatementPriority()).toBe("ordinary");
});

test("a lane runs at most its concurrency at once, the rest in the order they came, all in the background", async () => {
  const lane = new BackgroundLane(2);
  const { db, open } = heldQueryable();
  const wrapped = lane.wrap(db);
  const results = ["s1", "s2", "s3", "s4", "s5"].map((sql) => wrapped.query(sql));
  await settled();
  expect(open.map((s) => s.sql)).toEqual(["s1", "s2"]);
  expect(lane.active).toBe(2);
  expect(lane.queued).toBe(3);
  open[1]!.finish("r2");
  await settled();
  expect(open.map((s) => s.sql)).toEqual(["s1", "s2", "s3"]);
  // A failed statement frees its place too, and its error reaches the caller.
  open[0]!.fail(new Error("boom"));
  await expect(results[0]).rejects.toThrow("boom");
  await settled();
  expect(open.map((s) => s.sql)).toEqual(["s1", "s2", "s3", "s4"]);
  expect(lane.active).toBe(2);
  for (const s of open.slice(2)) s.finish(s.sql);
  await settled();
  open[4]!.finish("s5");
  expect(await Promise.all(results.slice(1))).toEqual(["r2", "s3", "s4", "s5"]);
  expect(open.every((s) => s.priority === "background")).toBe(true);
  expect(lane.active).toBe(0);
  expect(lane.queued).toBe(0);
});

test("a lane's concurrency is a positive integer", () => {
  expect(() => new BackgroundLane(0)).toThrow(/positive integer/);
  expect(() => new BackgroundLane(1.5)).toThrow(/positive integer/);
});
