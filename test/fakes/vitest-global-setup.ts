import type { TestProject } from "vitest/node";
import { startLocalFakes } from "./index.ts";

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
  return () => fakes.close();
}
