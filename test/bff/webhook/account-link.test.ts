import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { LineLink } from "../../../shared/merchant-contract.ts";
import { devPersona } from "../../fakes/personas.ts";
import { freshLineUserId, merchantApi } from "../helpers.ts";
import {
  deliver,
  deliveriesFor,
  flatten,
  issueLinkToken,
  linkTokensIssuedTo,
  logInAtMerchant,
  postWebhook,
  pushesTo,
  repliesWith,
} from "./helpers.ts";

// The chat flow links a fresh LINE user to member 1000-0012 (山本 蓮, PIN 2026): no other test
// file uses that member, so parallel files that link 佐藤 花子 (1000-0002) never collide.
const MEMBER = { memberId: "mem_0012", memberNumber: "1000-0012", pin: "2026", name: "山本 蓮" };
const loginPage = `${inject("merchantUrl")}/line/account-link`;
const liffId = `${inject("liffChannelId")}-devmock`;

async function linkAtMerchant(lineUserId: string) {
  const response = await merchantApi(`/v1/line-links/${lineUserId}`);
  return response.status === 404 ? null : LineLink.parse(await response.json());
}

async function replyTo(replyToken: string | undefined) {
  const replies = await repliesWith(replyToken);
  expect(replies).toHaveLength(1);
  return { ...flatten(replies[0].body?.messages), delivered: replies[0].delivered };
}

/** Postback → the login URL the BFF replied with. */
async function startInChat(userId: string): Promise<string> {
  const { events } = await deliver({ type: "postback", userId, data: "action=account-link" });
  const { actions } = await replyTo(events[0].replyToken);
  return actions[0].uri;
}

/** Follows LINE's dialog URL (as the browser does) and hands back the accountLink event it produced. */
async function passLineDialog(userId: string, dialogUrl: URL) {
  const before = (await deliveriesFor(userId)).length;
  const page = await fetch(dialogUrl);
  expect(await page.text()).toContain("連携が完了しました");
  // The Worker under test listens on no port, so the fake kept the signed delivery for us.
  const deliveries = await deliveriesFor(userId);
  const delivery = deliveries.at(-1);
  if (!delivery || deliveries.length !== before + 1) throw new Error("the dialog delivered no accountLink event");
  return delivery;
}

describe("POST /webhook/line › starting the chat account link", () => {
  it("answers the 'link in chat' postback with a link token and a button to the merchant's login", async () => {
    const userId = freshLineUserId();
    const { events } = await deliver({ type: "postback", userId, data: "action=account-link" });

    const issued = await linkTokensIssuedTo(userId);
    expect(issued).toHaveLength(1);
    const { texts, actions, delivered } = await replyTo(events[0].replyToken);
    expect(delivered).toBe(true);
    expect(texts.join("\n")).toContain("連携はいつでも解除できます");
    expect(actions).toEqual([
      { type: "uri", label: "ログインして連携", uri: `${loginPage}?linkToken=${encodeURIComponent(issued[0])}` },
    ]);
  });

  it("starts the same way when the customer types 連携 or link, and ignores other messages", async () => {
    const userId = freshLineUserId();
    for (const text of ["連携", " LINK "]) {
      const { events } = await deliver({ type: "message", userId, text });
      expect((await replyTo(events[0].replyToken)).actions[0].uri).toMatch(/\?linkToken=/);
    }
    const { events } = await deliver({ type: "message", userId, text: "こんにちは" });
    expect(await repliesWith(events[0].replyToken)).toEqual([]);
    expect(await linkTokensIssuedTo(userId)).toHaveLength(2);
  });

  it("tells a linked member they are already linked, without issuing a link token", async () => {
    const userId = devPersona("linked").lineUserId;
    const before = (await linkTokensIssuedTo(userId)).length;
    const { events } = await deliver({ type: "postback", userId, data: "action=account-link" });

    const { texts, actions } = await replyTo(events[0].replyToken);
    expect(texts).toContain("すでに連携済みです");
    expect(actions).toEqual([{ type: "uri", label: "会員証を表示", uri: `https://liff.line.me/${liffId}/card` }]);
    expect(await linkTokensIssuedTo(userId)).toHaveLength(before);
  });
});

