import { useEffect, useState } from "react";
import type { CardKey } from "./card-key-store.ts";
import { latestDeviceCode, mintDeviceCode, type DeviceCode } from "./device-code.ts";

/**
 * The phone's own code, signed afresh as each 30-second window begins: no network at all. Null
 * until the first signature is ready (a few milliseconds).
 */
export function useDeviceCode(key: CardKey | null, clockOffsetMs: number): DeviceCode | null {
  const [code, setCode] = useState<DeviceCode | null>(() => latestDeviceCode(key));
  useEffect(() => {
    if (!key) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = async () => {
      const minted = await mintDeviceCode(key, clockOffsetMs);
      if (stopped) return;
      setCode(minted);
      // A timer can be late (a phone asleep): the next run signs whatever window it is then.
      timer = setTimeout(() => void next(), Math.max(50, minted.endsAt - Date.now() + 20));
    };
    void next();
    // Back from the background: timers were frozen, so the code of the moment, at once.
    const onVisible = () => {
      if (document.visibilityState !== "visible") return;
      clearTimeout(timer);
      void next();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [key, clockOffsetMs]);
  return key && code?.qr.includes(key.deviceId) ? code : null;
}
