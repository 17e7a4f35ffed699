import type { TestProject } from "vitest/node";
import { startLocalFakes } from "./index.ts";
import { startSandboxMerchant } from "./sandbox-merchant/index.ts";

// The BFF under test runs in workerd and reaches these over real HTTP on loopback, exactly
// as it reaches LINE and a merchant in production.
export default async function setup(project: TestProject) {
  const fakes = await startLocalFakes();
  project.provide("fakeLineUrl", fakes.line.url);
  project.provide("liffChannelId", fakes.channelId);
  project.provide("lineChannelAccessToken", fakes.channelAccessToken);
  project.provide("lineChannelSecret", fakes.channelSecret);
  project.provide("merchantUrl", fakes.merchant.url);
  project.provide("merchantApiKey", fakes.merchantApiKey);
  // A second merchant that links with one-time codes, so those tests never switch the settings
  // of the merchant every other test file links with at the same time.
  const otpMerchant = await startSandboxMerchant({ apiKey: fakes.merchantApiKey });
  const switched = await fetch(`${otpMerchant.url}/__dev/link-settings`, {
    method: "PUT",
    body: JSON.stringify({ secondFactor: "otp" }),
  });
  if (!switched.ok) throw new Error(`switching the one-time-code merchant answered ${switched.status}`);
  project.provide("otpMerchantUrl", otpMerchant.url);
  return async () => {
    await otpMerchant.close();
    await fakes.close();
  };
}
