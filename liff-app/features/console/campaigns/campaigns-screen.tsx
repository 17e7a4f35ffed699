import "./campaigns.css";
import { useId, useState, type FormEvent } from "react";
import { Link, Route, Routes, useLocation, useNavigate, useParams } from "react-router";
import type { CampaignDraftRequest, CampaignSummary } from "../../../../shared/api.ts";
import type { ConsoleAppScreen, ConsoleMessage } from "../../../../shared/console-message.ts";
import { PhraseText } from "../../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../../components/query-error-panel.tsx";
import { TextField } from "../../../components/text-field.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { addMessages, useI18n } from "../../../lib/i18n.tsx";
import type { MessageKey } from "../../../lib/messages.ts";
import { consoleCampaignsMessages } from "../../../lib/messages-console-campaigns.ts";
import { CampaignPreview } from "./campaign-preview.tsx";
import {
  useAudiences,
  useCampaign,
  useCampaignAction,
  useCampaignList,
  useCouponCatalogue,
  useEstimate,
  useResultsCsv,
  useSaveDraft,
} from "./campaign-queries.ts";

addMessages(consoleCampaignsMessages);

/** /console/campaigns: the list, /new to compose, /:id for a draft (compose) or its results. */
export function CampaignsScreen() {
  return (
    <Routes>
      <Route index element={<CampaignList />} />
      <Route path="new" element={<Compose campaign={null} />} />
      <Route path=":campaignId" element={<CampaignPage />} />
    </Routes>
  );
}

const stateKey = (state: CampaignSummary["state"]) => `campaigns.states.${state}` as MessageKey;

