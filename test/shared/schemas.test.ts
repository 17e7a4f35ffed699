import { describe, expect, it } from "vitest";
import { MeResponse } from "../../shared/api.ts";
import { ErrorBody, errorBody } from "../../shared/errors.ts";
import { AuthenticateMemberRequest, LineUserId } from "../../shared/merchant-contract.ts";

describe("shared schemas", () => {
  it("accept LINE user ids only in LINE's format", () => {
    expect(LineUserId.safeParse("U2f8a6c4e1b3d5f7a9c0e2b4d6f8a1c3e").success).toBe(true);
    for (const bad of ["123456789", "u2f8a6c4e1b3d5f7a9c0e2b4d6f8a1c3e", "U2f8a6c4e1b3d5f7a9c0e2b4d6f8a1c3", "U' OR 1=1 --"]) {
      expect(LineUserId.safeParse(bad).success).toBe(false);
    }
  });

  it("take either a PIN or a birth date as the second factor, each in its own format", () => {
    const ok = (secondFactor: unknown) =>
      AuthenticateMemberRequest.safeParse({ memberNumber: "1000-0002", secondFactor }).success;
    expect(ok({ type: "pin", value: "1234" })).toBe(true);
    expect(ok({ type: "birthDate", value: "1990-04-01" })).toBe(true);
    expect(ok({ type: "pin", value: "12a4" })).toBe(false);
    expect(ok({ type: "birthDate", value: "1990-02-30" })).toBe(false);
    expect(ok({ type: "password", value: "1234" })).toBe(false);
  });

  it("build error bodies that the error schema accepts", () => {
    const body = errorBody("upstream_timeout", "slow", { requestId: "req-12345678" });
    expect(ErrorBody.parse(body)).toEqual(body);
    expect(ErrorBody.safeParse({ error: { code: "teapot", message: "x" } }).success).toBe(false);
  });

  it("describe /api/me without requiring a display name", () => {
    expect(
      MeResponse.safeParse({ profile: { displayName: null, pictureUrl: null }, link: { status: "unlinked" }, staff: null })
        .success,
    ).toBe(true);
  });
});
