import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gifBytes, jpegBytes, pngBytes } from "../richmenu/image-fixtures.ts";
import { startFakeLinePlatform, type FakeLinePlatform } from "./line-platform.ts";
import { devPersona } from "./personas.ts";
import { minimalRichMenu } from "./rich-menu-fixtures.ts";

const channelAccessToken = "test-channel-access-token";
const linked = devPersona("linked").lineUserId;
const unlinked = devPersona("unlinked").lineUserId;
let line: FakeLinePlatform;

beforeAll(async () => {
  line = await startFakeLinePlatform({ channelId: "1234567890", channelAccessToken });
});
afterAll(() => line.close());

async function call(method: string, path: string, body?: unknown, contentType = "application/json") {
  const headers: Record<string, string> = { authorization: `Bearer ${channelAccessToken}` };
  if (body !== undefined) headers["content-type"] = contentType;
  const payload: BodyInit | undefined =
    body === undefined ? undefined : body instanceof Uint8Array ? new Uint8Array(body) : JSON.stringify(body);
  const response = await fetch(`${line.url}${path}`, { method, headers, body: payload });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, body: json as Record<string, unknown> & { details?: unknown[] } };
}

async function createMenu(overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await call("POST", "/v2/bot/richmenu", minimalRichMenu(overrides));
  expect(created.status).toBe(200);
  return created.body.richMenuId as string;
}

async function createMenuWithImage(): Promise<string> {
  const richMenuId = await createMenu();
  expect((await call("POST", `/v2/bot/richmenu/${richMenuId}/content`, pngBytes(800, 250), "image/png")).status).toBe(200);
  return richMenuId;
}

describe("fake LINE platform › creating rich menus validates like LINE", () => {
  it("answers 200 with a richmenu- id and lists and gets the menu as created", async () => {
    const richMenuId = await createMenu({ name: "listed" });
    expect(richMenuId).toMatch(/^richmenu-[0-9a-f]{32}$/);
    expect((await call("GET", `/v2/bot/richmenu/${richMenuId}`)).body).toEqual({
      richMenuId,
      ...minimalRichMenu({ name: "listed" }),
    });
    const { body } = await call("GET", "/v2/bot/richmenu/list");
    expect(body.richmenus).toContainEqual({ richMenuId, ...minimalRichMenu({ name: "listed" }) });
  });

  it("answers 400 with LINE's details naming each bad property", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ size: { width: 700, height: 250 } }, "size.width"],
      [{ size: { width: 1000, height: 800 } }, "size"],
      [{ chatBarText: "こもれび珈琲の会員メニューはこちら" }, "chatBarText"],
      [{ name: undefined }, "name"],
      [
        { areas: [{ bounds: { x: 100, y: 0, width: 800, height: 250 }, action: { type: "postback", data: "x" } }] },
        "areas[0].bounds",
      ],
      [
        { areas: [{ bounds: { x: 0, y: 0, width: 800, height: 250 }, action: { type: "uri", uri: "ftp://files.example/" } }] },
        "areas[0].action.uri",
      ],
      [
        {
          areas: [
            { bounds: { x: 0, y: 0, width: 800, height: 250 }, action: { type: "richmenuswitch", richMenuAliasId: "linked" } },
          ],
        },
        "areas[0].action.data",
      ],
      [
        {
          areas: [
            {
              bounds: { x: 0, y: 0, width: 800, height: 250 },
              action: { type: "richmenuswitch", richMenuAliasId: "Linked!", data: "x" },
            },
          ],
        },
        "areas[0].action.richMenuAliasId",
      ],
      [
        {
          areas: Array.from({ length: 21 }, () => ({
            bounds: { x: 0, y: 0, width: 10, height: 10 },
            action: { type: "postback", data: "x" },
          })),
        },
        "areas",
      ],
    ];
    for (const [overrides, property] of cases) {
      const response = await call("POST", "/v2/bot/richmenu", minimalRichMenu(overrides));
      expect(response.status, property).toBe(400);
      expect(response.body.message).toMatch(/^The request body has \d+ error\(s\)$/);
      expect(response.body.details, property).toContainEqual({ message: expect.any(String), property });
    }
  });
});

