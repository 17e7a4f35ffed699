import { useI18n } from "../lib/i18n.tsx";
import { languageChoices } from "../lib/language.ts";

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t("language.label")} data-testid="language-switch">
      {languageChoices.map((choice) => (
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
