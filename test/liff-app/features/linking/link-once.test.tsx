import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { cardRoutesFor, hanakoLinked, unlinkedMe } from "../../fixtures.ts";
import { json, renderApp, routeBff, sentRequests, warmUpScreens, tapAgain } from "../../render-app.tsx";

// The member card's code arrives only when the test says so, as a chunk on a slow phone line
// would: until then the form stays on the screen after the BFF's answer.
const cardChunk = vi.hoisted(() => {
  let arrive = () => {};
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  return { arrived, arrive: () => arrive() };
});
vi.mock("../../../../liff-app/features/card/card-screen.tsx", async (importOriginal) => {
  await cardChunk.arrived;
  return importOriginal();
});

const posts = (fetchMock: ReturnType<typeof routeBff>, route: string) =>
  sentRequests(fetchMock).filter((request) => request.route === route);

describe("linking, while the member card's screen is still loading", () => {
  beforeAll(() => warmUpScreens("/link", "/link/register"));

  it("links once when 会員連携する is tapped again right after the answer", async () => {
    const fetchMock = routeBff({
      "GET /api/me": () => json(unlinkedMe),
      "GET /api/link/settings": () => json({ secondFactor: "pin" }),
      "POST /api/link": () => json({ link: hanakoLinked }),
      ...cardRoutesFor(hanakoLinked.member),
    });
    renderApp({ path: "/link" });
    await screen.findByTestId("link-form");
    await userEvent.type(screen.getByLabelText(/会員番号/), "1000-0002");
    await userEvent.type(screen.getByLabelText(/暗証番号/), "1234");
    const submit = screen.getByTestId("link-submit");

    await userEvent.click(submit);
    await waitFor(() => expect(posts(fetchMock, "POST /api/link")).toHaveLength(1));
    await waitFor(() => expect(submit.isConnected && submit.textContent === "会員連携しています…").toBe(false));
    await tapAgain(submit);

    cardChunk.arrive();
    expect(await screen.findByTestId("flash-notice")).toBeTruthy();
    expect(posts(fetchMock, "POST /api/link")).toHaveLength(1);
  });

  it("registers once when 会員登録する is tapped again right after the answer", async () => {
    const fetchMock = routeBff({
      "GET /api/me": () => json(unlinkedMe),
      "POST /api/link/register": () => json({ link: hanakoLinked }, 201),
      ...cardRoutesFor(hanakoLinked.member),
    });
    renderApp({ path: "/link/register" });
    await screen.findByTestId("register-form");
    await userEvent.click(screen.getByRole("checkbox", { name: /利用規約に同意します/ }));
    const submit = screen.getByTestId("register-submit");

    await userEvent.click(submit);
    await waitFor(() => expect(posts(fetchMock, "POST /api/link/register")).toHaveLength(1));
    await waitFor(() => expect(submit.isConnected && submit.textContent === "登録しています…").toBe(false));
    await tapAgain(submit);

    cardChunk.arrive();
    expect(await screen.findByTestId("flash-notice")).toBeTruthy();
    expect(posts(fetchMock, "POST /api/link/register")).toHaveLength(1);
  });
});
