import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useI18n } from "../../lib/i18n.tsx";
import { useLiffSession } from "../../lib/liff-session-context.tsx";
import {
  addFriendUrl,
  friendshipQueryOptions,
  isFriendshipBannerSnoozed,
  snoozeFriendshipBanner,
  useFriendship,
} from "./friendship.ts";

/**
 * Offers to add the official account when the user is not a friend: rich menus and messages
 * reach only friends. Shown only when there is a way to do it (LINE's dialog or the account's URL).
 */
export function FriendshipBanner() {
  const { t } = useI18n();
  const session = useLiffSession();
  const queryClient = useQueryClient();
  const friendship = useFriendship();
  const [snoozed, setSnoozed] = useState(() => isFriendshipBannerSnoozed());
  const titleId = useId();
  const url = addFriendUrl();

  if (friendship.data !== false || snoozed) return null;
  const { requestFriendship } = session;
  if (!requestFriendship && !url) return null;

  const dismiss = () => {
    snoozeFriendshipBanner();
    setSnoozed(true);
  };

  const addWithDialog = async (request: () => Promise<void>) => {
    try {
      await request();
    } catch (error) {
      // Closing LINE's dialog without adding also rejects; the banner simply stays.
      console.info("liff.requestFriendship did not add the friend", error);
    }
    await queryClient.invalidateQueries({ queryKey: friendshipQueryOptions(session).queryKey });
  };

  return (
    <aside className="friendship-banner" aria-labelledby={titleId} data-testid="friendship-banner">
      <div className="friendship-banner__text">
        {/* Not a heading: it sits above the screen's h1. */}
        <p id={titleId} className="friendship-banner__title">
          {t("friendship.title")}
        </p>
        <p>{t("friendship.body")}</p>
      </div>
      {requestFriendship ? (
        <button
          type="button"
          className="button button--primary"
          data-testid="friendship-add"
          onClick={() => void addWithDialog(requestFriendship)}
        >
          {t("friendship.add")}
        </button>
      ) : (
        <a className="button button--primary" href={url ?? undefined} data-testid="friendship-add">
          {t("friendship.add")}
        </a>
      )}
      <button
        type="button"
        className="friendship-banner__close"
        aria-label={t("friendship.dismiss")}
        data-testid="friendship-dismiss"
        onClick={dismiss}
      >
        <span aria-hidden="true">×</span>
      </button>
    </aside>
  );
}
