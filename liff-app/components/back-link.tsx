import { Link } from "react-router";

/** The way back to the screen above this one, where HomeLink sits on top-level screens. */
export function BackLink({ to, label, testId }: { to: string; label: string; testId: string }) {
  return (
    <Link to={to} className="home-link" data-testid={testId}>
      <span aria-hidden="true">‹ </span>
      {label}
    </Link>
  );
}
