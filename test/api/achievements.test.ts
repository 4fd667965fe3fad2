import { award, countRows, createAchievement, createUser, expectError, gqlConcurrently, ISO_MS, ok } from "../helpers/fixtures";
import type { AchievementData } from "../helpers/fixtures";
import { useTestApp } from "../helpers/test-app";

const t = useTestApp();

const CREATE = `mutation($input: CreateAchievementInput!) {
  createAchievement(input: $input) { id points createdAt holderCount translations { language name description } }
}`;
const ACHIEVEMENT = `query($id: ID!) {
  achievement(id: $id) {
    id points createdAt holderCount
    name nameEn: name(language: EN) nameRu: name(language: RU)
    description descriptionEn: description(language: EN) descriptionRu: description(language: RU)
    translations { language name description }
  }
}`;
const LIST = `query($first: Int, $after: String) {
  achievements(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id points } }
  }
}`;

type Tr = { language: string; name: string; description: string };
const create = (points: unknown, translations: Tr[] | unknown) =>
  t.gql<{ createAchievement: AchievementData }>(CREATE, { input: { points, translations } });
const en = (name: string, description = "An English description"): Tr => ({ language: "EN", name, description });
const ru = (name: string, description = "Описание по-русски"): Tr => ({ language: "RU", name, description });

