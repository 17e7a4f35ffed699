/** A block's shape while its answer is on the way, at about its final height. */
export function NowBlockSkeleton({ testId }: { testId: string }) {
  return <div className="panel home-now__block home-now__block--skeleton skeleton" aria-hidden="true" data-testid={testId} />;
}
