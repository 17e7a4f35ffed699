import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { MeResponse } from "../../../../shared/api.ts";
import { cardRoutesFor, errorBody, linkedMe, unlinkedMe } from "../../fixtures.ts";
import { fakeSession, json, renderApp, routeBff, sentRequests } from "../../render-app.tsx";

const registered: MeResponse["link"] = {
  status: "linked",
  member: {
    memberNumber: "1000-0013",
    name: "佐藤 花子",
    rank: { code: "regular", name: "レギュラー" },
    points: { balance: 100 },
  },
};

function bffFor(post: () => Response | Promise<Response>, me: MeResponse = unlinkedMe) {
  return routeBff({
    "GET /api/me": () => json(me),
    "POST /api/link/register": post,
    ...(registered.status === "linked" ? cardRoutesFor(registered.member) : {}),
  });
}

async function openRegisterForm() {
  renderApp({ path: "/link/register" });
  await screen.findByTestId("register-form");
  return {
    name: screen.getByLabelText(/お名前/) as HTMLInputElement,
    kana: screen.getByLabelText(/フリガナ/) as HTMLInputElement,
    birthDate: screen.getByLabelText(/生年月日/) as HTMLInputElement,
    email: screen.getByLabelText(/メールアドレス/) as HTMLInputElement,
    phone: screen.getByLabelText(/電話番号/) as HTMLInputElement,
    terms: screen.getByRole("checkbox", { name: /利用規約に同意します/ }) as HTMLInputElement,
    marketing: screen.getByRole("checkbox", { name: /お得な情報をLINEで受け取る/ }) as HTMLInputElement,
    submit: screen.getByRole("button", { name: "会員登録する" }),
  };
}

