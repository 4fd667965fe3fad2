import "reflect-metadata";
import { Language } from "../../src/common/language";
import { CreateAchievementInput, TranslationInput } from "../../src/modules/achievement/achievement.inputs";
import { CreateUserInput, UpdateUserInput } from "../../src/modules/user/user.inputs";
import { BadUserInputError } from "../../src/common/errors";
import { canonicalTimeZone } from "../../src/common/time";
import { validateArgument } from "../../src/graphql/validation";

/** An instance of an input class with these values, as type-graphql builds it before validation. */
function plainToInstanceLike<T extends object>(cls: new () => T, values: Partial<T>): T {
  return Object.assign(new cls(), values);
}

describe("canonicalTimeZone", () => {
  test.each([
    ["Europe/Moscow", "Europe/Moscow"],
    ["europe/moscow", "Europe/Moscow"],
    [" Europe/Moscow ", "Europe/Moscow"],
    ["UTC", "UTC"],
    ["utc", "UTC"],
    ["Etc/UTC", "UTC"],
  ])("%p → %p", (raw, zone) => {
    expect(canonicalTimeZone(raw)).toBe(zone);
  });

  test("agrees with Intl for every zone Intl lists", () => {
    for (const zone of Intl.supportedValuesOf("timeZone")) {
      expect([zone, canonicalTimeZone(zone)]).toEqual([
        zone,
        new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone,
      ]);
    }
  });

  test.each([
    "+03:00",
    "-05:00",
    "+0300",
    "UTC+3",
    "GMT+03:00",
    "Z",
    "",
    "   ",
    "Mars/Olympus",
    "Europe/",
    "/Europe/Moscow",
    "Europe/Moscow\u0000",
    "a".repeat(65),
  ])("%p is not a zone name", (raw) => {
    expect(canonicalTimeZone(raw)).toBeUndefined();
  });
});

async function failure(value: object): Promise<{ field: unknown; message: string } | undefined> {
  try {
    await validateArgument(value);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(BadUserInputError);
    const err = e as BadUserInputError;
    expect(err.extensions.code).toBe("BAD_USER_INPUT");
    return { field: err.extensions.field, message: err.message };
  }
}

describe("validateArgument", () => {
  const user = (v: Partial<CreateUserInput>) => plainToInstanceLike(CreateUserInput, { name: "Ann", language: Language.EN, ...v });
  const tr = (v: Partial<TranslationInput>) =>
    plainToInstanceLike(TranslationInput, { language: Language.EN, name: "n", description: "d", ...v });
  const ach = (points: number, translations: TranslationInput[]) => plainToInstanceLike(CreateAchievementInput, { points, translations });

  test("valid inputs pass", async () => {
    expect(await failure(user({}))).toBeUndefined();
    expect(await failure(user({ name: ` ${"ё".repeat(64)} `, timeZone: "europe/moscow" }))).toBeUndefined();
    expect(await failure(plainToInstanceLike(UpdateUserInput, {}))).toBeUndefined();
    expect(await failure(ach(100000, [tr({}), tr({ language: Language.RU })]))).toBeUndefined();
  });

  test.each([
    [{ name: "" }, "name"],
    [{ name: "x".repeat(65) }, "name"],
    [{ name: "a\u0000" }, "name"],
    [{ name: "half \ud83d" }, "name"],
    [{ timeZone: "+03:00" }, "timeZone"],
  ])("user input %p fails on %p", async (v, field) => {
    expect((await failure(user(v)))?.field).toBe(field);
  });

  test("the message never echoes the value", async () => {
    const secret = "S3CR3T-VALUE";
    const f = await failure(user({ name: `${secret}\u0007` }));
    expect(f?.field).toBe("name");
    expect(f?.message).not.toContain(secret);
  });

  test.each([
    [0, "points"],
    [100001, "points"],
    [1.5, "points"],
  ])("points %p fails on %p", async (points, field) => {
    expect((await failure(ach(points, [tr({})])))?.field).toBe(field);
  });

  test("translations: count and nested fields are named by their dotted path", async () => {
    expect((await failure(ach(1, [])))?.field).toBe("translations");
    expect((await failure(ach(1, [tr({}), tr({}), tr({})])))?.field).toBe("translations");
    expect((await failure(ach(1, [tr({}), tr({ name: "n".repeat(101) })])))?.field).toBe("translations.1.name");
    expect((await failure(ach(1, [tr({ description: "d".repeat(501) })])))?.field).toBe("translations.0.description");
  });
});
