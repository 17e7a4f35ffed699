import { useEffect, useRef } from "react";

interface LoadMoreProps {
  /** Asks for the next page; not called while one is on its way. */
  onLoadMore: () => void;
  loading: boolean;
  /**
   * Whether scrolling to the end loads by itself. Off after a failed page, so a list that keeps
   * failing waits for a tap instead of asking again and again.
   */
  auto: boolean;
  label: string;
  loadingLabel: string;
  testId: string;
}

/**
 * The end of a paged list: the next page loads as the end scrolls into view, and a visible
 * button does the same for keyboards, screen readers and browsers without IntersectionObserver.
 */
export function LoadMore({ onLoadMore, loading, auto, label, loadingLabel, testId }: LoadMoreProps) {
  const sentinel = useRef<HTMLDivElement>(null);
  const load = useRef(onLoadMore);

  useEffect(() => {
    load.current = onLoadMore;
  }, [onLoadMore]);

  // Re-created after each page: if the end is still in view (a short page on a tall screen), the
  // new observer reports it at once and the next page follows.
  useEffect(() => {
    const target = sentinel.current;
    if (!auto || loading || !target || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) load.current();
      },
      { rootMargin: "0px 0px 240px 0px" },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [auto, loading]);

  return (
    <div className="load-more">
      <div ref={sentinel} aria-hidden="true" />
      {/* aria-disabled rather than disabled: the button keeps the focus while the page loads. */}
      <button
        type="button"
        className="button button--secondary button--block"
        aria-disabled={loading || undefined}
        data-testid={testId}
        onClick={() => {
          if (!loading) onLoadMore();
        }}
      >
        {loading ? loadingLabel : label}
      </button>
    </div>
  );
}