describe("fake LINE platform › rich menu images", () => {
  it("takes a PNG or JPEG of the menu's size once, serves it back, and refuses the rest like LINE", async () => {
    const richMenuId = await createMenu();
    const content = `/v2/bot/richmenu/${richMenuId}/content`;
    expect((await call("GET", content)).status).toBe(404);
    expect((await call("POST", content, gifBytes(800, 250), "image/gif")).status).toBe(415);
    expect((await call("POST", content, pngBytes(2500, 843), "image/png")).body.message).toBe(
      "The image size is not allowed for richmenu",
    );
    expect((await call("POST", content, jpegBytes(800, 250), "image/png")).status).toBe(400);
    expect((await call("POST", content, pngBytes(800, 250, 1_000_001), "image/png")).status).toBe(400);
    expect(
      (await call("POST", "/v2/bot/richmenu/richmenu-00000000000000000000000000000000/content", pngBytes(800, 250), "image/png"))
        .status,
    ).toBe(404);

    expect((await call("POST", content, jpegBytes(800, 250), "image/jpeg")).status).toBe(200);
    expect((await call("POST", content, jpegBytes(800, 250), "image/jpeg")).body.message).toBe(
      "An image has already been uploaded to the richmenu",
    );
    const served = await fetch(`${line.url}${content}`, { headers: { authorization: `Bearer ${channelAccessToken}` } });
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(jpegBytes(800, 250));
  });

  it("records an upload in the call log by size, not as text", async () => {
    const richMenuId = await createMenu();
    await call("POST", `/v2/bot/richmenu/${richMenuId}/content`, pngBytes(800, 250, 500), "image/png");
    const { calls } = (await (await fetch(`${line.url}/__dev/calls`)).json()) as {
      calls: Array<{ path: string; body: unknown }>;
    };
    expect(calls.find((entry) => entry.path.endsWith(`${richMenuId}/content`))?.body).toEqual({
      contentType: "image/png",
      bytes: 500,
    });
  });
});

describe("fake LINE platform › default menu, aliases and links need a menu with an image", () => {
  it("sets, reads and clears the default menu", async () => {
    const withoutImage = await createMenu();
    expect((await call("POST", `/v2/bot/user/all/richmenu/${withoutImage}`)).status).toBe(400);
    expect((await call("POST", "/v2/bot/user/all/richmenu/richmenu-00000000000000000000000000000000")).status).toBe(404);
    const richMenuId = await createMenuWithImage();
    expect((await call("POST", `/v2/bot/user/all/richmenu/${richMenuId}`)).status).toBe(200);
    expect((await call("GET", "/v2/bot/user/all/richmenu")).body).toEqual({ richMenuId });
    expect((await call("DELETE", "/v2/bot/user/all/richmenu")).status).toBe(200);
    expect((await call("GET", "/v2/bot/user/all/richmenu")).status).toBe(404);
  });

  it("creates, reads, lists, updates and deletes aliases with LINE's answers", async () => {
    const withoutImage = await createMenu();
    const first = await createMenuWithImage();
    const second = await createMenuWithImage();
    expect(
      (await call("POST", "/v2/bot/richmenu/alias", { richMenuAliasId: "tab-a", richMenuId: withoutImage })).body.message,
    ).toBe("richmenu not found");
    expect(
      (await call("POST", "/v2/bot/richmenu/alias", { richMenuAliasId: "Tab A", richMenuId: first })).body.details,
    ).toContainEqual({
      message: "invalid richMenuAliasId",
      property: "richMenuAliasId",
    });
    expect((await call("POST", "/v2/bot/richmenu/alias", { richMenuAliasId: "tab-a", richMenuId: first })).status).toBe(200);
    expect((await call("POST", "/v2/bot/richmenu/alias", { richMenuAliasId: "tab-a", richMenuId: second })).body.message).toBe(
      "conflict richmenu alias id",
    );
    expect((await call("GET", "/v2/bot/richmenu/alias/tab-a")).body).toEqual({ richMenuAliasId: "tab-a", richMenuId: first });

    expect((await call("POST", "/v2/bot/richmenu/alias/tab-a", { richMenuId: second })).status).toBe(200);
    expect((await call("POST", "/v2/bot/richmenu/alias/no-such-alias", { richMenuId: second })).status).toBe(404);
    expect((await call("GET", "/v2/bot/richmenu/alias/list")).body.aliases).toContainEqual({
      richMenuAliasId: "tab-a",
      richMenuId: second,
    });

    expect((await call("DELETE", "/v2/bot/richmenu/alias/tab-a")).status).toBe(200);
    expect((await call("DELETE", "/v2/bot/richmenu/alias/tab-a")).body.message).toBe("richmenu alias not found");
  });

  it("links a user only to a menu that exists and has an image", async () => {
    expect((await call("POST", `/v2/bot/user/${linked}/richmenu/richmenu-00000000000000000000000000000000`)).status).toBe(404);
    expect((await call("POST", `/v2/bot/user/${linked}/richmenu/${await createMenu()}`)).body.message).toBe(
      "must upload richmenu image before applying it to user",
    );
    const richMenuId = await createMenuWithImage();
    expect((await call("POST", `/v2/bot/user/${linked}/richmenu/${richMenuId}`)).status).toBe(200);
    expect((await call("GET", `/v2/bot/user/${linked}/richmenu`)).body).toEqual({ richMenuId });
  });

  it('answers 400 for a malformed rich menu id in a path, and 404 "Not found" for a well-formed unknown one', async () => {
    const unknown = "richmenu-00000000000000000000000000000000";
    for (const [method, path] of [
      ["POST", `/v2/bot/user/${linked}/richmenu/not-a-rich-menu`],
      ["POST", "/v2/bot/user/all/richmenu/not-a-rich-menu"],
      ["GET", "/v2/bot/richmenu/not-a-rich-menu"],
      ["DELETE", "/v2/bot/richmenu/not-a-rich-menu"],
      ["GET", "/v2/bot/richmenu/not-a-rich-menu/content"],
    ] as const) {
      const answer = await call(method, path);
      expect([path, answer.status, answer.body]).toEqual([
        path,
        400,
        { message: "The value for the 'richMenuId' parameter is invalid" },
      ]);
    }
    expect(await call("GET", `/v2/bot/richmenu/${unknown}`)).toMatchObject({ status: 404, body: { message: "Not found" } });
    expect(await call("POST", `/v2/bot/user/${linked}/richmenu/${unknown}`)).toMatchObject({
      status: 404,
      body: { message: "Not found" },
    });
  });

  it("bulk-links up to 500 users with 202, and refuses 501", async () => {
    const richMenuId = await createMenuWithImage();
    const tooMany = Array.from({ length: 501 }, () => linked);
    expect((await call("POST", "/v2/bot/richmenu/bulk/link", { richMenuId, userIds: tooMany })).status).toBe(400);
    expect((await call("POST", "/v2/bot/richmenu/bulk/link", { richMenuId, userIds: ["not-a-user"] })).status).toBe(400);
    const accepted = await call("POST", "/v2/bot/richmenu/bulk/link", { richMenuId, userIds: [linked, unlinked] });
    expect([accepted.status, accepted.body]).toEqual([202, {}]);
    expect((await call("GET", `/v2/bot/user/${unlinked}/richmenu`)).body).toEqual({ richMenuId });
  });

  it("deleting a menu takes it from its users and from the default", async () => {
    const richMenuId = await createMenuWithImage();
    await call("POST", `/v2/bot/user/${unlinked}/richmenu/${richMenuId}`);
    await call("POST", `/v2/bot/user/all/richmenu/${richMenuId}`);
    expect((await call("DELETE", `/v2/bot/richmenu/${richMenuId}`)).status).toBe(200);
    expect((await call("GET", `/v2/bot/user/${unlinked}/richmenu`)).status).toBe(404);
    expect((await call("GET", "/v2/bot/user/all/richmenu")).status).toBe(404);
    expect((await call("DELETE", `/v2/bot/richmenu/${richMenuId}`)).status).toBe(404);
  });
});

