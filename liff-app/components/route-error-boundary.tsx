import { QueryErrorResetBoundary } from "@tanstack/react-query";
import { Component, type ErrorInfo, type ReactNode } from "react";
import { useI18n } from "../lib/i18n.tsx";

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
    this.props.onReset();
    this.setState({ error: null });
  };

  override render() {
    return this.state.error ? <ScreenCrashed onRetry={this.retry} /> : this.props.children;
  }
}

/** Keeps a crash inside one screen: the header and language switch stay usable, with a retry. */
export function RouteErrorBoundary({ children }: { children: ReactNode }) {
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => <ErrorBoundary onReset={reset}>{children}</ErrorBoundary>}
    </QueryErrorResetBoundary>
  );
}

function ScreenCrashed({ onRetry }: { onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <section className="screen">
      <h1 className="screen__title">{t("errors.screenCrashed")}</h1>
      <div className="notice notice--error" role="alert">
        <p>{t("errors.unexpected")}</p>
        <button type="button" className="button button--primary" onClick={onRetry} data-testid="retry-button">
          {t("errors.retry")}
        </button>
      </div>
    </section>
  );
}
