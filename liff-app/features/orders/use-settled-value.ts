import { useEffect, useState } from "react";

/** The value once it has stayed the same for `delayMs`: taps in a row on a stepper ask the merchant once. */
export function useSettledValue<Value>(value: Value, delayMs: number): Value {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
