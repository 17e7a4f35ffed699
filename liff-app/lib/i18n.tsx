import { createContext, useContext, useLayoutEffect, useMemo, useState, type ReactNode } from "react";
import rosetta from "rosetta";
import { createFormats, type Formats } from "./formats.ts";
import { storeLanguage, type Language } from "./language.ts";
import { en, ja, type MessageKey, type Messages } from "./messages.ts";

// Copies: rosetta merges added strings into the tables it holds.
const translator = rosetta<Partial<Messages>>({ ja: { ...ja }, en: { ...en } });

/**
 * Adds a lazily loaded screen's strings to the dictionary; its module calls this when it loads,
 * before anything renders them. Adding the same strings again is harmless.
 */
export function addMessages(messages: { ja: Partial<Messages>; en: Partial<Messages> }): void {
  translator.set("ja", messages.ja);
  translator.set("en", messages.en);
}

/** "orders.list.itemCount" for a message with `.one` and `.other` forms. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}.other` ? Base : never }[MessageKey];

export interface I18n {
  language: Language;
  /** Remembers the user's choice and switches every string and `<html lang>`. */
  // Function-typed properties, not methods: screens destructure them (`const { t } = useI18n()`).
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** A counted message in the form its count takes; `{{count}}` is the count with separators. */
  plural: (key: PluralKey, count: number, params?: Record<string, string | number>) => string;
  formatNumber: (value: number) => string;
  /** Amounts, dates and times in this language's one style. */
  format: Formats;
}

const I18nContext = createContext<I18n | null>(null);

export interface I18nProviderProps {
  initialLanguage: Language;
  /** Called when the user chooses a language (not for the initial one). */
  onChoose?: (language: Language) => void;
  children: ReactNode;
}

export function I18nProvider({ initialLanguage, onChoose, children }: I18nProviderProps) {
  const [language, setLanguageState] = useState(initialLanguage);

  // Layout effect: screen readers and the browser's text shaping see the right lang before paint.
  useLayoutEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const i18n = useMemo<I18n>(() => {
    const format = createFormats(language);
    const t: I18n["t"] = (key, params) => translator.t(key, params ?? {}, language);
    return {
      language,
      setLanguage(next) {
        storeLanguage(next);
        setLanguageState(next);
        onChoose?.(next);
      },
      t,
      plural: (key, count, params) => t(`${key}.${format.pluralForm(count)}`, { ...params, count: format.number(count) }),
      formatNumber: format.number,
      format,
    };
  }, [language, onChoose]);

  return <I18nContext.Provider value={i18n}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n needs an <I18nProvider> above it");
  return i18n;
}
