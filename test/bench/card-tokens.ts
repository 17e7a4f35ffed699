// Member card token throughput: issue (AES-GCM seal) + open (check) + consume (D1 insert under a
// UNIQUE key) on this machine. Crypto runs in Node's WebCrypto (the same API workerd has); D1 is
// the local D1 of workerd, reached through Miniflare as `npm run dev` reaches it.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { Miniflare } from "miniflare";
import type { D1Database } from "@cloudflare/workers-types/experimental";
import { importMemberCardKeys, issueMemberCardToken, openMemberCardToken } from "../../bff/card/member-card-token.ts";
import { consumeCardCredential } from "../../bff/card/scans.ts";
import { summarize } from "./stats.ts";

const CRYPTO_ROUNDS = 20_000;
const FULL_ROUNDS = 2_000;
const PARALLEL = 8;

export async function benchCardTokens() {
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch: () => new Response('') }",
    d1Databases: { DB: "bench-card-tokens" },
  });
  try {
    const db = (await mf.getD1Database("DB")) as unknown as D1Database;
    const migrations = new URL("../../bff/migrations/", import.meta.url);
    for (const file of readdirSync(migrations)
      .filter((name) => name.endsWith(".sql"))
      .sort()) {
      const migration = readFileSync(new URL(file, migrations), "utf8");
      for (const statement of migration
        .replace(/--.*$/gm, "")
        .split(";")
        .map((s) => s.trim())
        .filter(Boolean)) {
        await db.prepare(statement).run();
      }
    }
    const keys = await importMemberCardKeys(randomBytes(32).toString("base64"));

    const cryptoSamples: number[] = [];
    let started = performance.now();
    for (let i = 0; i < CRYPTO_ROUNDS; i++) {
      const t0 = performance.now();
      const issued = await issueMemberCardToken(keys, `mem_${i % 100}`);
      const opened = await openMemberCardToken(keys, issued.token);
      if (!opened.ok) throw new Error("a fresh token failed to open");
      cryptoSamples.push(performance.now() - t0);
    }
    const cryptoResult = summarize("issue + verify (crypto only)", cryptoSamples, performance.now() - started);

    const fullSamples: number[] = [];
    const tokenIds: string[] = [];
    const cycle = async (i: number) => {
      const t0 = performance.now();
      const issued = await issueMemberCardToken(keys, `mem_${i % 100}`);
      const opened = await openMemberCardToken(keys, issued.token);
      if (!opened.ok) throw new Error("a fresh token failed to open");
      const scan = await consumeCardCredential(
        db,
        { credentialId: `qr:${opened.tokenId}`, memberId: opened.memberId, expiresAt: opened.expiresAt },
        "staff_bench",
        "2026-01-01T00:00:00.000Z",
      );
      if (!scan) throw new Error("a fresh token was already consumed");
      tokenIds.push(opened.tokenId);
      fullSamples.push(performance.now() - t0);
    };
    started = performance.now();
    for (let i = 0; i < FULL_ROUNDS; i++) await cycle(i);
    const sequential = summarize("issue + verify + consume (sequential)", fullSamples.splice(0), performance.now() - started);

    started = performance.now();
    await Promise.all(
      Array.from({ length: PARALLEL }, async (_, lane) => {
        for (let i = lane; i < FULL_ROUNDS; i += PARALLEL) await cycle(i);
      }),
    );
    const parallel = summarize(`issue + verify + consume (${PARALLEL} at once)`, fullSamples, performance.now() - started);

    // Every consumed id must refuse a second consumption.
    let replaysAccepted = 0;
    for (const tokenId of tokenIds.slice(0, 200)) {
      const again = await consumeCardCredential(
        db,
        { credentialId: `qr:${tokenId}`, memberId: "mem_0", expiresAt: new Date(Date.now() + 60_000) },
        "staff_bench",
        "2026-01-01T00:00:00.000Z",
      );
      if (again) replaysAccepted += 1;
    }
    return { results: [cryptoResult, sequential, parallel], replaysChecked: 200, replaysAccepted };
  } finally {
    await mf.dispose();
  }
}