describe("fake LINE platform › dev view of rich menus", () => {
  it("shows each persona their per-user menu, else the default, with aliases and a thumbnail", async () => {
    const own = await createMenuWithImage();
    const fallback = await createMenuWithImage();
    await call("POST", "/v2/bot/richmenu/alias", { richMenuAliasId: "persona-own", richMenuId: own });
    await call("POST", `/v2/bot/user/${linked}/richmenu/${own}`);
    await call("POST", `/v2/bot/user/all/richmenu/${fallback}`);
    await call("DELETE", `/v2/bot/user/${unlinked}/richmenu`);

    const view = (await (await fetch(`${line.url}/__dev/richmenus/view`)).json()) as { personas: Record<string, unknown> };
    expect(view.personas[linked]).toMatchObject({ source: "user", richMenuId: own, aliases: ["persona-own"], hasImage: true });
    expect(view.personas[unlinked]).toMatchObject({ source: "default", richMenuId: fallback });
    const thumbnail = await fetch(`${line.url}/__dev/richmenus/${own}/image`);
    expect([thumbnail.status, thumbnail.headers.get("content-type")]).toEqual([200, "image/png"]);
  });
});

describe("fake LINE platform › LINE's hourly limits", () => {
  it("answers 429 with Retry-After to the 101st creation and the 101st deletion in an hour", async () => {
    const limited = await startFakeLinePlatform({ channelId: "1234567890", channelAccessToken });
    try {
      const request = (method: string, path: string, body?: unknown) =>
        fetch(`${limited.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${channelAccessToken}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const created = await Promise.all(
        Array.from({ length: 100 }, () => request("POST", "/v2/bot/richmenu", minimalRichMenu())),
      );
      expect(created.every((response) => response.status === 200)).toBe(true);
      const refused = await request("POST", "/v2/bot/richmenu", minimalRichMenu());
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3500);

      const ids = await Promise.all(
        created.map(async (response) => ((await response.json()) as { richMenuId: string }).richMenuId),
      );
      const deleted = await Promise.all(ids.map((id) => request("DELETE", `/v2/bot/richmenu/${id}`)));
      expect(deleted.every((response) => response.status === 200)).toBe(true);
      expect((await request("DELETE", `/v2/bot/richmenu/${ids[0]}`)).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
