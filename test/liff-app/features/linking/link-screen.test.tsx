import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cardRoutesFor, errorBody, errorBodyWith, hanakoLinked, linkedMe, unlinkedMe } from "../../fixtures.ts";
import { fakeSession, json, renderApp, routeBff, sentRequests } from "../../render-app.tsx";

const pinSettings = () => json({ secondFactor: "pin" });

function bffFor(post: () => Response | Promise<Response>, extra: Parameters<typeof routeBff>[0] = {}) {
  return routeBff({
    "GET /api/me": () => json(unlinkedMe),
    "GET /api/link/settings": pinSettings,
    "POST /api/link": post,
    ...cardRoutesFor(hanakoLinked.member),
    ...extra,
  });
}

async function openLinkForm() {
  renderApp({ path: "/link" });
  await screen.findByTestId("link-form");
  return {
    memberNumber: screen.getByLabelText(/会員番号/) as HTMLInputElement,
    pin: screen.getByLabelText(/暗証番号/) as HTMLInputElement,
    submit: screen.getByRole("button", { name: "会員連携する" }),
  };
}

async function fillAndSubmit(memberNumber: string, pin: string) {
  const form = await openLinkForm();
  await userEvent.type(form.memberNumber, memberNumber);
  await userEvent.type(form.pin, pin);
  await userEvent.click(form.submit);
  return form;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("/link", () => {
  it("says why linking helps and asks for the member number and a PIN when the merchant checks a PIN", async () => {
    bffFor(() => json({ link: hanakoLinked }));
    const { memberNumber, pin } = await openLinkForm();

    expect(screen.getAllByRole("heading", { level: 1 }).map((h) => h.textContent)).toEqual(["会員連携"]);
    expect(screen.getByTestId("link-screen").textContent).toContain("LINEで会員証を表示でき");
    expect(memberNumber.getAttribute("autocomplete")).toBe("off");
    expect(memberNumber.type).toBe("text");
    expect(pin.type).toBe("password");
    expect(pin.getAttribute("inputmode")).toBe("numeric");
    expect(pin.getAttribute("autocomplete")).toBe("off");
    expect(screen.getByRole("link", { name: "新規会員登録はこちら" }).getAttribute("href")).toBe("/link/register");
    expect(screen.getByRole("link", { name: /ホームへ戻る/ }).getAttribute("href")).toBe("/");
  });

  it("asks for the birth date instead when the merchant checks that", async () => {
    routeBff({ "GET /api/me": () => json(unlinkedMe), "GET /api/link/settings": () => json({ secondFactor: "birthDate" }) });
    renderApp({ path: "/link" });

    const birthDate = (await screen.findByLabelText(/生年月日/)) as HTMLInputElement;
    expect(birthDate.type).toBe("date");
    expect(screen.queryByLabelText(/暗証番号/)).toBeNull();
  });

  it("shows the form's shapes while loading, with a single title", () => {
    routeBff({ "GET /api/me": () => new Promise<Response>(() => {}) as never, "GET /api/link/settings": pinSettings });
    renderApp({ path: "/link" });

    return waitFor(() => {
      expect(screen.getByTestId("link-form-skeleton")).toBeTruthy();
      expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
      expect(screen.getByTestId("link-screen").getAttribute("aria-busy")).toBe("true");
    });
  });

  it("explains each invalid field next to it, marks it invalid and sends nothing", async () => {
    const fetchMock = bffFor(() => json({ link: hanakoLinked }));
    const { memberNumber, pin, submit } = await openLinkForm();

    await userEvent.click(submit);

    expect(memberNumber.getAttribute("aria-invalid")).toBe("true");
    expect(pin.getAttribute("aria-invalid")).toBe("true");
    const memberNumberError = screen.getByTestId("member-number-input-error");
    expect(memberNumberError.textContent).toBe("会員番号を入力してください。");
    expect(memberNumber.getAttribute("aria-describedby")).toContain(memberNumberError.id);
    expect(screen.getByTestId("pin-input-error").textContent).toBe("暗証番号を入力してください。");
    expect(document.activeElement).toBe(memberNumber);

    await userEvent.type(memberNumber, "1000/0002");
    await userEvent.type(pin, "12");
    expect(screen.getByTestId("member-number-input-error").textContent).toContain("半角の英数字とハイフン");
    expect(screen.getByTestId("pin-input-error").textContent).toBe("暗証番号は4〜8桁の数字で入力してください。");

    await userEvent.clear(memberNumber);
    await userEvent.type(memberNumber, "1000-0002");
    await userEvent.type(pin, "34");
    expect(screen.queryByTestId("member-number-input-error")).toBeNull();
    expect(memberNumber.hasAttribute("aria-invalid")).toBe(false);
    expect(screen.queryByTestId("pin-input-error")).toBeNull();
    expect(sentRequests(fetchMock).filter((r) => r.route === "POST /api/link")).toHaveLength(0);
  });

  it("accepts full-width digits and a kana long-vowel mark as the hyphen, as Japanese keyboards type them", async () => {
    const fetchMock = bffFor(() => json({ link: hanakoLinked }));
    await fillAndSubmit("１０００ー０００２", "１２３４");

    await waitFor(() => expect(location.pathname).toBe("/card"));
    expect(sentRequests(fetchMock).find((r) => r.route === "POST /api/link")?.body).toEqual({
      memberNumber: "1000-0002",
      secondFactor: { type: "pin", value: "1234" },
    });
  });

  it("lands on the member card with a success notice, without asking /api/me again", async () => {
    const fetchMock = bffFor(() => json({ link: hanakoLinked, richMenu: "pending" }), {
      "GET /api/link/rich-menu": () => json({ menu: "linked", state: "applied" }),
    });
    await fillAndSubmit("1000-0002", "1234");

    const notice = await screen.findByTestId("flash-notice");
    expect(location.pathname).toBe("/card");
    expect(notice.textContent).toContain("連携が完了しました");
    expect(notice.getAttribute("aria-live")).toBe("polite");
    expect(document.activeElement).toBe(notice);
    await waitFor(() => expect(within(notice).getByTestId("rich-menu-status").dataset.state).toBe("applied"));
    expect(screen.getByRole("heading", { level: 1, name: "会員証" })).toBeTruthy();
    expect((await screen.findByTestId("member-name")).textContent).toBe("佐藤 花子 様");
    expect(screen.getByTestId("points-balance").textContent).toBe("350 pt");
    expect(sentRequests(fetchMock).filter((r) => r.route === "GET /api/me")).toHaveLength(1);

    await userEvent.click(within(notice).getByRole("button", { name: "閉じる" }));
    expect(screen.queryByTestId("flash-notice")).toBeNull();
  });

  it("says the chat menu is being switched until the BFF says LINE applied it, and only then that it switched", async () => {
    const fetchMock = bffFor(() => json({ link: hanakoLinked, richMenu: "pending" }), {
      "GET /api/link/rich-menu": [
        () => json({ menu: "linked", state: "pending" }),
        () => json({ menu: "linked", state: "applied" }),
      ],
    });
    await fillAndSubmit("1000-0002", "1234");

    const notice = await screen.findByTestId("flash-notice");
    const menu = within(notice).getByTestId("rich-menu-status");
    expect(menu.textContent).toBe("LINEのトークのメニューを切り替えています…");
    expect(notice.textContent).not.toContain("切り替わりました");
    await waitFor(() => expect(sentRequests(fetchMock).filter((r) => r.route === "GET /api/link/rich-menu")).toHaveLength(1));
    expect(menu.textContent).toBe("LINEのトークのメニューを切り替えています…");

    // The next poll, 2 s on, finds the switch done.
    await waitFor(() => expect(menu.textContent).toBe("LINEのトークのメニューも会員用に切り替わりました。"), { timeout: 4000 });
    expect(menu.dataset.state).toBe("applied");
    expect(sentRequests(fetchMock).filter((r) => r.route === "GET /api/link/rich-menu")).toHaveLength(2);
  });

  it("says calmly that the menu switch is late when the BFF says it failed, and stops asking", async () => {
    const fetchMock = bffFor(() => json({ link: hanakoLinked, richMenu: "pending" }), {
      "GET /api/link/rich-menu": () => json({ menu: "linked", state: "failed" }),
    });
    await fillAndSubmit("1000-0002", "1234");

    const menu = within(await screen.findByTestId("flash-notice")).getByTestId("rich-menu-status");
    await waitFor(() =>
      expect(menu.textContent).toBe("メニューの切り替えが遅れています。しばらくするとLINEのメニューも切り替わります。"),
    );
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(sentRequests(fetchMock).filter((r) => r.route === "GET /api/link/rich-menu")).toHaveLength(1);
  });

  it("says the number or PIN is wrong, keeps the typed member number and clears the PIN", async () => {
    bffFor(() => json(errorBody("invalid_credentials"), 422));
    const { memberNumber, pin } = await fillAndSubmit("1000-0002", "9999");

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("会員番号または暗証番号が正しくありません");
    expect(memberNumber.value).toBe("1000-0002");
    expect(pin.value).toBe("");
    // The emptied PIN is not blamed on the customer before they try again.
    expect(screen.queryByTestId("pin-input-error")).toBeNull();
    expect(location.pathname).toBe("/link");
  });

  it("says how many tries are left before linking pauses, in Japanese and in English", async () => {
    bffFor(() => json(errorBodyWith("invalid_credentials", { remainingTries: 3 }), 422));
    await fillAndSubmit("1000-0002", "9999");
    expect((await screen.findByTestId("link-remaining-tries")).textContent).toBe(
      "あと3回間違えると、会員連携が一時的に停止されます。",
    );
  });

  it("says the tries left in English", async () => {
    bffFor(() => json(errorBodyWith("invalid_credentials", { remainingTries: 1 }), 422));
    renderApp({ path: "/link", session: fakeSession({ appLanguage: "en" }) });
    await userEvent.type(await screen.findByLabelText(/Member number/), "1000-0002");
    await userEvent.type(screen.getByLabelText(/PIN/), "9999");
    await userEvent.click(screen.getByRole("button", { name: "Link your membership" }));
    expect((await screen.findByTestId("link-remaining-tries")).textContent).toBe("Tries left before linking pauses: 1.");
  });

  it("tells a customer whose member number is locked to contact the shop", async () => {
    bffFor(() => json(errorBody("member_locked"), 423));
    await fillAndSubmit("1000-0002", "1234");
    const alert = await screen.findByTestId("link-error");
    expect(alert.dataset.errorCode).toBe("member_locked");
    expect(alert.textContent).toContain("店舗までお問い合わせください");
  });

  it("asks for a one-time code when the merchant sends one, and sends it for the typed member number", async () => {
    const fetchMock = routeBff({
      "GET /api/me": () => json(unlinkedMe),
      "GET /api/link/settings": () => json({ secondFactor: "otp" }),
      "POST /api/link/one-time-code": () => new Response(null, { status: 202 }),
      "POST /api/link": () => json({ link: hanakoLinked }),
      ...cardRoutesFor(hanakoLinked.member),
    });
    renderApp({ path: "/link" });
    await screen.findByTestId("link-form");
    expect(screen.queryByLabelText(/暗証番号/)).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "コードを送信" }));
    expect(screen.getByTestId("send-code").textContent).toContain("先に会員番号を入力してから");

    await userEvent.type(screen.getByLabelText(/会員番号/), "１０００－０００２");
    await userEvent.click(screen.getByRole("button", { name: "コードを送信" }));
    await screen.findByTestId("send-code-sent");
    const code = screen.getByLabelText(/確認コード/) as HTMLInputElement;
    expect(code.getAttribute("autocomplete")).toBe("one-time-code");
    await userEvent.type(code, "123456");
    await userEvent.click(screen.getByRole("button", { name: "会員連携する" }));
    await waitFor(() => expect(location.pathname).toBe("/card"));
    const sent = sentRequests(fetchMock);
    expect(sent.find((r) => r.route === "POST /api/link/one-time-code")?.body).toEqual({ memberNumber: "1000-0002" });
    expect(sent.find((r) => r.route === "POST /api/link")?.body).toEqual({
      memberNumber: "1000-0002",
      secondFactor: { type: "otp", value: "123456" },
    });
  });

  it("says how long to wait and until when (Japan time) when linking is rate limited", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2025-01-15T05:00:00Z") }); // 14:00 in Tokyo
    bffFor(() => json(errorBodyWith("rate_limited", { retryAfterSeconds: 600 }), 429));
    await fillAndSubmit("1000-0002", "1234");

    const alert = await screen.findByTestId("link-error");
    expect(alert.dataset.errorCode).toBe("rate_limited");
    expect(alert.textContent).toContain("あと10分（14:10以降）にもう一度お試しください");
  });

  it("says the wait in English too, with the clock time in Japan", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2025-01-15T14:55:30Z") }); // 23:55:30 in Tokyo
    routeBff({
      "GET /api/me": () => json(unlinkedMe),
      "GET /api/link/settings": pinSettings,
      "POST /api/link": () => json(errorBodyWith("rate_limited", { retryAfterSeconds: 899 }), 429),
    });
    renderApp({ path: "/link", session: fakeSession({ appLanguage: "en" }) });
    await userEvent.type(await screen.findByLabelText(/Member number/), "1000-0002");
    await userEvent.type(screen.getByLabelText(/PIN/), "1234");
    await userEvent.click(screen.getByRole("button", { name: "Link your membership" }));

    expect((await screen.findByTestId("link-error")).textContent).toContain(
      "try again in 15 min (after 12:11\u00a0AM Japan time)",
    );
  });

  it("refuses to link a second membership to an already linked LINE account, pointing at the card", async () => {
    bffFor(() => json(errorBody("already_linked"), 409));
    await fillAndSubmit("1000-0003", "2468");

    const alert = await screen.findByTestId("link-error");
    expect(alert.textContent).toContain("すでに会員連携しています");
    expect(within(alert).getByRole("link", { name: "会員証を表示" }).getAttribute("href")).toBe("/card");
  });

  it("explains a membership linked to another LINE account and suggests contacting the shop", async () => {
    bffFor(() => json(errorBody("member_linked_elsewhere"), 409));
    const { memberNumber, pin } = await fillAndSubmit("1000-0001", "5678");

    const alert = await screen.findByTestId("link-error");
    expect(alert.textContent).toContain("別のLINEアカウントと会員連携されています");
    expect(alert.textContent).toContain("店舗までお問い合わせください");
    expect(memberNumber.value).toBe("1000-0001");
    expect(pin.value).toBe("5678");
  });

  it("keeps everything typed when the shop's system is down, so sending again is one tap", async () => {
    const fetchMock = routeBff({
      "GET /api/me": () => json(unlinkedMe),
      "GET /api/link/settings": pinSettings,
      "POST /api/link": [() => json(errorBody("upstream_unavailable"), 502), () => json({ link: hanakoLinked })],
    });
    const { memberNumber, pin, submit } = await fillAndSubmit("1000-0002", "1234");

    expect((await screen.findByRole("alert")).textContent).toContain("お店のシステムにつながりませんでした");
    expect(memberNumber.value).toBe("1000-0002");
    expect(pin.value).toBe("1234");

    await userEvent.click(submit);
    await waitFor(() => expect(location.pathname).toBe("/card"));
    expect(sentRequests(fetchMock).filter((r) => r.route === "POST /api/link")).toHaveLength(2);
  });

  it("sends once however fast the button is tapped, and shows it is working", async () => {
    const fetchMock = bffFor(() => new Promise<Response>(() => {}));
    const { memberNumber, pin, submit } = await openLinkForm();
    await userEvent.type(memberNumber, "1000-0002");
    await userEvent.type(pin, "1234");

    fireEvent.submit(submit.closest("form")!);
    fireEvent.submit(submit.closest("form")!);
    await userEvent.click(submit);

    await waitFor(() => expect(submit.getAttribute("aria-disabled")).toBe("true"));
    expect(submit.textContent).toBe("会員連携しています…");
    expect(sentRequests(fetchMock).filter((r) => r.route === "POST /api/link")).toHaveLength(1);
  });

  it("says the number or birth date is wrong when the merchant checks the birth date, keeping both", async () => {
    routeBff({
      "GET /api/me": () => json(unlinkedMe),
      "GET /api/link/settings": () => json({ secondFactor: "birthDate" }),
      "POST /api/link": () => json(errorBody("invalid_credentials"), 422),
    });
    renderApp({ path: "/link" });
    await userEvent.type(await screen.findByLabelText(/会員番号/), "1000-0002");
    fireEvent.input(screen.getByLabelText(/生年月日/), { target: { value: "1992-08-24" } }); // as a date picker reports a choice
    await userEvent.click(screen.getByRole("button", { name: "会員連携する" }));

    expect((await screen.findByTestId("link-error")).textContent).toContain("会員番号または生年月日が正しくありません");
    expect((screen.getByLabelText(/生年月日/) as HTMLInputElement).value).toBe("1992-08-24");
  });

  it("logs in again after a 401 and asks to send once more, keeping what was typed", async () => {
    const fetchMock = bffFor(() => json(errorBody("unauthorized"), 401));
    const { memberNumber, pin } = await fillAndSubmit("1000-0002", "1234");

    expect((await screen.findByTestId("submit-error")).textContent).toContain("ログインし直しました");
    expect(memberNumber.value).toBe("1000-0002");
    expect(pin.value).toBe("1234");
    expect(sentRequests(fetchMock).filter((r) => r.route === "POST /api/link")).toHaveLength(1);
  });

  it("tells an already linked customer so instead of showing the form", async () => {
    routeBff({ "GET /api/me": () => json(linkedMe), "GET /api/link/settings": pinSettings });
    renderApp({ path: "/link" });

    expect(await screen.findByRole("heading", { level: 1, name: "すでに会員連携済みです" })).toBeTruthy();
    expect(screen.getByTestId("already-linked").textContent).toContain("M-000123");
    expect(screen.getByRole("link", { name: "会員証を表示" }).getAttribute("href")).toBe("/card");
    expect(screen.queryByTestId("link-form")).toBeNull();
  });

  it("offers a retry when the link settings cannot be loaded", async () => {
    routeBff({
      "GET /api/me": () => json(unlinkedMe),
      "GET /api/link/settings": [() => json(errorBody("upstream_timeout"), 504), pinSettings],
    });
    renderApp({ path: "/link" });

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("お店のシステムからの応答が遅れています");
    await userEvent.click(within(alert).getByRole("button", { name: "再読み込み" }));
    expect(await screen.findByTestId("link-form")).toBeTruthy();
  });
});
