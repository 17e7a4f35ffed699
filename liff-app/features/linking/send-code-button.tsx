import { useState } from "react";
import { SubmitErrorNotice } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useI18n } from "../../lib/i18n.tsx";
import { MEMBER_NUMBER } from "./form-values.ts";
import { useSendOneTimeCode } from "./send-one-time-code.ts";
import { PhraseText } from "../../components/phrase-text.tsx";

/** "Send code": the merchant sends a one-time code to the member's registered email or phone. */
export function SendCodeButton({ memberNumber }: { memberNumber: string }) {
  const { t } = useI18n();
  const send = useSendOneTimeCode();
  const [missingNumber, setMissingNumber] = useState(false);

  const click = () => {
    if (send.isPending) return;
    if (!MEMBER_NUMBER.test(memberNumber)) {
      setMissingNumber(true);
      return;
    }
    setMissingNumber(false);
    send.mutate({ memberNumber });
  };

  return (
    <div className="field" data-testid="send-code">
      <button
        type="button"
        className="button button--secondary"
        aria-disabled={send.isPending || undefined}
        data-testid="send-code-button"
        onClick={click}
      >
        {send.isPending ? t("linking.otp.sending") : t("linking.otp.send")}
      </button>
      <div role="status" aria-live="polite">
        {missingNumber ? (
          <p className="field__error">
            <PhraseText>{t("linking.otp.needMemberNumber")}</PhraseText>
          </p>
        ) : send.isSuccess ? (
          <p data-testid="send-code-sent">
            <PhraseText>{t("linking.otp.sent")}</PhraseText>
          </p>
        ) : null}
      </div>
      {send.isError ? (
        send.error instanceof ApiError && send.error.code === "rate_limited" ? (
          <p className="notice notice--error" role="alert" data-testid="send-code-error">
            {t("linking.otp.rateLimited")}
          </p>
        ) : (
          <SubmitErrorNotice error={send.error} />
        )
      ) : null}
    </div>
  );
}
