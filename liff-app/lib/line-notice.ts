import type { LineNotice } from "../../shared/api.ts";

// Whether the BFF queued a LINE message about a write (an order, a reservation, a staff action).
// "queued" is all the app ever learns: nothing has reached LINE when the answer arrives, so a
// screen says the message is on its way, never that it was sent. Handed to the next screen
// through the router's location state; history state outlives app versions, so it is checked.

interface LineNoticeState {
  lineNotice: LineNotice;
}

export function lineNoticeState(lineNotice: LineNotice | undefined): LineNoticeState {
  return { lineNotice: lineNotice === "queued" ? "queued" : "none" };
}

/** The notice in a location's state; anything else (a reload, an older entry) says nothing about LINE. */
export function readLineNotice(state: unknown): LineNotice {
  return typeof state === "object" && state !== null && "lineNotice" in state && state.lineNotice === "queued"
    ? "queued"
    : "none";
}
