import { createApiKeys, parseApiKeyList } from "../../src/auth/api-keys";
import { award, countRows, createUser, expectError, ok } from "../helpers/fixtures";
import { TEST_KEY, useTestApp } from "../helpers/test-app";

/** Hidden achievements, updateAchievement and holderPercent (api-contract.md, "Hidden achievements", "Rarity"). */

const GAME = "game-server-secret-0123";
const t = useTestApp({ apiKeys: createApiKeys(parseApiKeyList(`game:award:${GAME},fixtures:admin:${TEST_KEY}`, "API_KEYS")) });

const EN = { name: "Hidden achievement", description: "Keep playing to reveal it" };
const RU = { name: "Скрытое достижение", description: "Играйте дальше, чтобы открыть его" };
const SECRET_EN = { language: "EN", name: "Pacifist run", description: "Finish without hurting a soul" };
const SECRET_RU = { language: "RU", name: "Пацифист", description: "Пройти игру, никого не обидев" };
const REAL_TEXTS = [SECRET_EN.name, SECRET_EN.description, SECRET_RU.name, SECRET_RU.description];

/** The three kinds of reader: no key, an `award` key, an `admin` key. */
const READERS = [
  { who: "anonymous", key: null, sees: "placeholder" },
  { who: "award key", key: GAME, sees: "placeholder" },
  { who: "admin key", key: TEST_KEY, sees: "real" },
] as const;

async function createHidden(extra: Record<string, unknown> = {}): Promise<string> {
  const r = await t.gql<any>(`mutation($input: CreateAchievementInput!) { createAchievement(input: $input) { id hidden name } }`, {
    input: { points: 25, translations: [SECRET_EN, SECRET_RU], hidden: true, ...extra },
  });
  const created = ok(r).createAchievement;
  // The admin key that created it reads its real texts.
  const translations = (extra.translations as { name: string }[] | undefined) ?? [SECRET_EN];
  expect(created).toMatchObject({ hidden: true, name: translations[0]!.name });
  return created.id;
}

const TEXTS = `id hidden points name ru: name(language: RU) description ruDescription: description(language: RU)
  translations { language name description }`;

function expectTexts(a: any, sees: "placeholder" | "real"): void {
  const en = sees === "real" ? SECRET_EN : EN;
  const ru = sees === "real" ? SECRET_RU : RU;
  expect(a).toMatchObject({
    hidden: true,
    points: 25,
    name: en.name,
    ru: ru.name,
    description: en.description,
    ruDescription: ru.description,
    translations: [
      { language: "EN", name: en.name, description: en.description },
      { language: "RU", name: ru.name, description: ru.description },
    ],
  });
}

describe.each(READERS)("read with $who", ({ key, sees }) => {
  test("achievement(id), the achievements list, Award.achievement and User.progress's achievement", async () => {
    const u = await createUser(t, { language: "RU" });
    const hidden = await createHidden();
    const incremental = await createHidden({
      steps: 5,
      translations: [
        { ...SECRET_EN, name: "Secret collector" },
        { ...SECRET_RU, name: "Тайный собиратель" },
      ],
    });
    await award(t, u.id, hidden, "2025-01-01T00:00:00Z");
    ok(
      await t.gql(`mutation($i: ReportProgressInput!) { reportProgress(input: $i) { applied } }`, {
        i: { userId: u.id, achievementId: incremental, increment: 2 },
      }),
    );

    const one = ok(await t.gql<any>(`query($id: ID!) { achievement(id: $id) { ${TEXTS} } }`, { id: hidden }, { key }));
    expectTexts(one.achievement, sees);

    const list = ok(await t.gql<any>(`{ achievements(first: 10) { edges { node { ${TEXTS} } } } }`, {}, { key }));
    expectTexts(list.achievements.edges[0].node, sees);

    const awards = ok(
      await t.gql<any>(
        `query($id: ID!) { user(id: $id) { awards { edges { node { name description language achievement { ${TEXTS} } } } } } }`,
        { id: u.id },
        { key },
      ),
    );
    const node = awards.user.awards.edges[0].node;
    // The holder's award carries the real texts, in the holder's language, for every reader.
    expect(node).toMatchObject({ language: "RU", name: SECRET_RU.name, description: SECRET_RU.description });
    expectTexts(node.achievement, sees);

    const progress = ok(
      await t.gql<any>(
        `query($id: ID!) { user(id: $id) { progress { edges { node { current achievement { name translations { name } } } } } } }`,
        { id: u.id },
        { key },
      ),
    );
    const item = progress.user.progress.edges[0].node;
    expect(item.current).toBe(2);
    expect(item.achievement.name).toBe(sees === "real" ? "Secret collector" : EN.name);
    expect(item.achievement.translations.map((x: any) => x.name)).toEqual(
      sees === "real" ? ["Secret collector", "Тайный собиратель"] : [EN.name, RU.name],
    );
  });
});

