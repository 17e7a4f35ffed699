import { Link } from "react-router";
import { useI18n } from "../lib/i18n.tsx";

/** The way in for an unlinked customer: link the membership they have, or register one. */
export function LinkCallToAction() {
  const { t } = useI18n();
  return (
    <div className="action-stack">
      <Link to="/link" className="button button--primary button--block" data-testid="link-start-button">
        {t("linkCallToAction.link")}
      </Link>
      <Link to="/link/register" className="button button--secondary button--block" data-testid="register-start-button">
        {t("linkCallToAction.register")}
      </Link>
    </div>
  );
}
