import type { ErrorCode } from "../../../shared/errors.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { SubmitErrorNotice } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useI18n } from "../../lib/i18n.tsx";
import type { MessageKey } from "../../lib/messages.ts";
import type { ReadVia } from "./card-reader.ts";

const refusalMessages: Partial<Record<ErrorCode, MessageKey>> = {
  card_expired: "staff.scanErrors.cardExpired",
  card_used: "staff.scanErrors.cardUsed",
  card_invalid: "staff.scanErrors.cardInvalid",
  member_unlinked: "staff.scanErrors.memberUnlinked",
  bad_request: "staff.scanErrors.badRequest",
  forbidden: "staff.scanErrors.forbidden",
  rate_limited: "staff.scanErrors.rateLimited",
};

/** Refusals of a typed code that need their own words: the code on the customer's screen expired. */
const typedCodeMessages: Partial<Record<ErrorCode, MessageKey>> = {
  card_expired: "staff.scanErrors.codeExpired",
};

/**
 * Why POST /api/staff/scans refused the card, in words staff can act on, by error code and by
 * the way the card was read.
 */
export function ScanErrorNotice({ error, via }: { error: unknown; via: ReadVia }) {
  const { t } = useI18n();
  const code = error instanceof ApiError ? error.code : undefined;
  const key = code ? ((via === "code" ? typedCodeMessages[code] : undefined) ?? refusalMessages[code]) : undefined;
  if (!key || !(error instanceof ApiError)) return <SubmitErrorNotice error={error} />;
  return (
    <div className="notice notice--error" role="alert" data-testid="staff-scan-error" data-error-code={error.code}>
      <p>
        <PhraseText>{t(key)}</PhraseText>
      </p>
    </div>
  );
}
