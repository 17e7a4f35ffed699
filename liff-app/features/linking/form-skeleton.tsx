/** A form's shapes at their final sizes while what it needs loads, so nothing jumps. */
export function FormSkeleton({ fields, testId }: { fields: number; testId: string }) {
  return (
    <div className="form form-skeleton" aria-hidden="true" data-testid={testId}>
      {Array.from({ length: fields }, (_, index) => (
        <div className="field" key={index}>
          <span className="skeleton skeleton--text skeleton--label" />
          <span className="skeleton skeleton--hint" />
          <span className="skeleton skeleton--input" />
        </div>
      ))}
      <span className="skeleton skeleton--button" />
    </div>
  );
}
