import { createContext, useContext, type ReactNode } from "react";
import type { LiffSession } from "./liff-session.ts";

const LiffSessionContext = createContext<LiffSession | null>(null);

export function LiffSessionProvider({ session, children }: { session: LiffSession; children: ReactNode }) {
  return <LiffSessionContext.Provider value={session}>{children}</LiffSessionContext.Provider>;
}

export function useLiffSession(): LiffSession {
  const session = useContext(LiffSessionContext);
  if (!session) throw new Error("useLiffSession needs a <LiffSessionProvider> above it");
  return session;
}
