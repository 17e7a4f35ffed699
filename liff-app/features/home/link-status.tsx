import { useI18n } from "../../lib/i18n.tsx";

/** Whether this LINE account is linked to a membership ("会員連携"). */
export function LinkStatus({ linked }: { linked: boolean }) {
  const { t } = useI18n();
  return (
    <div className="link-status" data-testid="link-status" data-link-status={linked ? "linked" : "unlinked"}>
      <span className={linked ? "badge badge--linked" : "badge badge--unlinked"}>
        {linked ? t("home.linkStatus.linked") : t("home.linkStatus.unlinked")}
      </span>
      <p className="link-status__text">
        {linked ? t("home.linkStatus.linkedDescription") : t("home.linkStatus.unlinkedDescription")}
      </p>
    </div>
  );
}
