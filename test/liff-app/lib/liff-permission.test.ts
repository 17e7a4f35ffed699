import { afterEach, describe, expect, it, vi } from "vitest";
import { profilePermissionOver, type LiffPermissionApi } from "../../../liff-app/lib/liff-permission.ts";

// What LIFF answers (https://developers.line.biz/en/reference/liff/#permission), read as the app
// needs it: a closed permission screen is a decline, a screen LIFF cannot show is "unavailable".

const liffError = (code: string, message: string) => Object.assign(new Error(message), { code });

function permissionThat(query: () => Promise<{ state: "granted" | "prompt" | "unavailable" }>, requestAll: () => Promise<void>) {
  const queryMock = vi.fn(query);
  const api: LiffPermissionApi = { query: queryMock, requestAll: vi.fn(requestAll) };
  return { queryMock, permission: profilePermissionOver(async () => api) };
}

afterEach(() => vi.restoreAllMocks());

describe("the LINE profile permission", () => {
  it("asks LIFF about the profile scope", async () => {
    const { queryMock, permission } = permissionThat(
      async () => ({ state: "prompt" }),
      async () => {},
    );
    expect(await permission.query()).toBe("prompt");
    expect(queryMock).toHaveBeenCalledWith("profile");
  });

  it("is granted when the user allows it on LINE's permission screen", async () => {
    const { permission } = permissionThat(
      async () => ({ state: "prompt" }),
      async () => {},
    );
    expect(await permission.request()).toBe("granted");
  });

  it("is declined when the user closes the screen (UNAUTHORIZED)", async () => {
    const { permission } = permissionThat(
      async () => ({ state: "prompt" }),
      async () => Promise.reject(liffError("UNAUTHORIZED", "user didn't allow the agreement")),
    );
    expect(await permission.request()).toBe("declined");
  });

  it("is unavailable where LIFF cannot show the screen (FORBIDDEN), granted if it was all granted already", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const unavailable = permissionThat(
      async () => ({ state: "prompt" }),
      async () => Promise.reject(liffError("FORBIDDEN", "SkipChannelVerificationScreen is unavailable.")),
    );
    expect(await unavailable.permission.request()).toBe("unavailable");
    const already = permissionThat(
      async () => ({ state: "granted" }),
      async () => Promise.reject(liffError("FORBIDDEN", "All permissions have already been approved.")),
    );
    expect(await already.permission.request()).toBe("granted");
  });

  it("says unavailable, without throwing, when LIFF cannot answer the query", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { permission } = permissionThat(
      async () => Promise.reject(liffError("UNAUTHORIZED", "Need access_token for api call, Please login first")),
      async () => {},
    );
    expect(await permission.query()).toBe("unavailable");
  });
});
