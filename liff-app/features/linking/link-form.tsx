import { useEffect, useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { PolicyLinks } from "../../components/policy-links.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { flashNoticeState, richMenuStateOf } from "../../lib/flash-notice.ts";
import { useI18n } from "../../lib/i18n.tsx";
import { normalizeMemberNumber, todayInJapan } from "./form-values.ts";
import { useLinkMember } from "./link-member.ts";
import { LinkErrorNotice } from "./link-error-notice.tsx";
import {
  checkLinkForm,
  linkFieldsFromIssues,
  type LinkFormErrors,
  type LinkFormField,
  type LinkFormValues,
} from "./link-form-validation.ts";
import type { SecondFactorType } from "./link-settings.ts";
import { TextField } from "../../components/text-field.tsx";
import { RequirementTag } from "./requirement-tag.tsx";
import { SendCodeButton } from "./send-code-button.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";

const howTo = { pin: "linking.howPin", birthDate: "linking.howBirthDate", otp: "linking.howOtp" } as const;

/** Member number plus the second factor the merchant asks for; on success, the member card. */
export function LinkForm({ secondFactor }: { secondFactor: SecondFactorType }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const link = useLinkMember();
  const [values, setValues] = useState<LinkFormValues>({ memberNumber: "", secondFactor: "" });
  // Field messages appear after a submit, then follow the typing until the next answer.
  const [checking, setChecking] = useState(false);
  const [serverErrors, setServerErrors] = useState<LinkFormErrors>({});
  const errorArea = useRef<HTMLDivElement>(null);
  const memberNumberInput = useRef<HTMLInputElement>(null);
  const secondFactorInput = useRef<HTMLInputElement>(null);
  const inputs = { memberNumber: memberNumberInput, secondFactor: secondFactorInput } satisfies Record<LinkFormField, unknown>;

  useEffect(() => {
    if (link.error) errorArea.current?.scrollIntoView?.({ block: "nearest" });
  }, [link.error]);

  const check = checkLinkForm(values, secondFactor);
  const errors: LinkFormErrors = { ...serverErrors, ...(checking && !check.ok ? check.errors : {}) };

  const change = (field: LinkFormField, value: string) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setServerErrors(({ [field]: _fixed, ...rest }) => rest);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Taps while the form is on its way, or after it linked while the card loads, send nothing.
    if (link.isPending || link.done) return;
    setChecking(true);
    setServerErrors({});
    if (!check.ok) {
      const first = (["memberNumber", "secondFactor"] as const).find((field) => check.errors[field]);
      if (first) inputs[first].current?.focus();
      return;
    }
    link.send(
      check.request,
      ({ richMenu }) =>
        void navigate("/card", {
          replace: true,
          state: flashNoticeState({ kind: "linked", richMenu: richMenuStateOf(richMenu) }),
        }),
      (error) => {
        setChecking(false);
        if (!(error instanceof ApiError)) return;
        // The number stays as typed so a typo can be fixed; a wrong PIN or code is typed afresh.
        if (error.code === "invalid_credentials" && secondFactor !== "birthDate") {
          setValues((previous) => ({ ...previous, secondFactor: "" }));
        }
        if (error.code === "bad_request") setServerErrors(linkFieldsFromIssues(error.body?.error.issues ?? []));
      },
    );
  };

  const message = (field: LinkFormField) => {
    const key = errors[field];
    return key ? t(key) : null;
  };

  return (
    <form className="form" noValidate onSubmit={submit} data-testid="link-form" data-second-factor={secondFactor}>
      <p>
        <PhraseText>{t(howTo[secondFactor])}</PhraseText>
      </p>
      <TextField
        ref={memberNumberInput}
        label={t("linking.memberNumber.label")}
        hint={t("linking.memberNumber.hint")}
        error={message("memberNumber")}
        labelSuffix={<RequirementTag requirement="required" />}
        testId="member-number-input"
        name="memberNumber"
        type="text"
        // Member numbers may hold letters and hyphens, which phone-style number pads lack.
        inputMode="text"
        autoComplete="off"
        autoCapitalize="characters"
        autoCorrect="off"
        spellCheck={false}
        maxLength={40}
        value={values.memberNumber}
        onChange={(event) => change("memberNumber", event.currentTarget.value)}
      />
      {secondFactor === "pin" ? (
        <TextField
          ref={secondFactorInput}
          label={t("linking.pin.label")}
          hint={t("linking.pin.hint")}
          error={message("secondFactor")}
          labelSuffix={<RequirementTag requirement="required" />}
          testId="pin-input"
          name="pin"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={values.secondFactor}
          onChange={(event) => change("secondFactor", event.currentTarget.value)}
        />
      ) : secondFactor === "otp" ? (
        <>
          <SendCodeButton memberNumber={normalizeMemberNumber(values.memberNumber)} />
          <TextField
            ref={secondFactorInput}
            label={t("linking.otp.label")}
            hint={t("linking.otp.hint")}
            error={message("secondFactor")}
            labelSuffix={<RequirementTag requirement="required" />}
            testId="otp-input"
            name="otp"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={values.secondFactor}
            onChange={(event) => change("secondFactor", event.currentTarget.value)}
          />
        </>
      ) : (
        <TextField
          ref={secondFactorInput}
          label={t("linking.birthDate.label")}
          error={message("secondFactor")}
          labelSuffix={<RequirementTag requirement="required" />}
          testId="birth-date-input"
          name="birthDate"
          type="date"
          autoComplete="bday"
          min="1900-01-01"
          max={todayInJapan()}
          value={values.secondFactor}
          onChange={(event) => change("secondFactor", event.currentTarget.value)}
        />
      )}
      <div ref={errorArea} className="form__errors">
        {link.error ? <LinkErrorNotice error={link.error} secondFactor={secondFactor} submittedAt={link.submittedAt} /> : null}
      </div>
      <PolicyLinks />
      {/* aria-disabled rather than disabled: the button keeps the focus, and submit() ignores taps. */}
      <button
        type="submit"
        className="button button--primary button--block"
        aria-disabled={link.isPending || link.done || undefined}
        data-testid="link-submit"
      >
        {link.isPending ? t("linking.submitting") : link.done ? t("linking.done") : t("linking.submit")}
      </button>
    </form>
  );
}
