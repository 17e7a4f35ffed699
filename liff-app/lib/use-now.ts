import { useEffect, useState } from "react";

/** The current time, re-rendered every `intervalMs` (the card's countdown, a reservation's change window). */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
