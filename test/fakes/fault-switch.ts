/** A fault that is armed for the next `remaining` requests, or for all of them when null. */
export interface ArmedFault<TFault> {
  fault: TFault;
  remaining: number | null;
}

/**
 * Holds at most one injected fault and hands it to requests until its count runs out.
 * Both fakes use it so "times" means the same thing everywhere.
 */
export class FaultSwitch<TFault> {
  #armed: ArmedFault<TFault> | null = null;

  arm(fault: TFault, times?: number): void {
    this.#armed = { fault, remaining: times ?? null };
  }

  disarm(): void {
    this.#armed = null;
  }

  /** The fault the current request must suffer, if any; each call uses up one of `times`. */
  take(): TFault | null {
    const armed = this.#armed;
    if (armed === null) return null;
    if (armed.remaining !== null) {
      armed.remaining -= 1;
      if (armed.remaining <= 0) this.#armed = null;
    }
    return armed.fault;
  }

  describe(): ArmedFault<TFault> | null {
    return this.#armed === null ? null : { ...this.#armed };
  }
}
