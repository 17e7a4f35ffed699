import { useEffect, useRef, useState } from "react";
import type { StaffActionResponse } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { ActionErrorNotice } from "./action-error-notice.tsx";
import { ActionResult } from "./action-result.tsx";
import { ConfirmAction, type AmountToConfirm } from "./confirm-action.tsx";
import { useRedeemCoupon } from "./member-coupons.ts";
import { MemberCoupons } from "./member-coupons.tsx";
import { MemberPanel } from "./member-panel.tsx";
import { AwardForm, RedeemForm } from "./point-forms.tsx";
import type { CardScan } from "./scan-member-card.ts";
import { useSecondsLeft } from "./seconds-left.ts";
import { useStaffAction, type StaffActionRequest } from "./staff-action.ts";
import type { StaffStore } from "./store-choice.ts";
import type { Voider } from "./void-control.tsx";

type ActionInput = { kind: "check_in" } | AmountToConfirm;

/**
 * After a scan: who the customer is, how long the scan stays actionable, and the three things
 * staff do (check in, award points for a purchase, redeem points: each amount confirmed once),
 * the last result with its void, and one tap to the next customer or to scan again.
 */
export function MemberDesk({
  scan,
  store,
  stores,
  voider,
  onStoreMissing,
  onActed,
  onNext,
  onScanAgain,
}: {
  scan: CardScan;
  store: StaffStore | null;
  stores: readonly StaffStore[];
  voider: Voider;
  /** No store is chosen yet: the picker takes the focus. */
  onStoreMissing: () => void;
  /** An action was recorded: the list of the day is read again. */
  onActed: () => void;
  onNext: () => void;
  onScanAgain: () => void;
}) {
  const { t } = useI18n();
  const [memberAfterAction, setMember] = useState(scan.member);
  const [storeMissing, setStoreMissing] = useState(false);
  const [confirming, setConfirming] = useState<AmountToConfirm | null>(null);
  // Bumped when an amount is accepted: the form starts afresh for the next one.
  const [accepted, setAccepted] = useState({ award: 0, redeem: 0 });
  // One visit, one check-in: a second tap on the same scan would record a second visit.
  const [checkedInAt, setCheckedInAt] = useState<number | null>(null);
  // The check-in was accepted for later (the store system is down): the button says so, not "done".
  const [checkInLater, setCheckInLater] = useState(false);
  // Answered from the last known details, or an action was accepted for later: what needs the
  // store system now (points use, coupons) waits.
  const [laterSeen, setLaterSeen] = useState(false);
  const merchantDown = scan.source === "snapshot" || laterSeen;
  const action = useStaffAction(scan.scanId);
  const redeem = useRedeemCoupon(scan.scanId);
  const secondsLeft = useSecondsLeft(scan.actableUntil);
  const expired = secondsLeft === 0;
  const errorArea = useRef<HTMLDivElement>(null);
  // A void asked before this customer was scanned says nothing about them.
  const [voidBeforeScan] = useState(voider.result);

  useEffect(() => {
    if (action.error) errorArea.current?.scrollIntoView?.({ block: "nearest" });
  }, [action.error]);

  // A void of this customer's action, newer than the last action, tells the balance now (and
  // gives the scan its check-in back).
  const voided = voider.result !== voidBeforeScan ? voider.result?.action : undefined;
  const lastActionAt = action.result ? Date.parse(action.result.action.occurredAt) : 0;
  const newestVoid =
    voided?.voided && voided.memberNumber === scan.member.memberNumber && Date.parse(voided.voided.at) >= lastActionAt
      ? { kind: voided.kind, ...voided.voided }
      : null;
  const member = newestVoid ? { ...memberAfterAction, points: { balance: newestVoid.balance } } : memberAfterAction;
  const checkedIn = checkedInAt !== null && !(newestVoid?.kind === "check_in" && Date.parse(newestVoid.at) >= checkedInAt);

  const onAccepted = ({ action: done, member: updated, applied }: StaffActionResponse) => {
    setMember(updated);
    onActed();
    if (applied === "later") setLaterSeen(true);
    const { kind } = done;
    if (kind === "check_in") {
      setCheckedInAt(Date.parse(done.occurredAt));
      setCheckInLater(applied === "later");
    } else setAccepted((previous) => ({ ...previous, [kind]: previous[kind] + 1 }));
  };

  const send = (input: ActionInput) => {
    if (action.isPending || expired || (input.kind === "check_in" && checkedIn)) return;
    if (input.kind === "redeem" && merchantDown) return;
    if (!store) {
      setStoreMissing(true);
      onStoreMissing();
      return;
    }
    setStoreMissing(false);
    const request: StaffActionRequest = { ...input, storeId: store.storeId };
    action.send(request, onAccepted);
  };

  const retry = action.retry;
  // A points action and a coupon use that both failed (the network gone, the scan expired) say
  // one thing: the newer failure is shown, with its retry; the older one's notice steps aside.
  const couponFailedLast = redeem.error !== null && (action.error === null || redeem.submittedAt >= action.submittedAt);

  return (
    <>
      <MemberPanel
        member={member}
        secondsLeft={secondsLeft}
        memberAsOf={scan.source === "snapshot" ? scan.memberAsOf : undefined}
      />

      <ActionResult result={action.result} stores={stores} expired={expired} voider={voider} />

      <div ref={errorArea} className="form__errors">
        {storeMissing && !store ? (
          <div className="notice notice--error" role="alert" data-testid="staff-store-missing">
            <p>
              <PhraseText>{t("staff.store.required")}</PhraseText>
            </p>
          </div>
        ) : action.error && !couponFailedLast ? (
          <ActionErrorNotice error={action.error} onRetry={retry ? () => retry(onAccepted) : null} />
        ) : null}
      </div>

      {expired ? (
        <div className="notice notice--error" role="alert" data-testid="staff-scan-expired">
          <p>
            <PhraseText>{t("staff.member.expired")}</PhraseText>
          </p>
        </div>
      ) : (
        <>
          {confirming ? (
            <ConfirmAction
              amount={confirming}
              member={member}
              scanId={scan.scanId}
              storeId={store?.storeId ?? null}
              onBack={() => setConfirming(null)}
              onConfirm={() => {
                setConfirming(null);
                send(confirming);
              }}
            />
          ) : null}
          {/* Hidden, not gone, while the question is asked: what was typed stays for 「修正する」. */}
          <div
            className="staff-actions"
            role="group"
            aria-label={t("staff.actions.label")}
            data-testid="staff-actions"
            hidden={confirming !== null}
          >
            <section className="panel staff-action" aria-labelledby="staff-check-in-title">
              <h3 id="staff-check-in-title" className="panel__title">
                <PhraseText>{t("staff.actions.checkIn.title")}</PhraseText>
              </h3>
              <button
                type="button"
                className="button button--primary button--block staff-button"
                aria-disabled={action.isPending || checkedIn || undefined}
                data-testid="staff-check-in-button"
                onClick={() => send({ kind: "check_in" })}
              >
                {action.pendingKind === "check_in"
                  ? t("staff.actions.pending")
                  : checkedIn
                    ? t(checkInLater ? "staff.actions.checkIn.doneLater" : "staff.actions.checkIn.done")
                    : t("staff.actions.checkIn.button")}
              </button>
            </section>
            <AwardForm
              key={`award-${accepted.award}`}
              busy={action.isPending}
              pending={action.pendingKind === "award"}
              onSubmit={(purchaseAmountYen) => {
                if (!action.isPending) setConfirming({ kind: "award", purchaseAmountYen });
              }}
            />
            <RedeemForm
              key={`redeem-${accepted.redeem}`}
              balance={member.points.balance}
              busy={action.isPending}
              pending={action.pendingKind === "redeem"}
              unavailable={merchantDown ? t("staff.actions.redeem.unavailable") : undefined}
              onSubmit={(points) => {
                if (!action.isPending && !merchantDown) setConfirming({ kind: "redeem", points });
              }}
            />
          </div>
          <div hidden={confirming !== null}>
            <MemberCoupons
              scanId={scan.scanId}
              store={store}
              expired={expired}
              redeem={redeem}
              showError={couponFailedLast}
              merchantDown={merchantDown}
            />
          </div>
        </>
      )}

      <div className="staff-desk-bar" role="group" aria-label={t("staff.desk.label")} data-testid="staff-desk-bar">
        <button
          type="button"
          className="button button--secondary staff-button"
          data-testid="staff-next-customer"
          onClick={onNext}
        >
          {t("staff.desk.next")}
        </button>
        <button
          type="button"
          className="button button--primary staff-button"
          data-testid="staff-scan-again"
          onClick={onScanAgain}
        >
          {t("staff.desk.scanAgain")}
        </button>
      </div>
    </>
  );
}
