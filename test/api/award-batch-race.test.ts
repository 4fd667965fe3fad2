import {
  TIME_ZONE_CHANGE,
  expectAgreementWithOracle,
  expectNoAwardHeldAndRevoked,
  racingRequests,
  rng,
  seedAchievements,
  seedUsers,
} from "../helpers/oracle-agreement";
import { useTestApp } from "../helpers/test-app";

/**
 * Set-based batches (migration 1764223200000) racing each other, single awards, revocations
 * (alone and with an award in one transaction) and time-zone changes of the same few users:
 * afterwards every user's aggregates, every statistic, holder count and leaderboard agree with
 * the awards the database kept (the oracle and stats_check()), every award made has exactly one
 * AWARDED event, and every award revoked one REVOKED event. Few users and small points, so that
 * the batches and the single writes meet on the same user_stats rows, points levels, ties,
 * streak lengths and leaderboard levels.
 */

const t = useTestApp({ poolSize: 20 });

const ZONES = ["UTC", "Europe/Moscow", "Asia/Tokyo", "America/New_York"];
const AWARD = `mutation($i: AwardAchievementInput!) { awardAchievement(input: $i) { created award { id } } }`;
const REVOKE = `mutation($i: RevokeAwardInput!) { revokeAward(input: $i) { revoked award { id } } }`;
const BATCH = `mutation($i: [AwardAchievementInput!]!) { awardAchievements(inputs: $i) { error { code } result { created award { id } } } }`;
const REVOKE_AND_AWARD = `mutation($r: RevokeAwardInput!, $a: AwardAchievementInput!) {
  revokeAward(input: $r) { revoked award { id } }
  awardAchievement(input: $a) { created award { id } }
}`;

interface Item {
  error: { code: string } | null;
  result: { created: boolean; award: { id: string } } | null;
}

async function race(seed: number, opts: { batches: number; singles: number; batchSize: number }): Promise<void> {
  const rand = rng(seed);
  const pick = <T>(l: readonly T[]) => l[Math.floor(rand() * l.length)]!;
  const userIds = await seedUsers(t, 10, ZONES, `batch racer ${seed}`);
  const achievementIds = await seedAchievements(t, 12, [1, 2, 3, 5, 8], `batch prize ${seed}`);
  const base = Date.parse("2025-03-01T00:00:00Z");
  const input = () => ({
    userId: pick(userIds),
    achievementId: pick(achievementIds),
    awardedAt: new Date(base + Math.floor(rand() * 12 * 24 * 60) * 60_000).toISOString(),
  });
  // A head start, so that revocations find something to take back and users are ranked.
  const head = await t.gql(BATCH, { i: Array.from({ length: 40 }, input) });
  expect(head.errors).toBeUndefined();

  const created: string[] = (head.data!.awardAchievements as Item[]).filter((i) => i.result?.created).map((i) => i.result!.award.id);
  const revoked: string[] = [];
  const { send, settle } = racingRequests(t);
  const noteAward = (a: { created: boolean; award: { id: string } }) => {
    if (a.created) created.push(a.award.id);
  };
  const noteRevoked = (r: { revoked: boolean; award: { id: string } | null }) => {
    if (r.revoked) revoked.push(r.award!.id);
  };
  const sendBatch = () =>
    send(BATCH, { i: Array.from({ length: opts.batchSize }, input) }, (d) => {
      for (const item of d.awardAchievements as Item[]) {
        expect(item.error).toBeNull();
        noteAward(item.result!);
      }
    });
  if (opts.singles === 0) for (let b = 0; b < opts.batches; b++) sendBatch();
  // The batches spread over the single writes.
  const batchesAt = new Set(Array.from({ length: opts.batches }, (_, b) => Math.floor(((b + 0.5) * opts.singles) / opts.batches)));
  for (let i = 0; i < opts.singles; i++) {
    if (batchesAt.has(i)) sendBatch();
    const k = rand();
    if (k < 0.4) send(AWARD, { i: input() }, (d) => noteAward(d.awardAchievement));
    else if (k < 0.8) {
      const { userId, achievementId } = input();
      send(REVOKE, { i: { userId, achievementId, reason: `race ${i}` } }, (d) => noteRevoked(d.revokeAward));
    } else if (k < 0.93) {
      const a = input();
      send(REVOKE_AND_AWARD, { r: { userId: a.userId, achievementId: a.achievementId, reason: `swap ${i}` }, a }, (d) => {
        noteRevoked(d.revokeAward);
        noteAward(d.awardAchievement);
      });
    } else {
      send(TIME_ZONE_CHANGE, { id: pick(userIds), z: pick(ZONES) });
    }
  }
  await settle();

  await expectAgreementWithOracle(t);
  await expectNoAwardHeldAndRevoked(t);
  const byId = (a: string, b: string) => Number(BigInt(a) - BigInt(b));
  const events: { kind: string; awardId: string }[] = await t.db.dataSource.query(
    `SELECT e.kind, e.award->>'id' AS "awardId" FROM award_events e
     WHERE e.user_id = ANY($1::bigint[]) AND e.kind IN ('AWARDED', 'REVOKED') ORDER BY e.id`,
    [userIds],
  );
  const ofKind = (kind: string) =>
    events
      .filter((e) => e.kind === kind)
      .map((e) => e.awardId)
      .sort(byId);
  expect(ofKind("AWARDED")).toEqual([...created].sort(byId));
  expect(ofKind("REVOKED")).toEqual([...revoked].sort(byId));
  expect(await t.db.dataSource.query(`SELECT * FROM award_event_batches`)).toEqual([]);
}

test.each([1, 2, 3])("six batches racing each other on the same users agree with the oracle and stats_check() (seed %i)", async (seed) => {
  await race(100 + seed, { batches: 6, singles: 0, batchSize: 60 });
});

test.each([1, 2, 3])(
  "batches racing single awards, revocations and time-zone changes of the same users agree with the oracle and stats_check() (seed %i)",
  async (seed) => {
    await race(seed, { batches: 6, singles: 120, batchSize: 40 });
  },
);
