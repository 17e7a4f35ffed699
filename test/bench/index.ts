// `npm run bench`: prints the numbers the performance budgets are checked against
// (shared/architecture.md). Nothing here asserts a time: machines are noisy, read the ratios.
import { benchCampaign } from "./campaign.ts";
import { benchCardColdLoad } from "./card-cold-load.ts";
import { benchCardTokens } from "./card-tokens.ts";
import { benchFirstScreen } from "./first-screen.ts";
import { benchReminders, benchRemindersScaling } from "./reminders.ts";

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

if (wanted("tokens")) {
  console.log("\n## Member card tokens (this machine)");
  const { results, replaysChecked, replaysAccepted } = await benchCardTokens();
  console.table(results);
  console.log(`replays re-consumed: ${replaysAccepted} of ${replaysChecked} tried (must be 0)`);
}

if (wanted("bundle")) {
  console.log("\n## JavaScript the first screen loads, gzip, by package (budget: 115 KB)");
  const { totalKb, byPackage } = await benchFirstScreen();
  console.log(`total: ${totalKb} KB`);
  console.table(byPackage);
}

if (wanted("card")) {
  console.log(
    "\n## Member card open, until a scannable QR code (budget: cold 1.5 s; warm 300 ms from the app's start with no request before the code)",
  );
  const { table, notes, coldWaterfall, warmWaterfall, lighthouse } = await benchCardColdLoad();
  console.table(table);
  for (const note of notes) console.log(`- ${note}`);
  console.log("\nFirst cold open, waterfall (ms from the tap; bytes on the wire; 0 B: from the HTTP cache):");
  for (const line of coldWaterfall) console.log(`  ${line}`);
  console.log("\nFirst warm open, waterfall:");
  for (const line of warmWaterfall) console.log(`  ${line}`);
  console.log("\n## Lighthouse (mobile) on /card, cold (LINE MINI App review: performance 50 or more; aim 90)");
  if ("error" in lighthouse) console.log(`Lighthouse did not run (it needs npx and the npm registry): ${lighthouse.error}`);
  else {
    const { metrics, lost, ...scores } = lighthouse;
    console.table([scores]);
    console.table(metrics);
    for (const audit of lost) console.log(`- lost points, ${audit}`);
  }
}

if (wanted("reminders")) {
  console.log(
    "\n## Reservation reminders: day-before reminders planned at 17:50, sent from 18:00 by queue consumers under one shared limiter, LINE's push limit enforced (duplicates and misses must be 0)",
  );
  const result = await benchReminders();
  console.table(Object.entries(result).map(([measure, value]) => ({ measure, value })));
}

if (only.includes("reminders-scaling")) {
  console.log(
    "\n## Reservation reminders, scaling: a limit this machine can serve, 1 to 8 consumers (where does the rate stop growing?)",
  );
  console.table(await benchRemindersScaling());
}

if (only.includes("campaign")) {
  console.log(
    "\n## Campaign: 100,000 recipients, the same message for all (multicast of 500), LINE's multicast limit (200 requests/s) enforced; each recipient exactly once",
  );
  const result = await benchCampaign();
  console.table(Object.entries(result).map(([measure, value]) => ({ measure, value })));
}
