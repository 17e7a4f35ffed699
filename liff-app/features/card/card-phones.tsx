import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useLocation } from "react-router";
import { PhraseText } from "../../components/phrase-text.tsx";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { forgetPhone } from "./card-device.ts";
import { cardPhonesQueryOptions } from "./card-queries.ts";

const CARD_PHONES_ANCHOR = "#devices";

/**
 * The phones whose keys can make this member's codes, and a way to remove one that is lost or
 * no longer used (this phone's own key is replaced when the card next opens, so it has none).
 */
export function CardPhones({ thisPhone }: { thisPhone: string | null }) {
  const { t, format } = useI18n();
  const api = useApiClient();
  const scope = useMemberScope();
  const queryClient = useQueryClient();
  const phonesQuery = cardPhonesQueryOptions(api, scope);
  const phones = useQuery(phonesQuery);
  const { hash } = useLocation();
  const linkedTo = hash === CARD_PHONES_ANCHOR;
  const details = useRef<HTMLDetailsElement>(null);
  // Settings links here (/card#devices): open the list where the customer can see it.
  useEffect(() => {
    if (linkedTo) details.current?.scrollIntoView?.({ block: "start" });
  }, [linkedTo]);
  const revoke = useMutation({
    mutationFn: (deviceId: string) => forgetPhone(api, deviceId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: phonesQuery.queryKey }),
  });

  return (
    <details ref={details} id="devices" className="card-phones" open={linkedTo || undefined} data-testid="card-phones">
      <summary>{t("cardLive.phones.title")}</summary>
      <p className="card-phones__description">
        <PhraseText>{t("cardLive.phones.description")}</PhraseText>
      </p>
      {phones.isError ? (
        <p role="alert">
          <PhraseText>{t("cardLive.phones.failed")}</PhraseText>
        </p>
      ) : phones.data?.devices.length === 0 ? (
        <p>
          <PhraseText>{t("cardLive.phones.empty")}</PhraseText>
        </p>
      ) : (
        <ul className="card-phones__list">
          {phones.data?.devices.map((phone) => {
            const lastSeen = format.dateTime(phone.lastSeenAt);
            return (
              <li key={phone.deviceId} className="card-phones__item" data-testid="card-phone">
                <span>
                  {phone.label}
                  {phone.deviceId === thisPhone ? ` (${t("cardLive.phones.thisPhone")})` : ""}
                  <span className="card-phones__seen">{t("cardLive.phones.lastSeen", { time: lastSeen })}</span>
                </span>
                {phone.deviceId === thisPhone ? null : (
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={revoke.isPending}
                    aria-label={t("cardLive.phones.revokeLabel", { label: phone.label, time: lastSeen })}
                    onClick={() => revoke.mutate(phone.deviceId)}
                  >
                    {t("cardLive.phones.revoke")}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p role="status" className="visually-hidden">
        {revoke.isSuccess ? t("cardLive.phones.revoked") : ""}
      </p>
    </details>
  );
}