describe("createAchievement", () => {
  test("stores points and trimmed translations and serves them back", async () => {
    const before = Date.now();
    const a = ok(
      await create(250, [en("  First Blood  ", "  Win a match \n"), ru("\tПервая кровь ", " Выиграть матч ")]),
    ).createAchievement;
    expect(a).toMatchObject({
      points: 250,
      holderCount: 0,
      translations: [
        { language: "EN", name: "First Blood", description: "Win a match" },
        { language: "RU", name: "Первая кровь", description: "Выиграть матч" },
      ],
    });
    expect(a.createdAt).toMatch(ISO_MS);
    expect(Date.parse(a.createdAt)).toBeGreaterThanOrEqual(before - 60_000);
    const read = ok(await t.gql(ACHIEVEMENT, { id: a.id })).achievement;
    expect(read).toEqual({
      ...a,
      name: "First Blood",
      nameEn: "First Blood",
      nameRu: "Первая кровь",
      description: "Win a match",
      descriptionEn: "Win a match",
      descriptionRu: "Выиграть матч",
    });
  });

  test("the points range is 1..100000", async () => {
    ok(await create(1, [en("min")]));
    ok(await create(100000, [en("max")]));
    expect(await countRows(t, "achievements")).toBe(2);
  });

  test.each([0, -5, 100001, 2 ** 31 - 1])("points %p is BAD_USER_INPUT on field points, writing nothing", async (points) => {
    expectError(await create(points, [en("p")]), "BAD_USER_INPUT", "points");
    expect(await countRows(t, "achievements")).toBe(0);
  });

  test("points 1.5 (not an integer) is refused as BAD_USER_INPUT on field points, writing nothing", async () => {
    expectError(await create(1.5, [en("p")]), "BAD_USER_INPUT", "points");
    expectError(await create("10", [en("p")]), "BAD_USER_INPUT", "points");
    expect(await countRows(t, "achievements")).toBe(0);
  });

  test("points 1.5 as a literal is refused (validation or input error) and nothing is written", async () => {
    const r = await t.gql(
      `mutation { createAchievement(input: { points: 1.5, translations: [{ language: EN, name: "x", description: "y" }] }) { id } }`,
    );
    expect(r.errors).toHaveLength(1);
    expect(["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"]).toContain(r.errors![0]!.extensions?.code);
    expect(await countRows(t, "achievements")).toBe(0);
  });

  test.each([
    ["no translation", [], "translations"],
    ["three translations", [en("a"), ru("б"), en("c")], "translations"],
    ["two translations in the same language", [en("a"), en("b")], "translations.1.language"],
    ["two Russian translations", [ru("а"), ru("б")], "translations.1.language"],
  ])("%s is BAD_USER_INPUT, writing nothing", async (_label, translations, field) => {
    const r = await create(10, translations);
    expectError(r, "BAD_USER_INPUT");
    expect(theField(r)).toBe(field);
    expect(await countRows(t, "achievements")).toBe(0);
    expect(await countRows(t, "achievement_translations")).toBe(0);
  });

  test.each([
    ["an empty name", [en("")], "translations.0.name"],
    ["a white-space name", [en(" \u3000\n ")], "translations.0.name"],
    ["a 101-character name", [en("n".repeat(101))], "translations.0.name"],
    ["a 101-emoji name", [en("🏆".repeat(101))], "translations.0.name"],
    ["a name with a control character", [en("bad\u0007name")], "translations.0.name"],
    ["a name with NUL", [en("bad\u0000name")], "translations.0.name"],
    ["a name with a lone surrogate", [en("bad\ud83dname")], "translations.0.name"],
    ["a description with a lone surrogate", [en("ok", "half an emoji \ude00")], "translations.0.description"],
    ["an empty description", [en("ok", "")], "translations.0.description"],
    ["a white-space description", [en("ok", "   ")], "translations.0.description"],
    ["a 501-character description", [en("ok", "d".repeat(501))], "translations.0.description"],
    ["a description with NUL", [en("ok", "a\u0000b")], "translations.0.description"],
    ["a bad second translation", [en("ok"), ru("б".repeat(101))], "translations.1.name"],
  ])("%s is BAD_USER_INPUT on its dotted field, writing nothing", async (_label, translations, field) => {
    const r = await create(10, translations);
    expectError(r, "BAD_USER_INPUT", field);
    expect(await countRows(t, "achievements")).toBe(0);
    expect(await countRows(t, "achievement_translations")).toBe(0);
  });

  test("100-character names and 500-character descriptions (code points, after trimming) are accepted", async () => {
    const name = "🏆".repeat(100);
    const description = "д".repeat(499) + "😀";
    const a = ok(await create(5, [en(` ${name} `, ` ${description}\n`)])).createAchievement;
    expect(a.translations).toEqual([{ language: "EN", name, description }]);
  });

  test("stores text exactly: Cyrillic, emoji, quotes and SQL fragments", async () => {
    const tr = [
      en(`"Quoted" 'single' \`back\` 🧑‍🚀`, "x'); DELETE FROM achievements; -- $1 %s \\n"),
      ru("Ёжик в тумане — «ёлки»", "Описание с эмодзи 🎉 и \\ обратной чертой"),
    ];
    const a = ok(await create(7, tr)).createAchievement;
    expect(a.translations).toEqual(tr);
    expect(ok(await t.gql(ACHIEVEMENT, { id: a.id })).achievement.translations).toEqual(tr);
  });

  test.each([
    ["the same English name in another case", [en("Sharpshooter")], [en("SHARPSHOOTER")], "translations.0.name"],
    ["the same Russian name with ё in another case", [ru("Снайпер Пётр")], [en("Other"), ru("СНАЙПЕР ПЁТР")], "translations.1.name"],
    ["the same name after trimming", [en("Marathon")], [en("  marathon ")], "translations.0.name"],
  ])("%s is CONFLICT and writes nothing", async (_label, first, second, field) => {
    ok(await create(10, first));
    const r = await create(20, second);
    expectError(r, "CONFLICT", field);
    expect(await countRows(t, "achievements")).toBe(1);
    expect(await countRows(t, "achievement_translations")).toBe(first.length);
  });

  test("the same name in the other language is fine, and both languages may share one name", async () => {
    ok(await create(10, [en("Kamikaze")]));
    ok(await create(10, [ru("Kamikaze")]));
    ok(await create(10, [en("Ниндзя"), ru("Ниндзя")]));
    expect(await countRows(t, "achievements")).toBe(3);
  });
});

describe("one achievement name at the same moment", () => {
  test("20 concurrent createAchievement with one English name in different cases: one is created, the others are CONFLICT and leave nothing", async () => {
    const results = await gqlConcurrently(t, 20, (i) => ({
      query: CREATE,
      variables: { input: { points: 10 + i, translations: [ru(`Русское имя ${i}`), en(i % 2 ? "Speed Demon" : "SPEED DEMON")] } },
    }));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expectError(r, "CONFLICT", "translations.1.name");
    expect(await countRows(t, "achievements")).toBe(1);
    expect(await countRows(t, "achievement_translations")).toBe(2);
  });
});

