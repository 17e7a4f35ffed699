import { QueryErrorResetBoundary } from "@tanstack/react-query";
import { Component, type ErrorInfo, type ReactNode } from "react";
import { useI18n } from "../lib/i18n.tsx";
import { PhraseText } from "./phrase-text.tsx";

interface BoundaryProps {
  children: ReactNode;
  onReset: () => void;
}

class ErrorBoundary extends Component<BoundaryProps, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("screen crashed", error, info.componentStack);
  }

  private retry = () => {
    // React.lazy remembers a failed import, so only a reload fetches the screen's code again
    // (and picks up a new deployment whose chunk names changed).
    if (isFailedChunkLoad(this.state.error)) {
      location.reload();
      return;
    }
    this.props.onReset();
    this.setState({ error: null });
  };

  override render() {
    return this.state.error ? (
      <ScreenCrashed offline={isOfflineFailure(this.state.error)} onRetry={this.retry} />
    ) : (
      this.props.children
    );
  }
}

// Browsers word it differently: "Failed to fetch dynamically imported module" (Chromium),
// "error loading dynamically imported module" (Firefox), "Importing a module script failed" (Safari).
function isFailedChunkLoad(error: unknown): boolean {
  return error instanceof TypeError && /dynamically imported module|importing a module script/i.test(error.message);
}

// A screen's code that could not be fetched while the phone is offline: the network message, not
// "something went wrong" (online, a failed import is more likely a new deployment).
function isOfflineFailure(error: unknown): boolean {
  return isFailedChunkLoad(error) && typeof navigator !== "undefined" && !navigator.onLine;
}

/** Keeps a crash inside one screen: the header and language switch stay usable, with a retry. */
export function RouteErrorBoundary({ children }: { children: ReactNode }) {
  return (
    <QueryErrorResetBoundary>{({ reset }) => <ErrorBoundary onReset={reset}>{children}</ErrorBoundary>}</QueryErrorResetBoundary>
  );
}

function ScreenCrashed({ offline, onRetry }: { offline: boolean; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <section className="screen">
      <h1 className="screen__title">
        <PhraseText>{t("errors.screenCrashed")}</PhraseText>
      </h1>
      <div className="notice notice--error" role="alert">
        <p>
          <PhraseText>{t(offline ? "errors.network" : "errors.unexpected")}</PhraseText>
        </p>
        <button type="button" className="button button--primary" onClick={onRetry} data-testid="retry-button">
          {t("errors.retry")}
        </button>
      </div>
    </section>
  );
}
