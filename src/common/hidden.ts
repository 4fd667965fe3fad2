import { Language } from "./language";
import type { Translated } from "./language";

/**
 * What a hidden achievement's texts read as without an admin key (api-contract.md, "Hidden
 * achievements"): the placeholder of each translation's language.
 */
export const HIDDEN_PLACEHOLDER: Readonly<Record<Language, { name: string; description: string }>> = {
  [Language.EN]: { name: "Hidden achievement", description: "Keep playing to reveal it" },
  [Language.RU]: { name: "Скрытое достижение", description: "Играйте дальше, чтобы открыть его" },
};

/** The translations as a reader without an admin key sees them: each one's text replaced by its language's placeholder. */
export function concealTranslations<T extends Translated>(translations: readonly T[]): T[] {
  return translations.map((t) => ({ ...t, ...HIDDEN_PLACEHOLDER[t.language] }));
}
