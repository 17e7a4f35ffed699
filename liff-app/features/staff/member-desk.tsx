import { useEffect, useRef, useState } from "react";
import type { StaffActionResponse } from "../../../shared/api.ts";
import { rankName } from "../../lib/brand.ts";
import { useI18n } from "../../lib/i18n.tsx";
import { ActionErrorNotice } from "./action-error-notice.tsx";
import { AwardForm, RedeemForm } from "./point-forms.tsx";
import type { CardScan } from "./scan-member-card.ts";
import { formatMinutesSeconds, useSecondsLeft } from "./seconds-left.ts";
import { useStaffAction, type StaffActionRequest } from "./staff-action.ts";
import type { StaffStore } from "./store-choice.ts";

type ActionInput = { kind: "check_in" } | { kind: "award"; purchaseAmountYen: number } | { kind: "redeem"; points: number };

/**
 * After a scan: who the customer is, how long the scan stays actionable, and the three things
 * staff do (check in, award points for a purchase, redeem points), then the next customer.
 */
export function MemberDesk({
  scan,
  store,
  stores,
  onStoreMissing,
  onNext,
}: {
  scan: CardScan;
  store: StaffStore | null;
  stores: readonly StaffStore[];
  /** No store is chosen yet: the picker takes the focus. */
  onStoreMissing: () => void;
  onNext: () => void;
}) {
  const { t, formatNumber, language } = useI18n();
  const [member, setMember] = useState(scan.member);
  const [storeMissing, setStoreMissing] = useState(false);
  // Bumped when an amount is accepted: the form starts afresh for the next one.
  const [accepted, setAccepted] = useState({ award: 0, redeem: 0 });
  // One visit, one check-in: a second tap on the same scan would record a second visit.
  const [checkedIn, setCheckedIn] = useState(false);
  const action = useStaffAction(scan.scanId);
  const secondsLeft = useSecondsLeft(scan.actableUntil);
  const expired = secondsLeft === 0;
  const heading = useRef<HTMLHeadingElement>(null);
  const resultNotice = useRef<HTMLDivElement>(null);
  const errorArea = useRef<HTMLDivElement>(null);

  // The scan button is gone: the customer's name is where the staff member (and a screen
  // reader) continues.
  useEffect(() => {
    heading.current?.focus();
  }, []);

  useEffect(() => {
    if (action.result) resultNotice.current?.focus();
  }, [action.result]);

  useEffect(() => {
    if (action.error) errorArea.current?.scrollIntoView?.({ block: "nearest" });
  }, [action.error]);

  const onAccepted = ({ action: done, member: updated }: StaffActionResponse) => {
    setMember(updated);
    const { kind } = done;
    if (kind === "check_in") setCheckedIn(true);
    else setAccepted((previous) => ({ ...previous, [kind]: previous[kind] + 1 }));
  };

  const send = (input: ActionInput) => {
    if (action.isPending || expired || (input.kind === "check_in" && checkedIn)) return;
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

  return (
    <>
      <section className="panel staff-member" aria-labelledby="staff-member-title" data-testid="staff-member-panel">
        <p className="panel__subtitle">{t("staff.member.title")}</p>
        <div className="staff-member__head">
          <h2 id="staff-member-title" ref={heading} tabIndex={-1} className="staff-member__name" data-testid="staff-member-name">
            {t("staff.member.name", { name: member.name })}
          </h2>
          <span className="staff-rank" data-testid="staff-member-rank">
            <span className="visually-hidden">{t("staff.member.rank")} </span>
            {rankName(member.rank, language)}
          </span>
        </div>
        <dl className="facts">
          <div className="facts__row">
            <dt>{t("staff.member.number")}</dt>
            <dd data-testid="staff-member-number">{member.memberNumber}</dd>
          </div>
          <div className="facts__row">
            <dt>{t("staff.member.balance")}</dt>
            <dd className="staff-member__balance" data-testid="staff-member-balance">
              {t("staff.member.points", { points: formatNumber(member.points.balance) })}
            </dd>
          </div>
        </dl>
        <p className="staff-member__time" data-testid="staff-time-left" data-seconds-left={secondsLeft}>
          {t("staff.member.timeLeft")}{" "}
          <span role="timer" className="staff-member__clock">
            {formatMinutesSeconds(secondsLeft)}
          </span>
        </p>
      </section>

      <div role="status" className="staff-live">
        {action.result ? (
          <div
            ref={resultNotice}
            tabIndex={-1}
            className="notice notice--success staff-result"
            data-testid="staff-action-result"
            data-kind={action.result.action.kind}
            data-line-notice={action.result.lineNotice}
          >
            <p>{describeResult(action.result, stores, t, formatNumber)}</p>
            {/* Queued, not sent: the customer's LINE message is on its way. */}
            {action.result.lineNotice === "queued" ? (
              <p data-testid="staff-action-line-notice">{t("staff.results.lineQueued")}</p>
            ) : null}
          </div>
        ) : null}
      </div>

      <div ref={errorArea} className="form__errors">
        {storeMissing && !store ? (
          <div className="notice notice--error" role="alert" data-testid="staff-store-missing">
            <p>{t("staff.store.required")}</p>
          </div>
        ) : action.error ? (
          <ActionErrorNotice error={action.error} onRetry={retry ? () => retry(onAccepted) : null} />
        ) : null}
      </div>

      {expired ? (
        <div className="notice notice--error" role="alert" data-testid="staff-scan-expired">
          <p>{t("staff.member.expired")}</p>
        </div>
      ) : (
        <div className="staff-actions" role="group" aria-label={t("staff.actions.label")} data-testid="staff-actions">
          <section className="panel staff-action" aria-labelledby="staff-check-in-title">
            <h3 id="staff-check-in-title" className="panel__title">
              {t("staff.actions.checkIn.title")}
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
                  ? t("staff.actions.checkIn.done")
                  : t("staff.actions.checkIn.button")}
            </button>
          </section>
          <AwardForm
            key={`award-${accepted.award}`}
            busy={action.isPending}
            pending={action.pendingKind === "award"}
            onSubmit={(purchaseAmountYen) => send({ kind: "award", purchaseAmountYen })}
          />
          <RedeemForm
            key={`redeem-${accepted.redeem}`}
            balance={member.points.balance}
            busy={action.isPending}
            pending={action.pendingKind === "redeem"}
            onSubmit={(points) => send({ kind: "redeem", points })}
          />
        </div>
      )}

      <button
        type="button"
        className={`button button--block staff-button ${expired ? "button--primary" : "button--secondary"}`}
        data-testid="staff-next-customer"
        onClick={onNext}
      >
        {t("staff.next")}
      </button>
    </>
  );
}

function describeResult(
  { action, member }: StaffActionResponse,
  stores: readonly StaffStore[],
  t: ReturnType<typeof useI18n>["t"],
  formatNumber: (value: number) => string,
): string {
  const balance = formatNumber(action.balance ?? member.points.balance);
  switch (action.kind) {
    case "check_in": {
      const store = stores.find((s) => s.storeId === action.storeId)?.name ?? action.storeId;
      return t("staff.results.checkIn", { store, balance });
    }
    case "award":
      return t("staff.results.award", { points: formatNumber(Math.abs(action.points ?? 0)), balance });
    case "redeem":
      return t("staff.results.redeem", { points: formatNumber(Math.abs(action.points ?? 0)), balance });
  }
}
