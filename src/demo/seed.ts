import type { Database } from "../db/database";
import { foldCase } from "../common/text";
import type { Logger } from "../logger";
import { awardRepository } from "../modules/award/award.repository";
import { demoAchievements, demoAwards, demoProgress, demoRevocations, demoUsers } from "./demo-data";

/**
 * Fills an empty database (no user, no achievement) with the demo catalogue, users and award
 * histories ending now. One transaction: a crash leaves either everything or nothing.
 * Returns false when the database already had data.
 */
export async function seedDemoData(db: Database, logger: Logger, now = new Date()): Promise<boolean> {
  return db.dataSource.transaction(async (m) => {
    // Serialise concurrent starts of several instances on one PostgreSQL database. The lock is
    // tried, not waited for: another instance may hold it for as long as its seed takes, longer
    // than one statement may run, and each try sees what that instance committed meanwhile.
    if (db.kind === "postgres") await takeSeedLock(m);
    const rows = (await m.query(`SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM achievements) AS n`)) as { n: string }[];
    if (Number(rows[0]?.n) > 0) return false;

    const achievementIds = new Map<string, string>();
    for (const a of demoAchievements) {
      const [row] = (await m.query(`INSERT INTO achievements (points, hidden, steps) VALUES ($1, $2, $3) RETURNING id`, [
        a.points,
        a.hidden ?? false,
        a.steps ?? null,
      ])) as { id: string }[];
      achievementIds.set(a.key, row!.id);
      for (const [language, t] of [
        ["EN", a.en],
        ["RU", a.ru],
      ] as const) {
        if (!t) continue;
        await m.query(
          `INSERT INTO achievement_translations (achievement_id, language, name, name_key, description) VALUES ($1, $2, $3, $4, $5)`,
          [row!.id, language, t.name, foldCase(t.name), t.description],
        );
      }
    }
    const userIds = new Map<string, string>();
    for (const u of demoUsers) {
      const [row] = (await m.query(`INSERT INTO users (name, name_key, language, time_zone) VALUES ($1, $2, $3, $4) RETURNING id`, [
        u.name,
        foldCase(u.name),
        u.language,
        u.timeZone,
      ])) as { id: string }[];
      userIds.set(u.name, row!.id);
    }
    const awards = demoAwards(now).sort((a, b) => a.awardedAt.getTime() - b.awardedAt.getTime());
    for (const w of awards) {
      await m.query(`INSERT INTO awards (user_id, achievement_id, awarded_at) VALUES ($1, $2, $3)`, [
        userIds.get(w.user),
        achievementIds.get(w.achievement),
        w.awardedAt,
      ]);
    }
    const revocations = demoRevocations(now);
    for (const r of revocations) {
      const userId = userIds.get(r.user)!;
      const achievementId = achievementIds.get(r.achievement)!;
      await m.query(`INSERT INTO awards (user_id, achievement_id, awarded_at) VALUES ($1, $2, $3)`, [userId, achievementId, r.awardedAt]);
      await awardRepository.revoke(m, userId, achievementId, r.revokedAt, r.reason, r.revokedBy);
    }
    const progress = demoProgress(now);
    for (const p of progress) {
      await m.query(`INSERT INTO achievement_progress (user_id, achievement_id, current, updated_at) VALUES ($1, $2, $3, $4)`, [
        userIds.get(p.user),
        achievementIds.get(p.achievement),
        p.current,
        p.updatedAt,
      ]);
    }
    logger.info(
      {
        achievements: demoAchievements.length,
        users: demoUsers.length,
        awards: awards.length,
        revoked: revocations.length,
        progress: progress.length,
      },
      "demo data loaded",
    );
    return true;
  });
}

const SEED_LOCK_WAIT_MS = 120_000;

async function takeSeedLock(m: { query(sql: string): Promise<unknown> }): Promise<void> {
  const deadline = Date.now() + SEED_LOCK_WAIT_MS;
  for (;;) {
    const [row] = (await m.query(`SELECT pg_try_advisory_xact_lock(hashtext('achievements:demo-seed')) AS "locked"`)) as {
      locked: boolean;
    }[];
    if (row?.locked) return;
    if (Date.now() > deadline) throw new Error("another instance has held the demo-data lock for over two minutes");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
