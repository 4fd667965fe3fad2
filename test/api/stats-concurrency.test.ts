import { expectAgreementWithOracle, rng, seedAchievements, seedUsers, settleAll } from "../helpers/oracle-agreement";
import { useTestApp } from "../helpers/test-app";

/**
 * 200 awards over 20 users sent at once over HTTP (with duplicates, backdated instants and
 * time-zone changes racing them): afterwards every aggregate and statistic equals the oracle
 * computed from the award rows the database kept.
 */

const t = useTestApp({ poolSize: 20 });

const ZONES = ["UTC", "Europe/Moscow", "Asia/Tokyo", "America/New_York", "Australia/Sydney"];

test.each([1, 2, 3])("200 concurrent awards over 20 users agree with the oracle (seed %i)", async (seed) => {
  const rand = rng(seed);
  const userIds = await seedUsers(t, 20, ZONES, "racer");
  const achievementIds = await seedAchievements(t, 12, [1, 2, 3, 5, 8, 13], "prize");
  const base = Date.parse("2025-03-01T00:00:00Z");
  const requests: Promise<unknown>[] = [];
  for (let i = 0; i < 200; i++) {
    const userId = userIds[Math.floor(rand() * userIds.length)]!;
    const achievementId = achievementIds[Math.floor(rand() * achievementIds.length)]!;
    const awardedAt = new Date(base + Math.floor(rand() * 14 * 24 * 60) * 60_000).toISOString();
    requests.push(
      t
        .gql(`mutation($i: AwardAchievementInput!) { awardAchievement(input: $i) { created } }`, {
          i: { userId, achievementId, awardedAt },
        })
        .then((r) => {
          expect(r.errors).toBeUndefined();
        }),
    );
    if (i % 20 === 0) {
      const id = userIds[Math.floor(rand() * userIds.length)]!;
      const zone = ZONES[Math.floor(rand() * ZONES.length)]!;
      requests.push(
        t.gql(`mutation($id: ID!, $z: String!) { updateUser(id: $id, input: { timeZone: $z }) { id } }`, { id, z: zone }).then((r) => {
          expect(r.errors).toBeUndefined();
        }),
      );
    }
  }
  await settleAll(requests);

  await expectAgreementWithOracle(t);
});
