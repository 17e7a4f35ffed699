import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { MeResponse } from "../../../../shared/api.ts";
import type { ProfilePermissionState, ProfileRequestOutcome } from "../../../../liff-app/lib/liff-session.ts";
import { linkedMe, namelessMe, requestUrl } from "../../fixtures.ts";
import { fakeSession, json, renderApp, stubBff } from "../../render-app.tsx";

// Consent simplification: the ID token carries no name or picture until the user allows the
// profile, so /api/me answers none. Home must read well without them and ask only from a tap.

const picture = "https://profile.line-scdn.net/yamada";

function sessionWithProfile(state: ProfilePermissionState, outcome: ProfileRequestOutcome = "granted") {
  const query = vi.fn(async () => state);
  const request = vi.fn(async () => outcome);
  return { session: fakeSession({ profilePermission: { query, request } }), query, request };
}

describe("home › the LINE profile under consent simplification", () => {
  it("greets without a name and shows a silhouette that asks LINE for the profile only when tapped", async () => {
    let me: MeResponse = namelessMe;
    stubBff(() => json(me));
    const { session, request } = sessionWithProfile("prompt");
    renderApp({ session });

    await screen.findByRole("heading", { level: 1, name: "こんにちは" });
    const ask = await screen.findByRole("button", { name: "LINEのプロフィール画像を表示する" });
    expect(request).not.toHaveBeenCalled();

    // The user allows it on LINE's permission screen; LIFF now holds a token with the profile.
    me = { ...linkedMe, profile: { displayName: "山田 太郎", pictureUrl: picture } };
    await userEvent.click(ask);

    await screen.findByRole("heading", { level: 1, name: "山田 太郎さん、こんにちは" });
    expect(document.querySelector(`img.avatar[src="${picture}"]`)).not.toBeNull();
    expect(screen.queryByRole("button", { name: "LINEのプロフィール画像を表示する" })).toBeNull();
    expect(request).toHaveBeenCalledTimes(1);
  });

  it("keeps the silhouette when the user declines, and never asks again by itself", async () => {
    const fetchMock = stubBff(() => json(namelessMe));
    renderApp({ session: sessionWithProfile("prompt", "declined").session });

    await userEvent.click(await screen.findByRole("button", { name: "LINEのプロフィール画像を表示する" }));
    expect(await screen.findByRole("heading", { level: 1, name: "こんにちは" })).toBeTruthy();
    // Declining reads nothing again: no new token, no new profile.
    expect(fetchMock.mock.calls.filter(([url]) => requestUrl(url).endsWith("/api/me"))).toHaveLength(1);
  });

  it("shows a plain silhouette, not a button, where LINE cannot ask (granted without a picture, or unavailable)", async () => {
    for (const state of ["granted", "unavailable"] as const) {
      stubBff(() => json(namelessMe));
      const { unmount } = renderApp({ session: sessionWithProfile(state).session });
      await screen.findByRole("heading", { level: 1, name: "こんにちは" });
      expect(await screen.findByTestId("profile-avatar-placeholder")).toBeTruthy();
      expect(screen.queryByTestId("profile-avatar-ask")).toBeNull();
      unmount();
    }
  });

  it("does not ask LIFF at all when the token already carries the picture", async () => {
    stubBff(() => json({ ...linkedMe, profile: { displayName: "山田 太郎", pictureUrl: picture } }));
    const { session, query } = sessionWithProfile("prompt");
    renderApp({ session });
    await screen.findByRole("heading", { level: 1, name: "山田 太郎さん、こんにちは" });
    expect(query).not.toHaveBeenCalled();
  });
});
