import type { ReactNode } from "react";
import { Link } from "react-router";
import { SubmitErrorNotice } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useI18n } from "../../lib/i18n.tsx";
import type { MessageKey } from "../../lib/messages.ts";
import type { SecondFactorType } from "./link-settings.ts";
import { describeRetryTime } from "./retry-time.ts";

const invalidCredentialsMessage = {
  pin: "linking.errors.invalidCredentialsPin",
  birthDate: "linking.errors.invalidCredentialsBirthDate",
  otp: "linking.errors.invalidCredentialsOtp",
} as const satisfies Record<SecondFactorType, MessageKey>;

/** Why POST /api/link refused, in the customer's words, by error code. */
export function LinkErrorNotice({
  error,
  secondFactor,
  submittedAt,
}: {
  error: unknown;
  secondFactor: SecondFactorType;
  submittedAt: number;
}) {
  const { t, format } = useI18n();
  if (!(error instanceof ApiError)) return <SubmitErrorNotice error={error} />;

  const alert = (message: string, action?: ReactNode) => (
    <div className="notice notice--error" role="alert" data-testid="link-error" data-error-code={error.code}>
      <p>{message}</p>
      {action}
    </div>
  );

  switch (error.code) {
    case "invalid_credentials": {
      const remaining = error.body?.error.remainingTries;
      return alert(
        t(invalidCredentialsMessage[secondFactor]),
        remaining === undefined ? undefined : (
          <p data-testid="link-remaining-tries" data-remaining={remaining}>
            {remaining > 0 ? t("linking.errors.remainingTries", { count: remaining }) : t("linking.errors.noTriesLeft")}
          </p>
        ),
      );
    }
    case "member_locked":
      return alert(t("linking.errors.memberLocked"));
    case "rate_limited": {
      const seconds = error.body?.error.retryAfterSeconds;
      if (seconds === undefined) return alert(t("linking.errors.rateLimitedNoTime"));
      const { minutes, retryAt } = describeRetryTime(submittedAt, seconds);
      return alert(t("linking.errors.rateLimited", { minutes, time: format.time(retryAt) }));
    }
    case "already_linked":
      return alert(
        t("linking.errors.alreadyLinked"),
        <Link to="/card" className="button button--secondary" data-testid="link-error-card">
          {t("linking.errors.showCard")}
        </Link>,
      );
    case "member_linked_elsewhere":
      return alert(t("linking.errors.memberLinkedElsewhere"));
    case "bad_request":
      return alert(t("forms.checkInput"));
    default:
      return <SubmitErrorNotice error={error} />;
  }
}
