import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { useSecondsLeft } from "./seconds-left.ts";
import { useTodaysActions, type RegisterAction } from "./todays-actions.ts";
import { VoidControl, VoidOutcome, type Voider } from "./void-control.tsx";
import type { StaffStore } from "./store-choice.ts";

/** One line of the list: an action, or the void of one (shown at the time it was voided). */
type Entry = { kind: "action"; action: RegisterAction; at: string } | { kind: "void"; action: RegisterAction; at: string };

function entriesOf(actions: readonly RegisterAction[]): Entry[] {
  const entries: Entry[] = actions.flatMap((action) => {
    const own: Entry = { kind: "action", action, at: action.occurredAt };
    return action.voided ? [{ kind: "void", action, at: action.voided.at } satisfies Entry, own] : [own];
  });
  return entries.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/**
 * What this staff member did at this store today (Japan time), newest first: the time, the
 * member number, what was done and how much; an action still inside its scan's window can be
 * voided from its line.
 */
export function TodaysActionsList({ store, voider }: { store: StaffStore | null; voider: Voider }) {
  const { t } = useI18n();
  return (
    <section className="panel staff-today" aria-labelledby="staff-today-title" data-testid="staff-today">
      <h2 id="staff-today-title" className="panel__title">
        <PhraseText>{t("staff.today.title")}</PhraseText>
      </h2>
      {store ? (
        <TodaysActionsOf store={store} voider={voider} />
      ) : (
        <p className="form__note">
          <PhraseText>{t("staff.today.chooseStore")}</PhraseText>
        </p>
      )}
    </section>
  );
}

function TodaysActionsOf({ store, voider }: { store: StaffStore; voider: Voider }) {
  const { t } = useI18n();
  const today = useTodaysActions(store.storeId);
  if (today.isPending) {
    return (
      <div data-testid="staff-today-loading">
        <p className="visually-hidden" role="status">
          {t("staff.today.loading")}
        </p>
        <div className="skeleton staff-today__skeleton" aria-hidden="true" />
      </div>
    );
  }
  if (today.isError) return <QueryErrorPanel error={today.error} onRetry={() => void today.refetch()} />;
  const entries = entriesOf(today.data.actions);
  if (entries.length === 0)
    return (
      <p className="form__note">
        <PhraseText>{t("staff.today.empty")}</PhraseText>
      </p>
    );
  return (
    <>
      <p className="form__note">
        <PhraseText>{t("staff.today.intro")}</PhraseText>
      </p>
      <ol className="staff-today__list" data-testid="staff-today-list">
        {entries.map((entry) => (
          <TodayEntry key={`${entry.kind}:${entry.action.actionId}`} entry={entry} voider={voider} />
        ))}
      </ol>
    </>
  );
}

function TodayEntry({ entry, voider }: { entry: Entry; voider: Voider }) {
  const { t, format, formatNumber } = useI18n();
  const { action } = entry;
  const voidableUntil = action.voidableUntil ? Date.parse(action.voidableUntil) : 0;
  const secondsLeft = useSecondsLeft(voidableUntil);
  const kindLabel = t(`staff.today.kind.${action.kind}`);
  const amount =
    entry.kind === "void"
      ? action.voided && action.voided.points !== 0
        ? t("staff.today.points", { points: signed(action.voided.points, formatNumber) })
        : null
      : action.kind === "award" && action.purchaseAmountYen !== null
        ? t("staff.today.awardAmount", {
            amount: format.yen(action.purchaseAmountYen),
            points: signed(action.points ?? 0, formatNumber),
          })
        : action.points !== null
          ? t("staff.today.points", { points: signed(action.points, formatNumber) })
          : null;
  return (
    <li
      className={`staff-today__entry${entry.kind === "void" ? " staff-today__entry--void" : ""}`}
      data-testid="staff-today-entry"
      data-kind={entry.kind === "void" ? "void" : action.kind}
    >
      <div className="staff-today__line">
        <time className="staff-today__time" dateTime={entry.at}>
          {format.time(entry.at)}
        </time>
        <span className="staff-today__what">
          {entry.kind === "void" ? t("staff.today.voidOf", { kind: kindLabel }) : kindLabel}
        </span>
        {entry.kind === "action" && action.voided ? (
          <span className="staff-today__voided" data-testid="staff-today-voided">
            {t("staff.void.voided")}
          </span>
        ) : null}
      </div>
      <div className="staff-today__line staff-today__line--sub">
        <span className="staff-today__member">{t("staff.today.memberNumber", { number: action.memberNumber })}</span>
        {amount ? <span className="staff-today__amount">{amount}</span> : null}
      </div>
      {entry.kind === "action" && !action.voided && secondsLeft > 0 ? (
        <VoidControl action={action} from="today" voider={voider} />
      ) : null}
      {entry.kind === "action" ? <VoidOutcome actionId={action.actionId} from="today" voider={voider} /> : null}
    </li>
  );
}

/** "+36" or "-100": which way the balance moved. */
function signed(points: number, formatNumber: (value: number) => string): string {
  return points > 0 ? `+${formatNumber(points)}` : `−${formatNumber(Math.abs(points))}`;
}
