import type { MeResponse, MemberCardResponse } from "../../shared/api.ts";
import type { ErrorBody } from "../../shared/errors.ts";

export const linkedMe: MeResponse = {
  profile: { displayName: "山田 太郎", pictureUrl: null },
  link: {
    status: "linked",
    member: {
      memberNumber: "M-000123",
      name: "山田 太郎",
      rank: { code: "gold", name: "ゴールド" },
      points: { balance: 1280 },
    },
  },
  staff: null,
};

export const unlinkedMe: MeResponse = {
  profile: { displayName: "佐藤 花子", pictureUrl: null },
  link: { status: "unlinked" },
  staff: null,
};

export const staffMe: MeResponse = {
  profile: { displayName: "鈴木 一郎", pictureUrl: null },
  link: { status: "unlinked" },
  staff: {
    name: "鈴木 一郎",
    stores: [
      { storeId: "shibuya", name: "渋谷店" },
      { storeId: "shinjuku", name: "新宿店" },
    ],
  },
};

// LINE MINI Apps may grant only `openid`: no name, no picture.
export const namelessMe: MeResponse = { ...linkedMe, profile: { displayName: null, pictureUrl: null } };

/** The BFF's request id on error answers: a UUID, of which the app shows the first 8 characters. */
export const TEST_REQUEST_ID = "3f6c1a9e-7b2d-4c1e-9a55-0d2f8e6b4c17";

export function errorBody(code: ErrorBody["error"]["code"], message: string = code): ErrorBody {
  return { error: { code, message, requestId: TEST_REQUEST_ID } };
}

/** The linked status the BFF answers after 佐藤 花子 links membership 1000-0002. */
export const hanakoLinked: Extract<MeResponse["link"], { status: "linked" }> = {
  status: "linked",
  member: {
    memberNumber: "1000-0002",
    name: "佐藤 花子",
    rank: { code: "regular", name: "レギュラー" },
    points: { balance: 350 },
  },
};

export function errorBodyWith(code: ErrorBody["error"]["code"], extra: Omit<ErrorBody["error"], "code" | "message">): ErrorBody {
  return { error: { code, message: code, requestId: TEST_REQUEST_ID, ...extra } };
}

type LinkedMemberView = Extract<MeResponse["link"], { status: "linked" }>["member"];

/** GET /api/card for a member: a fresh token and code, as the BFF hands them out. */
export function memberCardFor(member: LinkedMemberView, overrides: Partial<MemberCardResponse> = {}): MemberCardResponse {
  const now = Date.now();
  return {
    member,
    token: `MC1.${crypto.randomUUID()}`,
    tokenExpiresAt: new Date(now + 60_000).toISOString(),
    code: "123456",
    codeExpiresAt: new Date(now + 60_000).toISOString(),
    refreshAfterSeconds: 30,
    ...overrides,
  };
}

/** The member card routes answering for one member, with nothing done at the register yet. */
export function cardRoutesFor(member: LinkedMemberView) {
  return {
    "GET /api/card": () =>
      new Response(JSON.stringify(memberCardFor(member)), { headers: { "content-type": "application/json" } }),
    "GET /api/card/activity": () =>
      new Response(JSON.stringify({ activities: [] }), { headers: { "content-type": "application/json" } }),
  };
}

/** The URL a mocked fetch was called with, whatever form the client used (a string, a URL, a Request). */
export function requestUrl(input: RequestInfo | URL): string {
  return input instanceof Request ? input.url : input instanceof URL ? input.href : input;
}

/** The text body a mocked fetch was called with. */
export function requestBody(init: RequestInit | undefined): string {
  return typeof init?.body === "string" ? init.body : "";
}
