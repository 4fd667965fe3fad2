// Client-side checks that mirror the service contract (api-contract.md,
// "Input rules"), so a person sees mistakes before anything is sent.

import { localInputToIsoWithOffset } from "./dates.js";

export type Lang = "EN" | "RU";
export const LANGS: readonly Lang[] = ["EN", "RU"];

export type ValidationCode =
  | "required"
  | "integer"
  | "pointsRange"
  | "stepsRange"
  | "nameLength"
  | "descriptionLength"
  | "controlChars"
  | "noTranslation"
  | "incomplete";

export type AchievementField = "points" | "steps" | `${Lang}.name` | `${Lang}.description`;

export interface AchievementDraft {
  points: string;
  translations: Record<Lang, { name: string; description: string }>;
  /** Secret until earned. */
  hidden?: boolean;
  /** Steps of an incremental achievement; empty for one awarded at once. */
  steps?: string;
}

export interface TranslationInputValue {
  language: Lang;
  name: string;
  description: string;
}

export interface AchievementValidation {
  fieldErrors: Partial<Record<AchievementField, ValidationCode>>;
  formError?: ValidationCode;
  /** The input to send, present only when there are no errors. */
  input?: { points: number; translations: TranslationInputValue[]; hidden?: boolean; steps?: number | null };
  /** Language of each sent translation, by index (for mapping server errors back). */
  languages: Lang[];
}

export const POINTS_MIN = 1;
export const POINTS_MAX = 100000;
export const STEPS_MIN = 2;
export const STEPS_MAX = 10000;
export const NAME_MAX = 100;
export const DESCRIPTION_MAX = 500;
export const USER_NAME_MAX = 64;

/** Unicode code points, as the contract counts characters. */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const CONTROL = /\p{Cc}/u;

export function hasControlChars(s: string): boolean {
  return CONTROL.test(s);
}

export function checkText(value: string, max: number, tooLong: ValidationCode): ValidationCode | undefined {
  const t = value.trim();
  if (t.length === 0) return "required";
  if (hasControlChars(t)) return "controlChars";
  if (codePointLength(t) > max) return tooLong;
  return undefined;
}

/** Steps are optional: empty means awarded at once, else a whole number from 2 to 10 000. */
export function checkSteps(value: string): ValidationCode | undefined {
  const t = value.trim();
  if (t === "") return undefined;
  if (!/^[+-]?\d+$/.test(t)) return "integer";
  const n = Number(t);
  if (!Number.isSafeInteger(n) || n < STEPS_MIN || n > STEPS_MAX) return "stepsRange";
  return undefined;
}

export function checkPoints(value: string): ValidationCode | undefined {
  const t = value.trim();
  if (t === "") return "required";
  if (!/^[+-]?\d+$/.test(t)) return "integer";
  const n = Number(t);
  if (!Number.isSafeInteger(n) || n < POINTS_MIN || n > POINTS_MAX) return "pointsRange";
  return undefined;
}

export function validateAchievement(draft: AchievementDraft): AchievementValidation {
  const fieldErrors: AchievementValidation["fieldErrors"] = {};
  const translations: TranslationInputValue[] = [];
  const languages: Lang[] = [];

  const pointsError = checkPoints(draft.points);
  if (pointsError) fieldErrors.points = pointsError;
  const stepsError = checkSteps(draft.steps ?? "");
  if (stepsError) fieldErrors.steps = stepsError;

  for (const lang of LANGS) {
    const tr = draft.translations[lang];
    const name = tr.name.trim();
    const description = tr.description.trim();
    if (name === "" && description === "") continue; // this language is left out
    const nameError = checkText(tr.name, NAME_MAX, "nameLength");
    const descriptionError = checkText(tr.description, DESCRIPTION_MAX, "descriptionLength");
    if (nameError) fieldErrors[`${lang}.name`] = nameError;
    if (descriptionError) fieldErrors[`${lang}.description`] = descriptionError;
    translations.push({ language: lang, name, description });
    languages.push(lang);
  }

  const result: AchievementValidation = { fieldErrors, languages };
  if (translations.length === 0) result.formError = "noTranslation";
  if (Object.keys(fieldErrors).length === 0 && !result.formError) {
    result.input = { points: Number(draft.points.trim()), translations };
    if (draft.hidden !== undefined) result.input.hidden = draft.hidden;
    if (draft.steps !== undefined) result.input.steps = draft.steps.trim() === "" ? null : Number(draft.steps.trim());
  }
  return result;
}

