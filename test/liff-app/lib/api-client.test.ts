// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { PlaceOrderRequest } from "../../../shared/api.ts";
import { ApiError, createApiClient, expectSuccess } from "../../../liff-app/lib/api-client.ts";
import { placeOrder } from "../../../liff-app/features/orders/place-order.ts";
import { getMe } from "../../../liff-app/lib/me.ts";
import { errorBody, linkedMe, TEST_REQUEST_ID } from "../fixtures.ts";
import { json, stubBff } from "../render-app.tsx";

describe("API client", () => {
  it("reads the ID token per request, so a re-login's fresh token is used next time", async () => {
    const fetchMock = stubBff(() => json(linkedMe));
    let token = "first";
    const api = createApiClient({ getIdToken: () => token });

    await getMe(api);
    token = "second";
    await getMe(api);

    const sent = fetchMock.mock.calls.map(([, init]) => new Headers(init?.headers).get("authorization"));
    expect(sent).toEqual(["Bearer first", "Bearer second"]);
  });

  it("sends the LIFF access token beside the ID token with a write, and none when reading it throws", async () => {
    const fetchMock = stubBff(() => json({}, 201));
    const api = createApiClient({ getIdToken: () => "id-token" });
    const order: PlaceOrderRequest = {
      items: [{ productId: "prd_001", quantity: 1 }],
      fulfilment: { type: "pickup", storeId: "store_shibuya" },
    };

    await placeOrder(api, () => "access-token", order, "k".repeat(32));
    await placeOrder(
      api,
      () => {
        throw new Error("LIFF is not initialised");
      },
      order,
      "k".repeat(32),
    );

    const sent = fetchMock.mock.calls.map(([, init]) => new Headers(init?.headers));
    expect(sent.map((headers) => headers.get("x-liff-access-token"))).toEqual(["access-token", null]);
    expect(sent.map((headers) => headers.get("authorization"))).toEqual(["Bearer id-token", "Bearer id-token"]);
    expect(sent.map((headers) => headers.get("idempotency-key"))).toEqual(["k".repeat(32), "k".repeat(32)]);
  });

  it("throws an ApiError carrying the status and the error body on a non-2xx answer", async () => {
    stubBff(() => json(errorBody("upstream_timeout"), 504));
    const error = await getMe(createApiClient({ getIdToken: () => "t" })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(504);
    expect((error as ApiError).code).toBe("upstream_timeout");
    expect((error as ApiError).body?.error.requestId).toBe(TEST_REQUEST_ID);
  });

  it("throws an ApiError without a body when the answer is not the error shape", async () => {
    stubBff(() => new Response("<html>Bad gateway</html>", { status: 502 }));
    const error = await getMe(createApiClient({ getIdToken: () => "t" })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(502);
    expect((error as ApiError).body).toBeNull();
  });

  it("takes a 2xx answer without a body as done, and throws an ApiError for any other answer", async () => {
    const api = createApiClient({ getIdToken: () => "t" });
    const request = { memberNumber: "1000-0001" };
    stubBff(() => new Response(null, { status: 202 }));
    await expect(expectSuccess(api.api.link["one-time-code"].$post({ json: request }))).resolves.toBeUndefined();
    stubBff(() => json(errorBody("rate_limited"), 429));
    const error = await expectSuccess(api.api.link["one-time-code"].$post({ json: request })).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("rate_limited");
  });
});
