import { pngBytes } from "../richmenu/image-fixtures.ts";

// Rich menus for tests of the fake LINE platform: a minimal valid menu, and a helper that
// creates one with an image (LINE links users only to menus that have one).

/** A valid 800×250 rich menu object with one postback area. */
export function minimalRichMenu(overrides: Record<string, unknown> = {}) {
  return {
    size: { width: 800, height: 250 },
    selected: false,
    name: "test menu",
    chatBarText: "メニュー",
    areas: [{ bounds: { x: 0, y: 0, width: 800, height: 250 }, action: { type: "postback", data: "tapped" } }],
    ...overrides,
  };
}

/** Creates a minimal menu on the fake and uploads its image; resolves to its id. */
export async function createRichMenuWithImage(lineUrl: string, channelAccessToken: string): Promise<string> {
  const authorization = `Bearer ${channelAccessToken}`;
  const created = await fetch(`${lineUrl}/v2/bot/richmenu`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify(minimalRichMenu()),
  });
  if (created.status !== 200) throw new Error(`creating a rich menu answered ${created.status}`);
  const { richMenuId } = (await created.json()) as { richMenuId: string };
  const uploaded = await fetch(`${lineUrl}/v2/bot/richmenu/${richMenuId}/content`, {
    method: "POST",
    headers: { authorization, "content-type": "image/png" },
    body: pngBytes(800, 250),
  });
  if (uploaded.status !== 200) throw new Error(`uploading a rich menu image answered ${uploaded.status}`);
  return richMenuId;
}
