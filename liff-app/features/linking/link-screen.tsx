import { Link } from "react-router";
import { HomeLink } from "../../components/home-link.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { linkingMessages } from "../../lib/messages-linking.ts";
import { useMe } from "../../lib/me.ts";
import { AlreadyLinked } from "./already-linked.tsx";
import { FormSkeleton } from "./form-skeleton.tsx";
import { LinkForm } from "./link-form.tsx";
import { useLinkSettings } from "./link-settings.ts";
import { PhraseText } from "../../components/phrase-text.tsx";

addMessages(linkingMessages);

/** /link: why linking helps, and the one short form that does it. */
export function LinkScreen() {
  const { t } = useI18n();
  const me = useMe();
  const settings = useLinkSettings();
  const loading = me.isPending || settings.isPending;

  if (me.data?.link.status === "linked") {
    return (
      <section className="screen" aria-labelledby="link-title" data-testid="link-screen">
        <HomeLink />
        <AlreadyLinked titleId="link-title" member={me.data.link.member} />
      </section>
    );
  }

  return (
    <section className="screen" aria-labelledby="link-title" aria-busy={loading} data-testid="link-screen">
      <HomeLink />
      <h1 id="link-title" className="screen__title">
        <PhraseText>{t("linking.title")}</PhraseText>
      </h1>
      <p>
        <PhraseText>{t("linking.intro")}</PhraseText>
      </p>
      <p className="visually-hidden" role="status">
        {loading ? t("linking.loading") : ""}
      </p>
      {me.isError ? (
        <QueryErrorPanel error={me.error} onRetry={() => void me.refetch()} />
      ) : settings.isError ? (
        <QueryErrorPanel error={settings.error} onRetry={() => void settings.refetch()} />
      ) : loading ? (
        <FormSkeleton fields={2} testId="link-form-skeleton" />
      ) : (
        <LinkForm secondFactor={settings.data.secondFactor} />
      )}
      <p className="screen__aside">
        {t("linking.noMembership")}{" "}
        <Link to="/link/register" data-testid="register-link">
          {t("linking.registerLink")}
        </Link>
      </p>
    </section>
  );
}
