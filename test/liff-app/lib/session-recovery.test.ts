// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import { RELOGIN_COOLDOWN_MS, createSessionRecovery, type ReloginOutcome } from "../../../liff-app/lib/session-recovery.tsx";

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

function setup(outcome: ReloginOutcome = "token-refreshed") {
  let now = 1_000_000;
  const relogin = vi.fn(async () => outcome);
  const onTokenRefreshed = vi.fn();
  const recovery = createSessionRecovery({ relogin, onTokenRefreshed, storage: memoryStorage(), now: () => now });
  return { recovery, relogin, onTokenRefreshed, advance: (ms: number) => (now += ms) };
}

describe("createSessionRecovery", () => {
  it("re-logs in and reports the fresh token", async () => {
    const { recovery, relogin, onTokenRefreshed } = setup();
    await recovery.recover();
    expect(relogin).toHaveBeenCalledTimes(1);
    expect(onTokenRefreshed).toHaveBeenCalledTimes(1);
    expect(recovery.status()).toBe("idle");
  });

  it("joins concurrent 401s into one re-login", async () => {
    const { recovery, relogin } = setup();
    await Promise.all([recovery.recover(), recovery.recover(), recovery.recover()]);
    expect(relogin).toHaveBeenCalledTimes(1);
  });

  it("blocks a second automatic re-login within the cooldown, allows it after", async () => {
    const { recovery, relogin, advance } = setup();
    await recovery.recover();
    advance(RELOGIN_COOLDOWN_MS - 1);
    await recovery.recover();
    expect(relogin).toHaveBeenCalledTimes(1);
    expect(recovery.status()).toBe("blocked");

    advance(1);
    await recovery.recover();
    expect(relogin).toHaveBeenCalledTimes(2);
  });

  it("lets a forced re-login through the cooldown", async () => {
    const { recovery, relogin } = setup();
    await recovery.recover();
    await recovery.recover({ force: true });
    expect(relogin).toHaveBeenCalledTimes(2);
  });

  it("stays relogging-in while LINE Login redirects the page", async () => {
    const { recovery, onTokenRefreshed } = setup("redirecting");
    await recovery.recover();
    expect(recovery.status()).toBe("relogging-in");
    expect(onTokenRefreshed).not.toHaveBeenCalled();
  });

  it("reports blocked when the re-login itself fails", async () => {
    const storage = memoryStorage();
    const recovery = createSessionRecovery({
      relogin: () => Promise.reject(new Error("fake LINE is down")),
      onTokenRefreshed: vi.fn(),
      storage,
    });
    await recovery.recover();
    expect(recovery.status()).toBe("blocked");
  });
});
