import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CardDevicesResponse,
  MemberCardResponse,
  RegisterCardDeviceResponse,
  ScanResponse,
  type RegisterCardDeviceRequest,
} from "../../../shared/api.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { cardWindowAt, deviceTypedCode, signDeviceCardCode } from "../../../shared/member-card-code.ts";
import { memberCardKeys } from "../../../bff/card/keys.ts";
import { pruneByAge } from "../../../bff/delivery/retention.ts";
import { memberCardCodeMac } from "../../../bff/card/member-card-token.ts";
import { callBff, freshLineUserId, jsonBody, merchantApi, mintIdToken } from "../helpers.ts";

// Device-bound card keys (issue 12): a phone registers a public key, signs each 30-second
// window's code itself, and a staff scan verifies and consumes (device, window) once. Members
// here are registered fresh (POST /v1/members links them to a new LINE user): no other file's
// member is touched.

interface Phone {
  deviceId: string;
  privateKey: CryptoKey;
  codeKey: CryptoKey;
}
interface Customer {
  lineUserId: string;
  memberId: string;
  memberNumber: string;
  token: string;
}

let staffToken: string;
beforeAll(async () => {
  staffToken = await mintIdToken({ persona: "staff" });
});

async function newCustomer(): Promise<Customer> {
  const lineUserId = freshLineUserId();
  const response = await merchantApi("/v1/members", {
    method: "POST",
    body: JSON.stringify({ lineUserId, profile: { name: "端末 テスト" }, consents: { terms: true, marketingMessages: false } }),
  });
  expect(response.status).toBe(201);
  const { memberId } = (await response.json()) as { memberId: string };
  const summary = (await (await merchantApi(`/v1/members/${memberId}/summary`)).json()) as { memberNumber: string };
  return { lineUserId, memberId, memberNumber: summary.memberNumber, token: await mintIdToken({ sub: lineUserId }) };
}

async function publicJwk(keyPair: CryptoKeyPair): Promise<RegisterCardDeviceRequest["publicKey"]> {
  // The Workers types overload exportKey and generateKey loosely: the JWK of an EC public key.
  const jwk = (await crypto.subtle.exportKey("jwk", keyPair.publicKey)) as JsonWebKey;
  return { kty: "EC", crv: "P-256", x: jwk.x!, y: jwk.y! };
}

