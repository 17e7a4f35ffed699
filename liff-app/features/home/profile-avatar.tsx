/** The LINE profile picture, or a neutral silhouette: MINI Apps may not grant the picture. */
export function ProfileAvatar({ pictureUrl }: { pictureUrl: string | null }) {
  if (pictureUrl) {
    return <img className="avatar" src={pictureUrl} alt="" width={48} height={48} decoding="async" />;
  }
  return (
    <span className="avatar avatar--placeholder" aria-hidden="true">
      <svg viewBox="0 0 24 24" width="28" height="28" focusable="false">
        <circle cx="12" cy="8.5" r="4" fill="currentColor" />
        <path d="M4 20.5c0-4.1 3.6-6.5 8-6.5s8 2.4 8 6.5" fill="currentColor" />
      </svg>
    </span>
  );
}
