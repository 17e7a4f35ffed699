import { useI18n } from "../../lib/i18n.tsx";
import { useProfilePermission } from "../../lib/liff-profile.ts";

/**
 * The LINE profile picture, or a neutral silhouette: under consent simplification the ID token
 * carries no picture until the user allows the profile. While LINE can still ask, the silhouette
 * is a button that asks (LINE's permission screen); the app never asks on its own.
 */
export function ProfileAvatar({ pictureUrl }: { pictureUrl: string | null }) {
  if (pictureUrl) {
    return <img className="avatar" src={pictureUrl} alt="" width={48} height={48} decoding="async" />;
  }
  return <SilhouetteAvatar />;
}

function SilhouetteAvatar() {
  const { t } = useI18n();
  const profile = useProfilePermission({ enabled: true });
  if (profile.state !== "prompt") {
    return (
      <span className="avatar avatar--placeholder" aria-hidden="true" data-testid="profile-avatar-placeholder">
        <Silhouette />
      </span>
    );
  }
  return (
    <button
      type="button"
      className="avatar avatar--placeholder avatar--ask"
      aria-label={t("line.profile.showPicture")}
      disabled={profile.requesting}
      data-testid="profile-avatar-ask"
      onClick={() => void profile.request()}
    >
      <Silhouette />
    </button>
  );
}

function Silhouette() {
  return (
    <svg viewBox="0 0 24 24" width="28" height="28" focusable="false" aria-hidden="true">
      <circle cx="12" cy="8.5" r="4" fill="currentColor" />
      <path d="M4 20.5c0-4.1 3.6-6.5 8-6.5s8 2.4 8 6.5" fill="currentColor" />
    </svg>
  );
}
