import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { HourlyUsage } from "./planner.ts";

// LINE allows 100 rich menu creations (and 100 deletions, and 100 alias deletions) per hour
// per channel, and no endpoint says how many are left. The tool writes down each one it makes,
// per channel, so the next plan can refuse before it runs into the limit halfway through.

type Kind = keyof HourlyUsage;
type Entries = Record<Kind, number[]>;

const HOUR_MS = 60 * 60 * 1000;

export interface RateLedger {
  usedThisHour(now?: number): HourlyUsage;
  record(kind: Kind, at?: number): void;
}

/** Counts only the entries of the last hour. */
export function countLastHour(entries: Partial<Entries>, now: number): HourlyUsage {
  const recent = (times: number[] | undefined) => (times ?? []).filter((time) => now - time < HOUR_MS).length;
  return { create: recent(entries.create), delete: recent(entries.delete), aliasDelete: recent(entries.aliasDelete) };
}

/** An in-memory ledger (tests, and the fakes, which restart empty). */
export function memoryLedger(): RateLedger {
  const entries: Entries = { create: [], delete: [], aliasDelete: [] };
  return {
    usedThisHour: (now = Date.now()) => countLastHour(entries, now),
    record: (kind, at = Date.now()) => void entries[kind].push(at),
  };
}

/**
 * A ledger kept in a JSON file, keyed by a hash of the API base and the channel access
 * token, so two channels never share counts and the token is not written down.
 */
export function fileLedger(path: string, channel: { apiBase: string; channelAccessToken: string }): RateLedger {
  const key = createHash("sha256").update(`${channel.apiBase}\n${channel.channelAccessToken}`).digest("hex").slice(0, 16);
  const readAll = (): Record<string, Partial<Entries>> => {
    if (!existsSync(path)) return {};
    try {
      return JSON.parse(readFileSync(path, "utf8")) as Record<string, Partial<Entries>>;
    } catch {
      return {};
    }
  };
  return {
    usedThisHour: (now = Date.now()) => countLastHour(readAll()[key] ?? {}, now),
    record(kind, at = Date.now()) {
      const all = readAll();
      const mine = all[key] ?? {};
      // Keep only the last hour, so the file never grows.
      const kept = (mine[kind] ?? []).filter((time) => at - time < HOUR_MS);
      all[key] = { ...mine, [kind]: [...kept, at] };
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(all, null, 2)}\n`);
      renameSync(temporary, path);
    },
  };
}
