import { describe, expect, it } from "vitest";
import { HealthResponse } from "../../../shared/api.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { callBff, merchantCallCount } from "../helpers.ts";

describe("GET /api/health", () => {
  it("answers without a token and without calling the merchant", async () => {
    const before = await merchantCallCount();
    const response = await callBff("/api/health");
    expect(response.status).toBe(200);
    expect(HealthResponse.parse(await response.json()).status).toBe("ok");
    expect(await merchantCallCount()).toBe(before);
  });
});

describe("unknown API routes", () => {
  it("answer 404 with the error body", async () => {
    const response = await callBff("/api/nothing-here");
    expect(response.status).toBe(404);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("not_found");
  });
});
