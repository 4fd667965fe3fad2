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
 * Awards, revocations and time-zone changes of the same few users sent at once over HTTP (and
 * requests that revoke and award in one transaction), after a batch: afterwards every aggregate,
 * statistic and holder count equals the oracle computed from the awards the database kept, no
 * award is both held and revoked, and every revocation that answered revoked: true is in the
 * history.
 */

const t = useTestApp({ poolSize: 20 });

const ZONES = ["UTC", "Europe/Moscow", "Asia/Tokyo", "America/New_York"];
const AWARD = `mutation($i: AwardAchievementInput!) { awardAchievement(input: $i) { created } }`;
const REVOKE = `mutation($i: RevokeAwardInput!) { revokeAward(input: $i) { revoked award { id } } }`;
const BATCH = `mutation($i: [AwardAchievementInput!]!) { awardAchievements(inputs: $i) { error { code } } }`;
const REVOKE_AND_AWARD = `mutation($r: RevokeAwardInput!, $a: AwardAchievementInput!) {
  revokeAward(input: $r) { revoked award { id } }
  awardAchievement(input: $a) { created }
}`;

test.each([1, 2])("awards and revocations of the same users racing each other agree with the oracle (seed %i)", async (seed) => {
  const rand = rng(seed);
  const pick = <T>(l: readonly T[]) => l[Math.floor(rand() * l.length)]!;
  const userIds = await seedUsers(t, 8, ZONES, "racer");
  const achievementIds = await seedAchievements(t, 6, [1, 2, 3, 5, 8], "prize");
  const base = Date.parse("2025-03-01T00:00:00Z");
  const input = () => ({
    userId: pick(userIds),
    achievementId: pick(achievementIds),
    awardedAt: new Date(base + Math.floor(rand() * 10 * 24 * 60) * 60_000).toISOString(),
  });
  // A head start so that revocations find something to take back.
  await t.gql(BATCH, { i: Array.from({ length: 30 }, input) });

  const revokedIds: string[] = [];
  const noteRevoked = (r: { revoked: boolean; award: { id: string } | null }) => {
    if (r.revoked) revokedIds.push(r.award!.id);
  };
  const { send, settle } = racingRequests(t);
  for (let i = 0; i < 120; i++) {
    const k = rand();
    if (k < 0.4) send(AWARD, { i: input() });
    else if (k < 0.75) {
      const { userId, achievementId } = input();
      send(REVOKE, { i: { userId, achievementId, reason: `race ${i}` } }, (d) => noteRevoked(d.revokeAward));
    } else if (k < 0.85) send(AWARD, { i: input() });
    else if (k < 0.93) {
      const a = input();
      send(REVOKE_AND_AWARD, { r: { userId: a.userId, achievementId: a.achievementId, reason: `swap ${i}` }, a }, (d) =>
        noteRevoked(d.revokeAward),
      );
    } else send(TIME_ZONE_CHANGE, { id: pick(userIds), z: pick(ZONES) });
  }
  await settle();

  await expectAgreementWithOracle(t);
  await expectNoAwardHeldAndRevoked(t);
  const history: { id: string }[] = await t.db.dataSource.query(`SELECT r.id::text AS id FROM revoked_awards r ORDER BY r.id`);
  expect(history.map((r) => r.id)).toEqual([...revokedIds].sort((a, b) => Number(BigInt(a) - BigInt(b))));
});
