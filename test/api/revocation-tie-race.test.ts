import { Client } from "pg";
import { award, createAchievement, createUser } from "../helpers/fixtures";
import { testOn } from "../helpers/databases";
import { useTestApp } from "../helpers/test-app";

const t = useTestApp();

const byId = (ids: string[]) => ids.sort((x, y) => Number(BigInt(x) - BigInt(y)));

/** Waits until the backend `pid` waits for a lock (a row lock of another transaction). */
async function waitingForLock(observer: Client, pid: number): Promise<void> {
  for (;;) {
    const r = await observer.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
    if (r.rows[0]?.wait_event_type === "Lock") return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A revocation moving a user down into a level held by someone else, racing an award that moves
 * the old level's other user away, in the one interleaving that lost a tie
 * (migrations/1764219600000-revocation-tie-order.ts): the award leaves the old level first and,
 * seeing the revoked user still there (the revocation not committed), unties them as the level's
 * last user; the revocation had already entered the lower level, where the user is tied. A third
 * connection holds the old level's row so that the two queue for it in that order.
 */
testOn("postgres", "a revocation into a tied level racing an award that empties the old level leaves the user tied", async () => {
  const [u, v, w, z] = [await createUser(t), await createUser(t), await createUser(t), await createUser(t)];
  const [a5, b5, c10, d7] = [
    await createAchievement(t, { points: 5 }),
    await createAchievement(t, { points: 5 }),
    await createAchievement(t, { points: 10 }),
    await createAchievement(t, { points: 7 }),
  ];
  await award(t, u.id, a5.id);
  const revoked = (await award(t, u.id, b5.id)).award; // u: 10
  await award(t, v.id, c10.id); // v: 10, tied with u
  await award(t, w.id, a5.id); // w: 5
  await award(t, z.id, c10.id);
  await award(t, z.id, d7.id); // z: 17 (the level v moves to exists)
  const tied = async () =>
    (await t.db.dataSource.query(`SELECT user_id::text AS id FROM tied_users ORDER BY user_id`)).map((r: { id: string }) => r.id);
  expect(await tied()).toEqual(byId([u.id, v.id]));

  const url = (t.db.dataSource.options as { url: string }).url;
  const [holder, awarding, revoking] = [url, url, url].map((c) => new Client({ connectionString: c }));
  for (const c of [holder!, awarding!, revoking!]) await c.connect();
  try {
    // The backends' pids first: a client runs its queries one after another.
    const pid = async (c: Client) => (await c.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid as number;
    const [awardingPid, revokingPid] = [await pid(awarding!), await pid(revoking!)];
    await holder!.query("BEGIN");
    await holder!.query(`SELECT 1 FROM points_levels WHERE points = 10 FOR UPDATE`);
    // The award of v (10 -> 17) leaves level 10 first: it waits for the holder.
    await awarding!.query("BEGIN");
    const awarded = awarding!.query(`INSERT INTO awards (user_id, achievement_id, awarded_at) VALUES ($1, $2, now())`, [v.id, d7.id]);
    await waitingForLock(holder!, awardingPid);
    // The revocation of u's 5 (10 -> 5) enters level 5 (w's) and then waits for level 10 too.
    await revoking!.query("BEGIN");
    const revokedNow = revoking!.query(`DELETE FROM awards WHERE id = $1`, [revoked.id]);
    await waitingForLock(holder!, revokingPid);
    await holder!.query("COMMIT");
    await awarded;
    await awarding!.query("COMMIT");
    await revokedNow;
    await revoking!.query("COMMIT");
  } finally {
    for (const c of [holder!, awarding!, revoking!]) {
      await c.query("ROLLBACK").catch(() => undefined);
      await c.end();
    }
  }
  // u and w share 5 points, z and v 17: all four tied.
  expect(await tied()).toEqual(byId([u.id, v.id, w.id, z.id]));
  expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
});
