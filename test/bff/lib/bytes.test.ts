import { describe, expect, it } from "vitest";
import {
  base64ToBytes,
  base64UrlToBytes,
  bytesToBase64,
  bytesToBase64Url,
  bytesToHex,
  hexToBytes,
  hmacSha256Key,
} from "../../../bff/lib/bytes.ts";

// Every byte value, and a length that needs base64 padding.
const allBytes = Uint8Array.from({ length: 256 }, (_, index) => index);
const text = (value: string) => new TextEncoder().encode(value);

describe("hex", () => {
  it("writes two lowercase characters per byte, leading zeros kept", () => {
    expect(bytesToHex(Uint8Array.of(0, 1, 15, 16, 171, 255))).toBe("00010f10abff");
    expect(bytesToHex(Uint8Array.of(0xde, 0xad).buffer)).toBe("dead");
  });

  it("reads back what it wrote, in either case", () => {
    expect(hexToBytes(bytesToHex(allBytes))).toEqual(allBytes);
    expect(hexToBytes("ABff")).toEqual(Uint8Array.of(0xab, 0xff));
  });

  it("refuses odd lengths, other characters and empty text (null)", () => {
    for (const bad of ["", "abc", "zz", "0x00", "00 11"]) expect(hexToBytes(bad)).toBeNull();
  });
});

describe("base64", () => {
  it("writes standard base64 with padding", () => {
    expect(bytesToBase64(text("hi"))).toBe("aGk=");
    expect(bytesToBase64(Uint8Array.of(0xfb, 0xff))).toBe("+/8=");
  });

  it("reads back what it wrote, for every byte value and lengths that need padding", () => {
    expect(base64ToBytes(bytesToBase64(allBytes))).toEqual(allBytes);
    for (const length of [1, 2, 3])
      expect(base64ToBytes(bytesToBase64(allBytes.slice(0, length)))).toEqual(allBytes.slice(0, length));
  });

  it("encodes large inputs without overflowing the stack", () => {
    // Far past the argument count a spread into String.fromCharCode survives (about 100,000).
    const large = new Uint8Array(1 << 18).fill(7);
    expect(base64ToBytes(bytesToBase64(large))).toEqual(large);
  });

  it("refuses base64url, impossible lengths and empty text (null)", () => {
    for (const bad of ["", "-_8", "a", "aGk=a", "aGk==="]) expect(base64ToBytes(bad)).toBeNull();
  });
});

describe("base64url", () => {
  it("writes URL-safe characters without padding", () => {
    expect(bytesToBase64Url(Uint8Array.of(0xfb, 0xff))).toBe("-_8");
    expect(bytesToBase64Url(text("hi"))).toBe("aGk");
  });

  it("reads back what it wrote; empty text is no bytes", () => {
    expect(base64UrlToBytes(bytesToBase64Url(allBytes))).toEqual(allBytes);
    expect(base64UrlToBytes("")).toEqual(new Uint8Array());
  });

  it("refuses standard base64 characters, padding and impossible lengths (null)", () => {
    for (const bad of ["+/8", "aGk=", "a", "aGk.x"]) expect(base64UrlToBytes(bad)).toBeNull();
  });
});

describe("hmacSha256Key", () => {
  it("signs as HMAC-SHA256 with the secret's UTF-8 bytes (RFC 4231 test case 2)", async () => {
    const mac = await crypto.subtle.sign("HMAC", await hmacSha256Key("Jefe"), text("what do ya want for nothing?"));
    expect(bytesToHex(mac)).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });

  it("verifies what it signed, and imports a secret once", async () => {
    const key = await hmacSha256Key("a secret");
    const mac = await crypto.subtle.sign("HMAC", key, text("body"));
    expect(await crypto.subtle.verify("HMAC", key, mac, text("body"))).toBe(true);
    expect(hmacSha256Key("a secret")).toBe(hmacSha256Key("a secret"));
  });
});
