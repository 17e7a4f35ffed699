import { describe, expect, it } from "vitest";
import { MeResponse, StaffMeResponse } from "../../../shared/api.ts";
import { callBff, mintIdToken } from "../helpers.ts";

// Home shows 「管理画面を開く」 to the merchant's admins: /api/staff/me and /api/me say so with
// `console`, from the staff list's roles (which they never show).

describe("the console flag for staff", () => {
  it("is true on /api/staff/me for an admin and false for staff without the role, and the roles stay hidden", async () => {
    const admin = await callBff("/api/staff/me", { token: await mintIdToken({ persona: "admin" }) });
    expect(admin.status).toBe(200);
    const adminBody = (await admin.json()) as Record<string, unknown>;
    expect(StaffMeResponse.parse(adminBody)).toMatchObject({ name: "高橋 美咲", console: true });
    expect(adminBody).not.toHaveProperty("roles");

    const staff = await callBff("/api/staff/me", { token: await mintIdToken({ persona: "staff" }) });
    expect(StaffMeResponse.parse(await staff.json()).console).toBe(false);
  });

  it("is on /api/me's staff for home, and absent for a customer who is not staff", async () => {
    const admin = MeResponse.parse(await (await callBff("/api/me", { token: await mintIdToken({ persona: "admin" }) })).json());
    expect(admin.staff?.console).toBe(true);
    const staff = MeResponse.parse(await (await callBff("/api/me", { token: await mintIdToken({ persona: "staff" }) })).json());
    expect(staff.staff?.console).toBe(false);
    const customer = MeResponse.parse(
      await (await callBff("/api/me", { token: await mintIdToken({ persona: "linked" }) })).json(),
    );
    expect(customer.staff).toBeNull();
  });
});
