// Values the BFF tests' global setup (test/fakes/vitest-global-setup.ts) hands to the tests.
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    fakeLineUrl: string;
    liffChannelId: string;
    lineChannelAccessToken: string;
    lineChannelSecret: string;
    merchantUrl: string;
    /** A sandbox merchant whose members link with a one-time code (secondFactor otp). */
    otpMerchantUrl: string;
    merchantApiKey: string;
  }
}
