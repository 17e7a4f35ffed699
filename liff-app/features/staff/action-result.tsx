import { useEffect, useRef } from "react";
import type { StaffActionResponse } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { storeName } from "../../lib/brand.ts";
import { useI18n } from "../../lib/i18n.tsx";
import type { StaffStore } from "./store-choice.ts";
import { VoidControl, VoidOutcome, type Voider } from "./void-control.tsx";

/**
 * What the last action did, in the words of what was asked (the purchase amount too), with
 * 「取り消す」 while the scan's window is open. A live region: screen readers hear it too.
 */
export function ActionResult({
  result,
  stores,
  expired,
  voider,
}: {
  result: StaffActionResponse | null;
  stores: readonly StaffStore[];
  expired: boolean;
  voider: Voider;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const notice = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (result) notice.current?.focus();
  }, [result]);

  const { action, member } = result ?? {};
  const actionId = action?.actionId;
  const voidedNow = actionId !== undefined && voider.result?.action.actionId === actionId;
  return (
    <div className="staff-live">
      <div role="status">
        {result && action ? (
          <div
            ref={notice}
            tabIndex={-1}
            className="notice notice--success staff-result"
            data-testid="staff-action-result"
            data-kind={action.kind}
            data-line-notice={result.lineNotice}
            data-applied={result.applied ?? "now"}
          >
            {result.applied === "later" ? (
              // Accepted, not applied: the store system takes it once it is back. Nothing here says it was done.
              <>
                <p data-testid="staff-action-later">
                  <PhraseText>{t("staff.results.acceptedLater")}</PhraseText>
                </p>
                <p>{describeLater(result, stores, i18n)}</p>
                {action.kind === "award" ? (
                  <p>
                    <PhraseText>{t("staff.results.laterBalance")}</PhraseText>
                  </p>
                ) : null}
              </>
            ) : (
              <p>
                {voidedNow ? (
                  <span className="staff-result__voided" data-testid="staff-result-voided">
                    {t("staff.void.voided")}{" "}
                  </span>
                ) : null}
                {describeResult(result, stores, i18n)}
              </p>
            )}
            {/* Queued, not sent: the customer's LINE message is on its way. */}
            {result.lineNotice === "queued" ? (
              <p data-testid="staff-action-line-notice">
                <PhraseText>{t("staff.results.lineQueued")}</PhraseText>
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
      {result && action && member && actionId !== undefined ? (
        <>
          {!expired && !voidedNow ? (
            <VoidControl
              action={{
                actionId,
                kind: action.kind,
                points: action.points,
                memberNumber: member.memberNumber,
                occurredAt: action.occurredAt,
              }}
              from="result"
              voider={voider}
            />
          ) : null}
          <VoidOutcome actionId={actionId} from="result" voider={voider} />
        </>
      ) : null}
    </div>
  );
}

/** What was accepted for later, without a result the merchant has not given yet. */
function describeLater(
  { action }: StaffActionResponse,
  stores: readonly StaffStore[],
  { t, format, language }: ReturnType<typeof useI18n>,
): string {
  if (action.kind === "award" && typeof action.purchaseAmountYen === "number") {
    return t("staff.results.laterAward", { amount: format.yen(action.purchaseAmountYen) });
  }
  const merchantName = stores.find((s) => s.storeId === action.storeId)?.name ?? action.storeId;
  return t("staff.results.laterCheckIn", { store: storeName(action.storeId, merchantName, language) });
}

function describeResult(
  { action, member }: StaffActionResponse,
  stores: readonly StaffStore[],
  { t, format, formatNumber, language }: ReturnType<typeof useI18n>,
): string {
  const balance = formatNumber(action.balance ?? member.points.balance);
  const points = formatNumber(Math.abs(action.points ?? 0));
  switch (action.kind) {
    case "check_in": {
      const merchantName = stores.find((s) => s.storeId === action.storeId)?.name ?? action.storeId;
      const store = storeName(action.storeId, merchantName, language);
      return t("staff.results.checkIn", { store, balance });
    }
    case "award":
      return typeof action.purchaseAmountYen === "number"
        ? t("staff.results.awardFor", { amount: format.yen(action.purchaseAmountYen), points, balance })
        : t("staff.results.award", { points, balance });
    case "redeem":
      return t("staff.results.redeem", { points, balance });
  }
}
