// The dev personas: who a developer can "be" in mock mode. The fake LINE platform mints
// their ID tokens and the sandbox merchant seeds their records, so both read this one list.

export type DevPersonaKey = "unlinked" | "linked" | "staff" | "admin";

export interface DevPersona {
  key: DevPersonaKey;
  lineUserId: string;
  displayName: string;
  pictureUrl: string | null;
  description: { ja: string; en: string };
}

export const devPersonas: readonly DevPersona[] = [
  {
    key: "unlinked",
    lineUserId: "U5b1e0c7d2a9f4e3b8c6d1a0f9e8d7c6b",
    displayName: "佐藤 花子",
    pictureUrl: null,
    description: {
      ja: "友だち追加したばかり。会員証はあるがLINEとはまだ会員連携していない",
      en: "New friend: has a membership but has not linked LINE yet",
    },
  },
  {
    key: "linked",
    lineUserId: "U2f8a6c4e1b3d5f7a9c0e2b4d6f8a1c3e",
    displayName: "山田 太郎",
    pictureUrl: null,
    description: { ja: "会員連携済みのゴールド会員", en: "Linked gold member" },
  },
  {
    key: "staff",
    lineUserId: "U9d3c5e7a1f2b4d6c8e0a1b3c5d7e9f0a",
    displayName: "鈴木 一郎",
    pictureUrl: null,
    description: { ja: "渋谷店のスタッフ", en: "Staff at the Shibuya store" },
  },
  {
    key: "admin",
    lineUserId: "U4a6c8e0b2d4f6a8c1e3b5d7f9a2c4e6b",
    displayName: "高橋 美咲",
    pictureUrl: null,
    description: { ja: "本部の管理者（管理画面を使える）", en: "Head office admin (can open the console)" },
  },
];

/** Looks a persona up by key; throws for an unknown key so a typo fails loudly in dev. */
export function devPersona(key: DevPersonaKey): DevPersona {
  const persona = devPersonas.find((p) => p.key === key);
  if (!persona) throw new Error(`unknown dev persona: ${key}`);
  return persona;
}