describe("/link/register", () => {
  it("prefills the name from the LINE profile and marks every other field optional", async () => {
    bffFor(() => json({ link: registered }, 201));
    const form = await openRegisterForm();

    expect(screen.getByRole("heading", { level: 1, name: "新規会員登録" })).toBeTruthy();
    expect(form.name.value).toBe("佐藤 花子");
    expect(form.name.required).toBe(true);
    expect(form.name.labels?.[0].textContent).toContain("必須");
    for (const optional of [form.kana, form.birthDate, form.email, form.phone]) {
      expect(optional.required).toBe(false);
      expect(optional.labels?.[0].textContent).toContain("任意");
    }
    expect(form.birthDate.type).toBe("date");
    expect(form.email.type).toBe("email");
    expect(form.phone.type).toBe("tel");
    expect(form.terms.checked).toBe(false);
    expect(form.marketing.checked).toBe(false);
    expect(screen.getByRole("link", { name: "会員連携する" }).getAttribute("href")).toBe("/link");
  });

  it("leaves the name empty, not 'null', when LINE gave no name", async () => {
    bffFor(() => json({ link: registered }, 201), { ...unlinkedMe, profile: { displayName: null, pictureUrl: null } });
    const form = await openRegisterForm();
    expect(form.name.value).toBe("");
    // The default session has the profile granted already: nothing to ask for.
    expect(screen.queryByTestId("register-use-line-name")).toBeNull();
  });

  describe("consent simplification: no name in the token until the user allows the profile", () => {
    const nameless = { ...unlinkedMe, profile: { displayName: null, pictureUrl: null } };

    function openWithPermission(outcome: "granted" | "declined" | "unavailable") {
      let me: MeResponse = nameless;
      routeBff({ "GET /api/me": () => json(me), "POST /api/link/register": () => json({ link: registered }, 201) });
      const request = vi.fn(async () => {
        // LINE's permission screen: once allowed, the new ID token carries the name.
        if (outcome === "granted") me = unlinkedMe;
        return outcome;
      });
      const session = fakeSession({ profilePermission: { query: vi.fn(async () => "prompt" as const), request } });
      renderApp({ path: "/link/register", session });
      return request;
    }

    it("offers the LINE name from a tap, and fills it in once LINE has the user's permission", async () => {
      const request = openWithPermission("granted");
      const name = (await screen.findByLabelText(/お名前/)) as HTMLInputElement;
      expect(name.value).toBe("");
      expect(request).not.toHaveBeenCalled();

      await userEvent.click(await screen.findByRole("button", { name: "LINEの名前を入力" }));

      await waitFor(() => expect(name.value).toBe("佐藤 花子"));
      expect(screen.queryByRole("button", { name: "LINEの名前を入力" })).toBeNull();
    });

    it("says so and keeps what was typed when the user declines", async () => {
      openWithPermission("declined");
      const name = (await screen.findByLabelText(/お名前/)) as HTMLInputElement;
      await userEvent.type(name, "さとう");
      await userEvent.click(await screen.findByRole("button", { name: "LINEの名前を入力" }));

      expect((await screen.findByTestId("register-line-name-status")).textContent).toBe(
        "LINEのプロフィールは使いません。お名前を入力してください。",
      );
      expect(name.value).toBe("さとう");
    });
  });

  it("requires a name and the terms, and sends nothing without them", async () => {
    const fetchMock = bffFor(() => json({ link: registered }, 201));
    const form = await openRegisterForm();

    await userEvent.clear(form.name);
    await userEvent.click(form.submit);

    expect(screen.getByTestId("register-name-input-error").textContent).toBe("お名前を入力してください。");
    expect(form.name.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByTestId("register-terms-error").textContent).toBe("会員登録には利用規約への同意が必要です。");
    expect(form.terms.getAttribute("aria-describedby")).toBe(screen.getByTestId("register-terms-error").id);
    expect(document.activeElement).toBe(form.name);
    expect(sentRequests(fetchMock).filter((r) => r.route === "POST /api/link/register")).toHaveLength(0);
  });

  it("explains optional fields that are filled in wrongly", async () => {
    bffFor(() => json({ link: registered }, 201));
    const form = await openRegisterForm();

    await userEvent.type(form.kana, "Sato");
    await userEvent.type(form.email, "hanako@");
    await userEvent.type(form.phone, "12345");
    fireEvent.input(form.birthDate, { target: { value: "2999-01-01" } }); // as a date picker reports a choice
    await userEvent.click(form.terms);
    await userEvent.click(form.submit);

    expect(screen.getByTestId("register-kana-input-error").textContent).toContain("カタカナ");
    expect(screen.getByTestId("register-email-input-error").textContent).toContain("メールアドレス");
    expect(screen.getByTestId("register-phone-input-error").textContent).toContain("0から始まる");
    expect(screen.getByTestId("register-birth-date-input-error").textContent).toContain("生年月日");
    expect(document.activeElement).toBe(form.kana);
  });

  it("sends only the fields filled in, normalised, then lands on the card with the welcome points", async () => {
    const fetchMock = bffFor(() => json({ link: registered }, 201));
    const form = await openRegisterForm();

    await userEvent.type(form.kana, "さとう　はなこ");
    await userEvent.type(form.phone, "090-1234-5678");
    await userEvent.click(form.terms);
    await userEvent.click(form.submit);

    const notice = await screen.findByTestId("flash-notice");
    expect(location.pathname).toBe("/card");
    expect(notice.textContent).toContain("会員登録が完了しました");
    expect(notice.textContent).toContain("ウェルカムポイント 100 pt");
    expect((await screen.findByTestId("member-number")).textContent).toBe("1000-0013");
    expect(sentRequests(fetchMock).find((r) => r.route === "POST /api/link/register")?.body).toEqual({
      profile: { name: "佐藤 花子", nameKana: "サトウ ハナコ", phone: "09012345678" },
      consents: { terms: true, marketingMessages: false },
    });
  });

  it("sends the marketing opt-in only when ticked, with the birth date and email when given", async () => {
    const fetchMock = bffFor(() => json({ link: registered }, 201));
    const form = await openRegisterForm();

    fireEvent.input(form.birthDate, { target: { value: "1992-08-23" } }); // as a date picker reports a choice
    await userEvent.type(form.email, "hanako@example.com");
    await userEvent.click(form.terms);
    await userEvent.click(form.marketing);
    await userEvent.click(form.submit);

    await waitFor(() => expect(location.pathname).toBe("/card"));
    expect(sentRequests(fetchMock).find((r) => r.route === "POST /api/link/register")?.body).toEqual({
      profile: { name: "佐藤 花子", birthDate: "1992-08-23", email: "hanako@example.com" },
      consents: { terms: true, marketingMessages: true },
    });
  });

  it("refuses clearly when the LINE account already has a membership", async () => {
    bffFor(() => json(errorBody("already_linked"), 409));
    const form = await openRegisterForm();
    await userEvent.click(form.terms);
    await userEvent.click(form.submit);

    const alert = await screen.findByTestId("register-error");
    expect(alert.textContent).toContain("すでに会員連携しています");
    expect(within(alert).getByRole("link", { name: "会員証を表示" }).getAttribute("href")).toBe("/card");
    expect(form.name.value).toBe("佐藤 花子");
  });

  it("offers to link instead when the shop may already have this person, or to confirm it is someone else", async () => {
    const fetchMock = bffFor(() => json(errorBody("possible_duplicate"), 409));
    fetchMock.mockClear();
    const form = await openRegisterForm();
    fireEvent.input(form.birthDate, { target: { value: "1992-08-23" } }); // as a date picker reports a choice
    await userEvent.click(form.terms);
    await userEvent.click(form.submit);

    const alert = await screen.findByTestId("register-error");
    expect(alert.dataset.errorCode).toBe("possible_duplicate");
    expect(alert.textContent).toContain("同じお名前と生年月日の会員情報がすでにあります");
    expect(within(alert).getByRole("link", { name: "お持ちの会員証で会員連携する" }).getAttribute("href")).toBe("/link");

    await userEvent.click(within(alert).getByRole("button", { name: "別人なので、このまま登録する" }));
    await waitFor(() => expect(sentRequests(fetchMock).filter((r) => r.route === "POST /api/link/register")).toHaveLength(2));
    expect(sentRequests(fetchMock).filter((r) => r.route === "POST /api/link/register")[1]?.body).toEqual({
      profile: { name: "佐藤 花子", birthDate: "1992-08-23" },
      consents: { terms: true, marketingMessages: false },
      confirmNotDuplicate: true,
    });
  });

  it("points the fields the BFF rejected out", async () => {
    bffFor(() =>
      json(
        { error: { code: "bad_request", message: "bad", issues: [{ path: "profile.email", message: "Invalid email" }] } },
        400,
      ),
    );
    const form = await openRegisterForm();
    await userEvent.type(form.email, "hanako@example.com");
    await userEvent.click(form.terms);
    await userEvent.click(form.submit);

    expect((await screen.findByTestId("register-error")).textContent).toContain("入力内容をご確認ください");
    expect(screen.getByTestId("register-email-input-error").textContent).toBe("この項目の内容をご確認ください。");
    expect(form.email.getAttribute("aria-invalid")).toBe("true");
  });

  it("tells an already linked customer so instead of showing the form", async () => {
    routeBff({ "GET /api/me": () => json(linkedMe) });
    renderApp({ path: "/link/register" });

    expect(await screen.findByRole("heading", { level: 1, name: "すでに会員連携済みです" })).toBeTruthy();
    expect(screen.queryByTestId("register-form")).toBeNull();
  });
});
