import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { json, renderApp, routeBff, warmUpScreens, tapAgain } from "../../render-app.tsx";
import { booked, JUST_AFTER_JAPAN_MIDNIGHT, sentWrites, shibuyaServices, slots, stores } from "./reservation-fixtures.ts";

// The reservation screen's code arrives only when the test says so, as a chunk on a slow
// phone line would: until then the booking sheet stays on the screen after the answer.
const detailChunk = vi.hoisted(() => {
  let arrive = () => {};
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  return { arrived, arrive: () => arrive() };
});
vi.mock("../../../../liff-app/features/reservations/reservation-screen.tsx", async (importOriginal) => {
  await detailChunk.arrived;
  return importOriginal();
});

const submit = () => screen.getByTestId("book-submit");

describe("/reservations/new, while the reservation's screen is still loading", () => {
  beforeAll(() => warmUpScreens("/reservations/new"));
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: JUST_AFTER_JAPAN_MIDNIGHT });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("books once when the confirm button is tapped again right after the answer", async () => {
    const fetchMock = routeBff({
      "GET /api/reservations/stores": () => json(stores),
      "GET /api/reservations/stores/store_shibuya/services": () => json(shibuyaServices),
      "GET /api/reservations/stores/store_shibuya/slots": () => json(slots),
      "POST /api/reservations": () => json(booked(1, null), 201),
      "GET /api/reservations/rsv_0200": () => json(booked(1, null)),
    });
    renderApp({ path: "/reservations/new" });
    await userEvent.click(await screen.findByRole("button", { name: /渋谷店/ }));
    await screen.findAllByTestId("slot-option");
    await userEvent.click(screen.getByRole("radio", { name: /^12:00/ }));
    await userEvent.click(screen.getByRole("button", { name: "次へ" }));
    await userEvent.click(screen.getByRole("button", { name: "次へ" }));

    const button = submit();
    await userEvent.click(button);
    await waitFor(() => expect(sentWrites(fetchMock, "POST", "/api/reservations")).toHaveLength(1));
    await waitFor(() => expect(button.isConnected && button.textContent === "予約しています…").toBe(false));
    await tapAgain(button);

    detailChunk.arrive();
    await screen.findByTestId("reservation-outcome");
    expect(sentWrites(fetchMock, "POST", "/api/reservations")).toHaveLength(1);
  });
});
