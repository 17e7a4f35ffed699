import { Hono } from "hono";
import { html } from "hono/html";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import {
  AccountLinkNonce,
  AuthenticateMemberRequest,
  type ConsumedAccountLinkNonce,
  type LinkSettings,
} from "../../../shared/merchant-contract.ts";
import type { MerchantDatabase } from "./database.ts";
import { readLinkSettings } from "./link-settings.ts";
import { authenticateMember } from "./members.ts";
import { validPathParams } from "./validation.ts";

// LINE's account link for customers who start in chat, merchant side: a login page the BFF's
// chat message leads to (with LINE's link token), a nonce for the member who logged in, and
// the contract operation that trades the nonce back for that member, once.
//   chat → GET /line/account-link?linkToken=… → POST (member number + PIN) → 303 to
//   ${lineAccessBase}/dialog/bot/accountLink?linkToken=…&nonce=… → LINE's accountLink event
//   → BFF → POST /v1/account-link-nonces/{nonce}/consume

export const ACCOUNT_LINK_NONCE_LIFETIME_MS = 10 * 60 * 1000;
// Consumed and expired nonces are kept a day (for a look in the data file), then cleared.
const KEEP_SPENT_NONCES_MS = 24 * 60 * 60 * 1000;

const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

/** Makes a single-use nonce for a member who just logged in: 256 random bits, 43 URL-safe characters. */
export function issueAccountLinkNonce(db: MerchantDatabase, memberId: string, now = Date.now()): string {
  const nonce = randomBytes(32).toString("base64url");
  db.transaction(() => {
    db.run("DELETE FROM account_link_nonces WHERE expires_at <= ?", [now - KEEP_SPENT_NONCES_MS]);
    db.run("INSERT INTO account_link_nonces (nonce_sha256, member_id, expires_at) VALUES (?, ?, ?)", [
      sha256(nonce),
      memberId,
      now + ACCOUNT_LINK_NONCE_LIFETIME_MS,
    ]);
  });
  return nonce;
}

/**
 * The member a nonce was made for, or null when it is unknown, used or expired. The UPDATE's
 * condition is the single-use check: of two concurrent trades only one changes the row.
 */
export function consumeAccountLinkNonce(db: MerchantDatabase, nonce: string, now = Date.now()): string | null {
  const key = sha256(nonce);
  return db.transaction(() => {
    const claimed = db.run(
      "UPDATE account_link_nonces SET consumed_at = ? WHERE nonce_sha256 = ? AND consumed_at IS NULL AND expires_at > ?",
      [now, key, now],
    );
    if (claimed === 0) return null;
    const row = db.row(
      "SELECT member_id AS memberId FROM account_link_nonces WHERE nonce_sha256 = ?",
      [key],
      z.object({ memberId: z.string() }),
    );
    return row?.memberId ?? null;
  });
}

/** POST /v1/account-link-nonces/:nonce/consume (a contract call, behind the API key) */
export function accountLinkNonceRoutes(db: MerchantDatabase) {
  return new Hono().post("/:nonce/consume", validPathParams(z.object({ nonce: AccountLinkNonce })), (c) => {
    const memberId = consumeAccountLinkNonce(db, c.req.valid("param").nonce);
    if (memberId === null) return c.json(errorBody("not_found", "Unknown, already used or expired nonce"), 404);
    const body: z.infer<typeof ConsumedAccountLinkNonce> = { memberId };
    return c.json(body, 200);
  });
}

export interface AccountLinkPageOptions {
  /** Where LINE's account-link dialog lives: https://access.line.me, or the fake LINE platform. */
  lineAccessBase: string;
}

// LINE's link tokens are opaque; this only keeps markup and separators out of the page and URL.
const LinkToken = z.string().regex(/^[A-Za-z0-9._~-]{8,512}$/);
const factorNames = {
  pin: { ja: "暗証番号", en: "PIN" },
  birthDate: { ja: "生年月日", en: "date of birth" },
  otp: { ja: "確認コード", en: "one-time code" },
} as const satisfies Record<LinkSettings["secondFactor"], { ja: string; en: string }>;

/**
 * GET and POST /line/account-link: the merchant's login page for the chat flow. A browser
 * page, so it sits outside the API key; what it hands out (a nonce) is worth nothing without
 * LINE vouching for the LINE user who comes back with it.
 */
