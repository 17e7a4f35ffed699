import { useI18n } from "../lib/i18n.tsx";
import type { Language } from "../lib/language.ts";

// Each language is named in itself, so anyone can find theirs whatever is showing now.
const choices: { language: Language; label: string }[] = [
  { language: "ja", label: "日本語" },
  { language: "en", label: "English" },
];

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t("language.label")} data-testid="language-switch">
      {choices.map((choice) => (
        <button
          key={choice.language}
          type="button"
          lang={choice.language}
          className="language-switch__option"
          aria-pressed={language === choice.language}
          onClick={() => setLanguage(choice.language)}
        >
          {choice.label}
        </button>
      ))}
    </div>
  );
}
