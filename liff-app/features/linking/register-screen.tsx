import { Link } from "react-router";
import { HomeLink } from "../../components/home-link.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { linkingMessages } from "../../lib/messages-linking.ts";
import { useMe } from "../../lib/me.ts";
import { AlreadyLinked } from "./already-linked.tsx";
import { FormSkeleton } from "./form-skeleton.tsx";
import { RegisterForm } from "./register-form.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";

addMessages(linkingMessages);

/** /link/register: a new membership, created at the merchant and linked in one step. */
export function RegisterScreen() {
  const { t } = useI18n();
  const me = useMe();

  if (me.data?.link.status === "linked") {
    return (
      <section className="screen" aria-labelledby="register-title" data-testid="register-screen">
        <HomeLink />
        <AlreadyLinked titleId="register-title" member={me.data.link.member} />
      </section>
    );
  }

  return (
    <section className="screen" aria-labelledby="register-title" aria-busy={me.isPending} data-testid="register-screen">
      <HomeLink />
      <h1 id="register-title" className="screen__title">
        <PhraseText>{t("register.title")}</PhraseText>
      </h1>
      <p>
        <PhraseText>{t("register.intro")}</PhraseText>
      </p>
      <p className="visually-hidden" role="status">
        {me.isPending ? t("app.loading") : ""}
      </p>
      {me.isPending ? (
        <FormSkeleton fields={5} testId="register-form-skeleton" />
      ) : me.isError ? (
        <QueryErrorPanel error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <RegisterForm displayName={me.data.profile.displayName} />
      )}
      <p className="screen__aside">
        {t("register.haveMembership")}{" "}
        <Link to="/link" data-testid="link-instead">
          {t("register.linkInstead")}
        </Link>
      </p>
    </section>
  );
}
