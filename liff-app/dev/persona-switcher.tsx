import { useId, useRef, type ComponentType } from "react";
import { useI18n } from "../lib/i18n.tsx";
import {
  FAKE_LINE_BASE,
  storeDevNotFriend,
  storeDevOutsideLine,
  storeGrantedScopes,
  storePersonaKey,
  type DevPersona,
} from "./personas.ts";

/** The switcher for this session's personas, as the app shell's dev tools. */
export function personaSwitcherFor(props: Parameters<typeof PersonaSwitcher>[0]): ComponentType {
  return function DevTools() {
    return <PersonaSwitcher {...props} />;
  };
}

/** Mock mode only: become another dev persona. A reload gives the new persona a clean slate. */
export function PersonaSwitcher({
  personas,
  currentKey,
  notFriend,
  outsideLine = false,
}: {
  personas: DevPersona[];
  currentKey: string;
  /** Whether the mock says the persona is not a friend of the official account. */
  notFriend: boolean;
  /** Whether the mock runs as if opened outside the LINE app. */
  outsideLine?: boolean;
}) {
  const { t, language } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  const choose = (key: string) => {
    if (key === currentKey) {
      dialog.current?.close();
      return;
    }
    storePersonaKey(key);
    location.reload();
  };

  const setNotFriend = (next: boolean) => {
    storeDevNotFriend(next);
    location.reload();
  };

  const setOutsideLine = (next: boolean) => {
    storeDevOutsideLine(next);
    location.reload();
  };

  // Back to what consent simplification grants: the ID token loses name and picture.
  const resetProfile = () => {
    storeGrantedScopes(currentKey, ["openid"]);
    location.reload();
  };

  return (
    <>
      <button
        type="button"
        className="dev-fab"
        aria-label={t("dev.personaButton")}
        aria-haspopup="dialog"
        data-testid="dev-persona-button"
        onClick={() => dialog.current?.showModal()}
      >
        DEV
      </button>
      <dialog ref={dialog} className="dev-sheet" aria-labelledby={titleId} data-testid="dev-persona-sheet">
        <h2 id={titleId} className="panel__title">
          {t("dev.personaTitle")}
        </h2>
        <p className="dev-sheet__hint">{t("dev.personaHint")}</p>
        <ul className="dev-sheet__list">
          {personas.map((persona) => {
            const current = persona.key === currentKey;
            return (
              <li key={persona.key}>
                <button
                  type="button"
                  className="persona-option"
                  aria-current={current ? "true" : undefined}
                  data-testid={`persona-option-${persona.key}`}
                  data-persona={persona.key}
                  onClick={() => choose(persona.key)}
                >
                  <span className="persona-option__name">
                    {persona.displayName}
                    {current ? <span className="persona-option__current">{t("dev.current")}</span> : null}
                  </span>
                  <span className="persona-option__description">{persona.description[language]}</span>
                </button>
              </li>
            );
          })}
        </ul>
        <label className="dev-sheet__toggle">
          <input
            type="checkbox"
            checked={notFriend}
            data-testid="dev-not-friend-toggle"
            onChange={(event) => setNotFriend(event.currentTarget.checked)}
          />
          <span>{t("dev.notFriend")}</span>
        </label>
        <label className="dev-sheet__toggle">
          <input
            type="checkbox"
            checked={outsideLine}
            data-testid="dev-outside-line-toggle"
            onChange={(event) => setOutsideLine(event.currentTarget.checked)}
          />
          <span>{t("line.dev.outsideLine")}</span>
        </label>
        <button type="button" className="button button--secondary" data-testid="dev-reset-profile" onClick={resetProfile}>
          {t("line.dev.resetProfile")}
        </button>
        <a className="dev-sheet__link" href={`${FAKE_LINE_BASE}/`} target="_blank" rel="noreferrer">
          {t("dev.fakeLinePage")}
        </a>
        <button type="button" className="button button--secondary" onClick={() => dialog.current?.close()}>
          {t("dev.close")}
        </button>
      </dialog>
    </>
  );
}