describe("achievement(id)", () => {
  test("is null for what does not exist", async () => {
    await createAchievement(t);
    expect(ok(await t.gql(ACHIEVEMENT, { id: "2" })).achievement).toBeNull();
    expect(ok(await t.gql(ACHIEVEMENT, { id: "9223372036854775807" })).achievement).toBeNull();
  });

  test.each(["0", "-1", "abc", "01", "9223372036854775808", ""])("a malformed id %p is BAD_USER_INPUT on field id", async (id) => {
    expectError(await t.gql(ACHIEVEMENT, { id }), "BAD_USER_INPUT", "id");
  });

  test("name and description default to EN and fall back to the other language", async () => {
    const enOnly = await createAchievement(t, { translations: [{ language: "EN", name: "Only English", description: "EN text" }] });
    const ruOnly = await createAchievement(t, { translations: [{ language: "RU", name: "Только русский", description: "Русский текст" }] });
    const both = await createAchievement(t, {
      translations: [
        { language: "RU", name: "Оба", description: "Русское" },
        { language: "EN", name: "Both", description: "English" },
      ],
    });
    const read = async (id: string) => ok(await t.gql(ACHIEVEMENT, { id })).achievement;
    expect(await read(enOnly.id)).toMatchObject({
      name: "Only English",
      nameEn: "Only English",
      nameRu: "Only English",
      description: "EN text",
      descriptionRu: "EN text",
    });
    expect(await read(ruOnly.id)).toMatchObject({
      name: "Только русский",
      nameEn: "Только русский",
      nameRu: "Только русский",
      description: "Русский текст",
      descriptionEn: "Русский текст",
    });
    expect(await read(both.id)).toMatchObject({
      name: "Both",
      nameEn: "Both",
      nameRu: "Оба",
      description: "English",
      descriptionEn: "English",
      descriptionRu: "Русское",
    });
  });
});

describe("achievements", () => {
  test("are ordered by id as numbers and walk to the end with first: 2", async () => {
    const created: AchievementData[] = [];
    for (let i = 0; i < 11; i++) created.push(await createAchievement(t, { points: 100 - i }));
    const full = ok(await t.gql(LIST, { first: 100 })).achievements;
    expect(full.totalCount).toBe(11);
    expect(full.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(created.map((a) => a.id));
    const walked: string[] = [];
    let after: string | null = null;
    for (let pages = 1; ; pages++) {
      const page: any = ok(await t.gql(LIST, { first: 2, after })).achievements;
      expect(page.totalCount).toBe(11);
      walked.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
      expect(page.pageInfo.startCursor).toBe(page.edges[0].cursor);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) {
        expect(pages).toBe(6);
        break;
      }
      expect(page.edges).toHaveLength(2);
    }
    expect(walked).toEqual(created.map((a) => a.id));
    const beyond = ok(await t.gql(LIST, { first: 2, after })).achievements;
    expect(beyond).toEqual({
      totalCount: 11,
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
      edges: [],
    });
  });

  test("first: null means the default of 20; 0 and 101 are BAD_USER_INPUT on field first", async () => {
    for (let i = 0; i < 21; i++) await createAchievement(t);
    const page = ok(await t.gql(LIST, { first: null })).achievements;
    expect(page.edges).toHaveLength(20);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expectError(await t.gql(LIST, { first: 0 }), "BAD_USER_INPUT", "first");
    expectError(await t.gql(LIST, { first: 101 }), "BAD_USER_INPUT", "first");
  });

  test("a malformed cursor is BAD_USER_INPUT on field after", async () => {
    await createAchievement(t);
    for (const after of [
      "nope",
      Buffer.from('["achievements","x"]').toString("base64url"),
      Buffer.from('["users","1"]').toString("base64url"),
    ]) {
      expectError(await t.gql(LIST, { after }), "BAD_USER_INPUT", "after");
    }
  });
});

describe("holderCount", () => {
  test("counts the users holding the achievement, once each", async () => {
    const a = await createAchievement(t);
    const b = await createAchievement(t);
    const users = [await createUser(t), await createUser(t), await createUser(t)];
    const holders = async (id: string) =>
      ok(await t.gql(`query($id: ID!) { achievement(id: $id) { holderCount } }`, { id })).achievement.holderCount;
    expect(await holders(a.id)).toBe(0);
    for (const u of users) await award(t, u.id, a.id);
    await award(t, users[0]!.id, a.id);
    await award(t, users[1]!.id, a.id, "2020-01-01T00:00:00Z");
    await award(t, users[2]!.id, b.id);
    expect(await holders(a.id)).toBe(3);
    expect(await holders(b.id)).toBe(1);
    const listed = ok(await t.gql(`{ achievements { edges { node { id holderCount } } } }`)).achievements.edges.map((e: any) => e.node);
    expect(listed).toEqual([
      { id: a.id, holderCount: 3 },
      { id: b.id, holderCount: 1 },
    ]);
  });
});

function theField(r: { errors?: { extensions?: Record<string, any> }[] }): unknown {
  return r.errors?.[0]?.extensions?.field;
}