export function accountLinkPageRoutes(db: MerchantDatabase, { lineAccessBase }: AccountLinkPageOptions) {
  const dialogUrl = `${lineAccessBase.replace(/\/+$/, "")}/dialog/bot/accountLink`;
  return new Hono()
    .use(async function keepLoginPagePrivate(c, next) {
      await next();
      // The link token is in the URL: keep it out of caches, Referer headers and other sites' frames.
      c.header("Cache-Control", "no-store");
      c.header("Referrer-Policy", "no-referrer");
      c.header("Content-Security-Policy", "frame-ancestors 'none'");
    })
    .get("/", (c) => {
      const linkToken = LinkToken.safeParse(c.req.query("linkToken"));
      if (!linkToken.success) return c.html(invalidLinkPage(), 400);
      return c.html(loginPage({ linkToken: linkToken.data, factor: readLinkSettings(db).secondFactor }), 200);
    })
    .post("/", async (c) => {
      const form = await c.req.parseBody();
      const linkToken = LinkToken.safeParse(form.linkToken);
      // Without LINE's link token there is nothing to go back to LINE with.
      if (!linkToken.success) return c.html(invalidLinkPage(), 400);
      const field = (name: string) => {
        const value = form[name];
        return typeof value === "string" ? value.trim().slice(0, 64) : "";
      };
      const factor = readLinkSettings(db).secondFactor;
      const memberNumber = field("memberNumber");
      const retry = (status: 400 | 401, error: string) =>
        c.html(loginPage({ linkToken: linkToken.data, factor, memberNumber, error }), status);

      const credentials = AuthenticateMemberRequest.safeParse({
        memberNumber,
        secondFactor: { type: factor, value: field(factor) },
      });
      if (!credentials.success) return retry(400, "入力内容を確認してください / Please check what you entered");
      const memberId = authenticateMember(db, credentials.data);
      if (memberId === null) {
        const { ja, en } = factorNames[factor];
        return retry(401, `会員番号または${ja}が正しくありません / The member number or ${en} is incorrect`);
      }

      const target = new URL(dialogUrl);
      target.searchParams.set("linkToken", linkToken.data);
      target.searchParams.set("nonce", issueAccountLinkNonce(db, memberId));
      return c.redirect(target.toString(), 303);
    });
}

interface LoginPageProps {
  linkToken: string;
  factor: LinkSettings["secondFactor"];
  memberNumber?: string;
  error?: string;
}

function loginPage({ linkToken, factor, memberNumber = "", error }: LoginPageProps) {
  const secondFactorField = {
    pin: html`<label
      >暗証番号 <small>PIN (4–8 digits)</small>
      <input name="pin" type="password" inputmode="numeric" pattern="[0-9]{4,8}" autocomplete="off" required
    /></label>`,
    birthDate: html`<label
      >生年月日 <small>Date of birth</small> <input name="birthDate" type="date" autocomplete="bday" required
    /></label>`,
    // The code is sent from the LINE app's link screen; this page only takes it.
    otp: html`<label
      >確認コード <small>One-time code (6 digits)</small>
      <input name="otp" inputmode="numeric" pattern="[0-9]{6}" autocomplete="one-time-code" required
    /></label>`,
  }[factor];
  return layout(
    "会員証とLINEの連携",
    html`<h1>会員証とLINEの連携<small>Link your membership to LINE</small></h1>
      <p>会員番号と${factorNames[factor].ja}でログインしてください。ログイン後、LINEに戻って連携が完了します。</p>
      <p class="en">Log in with your member number and ${factorNames[factor].en}. You then return to LINE to finish.</p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ""}
      <form method="post" action="account-link">
        <input type="hidden" name="linkToken" value="${linkToken}" />
        <label
          >会員番号 <small>Member number</small>
          <input name="memberNumber" value="${memberNumber}" placeholder="1000-0001" autocomplete="username" required
        /></label>
        ${secondFactorField}
        <button type="submit">ログインして連携 <small>Log in and link</small></button>
      </form>`,
  );
}

function invalidLinkPage() {
  return layout(
    "リンクが正しくありません",
    html`<h1>リンクが正しくありません<small>This link is not valid</small></h1>
      <p>LINEのトーク画面から、もう一度「連携」を始めてください。</p>
      <p class="en">Start linking again from the chat in LINE.</p>`,
  );
}

function layout(title: string, content: unknown) {
  return html`<!doctype html>
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>${title} · Sandbox merchant</title>
        <style>
          :root {
            color-scheme: light dark;
            --accent: #8a5a2b;
          }
          body {
            margin: 0;
            font:
              16px/1.6 system-ui,
              -apple-system,
              "Hiragino Sans",
              "Noto Sans JP",
              sans-serif;
          }
          main {
            max-width: 420px;
            margin: auto;
            padding: 24px 16px;
          }
          h1 {
            font-size: 20px;
            margin: 0 0 12px;
          }
          h1 small,
          label small,
          button small {
            display: block;
            font-size: 13px;
            font-weight: normal;
            opacity: 0.75;
          }
          .en {
            font-size: 14px;
            opacity: 0.8;
          }
          .error {
            color: #d03030;
            font-weight: bold;
          }
          form {
            display: grid;
            gap: 14px;
            margin-top: 16px;
          }
          label {
            display: grid;
            gap: 4px;
          }
          input,
          button {
            font: inherit;
            padding: 10px 12px;
            min-height: 44px;
            border-radius: 8px;
            border: 1px solid #8888;
          }
          button {
            background: var(--accent);
            color: #fff;
            border: 0;
            cursor: pointer;
          }
          footer {
            margin-top: 32px;
            font-size: 12px;
            opacity: 0.6;
          }
        </style>
      </head>
      <body>
        <main>
          ${content}
          <footer>サンドボックス加盟店（開発用） / Sandbox merchant, for development only</footer>
        </main>
      </body>
    </html>`;
}
