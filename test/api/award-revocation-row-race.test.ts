import { Client } from "pg";
import { award, createAchievement, createUser } from "../helpers/fixtures";
import { testOn } from "../helpers/databases";
import { useTestApp } from "../helpers/test-app";

const t = useTestApp();

/** Waits until the backend `pid` waits for a lock (a row lock of another transaction). */
async function waitingForLock(observer: Client, pid: number): Promise<void> {
  for (;;) {
    const r = await observer.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
    if (r.rows[0]?.wait_event_type === "Lock") return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The revocation of a user's only award deletes the user's user_stats row. An award of the same
 * user that found the row there (its INSERT … ON CONFLICT DO NOTHING did nothing) and then waits
 * behind the revocation for the row's lock finds the row gone when it gets it. A third connection
 * holds the row so that the two queue for it in that order; `write` is the award statement.
 */
async function awardBehindLastRevocation(write: (c: Client, userId: string, achievementId: string) => Promise<unknown>): Promise<void> {
  const u = await createUser(t);
  const [a5, b3] = [await createAchievement(t, { points: 5 }), await createAchievement(t, { points: 3 })];
  const only = (await award(t, u.id, a5.id)).award;

  const url = (t.db.dataSource.options as { url: string }).url;
  const [holder, revoking, awarding] = [url, url, url].map((c) => new Client({ connectionString: c }));
  for (const c of [holder!, revoking!, awarding!]) await c.connect();
  try {
    const pid = async (c: Client) => (await c.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid as number;
    const [revokingPid, awardingPid] = [await pid(revoking!), await pid(awarding!)];
    await holder!.query("BEGIN");
    await holder!.query(`SELECT 1 FROM user_stats WHERE user_id = $1 FOR UPDATE`, [u.id]);
    await revoking!.query("BEGIN");
    const revokedNow = revoking!.query(`DELETE FROM awards WHERE id = $1`, [only.id]);
    await waitingForLock(holder!, revokingPid);
    await awarding!.query("BEGIN");
    const awarded = write(awarding!, u.id, b3.id);
    await waitingForLock(holder!, awardingPid);
    await holder!.query("COMMIT");
    await revokedNow;
    await revoking!.query("COMMIT");
    await awarded;
    await awarding!.query("COMMIT");
  } finally {
    for (const c of [holder!, revoking!, awarding!]) {
      await c.query("ROLLBACK").catch(() => undefined);
      await c.end();
    }
  }
  const stats = await t.db.dataSource.query(
    `SELECT achievement_count AS "count", points::int AS points FROM user_stats WHERE user_id = $1`,
    [u.id],
  );
  expect(stats).toEqual([{ count: 1, points: 3 }]);
  expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
}

testOn("postgres", "an award waiting behind the revocation of the user's only award counts in the user's new user_stats row", async () => {
  await awardBehindLastRevocation((c, userId, achievementId) =>
    c.query(`INSERT INTO awards (user_id, achievement_id, awarded_at) VALUES ($1, $2, now())`, [userId, achievementId]),
  );
});

testOn("postgres", "a batch waiting behind the revocation of a user's only award counts in the user's new user_stats row", async () => {
  await awardBehindLastRevocation((c, userId, achievementId) =>
    c.query(
      `WITH batch_mode AS (SELECT set_config('achievements.award_batch', 'on', true))
       INSERT INTO awards (user_id, achievement_id, awarded_at) SELECT $1, $2, now() WHERE (SELECT count(*) FROM batch_mode) = 1`,
      [userId, achievementId],
    ),
  );
});
