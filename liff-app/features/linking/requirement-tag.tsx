import { useI18n } from "../../lib/i18n.tsx";

/** 必須 / 任意 next to a label, in words rather than an asterisk. */
export function RequirementTag({ requirement }: { requirement: "required" | "optional" }) {
  const { t } = useI18n();
  return (
    <span className={`field__tag field__tag--${requirement}`}>
      {requirement === "required" ? t("forms.required") : t("forms.optional")}
    </span>
  );
}
