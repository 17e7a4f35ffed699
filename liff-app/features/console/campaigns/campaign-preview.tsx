import { useState } from "react";
import { couponButtonLabel, defaultButtonLabels, type ConsoleMessage } from "../../../../shared/console-message.ts";
import { useI18n } from "../../../lib/i18n.tsx";
import type { CatalogueCoupon } from "./campaign-queries.ts";

// The message as LINE shows it: a close look-alike of the Flex bubble the BFF renders
// (bff/console/render-message.ts) from the same data: picture, title in the brand colour, the
// lines of the body, the coupon card, then the buttons.

type Language = "ja" | "en";

// Each recipient's card shows their own last day; the preview says how long it will be.
const validity: Record<Language, (days: number) => string> = {
  ja: (days) => `発行から${days}日間有効`,
  en: (days) => `Valid for ${days} days`,
};

function benefitText(benefit: CatalogueCoupon["benefit"], language: Language): string {
  switch (benefit.type) {
    case "amount_off":
      return language === "ja" ? `${benefit.yen.toLocaleString("ja-JP")}円引き` : `¥${benefit.yen.toLocaleString("en-US")} off`;
    case "percent_off":
      return language === "ja" ? `${benefit.percent}%オフ` : `${benefit.percent}% off`;
    case "free_item":
      return language === "ja" ? `${benefit.item} 無料` : `Free ${benefit.item}`;
  }
}

export function CampaignPreview({
  message,
  coupon,
}: {
  message: Partial<ConsoleMessage> & { ja: { title: string; body: string; buttonLabel?: string } };
  coupon: CatalogueCoupon | null;
}) {
  const { t } = useI18n();
  const [language, setLanguage] = useState<Language>("ja");
  const shown: Language = language === "en" && message.en ? "en" : "ja";
  const text = shown === "en" && message.en ? message.en : message.ja;
  const lines = text.body.split(/\n+/).filter((line) => line.trim() !== "");
  const empty = text.title.trim() === "" && lines.length === 0;

  return (
    <section className="campaign-preview" aria-labelledby="campaign-preview-title" data-testid="campaign-preview">
      <div className="campaign-preview__heading">
        <h3 id="campaign-preview-title" className="campaign-preview__title">
          {t("campaigns.preview.title")}
        </h3>
        {message.en ? (
          <div role="group" aria-label={t("campaigns.preview.language")} className="campaign-preview__languages">
            {(["ja", "en"] as const).map((option) => (
              <button
                key={option}
                type="button"
                className="campaign-preview__language"
                aria-pressed={shown === option}
                onClick={() => setLanguage(option)}
              >
                {option === "ja" ? "日本語" : "English"}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      <p className="console-panel__description">{t("campaigns.preview.description")}</p>
      <div className="campaign-preview__chat">
        {empty ? (
          <p className="campaign-preview__empty">{t("campaigns.preview.empty")}</p>
        ) : (
          <div className="line-bubble" lang={shown}>
            {message.imageUrl ? <img className="line-bubble__hero" src={message.imageUrl} alt="" /> : null}
            <div className="line-bubble__body">
              <p className="line-bubble__title">{text.title}</p>
              {lines.map((line, index) => (
                <p key={index} className="line-bubble__line">
                  {line}
                </p>
              ))}
              {coupon ? (
                <div className="line-bubble__coupon" data-testid="campaign-preview-coupon">
                  <p className="line-bubble__coupon-title">{coupon.title}</p>
                  <p className="line-bubble__coupon-benefit">{benefitText(coupon.benefit, shown)}</p>
                  <p className="line-bubble__coupon-note">{validity[shown](coupon.validDays)}</p>
                </div>
              ) : null}
            </div>
            {coupon || message.button ? (
              <div className="line-bubble__footer">
                {coupon ? <span className="line-bubble__button">{couponButtonLabel[shown]}</span> : null}
                {message.button ? (
                  <span className="line-bubble__button">
                    {text.buttonLabel ?? defaultButtonLabels[message.button.screen][shown]}
                  </span>
                ) : null}
              </div>
            ) : null}
          </div>
        )}
      </div>
    </section>
  );
}
