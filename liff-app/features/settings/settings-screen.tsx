import { HomeLink } from "../../components/home-link.tsx";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import type { LinkedMember } from "../../components/member-card.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { settingsMessages } from "../../lib/messages-settings.ts";
import { useMe } from "../../lib/me.ts";
import { LanguageSetting } from "./language-setting.tsx";
import { ShopContact } from "./shop-contact.tsx";
import { UnlinkControl } from "./unlink-dialog.tsx";

addMessages(settingsMessages);

/** /settings: the linked membership (and unlinking it), the display language and how to reach the shop. */
export function SettingsScreen() {
  const { t } = useI18n();
  const me = useMe();

  return (
    <section className="screen" aria-labelledby="settings-title" aria-busy={me.isPending} data-testid="settings-screen">
      <HomeLink />
      <h1 id="settings-title" className="screen__title">
        {t("settings.title")}
      </h1>
      <p className="visually-hidden" role="status">
        {me.isPending ? t("settings.loading") : ""}
      </p>
      <section className="panel settings-link" aria-labelledby="settings-link-title" data-testid="settings-link">
        <h2 id="settings-link-title" className="panel__title">
          {t("settings.link.title")}
        </h2>
        {me.isPending ? (
          <div className="settings-link__skeleton" aria-hidden="true">
            <span className="skeleton skeleton--text" />
            <span className="skeleton skeleton--text" />
            <span className="skeleton skeleton--button" />
          </div>
        ) : me.isError ? (
          <QueryErrorPanel error={me.error} onRetry={() => void me.refetch()} />
        ) : me.data.link.status === "linked" ? (
          <LinkedMembership member={me.data.link.member} />
        ) : (
          <>
            <p data-testid="settings-unlinked">{t("settings.link.unlinked")}</p>
            <LinkCallToAction />
          </>
        )}
      </section>
      <LanguageSetting />
      <ShopContact />
    </section>
  );
}

function LinkedMembership({ member }: { member: LinkedMember }) {
  const { t } = useI18n();
  return (
    <>
      <dl className="facts">
        <div className="facts__row">
          <dt>{t("settings.link.memberNumber")}</dt>
          <dd data-testid="settings-member-number">{member.memberNumber}</dd>
        </div>
        <div className="facts__row">
          <dt>{t("settings.link.name")}</dt>
          <dd data-testid="settings-member-name">{member.name}</dd>
        </div>
      </dl>
      <UnlinkControl />
    </>
  );
}