/**
 * Maps a server error's `extensions.field` (e.g. "points", "translations.0.name",
 * "input.translations.1.description") to a form field, using the languages in the
 * order they were sent. Returns undefined for fields the form cannot point at.
 */
export function achievementFieldFromServer(field: string | undefined, sentLanguages: readonly Lang[]): AchievementField | undefined {
  if (!field) return undefined;
  const f = field.replace(/^input\./, "");
  if (f === "points") return "points";
  if (f === "steps") return "steps";
  const m = /^translations(?:\.|\[)(\d+)\]?\.(name|description)$/.exec(f);
  if (m) {
    const lang = sentLanguages[Number(m[1])];
    if (lang) return `${lang}.${m[2] as "name" | "description"}`;
  }
  return undefined;
}

export interface ServerErrorLike {
  message: string;
  extensions?: { code?: string; field?: string; [k: string]: unknown };
}

export interface MappedServerErrors {
  fieldErrors: Partial<Record<AchievementField, { code: string; message: string }>>;
  formErrors: { code: string; message: string }[];
}

/**
 * Places each server error next to its field. CONFLICT goes to the name field of
 * the language concerned when `extensions.field` says which, else to the form.
 */
export function mapAchievementServerErrors(errors: readonly ServerErrorLike[], sentLanguages: readonly Lang[]): MappedServerErrors {
  const out: MappedServerErrors = { fieldErrors: {}, formErrors: [] };
  for (const e of errors) {
    const code = e.extensions?.code ?? "INTERNAL_SERVER_ERROR";
    const rawField = typeof e.extensions?.field === "string" ? e.extensions.field : undefined;
    let field = code === "BAD_USER_INPUT" || code === "CONFLICT" ? achievementFieldFromServer(rawField, sentLanguages) : undefined;
    if (code === "CONFLICT" && !field && rawField) {
      // e.g. "translations.1" or "translations.1.language": still the name of that language
      const m = /^(?:input\.)?translations(?:\.|\[)(\d+)/.exec(rawField);
      const lang = m ? sentLanguages[Number(m[1])] : undefined;
      if (lang) field = `${lang}.name`;
    }
    if (code === "CONFLICT" && field && field !== "points" && field.endsWith(".description")) {
      field = field.replace(/\.description$/, ".name") as AchievementField;
    }
    const item = { code, message: e.message };
    if (field && !out.fieldErrors[field]) out.fieldErrors[field] = item;
    else out.formErrors.push(item);
  }
  return out;
}

/** The earliest award time the contract accepts. */
export const AWARDED_AT_EARLIEST = Date.parse("2000-01-01T00:00:00Z");

/**
 * Checks the award form's optional time (an <input type="datetime-local"> value, local time):
 * `awardedAt` is the instant to send (null when left empty), or `error` says what is wrong.
 * A minute of clock difference with the server is allowed into the future.
 */
export function checkAwardedAt(
  value: string,
  now: number,
): { awardedAt: string | null; error?: undefined } | { awardedAt?: undefined; error: "dateInvalid" | "dateFuture" | "dateTooEarly" } {
  if (!value) return { awardedAt: null };
  const awardedAt = localInputToIsoWithOffset(value);
  const ms = awardedAt ? Date.parse(awardedAt) : NaN;
  if (!awardedAt || Number.isNaN(ms)) return { error: "dateInvalid" };
  if (ms > now + 60_000) return { error: "dateFuture" };
  if (ms < AWARDED_AT_EARLIEST) return { error: "dateTooEarly" };
  return { awardedAt };
}
