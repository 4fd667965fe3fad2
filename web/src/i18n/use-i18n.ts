import { createContext, useContext } from "react";
import type { Messages, UiLang } from "./messages";

export interface I18n {
  lang: UiLang;
  t: Messages;
  setLang: (lang: UiLang) => void;
  /** Formats a number in the interface language. */
  n: (value: number) => string;
  /** An instant as date and time, in the given time zone (default: the browser's). */
  dateTime: (iso: string, timeZone?: string) => string;
  /** A calendar date "YYYY-MM-DD". */
  date: (day: string) => string;
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}
