import { useMemo } from "react";
import { useI18n } from "../../lib/i18n.tsx";
import { useJapanTime } from "../../lib/japan-time.ts";

/** Prices in yen and order times in Japan time (where the shop is), whatever the phone's zone. */
export function useOrderFormat() {
  const { language } = useI18n();
  const { dateTime } = useJapanTime();
  return useMemo(() => {
    const yen = new Intl.NumberFormat(language === "ja" ? "ja-JP" : "en-US", { style: "currency", currency: "JPY" });
    return { yen: (amount: number) => yen.format(amount), dateTime };
  }, [language, dateTime]);
}
