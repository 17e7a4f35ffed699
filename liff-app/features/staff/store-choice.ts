import { useState } from "react";
import type { StaffMember } from "./staff-me.ts";

export type StaffStore = StaffMember["stores"][number];

const STORE_STORAGE_KEY = "liff-app:staff-store";

/**
 * The store this device acts for. With one store there is nothing to choose; with several the
 * last choice is remembered on the device (a register stays in its store), and nothing is
 * chosen for the staff member: a point recorded at the wrong store is worse than one tap.
 */
export function useStoreChoice(stores: readonly StaffStore[]): {
  store: StaffStore | null;
  choose: (storeId: string) => void;
} {
  const [chosenId, setChosenId] = useState(readStoredStoreId);
  const store = stores.length === 1 ? stores[0] : (stores.find((s) => s.storeId === chosenId) ?? null);
  return {
    store,
    choose(storeId) {
      storeStoreId(storeId);
      setChosenId(storeId);
    },
  };
}

// Storage can throw (disabled cookies, some private modes); the choice then lasts for this view.
function readStoredStoreId(): string | null {
  try {
    return localStorage.getItem(STORE_STORAGE_KEY);
  } catch {
    return null;
  }
}

function storeStoreId(storeId: string): void {
  try {
    localStorage.setItem(STORE_STORAGE_KEY, storeId);
  } catch {
    // Remembered for this page view only.
  }
}
