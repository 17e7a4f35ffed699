import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ErrorBody } from "../../shared/errors.ts";
import { devPersona } from "./personas.ts";
import { startSandboxMerchant, type SandboxMerchant } from "./sandbox-merchant/index.ts";
import { constraintViolation, MerchantDatabase } from "./sandbox-merchant/database.ts";

const apiKey = "test-merchant-api-key";
const unlinkedLineUser = devPersona("unlinked").lineUserId;
const linkedLineUser = devPersona("linked").lineUserId;

function withApiKey(init: RequestInit = {}): RequestInit {
  // The caller's headers win, as they did when spread last.
  const headers = new Headers(init.headers);
  if (!headers.has("authorization")) headers.set("authorization", `Bearer ${apiKey}`);
  if (!headers.has("content-type")) headers.set("content-type", "application/json");
  return { ...init, headers };
}

function linkUnlinkedPersona(merchant: SandboxMerchant): Promise<Response> {
  return fetch(
    `${merchant.url}/v1/line-links/${unlinkedLineUser}`,
    withApiKey({ method: "PUT", body: JSON.stringify({ memberId: "mem_0002" }) }),
  );
}

function postDev(merchant: SandboxMerchant, path: string, body?: unknown): Promise<Response> {
  return fetch(`${merchant.url}/__dev${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("sandbox merchant › data file", () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "sandbox-merchant-"));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it("creates and seeds a missing data file, including its directory", async () => {
    const dataFile = join(directory, "nested", "merchant.sqlite");
    const merchant = await startSandboxMerchant({ apiKey, dataFile });
    try {
      expect(existsSync(dataFile)).toBe(true);
      const response = await fetch(`${merchant.url}/v1/members/mem_0001/summary`, withApiKey());
      expect(response.status).toBe(200);
    } finally {
      await merchant.close();
    }
  });

  it("keeps a new link across a restart, and leaves no temporary files behind", async () => {
    const dataFile = join(directory, "merchant.sqlite");
    const first = await startSandboxMerchant({ apiKey, dataFile });
    expect((await linkUnlinkedPersona(first)).status).toBe(200);
    await first.close();

    const second = await startSandboxMerchant({ apiKey, dataFile });
    try {
      const response = await fetch(`${second.url}/v1/line-links/${unlinkedLineUser}`, withApiKey());
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ memberId: "mem_0002" });
      expect(readdirSync(directory)).toEqual(["merchant.sqlite"]);
    } finally {
      await second.close();
    }
  });

  it("starts from fresh seed data on every start without a data file", async () => {
    const first = await startSandboxMerchant({ apiKey });
    await linkUnlinkedPersona(first);
    await first.close();
    const second = await startSandboxMerchant({ apiKey });
    try {
      expect((await fetch(`${second.url}/v1/line-links/${unlinkedLineUser}`, withApiKey())).status).toBe(404);
    } finally {
      await second.close();
    }
  });

  it("sets an unreadable data file aside and seeds a new one", async () => {
    const dataFile = join(directory, "merchant.sqlite");
    writeFileSync(dataFile, "this is not a database");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const merchant = await startSandboxMerchant({ apiKey, dataFile });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("seeded a new database"));
    warn.mockRestore();
    try {
      expect((await fetch(`${merchant.url}/v1/line-links/${linkedLineUser}`, withApiKey())).status).toBe(200);
      expect(readdirSync(directory).sort()).toEqual([
        "merchant.sqlite",
        expect.stringMatching(/^merchant\.sqlite\.unusable-\d+$/),
      ]);
    } finally {
      await merchant.close();
    }
  });

  it("reseeds from scratch on POST /__dev/reset and writes that to the data file", async () => {
    const dataFile = join(directory, "merchant.sqlite");
    const merchant = await startSandboxMerchant({ apiKey, dataFile });
    await linkUnlinkedPersona(merchant);
    expect((await postDev(merchant, "/reset")).status).toBe(200);
    expect((await fetch(`${merchant.url}/v1/line-links/${unlinkedLineUser}`, withApiKey())).status).toBe(404);
    await merchant.close();

    const restarted = await startSandboxMerchant({ apiKey, dataFile });
    try {
      expect((await fetch(`${restarted.url}/v1/line-links/${unlinkedLineUser}`, withApiKey())).status).toBe(404);
    } finally {
      await restarted.close();
    }
  });
});

describe("sandbox merchant › database constraints", () => {
  let db: MerchantDatabase;
  beforeAll(async () => {
    db = await MerchantDatabase.open();
  });
  afterAll(() => db.close());

  function insertLinkError(lineUserId: string, memberId: string): unknown {
    try {
      db.run("INSERT INTO line_links (line_user_id, member_id, linked_at) VALUES (?, ?, ?)", [
        lineUserId,
        memberId,
        "2026-01-01T00:00:00Z",
      ]);
      return null;
    } catch (error) {
      return error;
    }
  }

  it("enforces one member per LINE user and one LINE user per member with UNIQUE keys", () => {
    expect(constraintViolation(insertLinkError(linkedLineUser, "mem_0002"))).toEqual({
      kind: "unique",
      columns: ["line_links.line_user_id"],
    });
    expect(constraintViolation(insertLinkError(unlinkedLineUser, "mem_0001"))).toEqual({
      kind: "unique",
      columns: ["line_links.member_id"],
    });
  });

  it("enforces foreign keys", () => {
    expect(constraintViolation(insertLinkError(unlinkedLineUser, "mem_9999"))).toEqual({ kind: "foreign_key" });
  });

  it("derives 山田 太郎's 1,280 points from a ledger of purchases, a redemption and a migrated balance", () => {
    const entries = db.rows(
      "SELECT reason, points FROM point_transactions WHERE member_id = ? ORDER BY transaction_id",
      ["mem_0001"],
      z.object({ reason: z.string(), points: z.number().int() }),
    );
    expect(new Set(entries.map((entry) => entry.reason))).toEqual(
      new Set(["migration", "signup_bonus", "purchase", "redemption"]),
    );
    expect(entries.reduce((sum, entry) => sum + entry.points, 0)).toBe(1280);
  });
});

describe("sandbox merchant › faults and request log", () => {
  let merchant: SandboxMerchant;
  beforeAll(async () => {
    merchant = await startSandboxMerchant({ apiKey });
  });
  afterAll(() => merchant.close());
  beforeEach(async () => {
    await postDev(merchant, "/faults", { mode: "none" });
    await fetch(`${merchant.url}/__dev/requests`, { method: "DELETE" });
  });

  const getLinkSettings = () => fetch(`${merchant.url}/v1/link-settings`, withApiKey());

  it("answers 200 with an HTML body for the garbage fault", async () => {
    await postDev(merchant, "/faults", { mode: "garbage", times: 1 });
    const garbage = await getLinkSettings();
    expect(garbage.status).toBe(200);
    expect(garbage.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await garbage.text()).toBe("<html>oops</html>");
    expect((await getLinkSettings()).headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("answers 500 ErrorBody with code internal for the server_error fault, for the given number of calls", async () => {
    await postDev(merchant, "/faults", { mode: "server_error", times: 2 });
    const answers = [];
    for (let call = 0; call < 3; call++) {
      const response = await getLinkSettings();
      answers.push({ status: response.status, body: (await response.json()) as unknown });
    }
    expect(answers.map((answer) => answer.status)).toEqual([500, 500, 200]);
    for (const failed of answers.slice(0, 2)) expect(ErrorBody.parse(failed.body).error.code).toBe("internal");
  });

  it("delays the answer for the slow fault", async () => {
    await postDev(merchant, "/faults", { mode: "slow", delayMs: 150, times: 1 });
    const started = performance.now();
    expect((await getLinkSettings()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("rejects an unknown fault mode with 400 ErrorBody", async () => {
    const response = await postDev(merchant, "/faults", { mode: "meltdown" });
    expect(response.status).toBe(400);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("bad_request");
  });

  it("logs contract calls, including rejected ones, but not dev calls, and clears on DELETE", async () => {
    await getLinkSettings();
    await fetch(`${merchant.url}/v1/members/mem_0001/summary`, withApiKey({ headers: { "x-request-id": "req-123" } }));
    await fetch(`${merchant.url}/v1/link-settings`);
    await postDev(merchant, "/faults", { mode: "none" });

    const log = await (await fetch(`${merchant.url}/__dev/requests`)).json();
    expect(log.count).toBe(3);
    expect(log.requests).toEqual([
      { seq: expect.any(Number), at: expect.any(String), method: "GET", path: "/v1/link-settings", requestId: null, status: 200 },
      {
        seq: expect.any(Number),
        at: expect.any(String),
        method: "GET",
        path: "/v1/members/mem_0001/summary",
        requestId: "req-123",
        status: 200,
      },
      { seq: expect.any(Number), at: expect.any(String), method: "GET", path: "/v1/link-settings", requestId: null, status: 401 },
    ]);

    await fetch(`${merchant.url}/__dev/requests`, { method: "DELETE" });
    expect(await (await fetch(`${merchant.url}/__dev/requests`)).json()).toEqual({ count: 0, requests: [] });
  });
});
