import { Link } from "react-router";
import type { LinkedMember } from "../../components/member-card.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";

/** /link or /link/register for an account that is linked already: nothing to do but go to the card. */
export function AlreadyLinked({ titleId, member }: { titleId: string; member: LinkedMember }) {
  const { t } = useI18n();
  return (
    <>
      <h1 id={titleId} className="screen__title">
        <PhraseText>{t("linking.alreadyLinked.title")}</PhraseText>
      </h1>
      <div className="notice" data-testid="already-linked">
        <p>
          <PhraseText>{t("linking.alreadyLinked.body", { memberNumber: member.memberNumber })}</PhraseText>
        </p>
      </div>
      <div className="action-stack">
        <Link to="/card" className="button button--primary button--block" data-testid="already-linked-card">
          {t("linking.alreadyLinked.card")}
        </Link>
        <Link to="/settings" className="button button--secondary button--block">
          {t("linking.alreadyLinked.settings")}
        </Link>
      </div>
    </>
  );
}
