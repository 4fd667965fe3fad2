import { test } from "node:test";
import assert from "node:assert/strict";
import {
  achievementFieldFromServer,
  checkAwardedAt,
  checkPoints,
  checkSteps,
  mapAchievementServerErrors,
  validateAchievement,
  type AchievementDraft,
} from "../src/lib/validation.js";

function draft(points: string, en: [string, string], ru: [string, string]): AchievementDraft {
  return {
    points,
    translations: { EN: { name: en[0], description: en[1] }, RU: { name: ru[0], description: ru[1] } },
  };
}

test("steps: empty (awarded at once) or integers 2..10000", () => {
  assert.equal(checkSteps(""), undefined);
  assert.equal(checkSteps("  "), undefined);
  assert.equal(checkSteps("2"), undefined);
  assert.equal(checkSteps(" 10000 "), undefined);
  assert.equal(checkSteps("1"), "stepsRange");
  assert.equal(checkSteps("10001"), "stepsRange");
  assert.equal(checkSteps("2.5"), "integer");
  const base = draft("10", ["Name", "Text"], ["", ""]);
  assert.deepEqual(validateAchievement({ ...base, hidden: true, steps: "25" }).input, {
    points: 10,
    translations: [{ language: "EN", name: "Name", description: "Text" }],
    hidden: true,
    steps: 25,
  });
  assert.equal(validateAchievement({ ...base, hidden: false, steps: "" }).input?.steps, null);
  assert.equal(validateAchievement({ ...base, steps: "1" }).fieldErrors.steps, "stepsRange");
  assert.equal(achievementFieldFromServer("steps", ["EN"]), "steps");
});

test("points: integers 1..100000 only", () => {
  assert.equal(checkPoints("1"), undefined);
  assert.equal(checkPoints(" 100000 "), undefined);
  assert.equal(checkPoints(""), "required");
  assert.equal(checkPoints("0"), "pointsRange");
  assert.equal(checkPoints("100001"), "pointsRange");
  assert.equal(checkPoints("-5"), "pointsRange");
  assert.equal(checkPoints("1.5"), "integer");
  assert.equal(checkPoints("1e3"), "integer");
  assert.equal(checkPoints("abc"), "integer");
});

test("a valid bilingual draft becomes trimmed input in EN, RU order", () => {
  const v = validateAchievement(draft(" 50 ", ["  First blood ", "Win a match"], ["Первая кровь", " Выиграть матч "]));
  assert.deepEqual(v.fieldErrors, {});
  assert.equal(v.formError, undefined);
  assert.deepEqual(v.input, {
    points: 50,
    translations: [
      { language: "EN", name: "First blood", description: "Win a match" },
      { language: "RU", name: "Первая кровь", description: "Выиграть матч" },
    ],
  });
  assert.deepEqual(v.languages, ["EN", "RU"]);
});

test("one language is enough; none is a form error", () => {
  const one = validateAchievement(draft("5", ["", ""], ["Имя", "Описание"]));
  assert.deepEqual(one.languages, ["RU"]);
  assert.ok(one.input);
  const none = validateAchievement(draft("5", ["  ", ""], ["", " "]));
  assert.equal(none.formError, "noTranslation");
  assert.equal(none.input, undefined);
});

test("lengths are counted in code points after trimming", () => {
  const emoji = "🏆".repeat(100); // 100 code points, 200 UTF-16 units
  assert.deepEqual(validateAchievement(draft("1", [emoji, "d"], ["", ""])).fieldErrors, {});
  assert.equal(validateAchievement(draft("1", [emoji + "x", "d"], ["", ""])).fieldErrors["EN.name"], "nameLength");
  assert.equal(validateAchievement(draft("1", ["n", "x".repeat(501)], ["", ""])).fieldErrors["EN.description"], "descriptionLength");
  assert.deepEqual(validateAchievement(draft("1", ["n", ` ${"x".repeat(500)} `], ["", ""])).fieldErrors, {});
});

test("control characters are refused, a half-filled language is required", () => {
  const v = validateAchievement(draft("1", ["a\u0007b", "line\nbreak"], ["Имя", ""]));
  assert.equal(v.fieldErrors["EN.name"], "controlChars");
  assert.equal(v.fieldErrors["EN.description"], "controlChars");
  assert.equal(v.fieldErrors["RU.description"], "required");
  assert.equal(v.input, undefined);
});

test("server fields map back to the language that was sent at that index", () => {
  assert.equal(achievementFieldFromServer("points", ["EN"]), "points");
  assert.equal(achievementFieldFromServer("input.points", ["EN"]), "points");
  assert.equal(achievementFieldFromServer("translations.0.name", ["RU"]), "RU.name");
  assert.equal(achievementFieldFromServer("translations.1.description", ["EN", "RU"]), "RU.description");
  assert.equal(achievementFieldFromServer("translations[1].name", ["EN", "RU"]), "RU.name");
  assert.equal(achievementFieldFromServer("translations.2.name", ["EN", "RU"]), undefined);
  assert.equal(achievementFieldFromServer("translations", ["EN"]), undefined);
});

test("CONFLICT goes to the name of the language concerned, else to the form", () => {
  const m = mapAchievementServerErrors(
    [
      { message: "taken", extensions: { code: "CONFLICT", field: "translations.1.name" } },
      { message: "bad points", extensions: { code: "BAD_USER_INPUT", field: "points" } },
      { message: "taken somewhere", extensions: { code: "CONFLICT" } },
      { message: "odd", extensions: { code: "BAD_USER_INPUT", field: "translations" } },
    ],
    ["EN", "RU"],
  );
  assert.equal(m.fieldErrors["RU.name"]?.message, "taken");
  assert.equal(m.fieldErrors.points?.message, "bad points");
  assert.deepEqual(
    m.formErrors.map((e) => e.message),
    ["taken somewhere", "odd"],
  );
  const lang = mapAchievementServerErrors([{ message: "t", extensions: { code: "CONFLICT", field: "translations.0" } }], ["RU"]);
  assert.equal(lang.fieldErrors["RU.name"]?.message, "t");
});

test("award time: empty sends none; else a valid local time, not in the future, not before 2000", () => {
  const now = Date.parse("2026-06-15T12:00:00Z");
  assert.deepEqual(checkAwardedAt("", now), { awardedAt: null });
  const ok = checkAwardedAt("2026-06-01T09:30", now);
  assert.equal(ok.error, undefined);
  assert.equal(Date.parse(ok.awardedAt!), new Date(2026, 5, 1, 9, 30, 0).getTime());
  assert.match(ok.awardedAt!, /^2026-06-01T09:30:00[+-]\d{2}:\d{2}$/);
  assert.deepEqual(checkAwardedAt("yesterday", now), { error: "dateInvalid" });
  assert.deepEqual(checkAwardedAt("2026-13-01T00:00", now), { error: "dateInvalid" });
  assert.deepEqual(checkAwardedAt("1999-12-30T00:00", now), { error: "dateTooEarly" });
  const later = new Date(now + 2 * 60_000);
  const local = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}T${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  assert.deepEqual(checkAwardedAt(local(later), now), { error: "dateFuture" });
  // a minute of clock difference is allowed
  assert.equal(checkAwardedAt(local(new Date(now + 30_000)), now).error, undefined);
});
