import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  earlyMemberCard,
  startEarlyMemberCard,
  takeArrivedEarlyMemberCard,
  takeEarlyMemberCard,
} from "../../../../liff-app/features/card/card-fetch.ts";
import { createApiClient } from "../../../../liff-app/lib/api-client.ts";
import { linkedMe, memberCardFor } from "../../fixtures.ts";
import { fakeSession, json, renderApp, routeBff, sentRequests } from "../../render-app.tsx";

// Opening on /card, the page's first script asks for the card as soon as LIFF has an ID token
// (liff-app/app/startup.ts), before the app has rendered; the card screen shows that answer
// instead of asking again, and only for the LINE user it was asked for.

const member = linkedMe.link.status === "linked" ? linkedMe.link.member : null!;
const idTokenFor = (sub: string) => `e30.${btoa(JSON.stringify({ sub })).replace(/=+$/, "")}.sig`;
const api = createApiClient({ getIdToken: () => idTokenFor("U-taro") });

afterEach(() => {
  vi.useRealTimers();
  // Nothing left over for the next test.
  void takeEarlyMemberCard("U-taro");
});

describe("the card asked for before the app renders", () => {
  it("is the card the screen shows, with one GET /api/card in all", async () => {
    const fetchMock = routeBff({
      "GET /api/card": [() => json(memberCardFor(member, { token: "MC1.early" })), () => json(memberCardFor(member))],
      "GET /api/card/activity": () => json({ activities: [], cursor: "1700000000000.0" }),
    });
    await startEarlyMemberCard(api, "U-taro");
    renderApp({ path: "/card", session: fakeSession({ getIdToken: () => idTokenFor("U-taro") }) });
    expect((await screen.findByTestId("member-qr")).getAttribute("data-token")).toBe("MC1.early");
    expect(sentRequests(fetchMock).filter(({ route }) => route === "GET /api/card")).toHaveLength(1);
  });

  it("already arrived when the app renders (drawn by the first script), is shown without asking again", async () => {
    const fetchMock = routeBff({
      "GET /api/card": [() => json(memberCardFor(member, { token: "MC1.drawn" })), () => json(memberCardFor(member))],
      "GET /api/card/activity": () => json({ activities: [], cursor: "1700000000000.0" }),
    });
    await startEarlyMemberCard(api, "U-taro");
    await earlyMemberCard("U-taro");
    renderApp({ path: "/card", session: fakeSession({ getIdToken: () => idTokenFor("U-taro") }) });
    expect((await screen.findByTestId("member-qr")).getAttribute("data-token")).toBe("MC1.drawn");
    // The card's activity is asked for once the card shows: by then a second card request would have gone too.
    await vi.waitFor(() => expect(sentRequests(fetchMock).some(({ route }) => route === "GET /api/card/activity")).toBe(true));
    expect(screen.getByTestId("member-qr").getAttribute("data-token")).toBe("MC1.drawn");
    expect(sentRequests(fetchMock).filter(({ route }) => route === "GET /api/card")).toHaveLength(1);
  });

  it("is never shown to another LINE user on this phone: the screen asks for its own", async () => {
    const fetchMock = routeBff({
      "GET /api/card": [
        () => json(memberCardFor(member, { token: "MC1.hanako" })),
        () => json(memberCardFor(member, { token: "MC1.taro" })),
      ],
      "GET /api/card/activity": () => json({ activities: [], cursor: "1700000000000.0" }),
    });
    await startEarlyMemberCard(api, "U-hanako");
    renderApp({ path: "/card", session: fakeSession({ getIdToken: () => idTokenFor("U-taro") }) });
    expect((await screen.findByTestId("member-qr")).getAttribute("data-token")).toBe("MC1.taro");
    expect(sentRequests(fetchMock).filter(({ route }) => route === "GET /api/card")).toHaveLength(2);
  });

  it("once arrived, is the card query's first data (once, for its own LINE user only)", async () => {
    routeBff({ "GET /api/card": () => json(memberCardFor(member, { token: "MC1.arrived" })) });
    await startEarlyMemberCard(api, "U-taro");
    await earlyMemberCard("U-taro");
    await Promise.resolve();
    expect(takeArrivedEarlyMemberCard("U-hanako")).toBeUndefined();
    expect(takeArrivedEarlyMemberCard("U-taro")?.token).toBe("MC1.arrived");
    expect(takeArrivedEarlyMemberCard("U-taro")).toBeUndefined();
    expect(takeEarlyMemberCard("U-taro")).toBeNull();
  });

  it("is taken once, and not after 10 s (its code would be old)", async () => {
    routeBff({ "GET /api/card": () => json(memberCardFor(member)) });
    await startEarlyMemberCard(api, "U-taro");
    expect(takeEarlyMemberCard("U-taro")).not.toBeNull();
    expect(takeEarlyMemberCard("U-taro")).toBeNull();

    vi.useFakeTimers({ toFake: ["Date"] });
    await startEarlyMemberCard(api, "U-taro");
    vi.setSystemTime(Date.now() + 10_001);
    expect(takeEarlyMemberCard("U-taro")).toBeNull();
  });
});
