import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { PolicyLinks } from "../../components/policy-links.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { flashNoticeState, richMenuStateOf } from "../../lib/flash-notice.ts";
import type { RegisterRequest } from "../../../shared/api.ts";
import { useI18n } from "../../lib/i18n.tsx";
import { useProfilePermission } from "../../lib/liff-profile.ts";
import { todayInJapan } from "./form-values.ts";
import { RegisterErrorNotice } from "./register-error-notice.tsx";
import { useRegisterMember } from "./register-member.ts";
import {
  checkRegisterForm,
  registerFieldsFromIssues,
  type RegisterFormErrors,
  type RegisterFormField,
  type RegisterFormValues,
} from "./register-form-validation.ts";
import { TextField } from "../../components/text-field.tsx";
import { RequirementTag } from "./requirement-tag.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";

const fieldOrder: readonly RegisterFormField[] = ["name", "nameKana", "birthDate", "email", "phone", "terms"];

/**
 * A new membership from LINE: only the name is required (prefilled from the LINE profile when
 * LINE gave one, or offered from it when the user may still allow the profile), optional fields
 * are sent only when filled, and the terms must be accepted.
 */
export function RegisterForm({ displayName }: { displayName: string | null }) {
  const { t } = useI18n();
  // Under consent simplification the ID token may carry no name: ask LINE only from a tap here.
  const lineProfile = useProfilePermission({ enabled: displayName === null });
  const navigate = useNavigate();
  const register = useRegisterMember();
  const [values, setValues] = useState<RegisterFormValues>({
    name: displayName ?? "",
    nameKana: "",
    birthDate: "",
    email: "",
    phone: "",
    terms: false,
    marketingMessages: false,
  });
  const [checking, setChecking] = useState(false);
  const [serverErrors, setServerErrors] = useState<RegisterFormErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const errorArea = useRef<HTMLDivElement>(null);
  const termsErrorId = useId();
  const lineNameHintId = useId();

  useEffect(() => {
    if (register.error) errorArea.current?.scrollIntoView?.({ block: "nearest" });
  }, [register.error]);

  const check = checkRegisterForm(values);
  const errors: RegisterFormErrors = { ...serverErrors, ...(checking && !check.ok ? check.errors : {}) };

  const change = <Field extends keyof RegisterFormValues>(field: Field, value: RegisterFormValues[Field]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setServerErrors(({ [field]: _fixed, ...rest }) => rest);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Taps while the form is on its way, or after it registered while the card loads, send nothing.
    if (register.isPending || register.done) return;
    setChecking(true);
    setServerErrors({});
    if (!check.ok) {
      const first = fieldOrder.find((field) => check.errors[field]);
      formRef.current?.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
      return;
    }
    send(check.request);
  };

  // The customer said the member with the same name and birth date is someone else.
  const confirmNotDuplicate = () => {
    if (register.isPending || register.done || !check.ok) return;
    send({ ...check.request, confirmNotDuplicate: true });
  };

  const send = (request: RegisterRequest) => {
    register.send(
      request,
      ({ link, richMenu }) => {
        const welcomePoints = link.status === "linked" ? link.member.points.balance : 0;
        const notice = flashNoticeState({ kind: "registered", welcomePoints, richMenu: richMenuStateOf(richMenu) });
        void navigate("/card", { replace: true, state: notice });
      },
      (error) => {
        setChecking(false);
        if (error instanceof ApiError && error.code === "bad_request") {
          setServerErrors(registerFieldsFromIssues(error.body?.error.issues ?? []));
        }
      },
    );
  };

  const fillNameFromLine = async () => {
    const profile = await lineProfile.request();
    const name = profile?.displayName;
    // The user asked for it, so it replaces what is in the field.
    if (name) change("name", name.slice(0, 64));
  };

  const message = (field: RegisterFormField) => {
    const key = errors[field];
    return key ? t(key) : null;
  };

  return (
    <form ref={formRef} className="form" noValidate onSubmit={submit} data-testid="register-form">
      <p className="form__note">
        <PhraseText>{t("register.consentNote")}</PhraseText>
      </p>
      <TextField
        label={t("register.name.label")}
        hint={t("register.name.hint")}
        error={message("name")}
        labelSuffix={<RequirementTag requirement="required" />}
        testId="register-name-input"
        name="name"
        type="text"
        autoComplete="name"
        maxLength={64}
        value={values.name}
        onChange={(event) => change("name", event.currentTarget.value)}
      />
      {lineProfile.state === "prompt" && lineProfile.outcome === null ? (
        <div className="line-profile-offer">
          <button
            type="button"
            className="button button--secondary"
            disabled={lineProfile.requesting}
            aria-describedby={lineNameHintId}
            data-testid="register-use-line-name"
            onClick={() => void fillNameFromLine()}
          >
            {t("line.profile.useName")}
          </button>
          <p id={lineNameHintId} className="field__hint">
            {t("line.profile.useNameHint")}
          </p>
        </div>
      ) : null}
      {lineProfile.outcome === "declined" || lineProfile.outcome === "unavailable" ? (
        <p className="field__hint" role="status" data-testid="register-line-name-status">
          {t(lineProfile.outcome === "declined" ? "line.profile.declined" : "line.profile.unavailable")}
        </p>
      ) : null}
      <TextField
        label={t("register.nameKana.label")}
        hint={t("register.nameKana.hint")}
        error={message("nameKana")}
        optional
        labelSuffix={<RequirementTag requirement="optional" />}
        testId="register-kana-input"
        name="nameKana"
        type="text"
        autoComplete="off"
        maxLength={64}
        value={values.nameKana}
        onChange={(event) => change("nameKana", event.currentTarget.value)}
      />
      <TextField
        label={t("register.birthDate.label")}
        error={message("birthDate")}
        optional
        labelSuffix={<RequirementTag requirement="optional" />}
        testId="register-birth-date-input"
        name="birthDate"
        type="date"
        autoComplete="bday"
        min="1900-01-01"
        max={todayInJapan()}
        value={values.birthDate}
        onChange={(event) => change("birthDate", event.currentTarget.value)}
      />
      <TextField
        label={t("register.email.label")}
        error={message("email")}
        optional
        labelSuffix={<RequirementTag requirement="optional" />}
        testId="register-email-input"
        name="email"
        type="email"
        inputMode="email"
        autoComplete="email"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={254}
        value={values.email}
        onChange={(event) => change("email", event.currentTarget.value)}
      />
      <TextField
        label={t("register.phone.label")}
        hint={t("register.phone.hint")}
        error={message("phone")}
        optional
        labelSuffix={<RequirementTag requirement="optional" />}
        testId="register-phone-input"
        name="phone"
        type="tel"
        inputMode="tel"
        autoComplete="tel-national"
        maxLength={20}
        value={values.phone}
        onChange={(event) => change("phone", event.currentTarget.value)}
      />
      <fieldset className="consents">
        <legend className="field__label">{t("register.consents.legend")}</legend>
        <div className="field">
          <label className="checkbox">
            <input
              type="checkbox"
              name="terms"
              required
              checked={values.terms}
              aria-invalid={errors.terms ? true : undefined}
              aria-describedby={errors.terms ? termsErrorId : undefined}
              data-testid="register-terms"
              onChange={(event) => change("terms", event.currentTarget.checked)}
            />
            <span>
              {t("register.consents.terms")}
              <RequirementTag requirement="required" />
            </span>
          </label>
          {errors.terms ? (
            <p id={termsErrorId} className="field__error" data-testid="register-terms-error">
              {t(errors.terms)}
            </p>
          ) : null}
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            name="marketingMessages"
            checked={values.marketingMessages}
            data-testid="register-marketing"
            onChange={(event) => change("marketingMessages", event.currentTarget.checked)}
          />
          <span>
            {t("register.consents.marketing")}
            <RequirementTag requirement="optional" />
          </span>
        </label>
      </fieldset>
      <div ref={errorArea} className="form__errors">
        {register.error ? <RegisterErrorNotice error={register.error} onConfirmNotDuplicate={confirmNotDuplicate} /> : null}
      </div>
      {/* aria-disabled rather than disabled: the button keeps the focus, and submit() ignores taps. */}
      <PolicyLinks />
      <button
        type="submit"
        className="button button--primary button--block"
        aria-disabled={register.isPending || register.done || undefined}
        data-testid="register-submit"
      >
        {register.isPending ? t("register.submitting") : register.done ? t("register.done") : t("register.submit")}
      </button>
    </form>
  );
}
