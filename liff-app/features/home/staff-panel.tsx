import { Link } from "react-router";
import type { MeResponse } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { storeName } from "../../lib/brand.ts";
import { useI18n } from "../../lib/i18n.tsx";

type Staff = NonNullable<MeResponse["staff"]>;

export function StaffPanel({ staff }: { staff: Staff }) {
  const { t, language } = useI18n();
  return (
    <section className="panel staff-panel" aria-labelledby="staff-panel-title" data-testid="staff-panel">
      <h2 id="staff-panel-title" className="panel__title">
        <PhraseText>{t("home.staff.title")}</PhraseText>
      </h2>
      <p>
        <PhraseText>{t("home.staff.registeredAs", { name: staff.name })}</PhraseText>
      </p>
      <h3 className="panel__subtitle">
        <PhraseText>{t("home.staff.stores")}</PhraseText>
      </h3>
      <ul className="store-list">
        {staff.stores.map((store) => (
          <li key={store.storeId}>{storeName(store.storeId, store.name, language)}</li>
        ))}
      </ul>
      <Link to="/staff" className="button button--primary button--block" data-testid="staff-screen-link">
        {t("home.staff.open")}
      </Link>
      {staff.console ? (
        <Link to="/console" className="button button--secondary button--block" data-testid="console-link">
          {t("home.staff.console")}
        </Link>
      ) : null}
    </section>
  );
}
