import { afterEach, describe, expect, it, vi } from "vitest";
import type { MemberCardAnswer } from "../../../../liff-app/features/card/card-fetch.ts";
import { drawAnsweredCard } from "../../../../liff-app/features/card/instant-card.ts";
import { linkedMe, memberCardFor } from "../../fixtures.ts";

// A first open on /card (no card key on this phone yet): the page's first script draws the card
// the BFF answered to its early request as plain DOM, before the app's first render, and only
// while nothing but the boot splash is on screen.

const member = linkedMe.link.status === "linked" ? linkedMe.link.member : null!;

function answer(overrides: Partial<MemberCardAnswer> = {}): MemberCardAnswer {
  return { ...memberCardFor(member), clockOffsetMs: 0, askedForDevice: null, receivedAt: Date.now(), ...overrides };
}

function rootWithSplash(): HTMLElement {
  const root = document.createElement("div");
  root.innerHTML = '<div class="boot-splash" role="status"></div>';
  document.body.append(root);
  return root;
}

const testId = (root: HTMLElement, id: string) => root.querySelector(`[data-testid="${id}"]`);

afterEach(() => {
  vi.useRealTimers();
  document.head.replaceChildren();
  document.body.replaceChildren();
  localStorage.clear();
});

describe("the card drawn from the early answer on a first open", () => {
  it("shows the answer's own code, the member's name and number, and when it changes", () => {
    const root = rootWithSplash();
    const card = answer({ token: "MC1.from-the-bff", code: "482913", refreshAfterSeconds: 30 });

    expect(drawAnsweredCard(root, card, "ja")).toBe(true);

    expect(root.querySelector(".boot-splash")).toBeNull();
    const qr = testId(root, "member-qr")!;
    expect(qr.getAttribute("data-token")).toBe("MC1.from-the-bff");
    expect(qr.getAttribute("aria-label")).toBe("会員証のQRコード（会員番号 M-000123）");
    expect(qr.querySelector("path")?.getAttribute("d")).toMatch(/^M/);
    expect(testId(root, "card-one-time-code")?.textContent).toBe("482 913");
    expect(testId(root, "card-identity")?.textContent).toContain("山田 太郎");
    expect(testId(root, "card-identity")?.textContent).toContain("M-000123");
    expect(testId(root, "card-code-freshness")?.textContent).toBe("30秒後に新しいコードに変わります");
    // Fresh from the merchant: no 「◯時点の情報」, and no device it was not signed with.
    expect(testId(root, "card-as-of")).toBeNull();
    expect(testId(root, "instant-card")?.hasAttribute("data-device")).toBe(false);
  });

  it("marks details the BFF answered from its last known copy with their time", () => {
    const root = rootWithSplash();
    drawAnsweredCard(root, answer({ source: "snapshot", memberAsOf: "2026-12-24T05:05:00.000Z" }), "ja");
    expect(testId(root, "card-as-of")?.textContent).toBe("12月24日(木) 14:05時点の情報");
  });

  it("speaks the LINE app's language when none was chosen", () => {
    const root = rootWithSplash();
    drawAnsweredCard(root, answer({ refreshAfterSeconds: 20 }), "en-US");
    expect(testId(root, "card-code-freshness")?.textContent).toBe("A new code in 20 s");
    expect(testId(root, "member-qr")?.getAttribute("aria-label")).toBe("Member card QR code (member number M-000123)");
  });

  it("draws nothing once the app owns the page", () => {
    const root = document.createElement("div");
    root.innerHTML = '<section data-testid="card-screen"></section>';
    expect(drawAnsweredCard(root, answer(), "ja")).toBe(false);
    expect(root.innerHTML).toBe('<section data-testid="card-screen"></section>');
  });

  it("counts down each second, then says a new code is coming, then dims the code once it has expired", () => {
    vi.useFakeTimers({ now: new Date("2026-12-24T05:00:00.000Z") });
    const root = rootWithSplash();
    const card = answer({ refreshAfterSeconds: 30, tokenExpiresAt: "2026-12-24T05:01:00.000Z" });
    drawAnsweredCard(root, card, "ja");
    const hint = () => testId(root, "card-code-freshness")?.textContent;

    vi.advanceTimersByTime(1100);
    expect(hint()).toBe("29秒後に新しいコードに変わります");
    vi.advanceTimersByTime(28_000);
    expect(hint()).toBe("1秒後に新しいコードに変わります");
    vi.advanceTimersByTime(1000);
    expect(hint()).toBe("新しいコードに更新しています…");
    expect(testId(root, "card-code")?.getAttribute("data-state")).toBe("fresh");

    vi.advanceTimersByTime(30_000);
    expect(hint()).toBe("コードの有効期限が切れました。");
    expect(testId(root, "card-code")?.getAttribute("data-state")).toBe("expired");
    expect(testId(root, "member-qr")?.classList.contains("member-qr--dimmed")).toBe(true);
    expect(testId(root, "card-one-time-code")?.classList.contains("live-code__digits--dimmed")).toBe(true);
    // Nothing left to count.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stops counting once the app has replaced it", () => {
    vi.useFakeTimers();
    const root = rootWithSplash();
    drawAnsweredCard(root, answer({ refreshAfterSeconds: 30 }), "en");
    const drawn = testId(root, "instant-card")!;
    root.replaceChildren(document.createElement("section"));

    vi.advanceTimersByTime(5000);
    expect(drawn.querySelector('[data-testid="card-code-freshness"]')?.textContent).toBe("A new code in 30 s");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("draws the app's header with the shop's name and logo from the page, and the way home, so nothing moves when the app takes over", () => {
    // As liff-app/build/brand-plugin.ts writes them into index.html.
    document.head.innerHTML =
      '<link rel="icon" type="image/svg+xml" href="/assets/logo-abc.svg">' +
      '<script type="application/json" id="brand-header">{"shopName":{"ja":"こもれび珈琲","en":"Komorebi Coffee"},"shortName":{"ja":"こもれび","en":"Komorebi"}}</script>';
    const root = rootWithSplash();
    drawAnsweredCard(root, answer(), "en");

    const brandLink = root.querySelector("header.app-header a.app-header__brand")!;
    expect(brandLink.getAttribute("aria-label")).toBe("Komorebi Coffee");
    expect(brandLink.textContent).toBe("Komorebi");
    expect(brandLink.querySelector("img")?.getAttribute("src")).toMatch(/\/assets\/logo-abc\.svg$/);
    // The app's switch takes over; until then this one is only its place.
    expect(root.querySelector(".language-switch")?.hasAttribute("inert")).toBe(true);
    const home = root.querySelector("main.app-main a.home-link")!;
    expect(home.getAttribute("href")).toBe("/");
    expect(home.textContent).toBe("‹ Back to home");
  });
});
