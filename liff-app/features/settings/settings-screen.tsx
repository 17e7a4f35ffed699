import { Link } from "react-router";
import { HomeLink } from "../../components/home-link.tsx";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import type { LinkedMember } from "../../components/member-card.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { settingsMessages } from "../../lib/messages-settings.ts";
import { useMe } from "../../lib/me.ts";
import { LanguageSetting } from "./language-setting.tsx";
import { ShopContact } from "./shop-contact.tsx";
import { UnlinkControl } from "./unlink-dialog.tsx";

addMessages(settingsMessages);

/**
 * /settings: the linked membership (and unlinking it), the phones that can show the card, the
 * display language and how to reach the shop and its stores.
 */
export function SettingsScreen() {
  const { t } = useI18n();
  const me = useMe();

  return (
    <section className="screen" aria-labelledby="settings-title" aria-busy={me.isPending} data-testid="settings-screen">
      <HomeLink />
      <h1 id="settings-title" className="screen__title">
        <PhraseText>{t("settings.title")}</PhraseText>
      </h1>
      <p className="visually-hidden" role="status">
        {me.isPending ? t("settings.loading") : ""}
      </p>
      <section className="panel settings-link" aria-labelledby="settings-link-title" data-testid="settings-link">
        <h2 id="settings-link-title" className="panel__title">
          <PhraseText>{t("settings.link.title")}</PhraseText>
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
            <p data-testid="settings-unlinked">
              <PhraseText>{t("settings.link.unlinked")}</PhraseText>
            </p>
            <LinkCallToAction />
          </>
        )}
      </section>
      {me.data?.link.status === "linked" ? <CardPhonesEntry /> : null}
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

/** The phones that can show the card are listed (and removed) on /card: settings leads there. */
function CardPhonesEntry() {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="settings-devices-title" data-testid="settings-devices">
      <h2 id="settings-devices-title" className="panel__title">
        <PhraseText>{t("settings.devices.title")}</PhraseText>
      </h2>
      <p>
        <PhraseText>{t("settings.devices.body")}</PhraseText>
      </p>
      <Link to="/card#devices" className="button button--secondary button--block" data-testid="settings-devices-link">
        {t("settings.devices.open")}
      </Link>
    </section>
  );
}