describe("POST /webhook/line › completing the chat account link", () => {
  const linkedUsers: string[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    // Other test files share the sandbox merchant: leave member 1000-0012 unlinked.
    for (const userId of linkedUsers.splice(0)) await merchantApi(`/v1/line-links/${userId}`, { method: "DELETE" });
  });

  it("links end to end: chat → merchant login → LINE's dialog → accountLink → link, menu and a welcome with points", async () => {
    const userId = freshLineUserId();
    linkedUsers.push(userId);
    const dialogUrl = await logInAtMerchant(await startInChat(userId), MEMBER.memberNumber, MEMBER.pin);
    expect(`${dialogUrl.origin}${dialogUrl.pathname}`).toBe(`${inject("fakeLineUrl")}/dialog/bot/accountLink`);
    expect(dialogUrl.searchParams.get("nonce")).toMatch(/^[A-Za-z0-9_-]{10,255}$/);

    const delivery = await passLineDialog(userId, dialogUrl);
    expect(delivery.events[0]).toMatchObject({
      type: "accountLink",
      link: { result: "ok", nonce: dialogUrl.searchParams.get("nonce") },
    });
    expect((await postWebhook(delivery.body, delivery.signature)).status).toBe(200);

    expect(await linkAtMerchant(userId)).toMatchObject({ lineUserId: userId, memberId: MEMBER.memberId });
    const { texts, actions } = await replyTo(delivery.events[0].replyToken);
    expect(texts).toContain("連携が完了しました");
    expect(texts).toContain(`${MEMBER.name} 様（レギュラー）`);
    expect(texts.join("\n")).toMatch(/ポイント残高 [\d,]+ pt/);
    expect(actions).toEqual([{ type: "uri", label: "会員証を表示", uri: `https://liff.line.me/${liffId}/card` }]);
  });

  it("refuses a nonce the second time: the merchant answers 404 and the customer hears the link expired", async () => {
    const userId = freshLineUserId();
    linkedUsers.push(userId);
    const dialogUrl = await logInAtMerchant(await startInChat(userId), MEMBER.memberNumber, MEMBER.pin);
    const nonce = dialogUrl.searchParams.get("nonce") ?? "";
    const delivery = await passLineDialog(userId, dialogUrl);
    await postWebhook(delivery.body, delivery.signature);
    expect(await linkAtMerchant(userId)).not.toBeNull();

    // The same nonce in a new event (a replay): consumed already.
    const replay = await deliver({ type: "accountLink", userId, nonce });
    const { texts } = await replyTo(replay.events[0].replyToken);
    expect(texts.join("\n")).toContain("有効期限が切れたか、すでに使われています");
    const consumeAgain = await merchantApi(`/v1/account-link-nonces/${nonce}/consume`, { method: "POST" });
    expect(consumeAgain.status).toBe(404);
  });

  it("reports an unknown nonce as expired and links nothing", async () => {
    const userId = freshLineUserId();
    const { events } = await deliver({ type: "accountLink", userId, nonce: "unknown-nonce-0123456789" });
    expect((await replyTo(events[0].replyToken)).texts.join("\n")).toContain("もう一度お試しください");
    expect(await linkAtMerchant(userId)).toBeNull();
  });

  it("explains a membership already linked to another LINE account, and changes nothing", async () => {
    const userId = freshLineUserId();
    const linkedPersona = devPersona("linked").lineUserId;
    // 山田 太郎 (1000-0001, PIN 5678) is linked to the "linked" persona in the seed data.
    const dialogUrl = await logInAtMerchant(`${loginPage}?linkToken=${await issueLinkToken(userId)}`, "1000-0001", "5678");
    const delivery = await passLineDialog(userId, dialogUrl);

    await postWebhook(delivery.body, delivery.signature);

    const { texts } = await replyTo(delivery.events[0].replyToken);
    expect(texts.join("\n")).toContain("この会員証はすでに別のLINEアカウントと連携されています");
    expect(await linkAtMerchant(userId)).toBeNull();
    expect(await linkAtMerchant(linkedPersona)).toMatchObject({ memberId: "mem_0001" });
  });

  it("accepts LINE's failed result, which names nobody (no source, no reply token), and sends nothing", async () => {
    const userId = freshLineUserId();
    const { events, response } = await deliver({ type: "accountLink", userId, result: "failed", nonce: "whatever-nonce-0123" });
    expect(response.status).toBe(200);
    expect(events[0].replyToken).toBeUndefined();
    expect(events[0]).not.toHaveProperty("source");

    expect(await pushesTo(userId)).toEqual([]);
    expect(await linkAtMerchant(userId)).toBeNull();
  });

  it("keeps LINE user ids, link tokens, nonces, reply tokens, names and message text out of the logs", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    for (const level of ["log", "info", "warn", "error"] as const) vi.spyOn(console, level).mockImplementation(capture);

    const userId = freshLineUserId();
    linkedUsers.push(userId);
    await deliver({ type: "follow", userId });
    await deliver({ type: "message", userId, text: "連携" });
    const loginUrl = await startInChat(userId);
    const dialogUrl = await logInAtMerchant(loginUrl, MEMBER.memberNumber, MEMBER.pin);
    const delivery = await passLineDialog(userId, dialogUrl);
    await postWebhook(delivery.body, delivery.signature);
    vi.restoreAllMocks();

    expect(await linkAtMerchant(userId)).not.toBeNull();
    const logged = lines.join("\n");
    expect(logged).toContain("webhook event processed");
    const secrets = [
      userId,
      new URL(loginUrl).searchParams.get("linkToken") ?? "missing",
      dialogUrl.searchParams.get("nonce") ?? "missing",
      delivery.events[0].replyToken ?? "missing",
    ];
    for (const secret of secrets) expect(logged).not.toContain(secret);
    expect(logged).not.toContain("山本");
    expect(logged).not.toContain("連携");
  });
});
