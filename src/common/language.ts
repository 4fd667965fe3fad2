import { registerEnumType } from "type-graphql";

export enum Language {
  RU = "RU",
  EN = "EN",
}

registerEnumType(Language, {
  name: "Language",
  description: "The languages the service speaks",
  valuesConfig: { RU: { description: "Russian" }, EN: { description: "English" } },
});

export function otherLanguage(l: Language): Language {
  return l === Language.EN ? Language.RU : Language.EN;
}

export interface Translated {
  language: Language;
  name: string;
  description: string;
}

/** The translation in `wanted`, else in the other language (an achievement always has one). */
export function pickTranslation<T extends Translated>(translations: readonly T[], wanted: Language): T {
  const hit = translations.find((t) => t.language === wanted) ?? translations.find((t) => t.language === otherLanguage(wanted));
  if (!hit) throw new Error("achievement without translations");
  return hit;
}
