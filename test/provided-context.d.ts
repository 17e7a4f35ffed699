// Values the BFF tests' global setup (test/fakes/vitest-global-setup.ts) hands to the tests.
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    fakeLineUrl: string;
    liffChannelId: string;
    lineChannelAccessToken: string;
    lineChannelSecret: string;
    merchantUrl: string;
    merchantApiKey: string;
  }
}