test("mutations with an award key answer placeholders in the achievement they return, real texts in the holder's award", async () => {
  const u = await createUser(t);
  const hidden = await createHidden();
  const incremental = await createHidden({ steps: 2, translations: [{ ...SECRET_EN, name: "Two-step" }] });
  const given = ok(
    await t.gql<any>(
      `mutation($input: AwardAchievementInput!) { awardAchievement(input: $input) { award { name achievement { name translations { name } } } } }`,
      { input: { userId: u.id, achievementId: hidden } },
      { key: GAME },
    ),
  ).awardAchievement.award;
  expect(given).toEqual({ name: SECRET_EN.name, achievement: { name: EN.name, translations: [{ name: EN.name }, { name: RU.name }] } });

  const done = ok(
    await t.gql<any>(
      `mutation($i: ReportProgressInput!) { reportProgress(input: $i) { completed progress { achievement { name } award { name } } } }`,
      { i: { userId: u.id, achievementId: incremental, atLeast: 2 } },
      { key: GAME },
    ),
  ).reportProgress;
  expect(done).toEqual({ completed: true, progress: { achievement: { name: EN.name }, award: { name: "Two-step" } } });
});

test("no answer, error or log line carries a hidden achievement's real texts without an admin key", async () => {
  const hidden = await createHidden();
  t.logs.length = 0;
  const bodies: string[] = [];
  const u = await createUser(t);
  for (const key of [null, GAME]) {
    bodies.push(JSON.stringify((await t.gql(`query($id: ID!) { achievement(id: $id) { ${TEXTS} } }`, { id: hidden }, { key })).body));
    bodies.push(
      JSON.stringify(
        (await t.gql(`{ achievements { edges { node { name description translations { name description } } } } }`, {}, { key })).body,
      ),
    );
    // Errors about it: a report on an achievement without steps, a wrong language argument.
    bodies.push(
      JSON.stringify(
        (
          await t.gql(
            `mutation($i: ReportProgressInput!) { reportProgress(input: $i) { applied } }`,
            { i: { userId: u.id, achievementId: hidden, increment: 1 } },
            { key },
          )
        ).body,
      ),
    );
    bodies.push(
      JSON.stringify((await t.gql(`query($id: ID!) { achievement(id: $id) { name(language: FR) } }`, { id: hidden }, { key })).body),
    );
    bodies.push(
      JSON.stringify(
        (await t.gql(`mutation($id: ID!) { updateAchievement(id: $id, input: { hidden: false }) { name } }`, { id: hidden }, { key })).body,
      ),
    );
  }
  const everything = [...bodies, ...t.logs.map((l) => JSON.stringify(l))].join("\n");
  for (const text of REAL_TEXTS) expect(everything).not.toContain(text);
  expect(everything).toContain(EN.name);
  // Those updateAchievement calls were refused: it is still hidden.
  const still = ok(await t.gql<any>(`query($id: ID!) { achievement(id: $id) { hidden } }`, { id: hidden }, { key: null }));
  expect(still.achievement.hidden).toBe(true);
});

