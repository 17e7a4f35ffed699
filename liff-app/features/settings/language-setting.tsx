import { PhraseText } from "../../components/phrase-text.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { languageChoices } from "../../lib/language.ts";

/** The same choice as the header's switch, as a labelled radio group where settings are looked for. */
export function LanguageSetting() {
  const { t, language, setLanguage } = useI18n();
  return (
    <fieldset className="panel radio-group" data-testid="language-setting">
      <legend className="panel__title radio-group__legend">
        <PhraseText>{t("settings.languageTitle")}</PhraseText>
      </legend>
      {languageChoices.map((choice) => (
        <label key={choice.language} className="radio-option">
          <input
            type="radio"
            name="language"
            value={choice.language}
            checked={language === choice.language}
            onChange={() => setLanguage(choice.language)}
          />
          <span lang={choice.language}>{choice.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
