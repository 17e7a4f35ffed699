import { describe, expect, it } from "vitest";
import {
  importMemberCardKeys,
  issueMemberCardToken,
  memberCardCodeMac,
  newMemberCardCode,
  openMemberCardToken,
} from "../../../bff/card/member-card-token.ts";

const secret = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const at = (iso: string) => new Date(iso);

describe("member card tokens", () => {
  it("open with the key that issued them, naming the member and expiring within 60 seconds", async () => {
    const keys = await importMemberCardKeys(secret());
    const now = at("2026-11-22T10:00:00Z");
    const issued = await issueMemberCardToken(keys, "mem_0001", now);
    expect(issued.expiresAt.getTime() - now.getTime()).toBe(60_000);
    const opened = await openMemberCardToken(keys, issued.token, at("2026-11-22T10:00:59Z"));
    expect(opened).toEqual({ ok: true, tokenId: issued.tokenId, memberId: "mem_0001", expiresAt: issued.expiresAt });
  });

  it("carry nothing readable: no member id, LINE user id or name in the QR text", async () => {
    const keys = await importMemberCardKeys(secret());
    const { token } = await issueMemberCardToken(keys, "mem_0001");
    const decoded = atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"));
    expect(decoded).not.toContain("mem_0001");
    expect(token).not.toMatch(/U[0-9a-f]{32}/);
    expect(token.length).toBeLessThan(80);
  });

  it("are refused once expired (a screenshot dies within a minute)", async () => {
    const keys = await importMemberCardKeys(secret());
    const issued = await issueMemberCardToken(keys, "mem_0001", at("2026-11-22T10:00:00Z"));
    expect(await openMemberCardToken(keys, issued.token, at("2026-11-22T10:01:00Z"))).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("are refused as forged when altered or sealed with another key", async () => {
    const keys = await importMemberCardKeys(secret());
    const { token } = await issueMemberCardToken(keys, "mem_0001");
    const body = token.split(".")[1];
    const flipped = `MC1.${body.slice(0, 20)}${body[20] === "A" ? "B" : "A"}${body.slice(21)}`;
    expect(await openMemberCardToken(keys, flipped)).toEqual({ ok: false, reason: "forged" });
    const otherKeys = await importMemberCardKeys(secret());
    expect(await openMemberCardToken(otherKeys, token)).toEqual({ ok: false, reason: "forged" });
  });

  it("are refused as malformed when they are not member card tokens at all", async () => {
    const keys = await importMemberCardKeys(secret());
    for (const text of [
      "",
      "https://line.me",
      "MC1.",
      "MC2.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "MC1.!!!!",
      "MC1.QUJD.x",
    ]) {
      expect(await openMemberCardToken(keys, text)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("are all different, even for the same member in the same second", async () => {
    const keys = await importMemberCardKeys(secret());
    const now = new Date();
    const ids = new Set(
      await Promise.all(Array.from({ length: 50 }, async () => (await issueMemberCardToken(keys, "m", now)).tokenId)),
    );
    expect(ids.size).toBe(50);
  });

  it("need a secret of at least 32 bytes", async () => {
    await expect(importMemberCardKeys(btoa("too short"))).rejects.toThrow(/32/);
  });
});

describe("member card typed codes", () => {
  it("are 6 random digits, not derived from the member or the clock", () => {
    const codes = new Set(Array.from({ length: 200 }, () => newMemberCardCode()));
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(codes.size).toBeGreaterThan(190);
  });

  it("are stored as a MAC that belongs to one member", async () => {
    const keys = await importMemberCardKeys(secret());
    const mac = await memberCardCodeMac(keys, "mem_0001", "123456");
    expect(mac).not.toContain("123456");
    expect(await memberCardCodeMac(keys, "mem_0001", "123456")).toBe(mac);
    expect(await memberCardCodeMac(keys, "mem_0002", "123456")).not.toBe(mac);
  });
});
