import { Link } from "react-router";
import { SubmitErrorNotice } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useI18n } from "../../lib/i18n.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";

/** Why POST /api/link/register refused; for a possible duplicate, the way to link instead or to go on. */
export function RegisterErrorNotice({ error, onConfirmNotDuplicate }: { error: unknown; onConfirmNotDuplicate: () => void }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.code === "possible_duplicate") {
    // Most likely a member who forgot they have a card: linking keeps their points in one place.
    return (
      <div className="notice notice--error" role="alert" data-testid="register-error" data-error-code={error.code}>
        <p>
          <PhraseText>{t("register.possibleDuplicate.body")}</PhraseText>
        </p>
        <Link to="/link" className="button button--primary" data-testid="register-duplicate-link">
          {t("register.possibleDuplicate.link")}
        </Link>
        <button
          type="button"
          className="button button--secondary"
          data-testid="register-duplicate-confirm"
          onClick={onConfirmNotDuplicate}
        >
          {t("register.possibleDuplicate.confirm")}
        </button>
      </div>
    );
  }
  if (error instanceof ApiError && (error.code === "already_linked" || error.code === "bad_request")) {
    return (
      <div className="notice notice--error" role="alert" data-testid="register-error" data-error-code={error.code}>
        <p>
          <PhraseText>{t(error.code === "already_linked" ? "linking.errors.alreadyLinked" : "forms.checkInput")}</PhraseText>
        </p>
        {error.code === "already_linked" ? (
          <Link to="/card" className="button button--secondary">
            {t("linking.errors.showCard")}
          </Link>
        ) : null}
      </div>
    );
  }
  return <SubmitErrorNotice error={error} />;
}