const newKeyPair = async () =>
  (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"])) as CryptoKeyPair;

/** What the app does on an online open: a key pair of its own, the public half registered. */
async function registerPhone(customer: Customer): Promise<Phone> {
  const keyPair = await newKeyPair();
  const request: RegisterCardDeviceRequest = { publicKey: await publicJwk(keyPair), label: "iPhone" };
  const response = await callBff("/api/card/devices", { token: customer.token, ...jsonBody(request) });
  expect(response.status).toBe(201);
  const registered = RegisterCardDeviceResponse.parse(await response.json());
  const secret = Uint8Array.from(atob(registered.codeSecret.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));
  const codeKey = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return { deviceId: registered.deviceId, privateKey: keyPair.privateKey, codeKey };
}

const nowWindow = () => cardWindowAt(Date.now());
const qr = (phone: Phone, window = nowWindow()) => signDeviceCardCode(phone.privateKey, phone.deviceId, window);
const scan = (body: object) => callBff("/api/staff/scans", { token: staffToken, ...jsonBody(body) });
const errorCode = async (response: Response) => ErrorBody.parse(await response.json()).error.code;

describe("POST /api/card/devices", () => {
  it("registers a linked member's phone key and lists it; an unlinked LINE user gets no device", async () => {
    const customer = await newCustomer();
    const phone = await registerPhone(customer);
    const listed = CardDevicesResponse.parse(await (await callBff("/api/card/devices", { token: customer.token })).json());
    expect(listed.devices.map((d) => [d.deviceId, d.label])).toEqual([[phone.deviceId, "iPhone"]]);

    const keyPair = await newKeyPair();
    const stranger = await mintIdToken({ sub: freshLineUserId() });
    const refused = await callBff("/api/card/devices", {
      token: stranger,
      ...jsonBody({ publicKey: await publicJwk(keyPair), label: "iPhone" }),
    });
    expect(refused.status).toBe(404);
    expect(await errorCode(refused)).toBe("not_linked");
  });

  it("refuses a public key that is not a point on P-256", async () => {
    const customer = await newCustomer();
    const x = "A".repeat(43);
    const response = await callBff("/api/card/devices", {
      token: customer.token,
      ...jsonBody({ publicKey: { kty: "EC", crv: "P-256", x, y: x }, label: "iPhone" }),
    });
    expect(response.status).toBe(400);
  });

  it("tells the phone on an online open whether its key still works, with the server's clock", async () => {
    const customer = await newCustomer();
    const phone = await registerPhone(customer);
    const open = async (device: string) =>
      MemberCardResponse.parse(await (await callBff(`/api/card?device=${device}`, { token: customer.token })).json());
    const active = await open(phone.deviceId);
    expect(active.device).toBe("active");
    expect(Math.abs(Date.parse(active.serverTime!) - Date.now())).toBeLessThan(5_000);
    expect((await open("x".repeat(22))).device).toBe("unknown");
    expect((await callBff(`/api/card/devices/${phone.deviceId}`, { token: customer.token, method: "DELETE" })).status).toBe(204);
    expect((await open(phone.deviceId)).device).toBe("revoked");
  });
});

describe("card device records", () => {
  it("are bounded: at most 10 registrations an hour per LINE user, and 5 working phones", async () => {
    const customer = await newCustomer();
    const phones: Phone[] = [];
    for (let i = 0; i < 10; i++) phones.push(await registerPhone(customer));
    const listed = CardDevicesResponse.parse(await (await callBff("/api/card/devices", { token: customer.token })).json());
    expect(listed.devices).toHaveLength(5);
    const keyPair = await newKeyPair();
    const eleventh = await callBff("/api/card/devices", {
      token: customer.token,
      ...jsonBody({ publicKey: await publicJwk(keyPair), label: "iPhone" }),
    });
    expect(eleventh.status).toBe(429);
    // The phone seen longest ago was the one replaced: its codes no longer work.
    expect(await errorCode(await scan({ token: await qr(phones[0]) }))).toBe("card_invalid");
  });

  it("go with the retention sweep a day after revocation or 60 days unseen", async () => {
    const customer = await newCustomer();
    const [revoked, unseen, kept] = [await registerPhone(customer), await registerPhone(customer), await registerPhone(customer)];
    const day = 24 * 60 * 60 * 1000;
    await env.DB.prepare("UPDATE member_card_devices SET revoked_at = ?2 WHERE device_id = ?1")
      .bind(revoked.deviceId, Date.now() - 2 * day)
      .run();
    await env.DB.prepare("UPDATE member_card_devices SET last_seen_at = ?2 WHERE device_id = ?1")
      .bind(unseen.deviceId, Date.now() - 61 * day)
      .run();
    await pruneByAge(env.DB, Date.now());
    const left = await env.DB.prepare("SELECT device_id AS id FROM member_card_devices WHERE line_user_id = ?1")
      .bind(customer.lineUserId)
      .all<{ id: string }>();
    expect(left.results.map((row) => row.id)).toEqual([kept.deviceId]);
  });
});

describe("POST /api/staff/scans with a phone-signed code", () => {
  let customer: Customer;
  let phone: Phone;
  beforeAll(async () => {
    customer = await newCustomer();
    phone = await registerPhone(customer);
  });

  it("accepts a code the phone signed for the current window, and shows the member", async () => {
    const response = await scan({ token: await qr(phone) });
    expect(response.status).toBe(201);
    expect(ScanResponse.parse(await response.json()).member.memberNumber).toBe(customer.memberNumber);
  });

  it("refuses the same (device, window) a second time (attack: replaying a screenshot)", async () => {
    const code = await qr(phone, nowWindow() - 1);
    expect((await scan({ token: code })).status).toBe(201);
    // Another signature of the same window (ECDSA signs differently each time) is the same credential.
    const again = await scan({ token: await qr(phone, nowWindow() - 1) });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe("card_used");
  });

  it("lets exactly one of 20 simultaneous scans of one code win", async () => {
    const fresh = await registerPhone(customer);
    const code = await qr(fresh);
    const statuses = (await Promise.all(Array.from({ length: 20 }, () => scan({ token: code })))).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  });

  it("says a code from a window past its grace has expired, and refuses one minted for later (clock games)", async () => {
    const old = await scan({ token: await qr(phone, nowWindow() - 3) });
    expect(old.status).toBe(410);
    expect(await errorCode(old)).toBe("card_expired");
    const ahead = await scan({ token: await qr(phone, nowWindow() + 2) });
    expect(ahead.status).toBe(422);
    expect(await errorCode(ahead)).toBe("card_invalid");
  });

  it("refuses a code signed by another phone's key under this phone's id (attack: a key of one's own)", async () => {
    const other = await registerPhone(await newCustomer());
    const code = await signDeviceCardCode(other.privateKey, phone.deviceId, nowWindow());
    const response = await scan({ token: code });
    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe("card_invalid");
  });

  it("refuses a forged signature and an unknown device", async () => {
    const signed = await qr(phone);
    const forged = `${signed.slice(0, -86)}${"A".repeat(86)}`;
    expect(await errorCode(await scan({ token: forged }))).toBe("card_invalid");
    // One bit of the window changed: the signature no longer covers it.
    const [version, device, window, signature] = signed.split(".");
    expect(await errorCode(await scan({ token: [version, device, Number(window) - 1, signature].join(".") }))).toBe(
      "card_invalid",
    );
    const unknown = await signDeviceCardCode(phone.privateKey, "Z".repeat(22), nowWindow());
    expect(await errorCode(await scan({ token: unknown }))).toBe("card_invalid");
  });

  it("refuses codes from a revoked phone, and never lets another user revoke someone's phone", async () => {
    const owner = await newCustomer();
    const ownPhone = await registerPhone(owner);
    const intruder = await newCustomer();
    const notTheirs = await callBff(`/api/card/devices/${ownPhone.deviceId}`, { token: intruder.token, method: "DELETE" });
    expect(notTheirs.status).toBe(404);
    expect((await scan({ token: await qr(ownPhone) })).status).toBe(201);

    expect((await callBff(`/api/card/devices/${ownPhone.deviceId}`, { token: owner.token, method: "DELETE" })).status).toBe(204);
    const refused = await scan({ token: await qr(ownPhone, nowWindow() - 1) });
    expect(refused.status).toBe(422);
    expect(await errorCode(refused)).toBe("card_invalid");
    const listed = CardDevicesResponse.parse(await (await callBff("/api/card/devices", { token: owner.token })).json());
    expect(listed.devices).toEqual([]);
  });

  it("refuses codes from a phone not seen for 60 days", async () => {
    const sleeper = await registerPhone(customer);
    await env.DB.prepare("UPDATE member_card_devices SET last_seen_at = ?2 WHERE device_id = ?1")
      .bind(sleeper.deviceId, Date.now() - 61 * 24 * 60 * 60 * 1000)
      .run();
    expect(await errorCode(await scan({ token: await qr(sleeper) }))).toBe("card_invalid");
  });

  it("stop working when the member unlinks: every phone of theirs is revoked", async () => {
    const leaving = await newCustomer();
    const leavingPhone = await registerPhone(leaving);
    const unlinked = await callBff("/api/link", { token: leaving.token, method: "DELETE" });
    expect(unlinked.status).toBe(200);
    const refused = await scan({ token: await qr(leavingPhone) });
    expect(refused.status).toBe(422);
    const listed = CardDevicesResponse.parse(await (await callBff("/api/card/devices", { token: leaving.token })).json());
    expect(listed.devices).toEqual([]);
  });

  it("stop working when the membership is linked to another LINE user, even without an unlink through the app", async () => {
    const moving = await newCustomer();
    const movingPhone = await registerPhone(moving);
    await merchantApi(`/v1/line-links/${moving.lineUserId}`, { method: "DELETE" });
    const relinked = await merchantApi(`/v1/line-links/${freshLineUserId()}`, {
      method: "PUT",
      body: JSON.stringify({ memberId: moving.memberId }),
    });
    expect(relinked.status).toBe(200);
    const refused = await scan({ token: await qr(movingPhone) });
    expect(refused.status).toBe(422);
    expect(await errorCode(refused)).toBe("member_unlinked");
  });
});

describe("the typed 6-digit code of a phone", () => {
  let customer: Customer;
  let phone: Phone;
  beforeAll(async () => {
    customer = await newCustomer();
    phone = await registerPhone(customer);
  });

  it("is accepted with the member number for the current window, once, and is the same credential as the QR", async () => {
    const window = nowWindow();
    const code = await deviceTypedCode(phone.codeKey, phone.deviceId, window);
    expect((await scan({ memberNumber: customer.memberNumber, code })).status).toBe(201);
    const qrAfter = await scan({ token: await qr(phone, window) });
    expect(qrAfter.status).toBe(409);
    expect(await errorCode(qrAfter)).toBe("card_used");
  });

  it("says an expired code has expired (card_expired), not that it does not match", async () => {
    const code = await deviceTypedCode(phone.codeKey, phone.deviceId, nowWindow() - 4);
    const response = await scan({ memberNumber: customer.memberNumber, code });
    expect(response.status).toBe(410);
    expect(await errorCode(response)).toBe("card_expired");
  });

  it("does not match another member's number (attack: one's own code for someone else's card)", async () => {
    const other = await newCustomer();
    const code = await deviceTypedCode(phone.codeKey, phone.deviceId, nowWindow());
    const response = await scan({ memberNumber: other.memberNumber, code });
    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe("card_invalid");
  });
});

describe("the typed code of a server-issued card", () => {
  it("says an expired code has expired (card_expired), not that it does not match", async () => {
    const customer = await newCustomer();
    const card = MemberCardResponse.parse(await (await callBff("/api/card", { token: customer.token })).json());
    // The card's minute passed: the same row, its expiry moved into the past.
    const keys = await memberCardKeys(env.MEMBER_CARD_SECRET);
    const mac = await memberCardCodeMac(keys, customer.memberId, card.code);
    await env.DB.prepare("UPDATE member_card_codes SET expires_at = ?2 WHERE code_mac = ?1")
      .bind(mac, Date.now() - 2 * 60_000)
      .run();
    const response = await scan({ memberNumber: customer.memberNumber, code: card.code });
    expect(response.status).toBe(410);
    expect(await errorCode(response)).toBe("card_expired");
  });
});
