import { Link } from "react-router";
import { useI18n } from "../lib/i18n.tsx";

/** "Back to home" above a screen's title: LIFF has no browser back button on screen. */
export function HomeLink() {
  const { t } = useI18n();
  return (
    <Link to="/" className="home-link" data-testid="home-link">
      <span aria-hidden="true">‹ </span>
      {t("nav.home")}
    </Link>
  );
}
