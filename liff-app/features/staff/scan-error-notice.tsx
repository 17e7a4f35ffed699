import type { ErrorCode } from "../../../shared/errors.ts";
import { SubmitErrorNotice } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useI18n } from "../../lib/i18n.tsx";
import type { MessageKey } from "../../lib/messages.ts";

const refusalMessages: Partial<Record<ErrorCode, MessageKey>> = {
  card_expired: "staff.scanErrors.cardExpired",
  card_used: "staff.scanErrors.cardUsed",
  card_invalid: "staff.scanErrors.cardInvalid",
  member_unlinked: "staff.scanErrors.memberUnlinked",
  bad_request: "staff.scanErrors.badRequest",
  forbidden: "staff.scanErrors.forbidden",
  rate_limited: "staff.scanErrors.rateLimited",
};

/** Why POST /api/staff/scans refused the card, in words staff can act on, by error code. */
export function ScanErrorNotice({ error }: { error: unknown }) {
  const { t } = useI18n();
  const key = error instanceof ApiError && error.code ? refusalMessages[error.code] : undefined;
  if (!key || !(error instanceof ApiError)) return <SubmitErrorNotice error={error} />;
  return (
    <div className="notice notice--error" role="alert" data-testid="staff-scan-error" data-error-code={error.code}>
      <p>{t(key)}</p>
    </div>
  );
}
