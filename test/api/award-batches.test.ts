import { award, countRows, createAchievement, createUser, expectError, gqlConcurrently, ok } from "../helpers/fixtures";
import { expectAgreementWithOracle } from "../helpers/oracle-agreement";
import { useTestApp } from "../helpers/test-app";

/** awardAchievements (api-contract.md, "Batches"), through HTTP. */

const t = useTestApp();

const BATCH = `mutation($inputs: [AwardAchievementInput!]!) {
  awardAchievements(inputs: $inputs) {
    index
    result { created award { id awardedAt user { id } achievement { id } } }
    error { code message field }
  }
}`;

interface Item {
  index: number;
  result: { created: boolean; award: { id: string; awardedAt: string; user: { id: string }; achievement: { id: string } } } | null;
  error: { code: string; message: string; field: string | null } | null;
}

const batch = async (inputs: Record<string, unknown>[]): Promise<Item[]> => ok(await t.gql(BATCH, { inputs })).awardAchievements;

async function awardRows() {
  return t.db.dataSource.query(`SELECT id::text, user_id::text, achievement_id::text, awarded_at FROM awards ORDER BY id`);
}

describe("awardAchievements", () => {
  test("each item is applied on its own: errors with awardAchievement's code and field, in input order; failing items write nothing", async () => {
    const u = await createUser(t);
    const v = await createUser(t);
    const a = await createAchievement(t, { points: 3 });
    const b = await createAchievement(t, { points: 4 });
    t.setNow(Date.parse("2025-06-01T00:00:00Z"));
    const held = await award(t, v.id, b.id, "2025-01-01T00:00:00Z");
    const inputs = [
      { userId: u.id, achievementId: a.id, awardedAt: "2025-05-01T00:00:00Z" },
      { userId: "0", achievementId: a.id },
      { userId: u.id, achievementId: "x" },
      { userId: u.id, achievementId: b.id, awardedAt: "2025-06-01T00:01:01Z" },
      { userId: u.id, achievementId: b.id, awardedAt: "1999-12-31T23:59:59Z" },
      { userId: u.id, achievementId: b.id, awardedAt: "2025-05-01T00:00:00" },
      { userId: "999999", achievementId: a.id },
      { userId: u.id, achievementId: "999999" },
      { userId: "999999", achievementId: "999998" },
      { userId: v.id, achievementId: b.id },
      { userId: v.id, achievementId: a.id },
    ];
    const items = await batch(inputs);
    expect(items.map((i) => i.index)).toEqual(inputs.map((_, i) => i));
    // The same answers, one awardAchievement at a time, on the data as it was.
    const single = (i: number) =>
      t.gql(`mutation($input: AwardAchievementInput!) { awardAchievement(input: $input) { created } }`, { input: inputs[i] });
    for (const [i, code, field] of [
      [1, "BAD_USER_INPUT", "userId"],
      [2, "BAD_USER_INPUT", "achievementId"],
      [3, "BAD_USER_INPUT", "awardedAt"],
      [4, "BAD_USER_INPUT", "awardedAt"],
      [5, "BAD_USER_INPUT", "awardedAt"],
      [6, "NOT_FOUND", "userId"],
      [7, "NOT_FOUND", "achievementId"],
      [8, "NOT_FOUND", "userId"],
    ] as const) {
      expect({ i, result: items[i]!.result, code: items[i]!.error?.code, field: items[i]!.error?.field }).toEqual({
        i,
        result: null,
        code,
        field,
      });
      const r = await single(i);
      expectError(r, code, field);
      expect(items[i]!.error!.message).toBe(r.errors![0]!.message);
    }
    expect(items[0]).toMatchObject({
      error: null,
      result: { created: true, award: { awardedAt: "2025-05-01T00:00:00.000Z", user: { id: u.id } } },
    });
    expect(items[9]).toMatchObject({
      error: null,
      result: { created: false, award: { id: held.award.id, awardedAt: "2025-01-01T00:00:00.000Z" } },
    });
    expect(items[10]).toMatchObject({ error: null, result: { created: true, award: { awardedAt: "2025-06-01T00:00:00.000Z" } } });
    expect((await awardRows()).map((r: any) => [r.user_id, r.achievement_id])).toEqual([
      [v.id, b.id],
      [u.id, a.id],
      [v.id, a.id],
    ]);
    await expectAgreementWithOracle(t);
  });

  test("items naming the same user and achievement: the first valid one creates, later ones answer created false with that award", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    const items = await batch([
      { userId: u.id, achievementId: a.id, awardedAt: "2030-01-01T00:00:00Z" },
      { userId: u.id, achievementId: a.id, awardedAt: "2024-01-01T00:00:00Z" },
      { userId: u.id, achievementId: a.id, awardedAt: "2023-01-01T00:00:00Z" },
      { userId: u.id, achievementId: a.id },
    ]);
    expect(items[0]!.error).toMatchObject({ code: "BAD_USER_INPUT", field: "awardedAt" });
    expect(items[1]!.result).toMatchObject({ created: true, award: { awardedAt: "2024-01-01T00:00:00.000Z" } });
    for (const i of [2, 3]) expect(items[i]!.result).toEqual({ ...items[1]!.result!, created: false });
    expect(await countRows(t, "awards")).toBe(1);
    expect(ok(await t.gql(`query($id: ID!) { achievement(id: $id) { holderCount } }`, { id: a.id })).achievement.holderCount).toBe(1);
  });

  test.each([
    ["no items", 0],
    ["1001 items", 1001],
  ])("%s: BAD_USER_INPUT on inputs, nothing written", async (_label, n) => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    expectError(
      await t.gql(BATCH, { inputs: Array.from({ length: n }, () => ({ userId: u.id, achievementId: a.id })) }),
      "BAD_USER_INPUT",
      "inputs",
    );
    expect(await countRows(t, "awards")).toBe(0);
  });

  test("1000 items in one batch: every award created once, the aggregates exact", async () => {
    const users = await Promise.all(Array.from({ length: 10 }, () => createUser(t)));
    const achievements: { id: string }[] = [];
    for (let i = 0; i < 100; i++) achievements.push(await createAchievement(t, { points: 1 + (i % 7) }));
    const inputs = users.flatMap((u, i) =>
      achievements.map((a, j) => ({
        userId: u.id,
        achievementId: a.id,
        awardedAt: new Date(Date.UTC(2025, 0, 1 + ((i * 7 + j) % 40))).toISOString(),
      })),
    );
    const items = await batch(inputs);
    expect(items.filter((i) => i.result?.created).length).toBe(1000);
    expect(new Set(items.map((i) => i.result!.award.id)).size).toBe(1000);
    expect(await expectAgreementWithOracle(t)).toBe(1000);
  });

  test("scope award runs it; no key is UNAUTHENTICATED", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    expectError(await t.gql(BATCH, { inputs: [{ userId: u.id, achievementId: a.id }] }, { key: null }), "UNAUTHENTICATED");
    expect(await countRows(t, "awards")).toBe(0);
  });

  test("inside a request with several mutation fields: one transaction; a failing field rolls the batch back", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    const b = await createAchievement(t);
    const M = `mutation($inputs: [AwardAchievementInput!]!, $u: ID!) {
      batch: awardAchievements(inputs: $inputs) { result { created } error { code } }
      bad: awardAchievement(input: { userId: $u, achievementId: "999999" }) { created }
    }`;
    const r = await t.gql(M, { inputs: [{ userId: u.id, achievementId: a.id }], u: u.id });
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(["NOT_FOUND"]);
    expect(await countRows(t, "awards")).toBe(0);

    const M2 = `mutation($inputs: [AwardAchievementInput!]!, $u: ID!, $a: ID!) {
      one: awardAchievement(input: { userId: $u, achievementId: $a }) { created award { id } }
      batch: awardAchievements(inputs: $inputs) { result { created award { id } } }
    }`;
    const d = ok(
      await t.gql(M2, {
        inputs: [
          { userId: u.id, achievementId: a.id },
          { userId: u.id, achievementId: b.id },
        ],
        u: u.id,
        a: a.id,
      }),
    );
    expect(d.batch[0].result).toEqual({ created: false, award: d.one.award });
    expect(d.batch[1].result.created).toBe(true);
    await expectAgreementWithOracle(t);
  });

  test("a batch racing single awards and other batches of the same pairs creates each award once", async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => createUser(t)));
    const achievements: { id: string }[] = [];
    for (let i = 0; i < 5; i++) achievements.push(await createAchievement(t, { points: [1, 2, 3, 5, 8][i] }));
    const pairs = users.flatMap((u) => achievements.map((a) => ({ userId: u.id, achievementId: a.id })));
    const results = await gqlConcurrently(t, 2 + pairs.length, (i) =>
      i < 2
        ? { query: BATCH, variables: { inputs: i === 0 ? pairs : [...pairs].reverse() } }
        : {
            query: `mutation($input: AwardAchievementInput!) { awardAchievement(input: $input) { created award { id } } }`,
            variables: { input: pairs[i - 2] },
          },
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    const created = new Map<string, number>();
    const ids = new Map<string, Set<string>>();
    const note = (pair: string, c: boolean, id: string) => {
      created.set(pair, (created.get(pair) ?? 0) + (c ? 1 : 0));
      ids.set(pair, (ids.get(pair) ?? new Set()).add(id));
    };
    for (const [k, r] of results.entries()) {
      if (k < 2) {
        const list = k === 0 ? pairs : [...pairs].reverse();
        (r.data!.awardAchievements as Item[]).forEach((item, j) =>
          note(`${list[j]!.userId}:${list[j]!.achievementId}`, item.result!.created, item.result!.award.id),
        );
      } else {
        const p = pairs[k - 2]!;
        note(`${p.userId}:${p.achievementId}`, r.data!.awardAchievement.created, r.data!.awardAchievement.award.id);
      }
    }
    for (const p of pairs) {
      const key = `${p.userId}:${p.achievementId}`;
      expect({ key, created: created.get(key), ids: ids.get(key)!.size }).toEqual({ key, created: 1, ids: 1 });
    }
    expect(await expectAgreementWithOracle(t)).toBe(pairs.length);
  });
});