describe("updateAchievement", () => {
  const UPDATE = `mutation($id: ID!, $input: UpdateAchievementInput!) {
    updateAchievement(id: $id, input: $input) { id hidden points steps translations { language name description } }
  }`;

  test("toggles hidden and adds or replaces translations; languages not given are kept; points and steps stay", async () => {
    const r = ok(
      await t.gql<any>(`mutation($input: CreateAchievementInput!) { createAchievement(input: $input) { id } }`, {
        input: { points: 7, steps: 3, translations: [{ language: "EN", name: "Old", description: "old" }] },
      }),
    );
    const id = r.createAchievement.id;
    const added = ok(
      await t.gql<any>(UPDATE, { id, input: { hidden: true, translations: [{ language: "RU", name: "  Новое ", description: "новое" }] } }),
    );
    expect(added.updateAchievement).toEqual({
      id,
      hidden: true,
      points: 7,
      steps: 3,
      translations: [
        { language: "EN", name: "Old", description: "old" },
        { language: "RU", name: "Новое", description: "новое" },
      ],
    });
    const replaced = ok(
      await t.gql<any>(UPDATE, { id, input: { translations: [{ language: "EN", name: "OLD", description: "renamed in case" }] } }),
    );
    expect(replaced.updateAchievement.translations[0]).toEqual({ language: "EN", name: "OLD", description: "renamed in case" });
    expect(replaced.updateAchievement.hidden).toBe(true);
    const shown = ok(await t.gql<any>(UPDATE, { id, input: { hidden: false } }));
    expect(shown.updateAchievement.hidden).toBe(false);
    const anonymous = ok(await t.gql<any>(`query($id: ID!) { achievement(id: $id) { name } }`, { id }, { key: null }));
    expect(anonymous.achievement.name).toBe("OLD");
  });

  test("errors: NOT_FOUND, CONFLICT, one translation per language, text rules, scope admin", async () => {
    const taken = ok(
      await t.gql<any>(`mutation($input: CreateAchievementInput!) { createAchievement(input: $input) { id } }`, {
        input: { points: 1, translations: [{ language: "EN", name: "Taken", description: "d" }] },
      }),
    ).createAchievement.id;
    const id = await createHidden();
    expectError(await t.gql(UPDATE, { id: "999999", input: { hidden: false } }), "NOT_FOUND", "id");
    expectError(await t.gql(UPDATE, { id: "x", input: { hidden: false } }), "BAD_USER_INPUT", "id");
    expectError(
      await t.gql(UPDATE, { id, input: { translations: [{ language: "EN", name: "TAKEN", description: "d" }] } }),
      "CONFLICT",
      "translations.0.name",
    );
    expectError(
      await t.gql(UPDATE, {
        id,
        input: {
          translations: [
            { language: "RU", name: "А", description: "d" },
            { language: "RU", name: "Б", description: "d" },
          ],
        },
      }),
      "BAD_USER_INPUT",
      "translations.1.language",
    );
    expectError(
      await t.gql(UPDATE, { id, input: { translations: [{ language: "EN", name: " ", description: "d" }] } }),
      "BAD_USER_INPUT",
      "translations.0.name",
    );
    expectError(await t.gql(UPDATE, { id, input: { hidden: false } }, { key: GAME }), "FORBIDDEN");
    expectError(await t.gql(UPDATE, { id, input: { hidden: false } }, { key: null }), "UNAUTHENTICATED");
    const unknownField = await t.gql(UPDATE, { id, input: { points: 5 } });
    expect(unknownField.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    // Nothing changed by any of them.
    const now = ok(await t.gql<any>(`query($id: ID!) { achievement(id: $id) { hidden points ${"translations { name }"} } }`, { id }));
    expect(now.achievement).toEqual({ hidden: true, points: 25, translations: [{ name: SECRET_EN.name }, { name: SECRET_RU.name }] });
    expect(await countRows(t, "achievement_translations", "achievement_id = $1", [taken])).toBe(1);
  });
});

describe("holderPercent", () => {
  test("100 × holderCount / users, unrounded; 0 without users; follows new users at once", async () => {
    const a = await createHidden();
    const q = `query($id: ID!) { achievement(id: $id) { holderCount holderPercent } }`;
    expect(ok(await t.gql<any>(q, { id: a })).achievement).toEqual({ holderCount: 0, holderPercent: 0 });
    const users = [];
    for (let i = 0; i < 3; i++) users.push(await createUser(t));
    await award(t, users[0]!.id, a);
    expect(ok(await t.gql<any>(q, { id: a })).achievement).toEqual({ holderCount: 1, holderPercent: 100 / 3 });
    await award(t, users[1]!.id, a);
    expect(ok(await t.gql<any>(q, { id: a })).achievement.holderPercent).toBe(200 / 3);
    await createUser(t);
    expect(ok(await t.gql<any>(q, { id: a })).achievement.holderPercent).toBe(50);
    // The counter the percentage reads agrees with count(*), as stats_check() verifies.
    expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
    // Sequential creations fold into one part.
    expect(await t.db.dataSource.query(`SELECT sum(user_count)::int AS n, count(*)::int AS parts FROM user_total_parts`)).toEqual([
      { n: 4, parts: 1 },
    ]);
  });

  test("users created at the same moment are all counted, and none waits for another", async () => {
    const a = await createHidden();
    await Promise.all(Array.from({ length: 20 }, () => createUser(t)));
    const first = (await t.gql<any>(`{ users(first: 1) { edges { node { id } } } }`)).data.users.edges[0].node.id;
    await award(t, first, a);
    expect(ok(await t.gql<any>(`query($id: ID!) { achievement(id: $id) { holderPercent } }`, { id: a })).achievement.holderPercent).toBe(5);
    expect(await t.db.dataSource.query(`SELECT * FROM stats_check()`)).toEqual([]);
  });
});
