import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { messages, type UiLang } from "./messages";
import { I18nContext, type I18n } from "./use-i18n";

const STORAGE_KEY = "achievements-console.lang";

function initialLang(): UiLang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === "en" || stored === "ru") return stored;
  } catch {
    /* storage unavailable */
  }
  return navigator.language?.toLowerCase().startsWith("ru") ? "ru" : "en";
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<UiLang>(initialLang);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: UiLang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* storage unavailable: the choice lasts for this page */
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const numberFormat = new Intl.NumberFormat(lang);
    const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" });
    return {
      lang,
      t: messages[lang],
      setLang,
      n: (v) => numberFormat.format(v),
      dateTime: (iso, timeZone) => {
        try {
          return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
        } catch {
          return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
        }
      },
      date: (day) => dateFormat.format(new Date(`${day}T00:00:00Z`)),
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
