import { describe, expect, it } from "vitest";
import { carrierTrackingUrl, withTrackingUrl } from "../../../bff/orders/tracking.ts";
import { Fulfilment } from "../../../shared/merchant-contract.ts";

describe("carrierTrackingUrl", () => {
  it("links the three carriers' own one-number searches, with the hyphens dropped", () => {
    expect(carrierTrackingUrl("ヤマト運輸", "4821-0937-0017")).toBe(
      "https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id=482109370017",
    );
    expect(carrierTrackingUrl("佐川急便", "5125 4751 4334")).toBe(
      "https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo=512547514334",
    );
    expect(carrierTrackingUrl("日本郵便（ゆうパック）", "4055-4842-4886")).toBe(
      "https://trackings.post.japanpost.jp/services/srv/search/direct?searchKind=S002&locale=ja&reqCodeNo1=405548424886",
    );
  });

  it("builds nothing for an unknown carrier or a number that is not a domestic parcel number", () => {
    expect(carrierTrackingUrl("西濃運輸", "1234-5678-9012")).toBeNull();
    expect(carrierTrackingUrl("ヤマト運輸", "12345")).toBeNull();
    // Nothing from the number may reach the URL but digits.
    expect(carrierTrackingUrl("ヤマト運輸", "1234567890&x=<script>")).toBeNull();
    expect(carrierTrackingUrl(null, "482109370017")).toBeNull();
    expect(carrierTrackingUrl("ヤマト運輸", null)).toBeNull();
  });
});

describe("withTrackingUrl", () => {
  const shipped = { type: "delivery", address: null, carrier: "ヤマト運輸", trackingNumber: "4821-0937-0017" } as const;

  it("keeps the merchant's own page over one it could build", () => {
    const trackingUrl = "https://shop.example/track/0017";
    expect(withTrackingUrl({ ...shipped, trackingUrl })).toMatchObject({ trackingUrl });
  });

  it("builds one when the merchant gives none, and leaves pickups alone", () => {
    expect(withTrackingUrl({ ...shipped, trackingUrl: null })).toMatchObject({
      trackingUrl: expect.stringContaining("id=482109370017"),
    });
    const pickup = { type: "pickup", storeId: "store_shibuya", storeName: "渋谷店" } as const;
    expect(withTrackingUrl(pickup)).toEqual(pickup);
  });
});

describe("the merchant's trackingUrl", () => {
  it("is only ever an https page: the app puts it in a link, so javascript: or http: never pass the contract", () => {
    const shipped = { type: "delivery", address: null, carrier: "ヤマト運輸", trackingNumber: "482109370017" };
    expect(Fulfilment.safeParse({ ...shipped, trackingUrl: "https://shop.example/track/1" }).success).toBe(true);
    for (const trackingUrl of ["javascript:alert(1)", "http://shop.example/track/1", "data:text/html,hi", "/track/1"]) {
      expect(Fulfilment.safeParse({ ...shipped, trackingUrl }).success, trackingUrl).toBe(false);
    }
  });
});