function CampaignList() {
  const { t, format } = useI18n();
  const list = useCampaignList();
  const campaigns = list.data?.campaigns ?? [];
  return (
    <section className="console-panel" aria-labelledby="campaigns-title" data-testid="console-campaigns">
      <div className="campaigns__heading">
        <h2 id="campaigns-title" className="console-panel__title">
          {t("campaigns.title")}
        </h2>
        <Link to="new" className="button button--primary" data-testid="campaign-new">
          {t("campaigns.create")}
        </Link>
      </div>
      <p className="console-panel__description">
        <PhraseText>{t("campaigns.description")}</PhraseText>
      </p>
      {list.isPending ? (
        <div role="status" aria-label={t("campaigns.loading")} className="campaigns__skeleton">
          <span className="campaigns__skeleton-row" />
          <span className="campaigns__skeleton-row" />
          <span className="campaigns__skeleton-row" />
        </div>
      ) : list.isError ? (
        <QueryErrorPanel error={list.error} onRetry={() => void list.refetch()} />
      ) : campaigns.length === 0 ? (
        <p className="console-panel__status">{t("campaigns.empty")}</p>
      ) : (
        <div className="console-table__scroll">
          <table className="console-table" data-testid="campaign-table">
            <thead>
              <tr>
                <th scope="col">{t("campaigns.list.name")}</th>
                <th scope="col">{t("campaigns.list.state")}</th>
                <th scope="col">{t("campaigns.list.when")}</th>
                <th scope="col">{t("campaigns.list.recipients")}</th>
                <th scope="col">{t("campaigns.list.delivered")}</th>
                <th scope="col">{t("campaigns.list.uniqueClicks")}</th>
                <th scope="col">{t("campaigns.list.orders")}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((campaign) => {
                const when = campaign.sendStartedAt ?? campaign.scheduledAt;
                const number = (value: number | undefined) =>
                  value === undefined ? t("campaigns.list.none") : format.number(value);
                return (
                  <tr key={campaign.campaignId}>
                    <td>
                      <Link to={campaign.campaignId}>{campaign.name}</Link>
                    </td>
                    <td>
                      <span className={`campaign-state campaign-state--${campaign.state}`}>{t(stateKey(campaign.state))}</span>
                    </td>
                    <td className="console-table__nowrap">{when ? format.dateTime(when) : t("campaigns.list.none")}</td>
                    <td>{number(campaign.results?.recipients)}</td>
                    <td>{number(campaign.results?.delivered)}</td>
                    <td>{number(campaign.results?.uniqueClicks)}</td>
                    <td>{number(campaign.results?.orders)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CampaignPage() {
  const { campaignId = "" } = useParams();
  const { t } = useI18n();
  const one = useCampaign(campaignId);
  // A draft saved for the first time arrives here from /new: it says so.
  const justSaved = (useLocation().state as { saved?: boolean } | null)?.saved === true;
  if (one.isPending) {
    return (
      <section className="console-panel" aria-busy="true">
        <p role="status" className="console-panel__status">
          {t("campaigns.loading")}
        </p>
      </section>
    );
  }
  if (one.isError) {
    return (
      <section className="console-panel">
        <QueryErrorPanel error={one.error} onRetry={() => void one.refetch()} />
      </section>
    );
  }
  const campaign = one.data.campaign;
  return campaign.state === "draft" ? (
    <Compose campaign={campaign} justSaved={justSaved} />
  ) : (
    <CampaignResultsView campaign={campaign} />
  );
}

const SCREENS: ReadonlyArray<{ screen: ConsoleAppScreen; label: MessageKey }> = [
  { screen: "/", label: "campaigns.screens.home" },
  { screen: "/card", label: "campaigns.screens.card" },
  { screen: "/points", label: "campaigns.screens.points" },
  { screen: "/coupons", label: "campaigns.screens.coupons" },
  { screen: "/orders", label: "campaigns.screens.orders" },
  { screen: "/reservations", label: "campaigns.screens.reservations" },
  { screen: "/reservations/new", label: "campaigns.screens.newReservation" },
  { screen: "/settings", label: "campaigns.screens.settings" },
];

interface Form {
  name: string;
  jaTitle: string;
  jaBody: string;
  jaButton: string;
  withEnglish: boolean;
  enTitle: string;
  enBody: string;
  enButton: string;
  imageUrl: string;
  screen: ConsoleAppScreen | "";
  couponDefinitionId: string;
  segmentId: string;
}

function formOf(campaign: CampaignSummary | null): Form {
  const message = campaign?.message;
  return {
    name: campaign?.name ?? "",
    jaTitle: message?.ja.title ?? "",
    jaBody: message?.ja.body ?? "",
    jaButton: message?.ja.buttonLabel ?? "",
    withEnglish: message?.en !== undefined,
    enTitle: message?.en?.title ?? "",
    enBody: message?.en?.body ?? "",
    enButton: message?.en?.buttonLabel ?? "",
    imageUrl: message?.imageUrl ?? "",
    screen: message?.button?.screen ?? "",
    couponDefinitionId: message?.couponDefinitionId ?? "",
    segmentId: campaign?.segmentId ?? "",
  };
}

const optional = (value: string) => (value.trim() === "" ? undefined : value.trim());

function messageOf(form: Form): ConsoleMessage {
  return {
    ja: {
      title: form.jaTitle.trim(),
      body: form.jaBody.trim(),
      ...(optional(form.jaButton) ? { buttonLabel: form.jaButton.trim() } : {}),
    },
    ...(form.withEnglish
      ? {
          en: {
            title: form.enTitle.trim(),
            body: form.enBody.trim(),
            ...(optional(form.enButton) ? { buttonLabel: form.enButton.trim() } : {}),
          },
        }
      : {}),
    ...(optional(form.imageUrl) ? { imageUrl: form.imageUrl.trim() } : {}),
    ...(form.screen ? { button: { screen: form.screen } } : {}),
    ...(form.couponDefinitionId ? { couponDefinitionId: form.couponDefinitionId } : {}),
  };
}

function Compose({ campaign, justSaved = false }: { campaign: CampaignSummary | null; justSaved?: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form, setForm] = useState<Form>(() => formOf(campaign));
  const [saved, setSaved] = useState(justSaved);
  const [touched, setTouched] = useState(false);
  const save = useSaveDraft();
  const coupons = useCouponCatalogue();
  const audiences = useAudiences();
  const ids = { body: useId(), enBody: useId(), screen: useId(), coupon: useId(), audience: useId() };
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setSaved(false);
  };
  const message = messageOf(form);
  const coupon = coupons.data?.coupons.find((entry) => entry.couponDefinitionId === form.couponDefinitionId) ?? null;
  const missing = (value: string) => (touched && value.trim() === "" ? t("campaigns.compose.required") : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!form.name.trim() || !form.jaTitle.trim() || !form.jaBody.trim()) return;
    if (form.withEnglish && (!form.enTitle.trim() || !form.enBody.trim())) return;
    const draft: CampaignDraftRequest = {
      name: form.name.trim(),
      message,
      segmentId: form.segmentId === "" ? null : form.segmentId,
    };
    save.mutate(
      { campaignId: campaign?.campaignId ?? null, draft },
      {
        onSuccess: (result) => {
          setSaved(true);
          if (!campaign) {
            void navigate(`../${result.campaign.campaignId}`, { replace: true, relative: "path", state: { saved: true } });
          }
        },
      },
    );
  };

  return (
    <div className="campaign-compose" data-testid="campaign-compose">
      <section className="console-panel" aria-labelledby="campaign-compose-title">
        <Link to=".." relative="path" className="campaigns__back">
          {t("campaigns.back")}
        </Link>
        <h2 id="campaign-compose-title" className="console-panel__title">
          {campaign ? t("campaigns.compose.titleEdit") : t("campaigns.compose.titleNew")}
        </h2>
        <form className="campaign-form" onSubmit={submit} noValidate>
          <TextField
            label={t("campaigns.compose.name")}
            hint={t("campaigns.compose.nameHint")}
            value={form.name}
            maxLength={80}
            onChange={(event) => set("name", event.target.value)}
            error={missing(form.name)}
            testId="campaign-name"
          />
          <fieldset className="campaign-form__group">
            <legend>{t("campaigns.compose.japanese")}</legend>
            <TextField
              label={t("campaigns.compose.messageTitle")}
              value={form.jaTitle}
              maxLength={80}
              onChange={(event) => set("jaTitle", event.target.value)}
              error={missing(form.jaTitle)}
              testId="campaign-ja-title"
            />
            <div className="field">
              <label htmlFor={ids.body} className="field__label">
                {t("campaigns.compose.messageBody")}
              </label>
              <textarea
                id={ids.body}
                className="field__input campaign-form__textarea"
                value={form.jaBody}
                maxLength={1000}
                rows={5}
                required
                aria-invalid={missing(form.jaBody) ? true : undefined}
                onChange={(event) => set("jaBody", event.target.value)}
                data-testid="campaign-ja-body"
              />
              {missing(form.jaBody) ? <p className="field__error">{missing(form.jaBody)}</p> : null}
            </div>
            <TextField
              label={t("campaigns.compose.buttonLabel")}
              value={form.jaButton}
              maxLength={20}
              optional
              onChange={(event) => set("jaButton", event.target.value)}
              testId="campaign-ja-button"
            />
          </fieldset>
          <div className="campaign-form__check">
            <input
              id={`${ids.enBody}-toggle`}
              type="checkbox"
              checked={form.withEnglish}
              onChange={(event) => set("withEnglish", event.target.checked)}
              data-testid="campaign-with-english"
            />
            <label htmlFor={`${ids.enBody}-toggle`}>{t("campaigns.compose.addEnglish")}</label>
          </div>
          {form.withEnglish ? (
            <fieldset className="campaign-form__group">
              <legend>{t("campaigns.compose.english")}</legend>
              <p className="field__hint">{t("campaigns.compose.englishHint")}</p>
              <TextField
                label={t("campaigns.compose.messageTitle")}
                value={form.enTitle}
                maxLength={80}
                lang="en"
                onChange={(event) => set("enTitle", event.target.value)}
                error={missing(form.enTitle)}
                testId="campaign-en-title"
              />
              <div className="field">
                <label htmlFor={ids.enBody} className="field__label">
                  {t("campaigns.compose.messageBody")}
                </label>
                <textarea
                  id={ids.enBody}
                  lang="en"
                  className="field__input campaign-form__textarea"
                  value={form.enBody}
                  maxLength={1000}
                  rows={5}
                  required
                  onChange={(event) => set("enBody", event.target.value)}
                  data-testid="campaign-en-body"
                />
              </div>
              <TextField
                label={t("campaigns.compose.buttonLabel")}
                value={form.enButton}
                maxLength={20}
                optional
                lang="en"
                onChange={(event) => set("enButton", event.target.value)}
                testId="campaign-en-button"
              />
            </fieldset>
          ) : null}
          <TextField
            label={t("campaigns.compose.imageUrl")}
            type="url"
            inputMode="url"
            value={form.imageUrl}
            optional
            maxLength={1000}
            onChange={(event) => set("imageUrl", event.target.value)}
            testId="campaign-image"
          />
          <div className="field">
            <label htmlFor={ids.screen} className="field__label">
              {t("campaigns.compose.button")}
            </label>
            <select
              id={ids.screen}
              className="field__input"
              value={form.screen}
              onChange={(event) => set("screen", event.target.value as Form["screen"])}
              data-testid="campaign-screen"
            >
              <option value="">{t("campaigns.compose.buttonNone")}</option>
              {SCREENS.map(({ screen, label }) => (
                <option key={screen} value={screen}>
                  {t(label)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.coupon} className="field__label">
              {t("campaigns.compose.coupon")}
            </label>
            <p className="field__hint">{t("campaigns.compose.couponHint")}</p>
            <select
              id={ids.coupon}
              className="field__input"
              value={form.couponDefinitionId}
              onChange={(event) => set("couponDefinitionId", event.target.value)}
              disabled={coupons.isPending}
              data-testid="campaign-coupon"
            >
              <option value="">{t("campaigns.compose.couponNone")}</option>
              {(coupons.data?.coupons ?? []).map((entry) => (
                <option key={entry.couponDefinitionId} value={entry.couponDefinitionId}>
                  {entry.title}
                </option>
              ))}
            </select>
            {coupons.isError ? (
              <p role="alert" className="field__error">
                {t("campaigns.compose.couponsFailed")}{" "}
                <button type="button" className="button button--link" onClick={() => void coupons.refetch()}>
                  {t("errors.retry")}
                </button>
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={ids.audience} className="field__label">
              {t("campaigns.compose.audience")}
            </label>
            <select
              id={ids.audience}
              className="field__input"
              value={form.segmentId}
              onChange={(event) => set("segmentId", event.target.value)}
              data-testid="campaign-audience"
            >
              {(audiences.data?.audiences ?? [{ segmentId: null, name: "all" }]).map((audience) => (
                <option key={audience.segmentId ?? ""} value={audience.segmentId ?? ""}>
                  {audience.segmentId === null ? t("campaigns.compose.audienceAll") : audience.name}
                </option>
              ))}
            </select>
          </div>
          <div className="campaign-form__actions">
            <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="campaign-save">
              {save.isPending ? t("campaigns.compose.saving") : t("campaigns.compose.save")}
            </button>
            {saved && !save.isPending ? (
              <p role="status" className="campaign-form__saved">
                {t("campaigns.compose.saved")}
              </p>
            ) : null}
            {save.isError ? (
              <p role="alert" className="field__error">
                {t("campaigns.compose.saveFailed")}
              </p>
            ) : null}
          </div>
        </form>
      </section>
      <div className="campaign-compose__side">
        <section className="console-panel">
          <CampaignPreview message={message} coupon={coupon} />
        </section>
        <SendPanel
          campaign={campaign}
          dirty={!saved && campaign !== null && JSON.stringify(formOf(campaign)) !== JSON.stringify(form)}
        />
      </div>
    </div>
  );
}

/** 「テスト送信」, send now, schedule; both sends go through a confirmation with the count. */
function SendPanel({ campaign, dirty }: { campaign: CampaignSummary | null; dirty: boolean }) {
  const { t } = useI18n();
  const action = useCampaignAction();
  const test = useCampaignAction();
  const [confirming, setConfirming] = useState<{ kind: "send" } | { kind: "schedule"; at: string } | null>(null);
  const [at, setAt] = useState("");
  const atId = useId();
  const ready = campaign !== null && !dirty;

  return (
    <section className="console-panel" aria-labelledby="campaign-send-title" data-testid="campaign-send">
      <h3 id="campaign-send-title" className="campaign-preview__title">
        {t("campaigns.actions.title")}
      </h3>
      {!ready ? <p className="console-panel__description">{t("campaigns.actions.saveFirst")}</p> : null}
      <div className="campaign-send__row">
        <button
          type="button"
          className="button"
          disabled={!ready || test.isPending}
          onClick={() => campaign && test.mutate({ kind: "test", campaignId: campaign.campaignId })}
          data-testid="campaign-test"
        >
          {test.isPending ? t("campaigns.actions.testing") : t("campaigns.actions.test")}
        </button>
      </div>
      {test.data?.test ? (
        <p role="status" className="campaign-send__notice" data-testid="campaign-test-notice">
          <PhraseText>
            {t(
              test.data.test === "queued"
                ? "campaigns.actions.testQueued"
                : test.data.test === "blocked"
                  ? "campaigns.actions.testBlocked"
                  : "campaigns.actions.testOff",
            )}
          </PhraseText>
        </p>
      ) : null}
      {test.isError ? <ActionError error={test.error} /> : null}
      <div className="campaign-send__row">
        <button
          type="button"
          className="button button--primary"
          disabled={!ready}
          onClick={() => setConfirming({ kind: "send" })}
          data-testid="campaign-send-now"
        >
          {t("campaigns.actions.sendNow")}
        </button>
      </div>
      <div className="campaign-send__schedule">
        <div className="field">
          <label htmlFor={atId} className="field__label">
            {t("campaigns.actions.scheduleAt")}
          </label>
          <input
            id={atId}
            type="datetime-local"
            className="field__input"
            value={at}
            onChange={(event) => setAt(event.target.value)}
            data-testid="campaign-schedule-at"
          />
        </div>
        <button
          type="button"
          className="button"
          disabled={!ready || at === ""}
          onClick={() => setConfirming({ kind: "schedule", at: `${at.length === 16 ? `${at}:00` : at}+09:00` })}
          data-testid="campaign-schedule"
        >
          {t("campaigns.actions.schedule")}
        </button>
      </div>
      {confirming && campaign ? (
        <Confirm
          campaignId={campaign.campaignId}
          scheduleAt={confirming.kind === "schedule" ? confirming.at : null}
          pending={action.isPending}
          onCancel={() => setConfirming(null)}
          onConfirm={() =>
            action.mutate(
              confirming.kind === "send"
                ? { kind: "send", campaignId: campaign.campaignId }
                : { kind: "schedule", campaignId: campaign.campaignId, at: confirming.at },
              { onSuccess: () => setConfirming(null) },
            )
          }
        />
      ) : null}
      {action.isError ? <ActionError error={action.error} /> : null}
    </section>
  );
}

function ActionError({ error }: { error: Error }) {
  const { t } = useI18n();
  const detail = error instanceof ApiError && error.body ? error.body.error.message : null;
  return (
    <p role="alert" className="field__error" data-testid="campaign-action-error">
      {t("campaigns.actions.failed")} {detail}
    </p>
  );
}

function Confirm({
  campaignId,
  scheduleAt,
  pending,
  onCancel,
  onConfirm,
}: {
  campaignId: string;
  scheduleAt: string | null;
  pending: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t, format } = useI18n();
  const estimate = useEstimate(campaignId, true);
  const titleId = useId();
  const data = estimate.data;
  return (
    <div role="dialog" aria-modal="false" aria-labelledby={titleId} className="campaign-confirm" data-testid="campaign-confirm">
      <h4 id={titleId} className="campaign-confirm__title">
        {t("campaigns.confirm.title")}
      </h4>
      {estimate.isPending ? (
        <p role="status">{t("campaigns.confirm.estimating")}</p>
      ) : estimate.isError ? (
        <>
          <p role="alert">{t("campaigns.confirm.estimateFailed")}</p>
          <QueryErrorPanel error={estimate.error} onRetry={() => void estimate.refetch()} />
        </>
      ) : data ? (
        <>
          <p className="campaign-confirm__summary" data-testid="campaign-confirm-summary">
            {scheduleAt
              ? t("campaigns.confirm.summaryScheduled", {
                  when: format.dateTime(scheduleAt),
                  recipients: format.number(data.recipients),
                  messages: format.number(data.messages),
                })
              : t("campaigns.confirm.summaryNow", {
                  recipients: format.number(data.recipients),
                  messages: format.number(data.messages),
                })}
          </p>
          <p>{t(`campaigns.confirm.delivery.${data.delivery}`)}</p>
          <p data-testid="campaign-confirm-quota">
            {data.quotaLimit === null || data.quotaRemaining === null
              ? t("campaigns.confirm.quotaUnlimited")
              : t("campaigns.confirm.quota", {
                  remaining: format.number(data.quotaRemaining),
                  limit: format.number(data.quotaLimit),
                })}
          </p>
          {!data.fits ? (
            <p role="alert" className="field__error">
              {t("campaigns.confirm.overQuota")}
            </p>
          ) : null}
        </>
      ) : null}
      <div className="campaign-confirm__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={!data || !data.fits || pending}
          onClick={onConfirm}
          data-testid="campaign-confirm-go"
        >
          {scheduleAt
            ? t("campaigns.confirm.confirmSchedule")
            : t("campaigns.confirm.confirmNow", { recipients: format.number(data?.recipients ?? 0) })}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("campaigns.confirm.cancel")}
        </button>
      </div>
    </div>
  );
}

function CampaignResultsView({ campaign }: { campaign: CampaignSummary }) {
  const { t, format } = useI18n();
  const cancel = useCampaignAction();
  const csv = useResultsCsv();
  const results = campaign.results;
  const status =
    campaign.state === "scheduled" && campaign.scheduledAt
      ? t("campaigns.detail.scheduledFor", { when: format.dateTime(campaign.scheduledAt) })
      : campaign.state === "sending" && campaign.sendStartedAt
        ? t("campaigns.detail.sendingSince", { when: format.dateTime(campaign.sendStartedAt) })
        : campaign.state === "sent" && campaign.sendStartedAt
          ? t("campaigns.detail.sentAt", { when: format.dateTime(campaign.sendStartedAt) })
          : t("campaigns.detail.cancelled");
  const numbers: ReadonlyArray<[MessageKey, number]> = results
    ? [
        ["campaigns.results.recipients", results.recipients],
        ["campaigns.results.delivered", results.delivered],
        ["campaigns.results.pending", results.pending],
        ["campaigns.results.failed", results.failed],
        ["campaigns.results.skipped", results.skipped],
        ["campaigns.results.clicks", results.clicks],
        ["campaigns.results.uniqueClicks", results.uniqueClicks],
        ["campaigns.results.orders", results.orders],
        ["campaigns.results.buyers", results.buyers],
        ["campaigns.results.blocks", results.blocks],
      ]
    : [];
  return (
    <div className="campaign-compose" data-testid="campaign-results">
      <section className="console-panel" aria-labelledby="campaign-results-title">
        <Link to=".." relative="path" className="campaigns__back">
          {t("campaigns.back")}
        </Link>
        <h2 id="campaign-results-title" className="console-panel__title">
          {campaign.name}
        </h2>
        <p>
          <span className={`campaign-state campaign-state--${campaign.state}`}>{t(stateKey(campaign.state))}</span>{" "}
          <span data-testid="campaign-status">{status}</span>
        </p>
        {campaign.lastError && campaign.state === "sending" ? (
          <p role="status" className="console-panel__status">
            {t("campaigns.detail.lastError", { error: campaign.lastError })}
          </p>
        ) : null}
        {campaign.state === "scheduled" || campaign.state === "sending" ? (
          <button
            type="button"
            className="button"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate({ kind: "cancel", campaignId: campaign.campaignId })}
            data-testid="campaign-cancel"
          >
            {cancel.isPending ? t("campaigns.detail.cancelling") : t("campaigns.detail.cancel")}
          </button>
        ) : null}
        {cancel.isError ? <ActionError error={cancel.error} /> : null}
        {results ? (
          <>
            <h3 className="campaign-preview__title">{t("campaigns.results.title")}</h3>
            <p className="console-panel__description">
              <PhraseText>{t("campaigns.results.description")}</PhraseText>
            </p>
            <dl className="campaign-results" data-testid="campaign-results-numbers">
              {numbers.map(([label, value]) => (
                <div key={label} className="campaign-results__item">
                  <dt>{t(label)}</dt>
                  <dd>{format.number(value)}</dd>
                </div>
              ))}
            </dl>
            <p className="console-panel__status">
              {results.final
                ? t("campaigns.results.final")
                : results.windowEndsAt
                  ? t("campaigns.results.windowOpen", { when: format.dateTime(results.windowEndsAt) })
                  : null}
            </p>
            <div>
              <button
                type="button"
                className="button"
                disabled={csv.isPending}
                onClick={() => csv.mutate(campaign.campaignId)}
                data-testid="campaign-csv"
              >
                {csv.isPending ? t("campaigns.results.downloading") : t("campaigns.results.csv")}
              </button>
              {csv.isError ? (
                <p role="alert" className="field__error">
                  {t("campaigns.results.csvFailed")}
                </p>
              ) : null}
            </div>
          </>
        ) : null}
      </section>
      <div className="campaign-compose__side">
        <section className="console-panel">
          <CampaignPreview message={campaign.message} coupon={null} />
        </section>
      </div>
    </div>
  );
}
