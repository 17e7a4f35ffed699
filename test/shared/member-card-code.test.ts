import { describe, expect, it } from "vitest";
import {
  acceptedCardWindows,
  cardWindowAt,
  cardWindowEnd,
  cardWindowStart,
  cardWindowTiming,
  deviceTypedCode,
  parseDeviceCardCode,
  signDeviceCardCode,
} from "../../shared/member-card-code.ts";

const DEVICE = "AbCdEfGhIjKlMnOpQrStUv";

describe("device card code windows", () => {
  const window = 59_000_000;

  it("accept a window's code from 15 s before it starts to 30 s after it ends, and no longer", () => {
    expect(cardWindowTiming(window, cardWindowStart(window) - 15_001)).toBe("too_new");
    expect(cardWindowTiming(window, cardWindowStart(window) - 15_000)).toBe("current");
    expect(cardWindowTiming(window, cardWindowEnd(window) + 29_999)).toBe("current");
    expect(cardWindowTiming(window, cardWindowEnd(window) + 30_000)).toBe("too_old");
    // A screenshot taken as its code first showed stops working 60 s later.
    expect(cardWindowEnd(window) + 30_000 - cardWindowStart(window)).toBe(60_000);
  });

  it("list at most three windows as accepted at any moment, the current one among them", () => {
    for (let offset = 0; offset < 30_000; offset += 1_000) {
      const now = cardWindowStart(window) + offset;
      const accepted = acceptedCardWindows(now);
      expect(accepted).toContain(cardWindowAt(now));
      expect(accepted.length).toBeLessThanOrEqual(3);
    }
  });
});

describe("device card codes", () => {
  it("round-trip: what a phone signs parses back to its device and window, and verifies", async () => {
    const keys = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
    const text = await signDeviceCardCode(keys.privateKey, DEVICE, 59_000_001);
    const parsed = parseDeviceCardCode(text)!;
    expect(parsed).toMatchObject({ deviceId: DEVICE, window: 59_000_001 });
    const ok = await crypto.subtle.verify(
      { name: "ECDSA", hash: "SHA-256" },
      keys.publicKey,
      parsed.signature,
      new TextEncoder().encode(parsed.signedText),
    );
    expect(ok).toBe(true);
  });

  it("refuse to parse server tokens, extra parts, short signatures and odd device ids", () => {
    const signature = "A".repeat(86);
    expect(parseDeviceCardCode(`MC1.${"A".repeat(40)}`)).toBeNull();
    expect(parseDeviceCardCode(`MD1.${DEVICE}.1.${signature}.x`)).toBeNull();
    expect(parseDeviceCardCode(`MD1.${DEVICE}.1.${"A".repeat(85)}`)).toBeNull();
    expect(parseDeviceCardCode(`MD1.short.1.${signature}`)).toBeNull();
    expect(parseDeviceCardCode(`MD1.${DEVICE}.-1.${signature}`)).toBeNull();
  });

  it("give six digits that change with the window and the device", async () => {
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const codes = await Promise.all(Array.from({ length: 20 }, (_, i) => deviceTypedCode(key, DEVICE, 59_000_000 + i)));
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(15);
    expect(await deviceTypedCode(key, DEVICE, 59_000_000)).toBe(codes[0]);
    expect(await deviceTypedCode(key, "ZbCdEfGhIjKlMnOpQrStUv", 59_000_000)).not.toBe(codes[0]);
  });
});
