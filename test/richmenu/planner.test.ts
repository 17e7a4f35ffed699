import { describe, expect, it } from "vitest";
import { changesOf, chunk, planRichMenus, type CurrentState, type DesiredMenuRef } from "../../bff/richmenu/planner.ts";

const desired: DesiredMenuRef[] = [
  { key: "unlinked", name: "shop:unlinked:aaaaaaaaaaaa", aliasId: "unlinked", isDefault: true },
  { key: "linked", name: "shop:linked:bbbbbbbbbbbb", aliasId: "linked", isDefault: false },
  { key: "linked-news", name: "shop:linked-news:cccccccccccc", aliasId: "linked-news", isDefault: false },
];
const options = { prefix: "shop", deleteStale: false };
const empty: CurrentState = { menus: [], aliases: [], defaultRichMenuId: null };

/** The channel after a successful apply of `desired`. */
const applied: CurrentState = {
  menus: [
    { richMenuId: "richmenu-1", name: "shop:unlinked:aaaaaaaaaaaa", hasImage: true },
    { richMenuId: "richmenu-2", name: "shop:linked:bbbbbbbbbbbb", hasImage: true },
    { richMenuId: "richmenu-3", name: "shop:linked-news:cccccccccccc", hasImage: true },
  ],
  aliases: [
    { richMenuAliasId: "unlinked", richMenuId: "richmenu-1" },
    { richMenuAliasId: "linked", richMenuId: "richmenu-2" },
    { richMenuAliasId: "linked-news", richMenuId: "richmenu-3" },
  ],
  defaultRichMenuId: "richmenu-1",
};

describe("planRichMenus", () => {
  it("on an empty channel creates every menu, then an alias for each, then sets the unlinked menu as default", () => {
    const plan = planRichMenus(desired, empty, options);
    expect(plan.actions).toEqual([
      { kind: "create-menu", key: "unlinked", name: "shop:unlinked:aaaaaaaaaaaa" },
      { kind: "create-menu", key: "linked", name: "shop:linked:bbbbbbbbbbbb" },
      { kind: "create-menu", key: "linked-news", name: "shop:linked-news:cccccccccccc" },
      { kind: "create-alias", aliasId: "unlinked", key: "unlinked", target: { created: "unlinked" } },
      { kind: "create-alias", aliasId: "linked", key: "linked", target: { created: "linked" } },
      { kind: "create-alias", aliasId: "linked-news", key: "linked-news", target: { created: "linked-news" } },
      { kind: "set-default", key: "unlinked", target: { created: "unlinked" }, fromRichMenuId: null },
    ]);
    expect(plan.needs).toEqual({ create: 3, delete: 0, aliasDelete: 0 });
    expect(plan.refusals).toEqual([]);
  });

  it("has nothing to change on a channel that already matches", () => {
    const plan = planRichMenus(desired, applied, options);
    expect(changesOf(plan)).toEqual([]);
    expect(plan.actions.map((action) => action.kind)).toEqual(["keep-menu", "keep-menu", "keep-menu"]);
  });

  it("for a changed menu creates the new one, repoints its alias and keeps the old one unless told to delete stale menus", () => {
    const changed = desired.map((menu) => (menu.key === "linked" ? { ...menu, name: "shop:linked:dddddddddddd" } : menu));

    const keeping = planRichMenus(changed, applied, options);
    expect(changesOf(keeping)).toEqual([
      { kind: "create-menu", key: "linked", name: "shop:linked:dddddddddddd" },
      { kind: "update-alias", aliasId: "linked", key: "linked", target: { created: "linked" }, fromRichMenuId: "richmenu-2" },
    ]);
    expect(keeping.actions).toContainEqual({ kind: "stale-menu", name: "shop:linked:bbbbbbbbbbbb", richMenuId: "richmenu-2" });

    const deleting = planRichMenus(changed, applied, { ...options, deleteStale: true });
    expect(changesOf(deleting).at(-1)).toEqual({
      kind: "delete-menu",
      name: "shop:linked:bbbbbbbbbbbb",
      richMenuId: "richmenu-2",
    });
    expect(deleting.needs).toEqual({ create: 1, delete: 1, aliasDelete: 0 });
  });

  it("never deletes menus without the config's prefix, and deletes aliases left pointing at a stale menu", () => {
    const current: CurrentState = {
      ...applied,
      menus: [
        ...applied.menus,
        { richMenuId: "richmenu-console", name: "made in the console", hasImage: true },
        { richMenuId: "richmenu-old", name: "shop:campaign:eeeeeeeeeeee", hasImage: true },
      ],
      aliases: [...applied.aliases, { richMenuAliasId: "campaign", richMenuId: "richmenu-old" }],
    };
    const plan = planRichMenus(desired, current, { ...options, deleteStale: true });
    expect(changesOf(plan)).toEqual([
      { kind: "delete-alias", aliasId: "campaign", richMenuId: "richmenu-old" },
      { kind: "delete-menu", name: "shop:campaign:eeeeeeeeeeee", richMenuId: "richmenu-old" },
    ]);
  });

  it("uploads the image of a menu an interrupted apply created without one", () => {
    const current = {
      ...applied,
      menus: applied.menus.map((menu, index) => (index === 0 ? { ...menu, hasImage: false } : menu)),
    };
    expect(changesOf(planRichMenus(desired, current, options))).toEqual([
      { kind: "upload-image", key: "unlinked", name: "shop:unlinked:aaaaaaaaaaaa", richMenuId: "richmenu-1" },
    ]);
  });

  it("sets the default again when someone changed it, and keeps one of two menus with the same name", () => {
    const current: CurrentState = {
      ...applied,
      menus: [...applied.menus, { richMenuId: "richmenu-dup", name: "shop:linked:bbbbbbbbbbbb", hasImage: true }],
      defaultRichMenuId: "richmenu-console",
    };
    const plan = planRichMenus(desired, current, { ...options, deleteStale: true });
    expect(changesOf(plan)).toEqual([
      { kind: "set-default", key: "unlinked", target: { richMenuId: "richmenu-1" }, fromRichMenuId: "richmenu-console" },
      { kind: "delete-menu", name: "shop:linked:bbbbbbbbbbbb", richMenuId: "richmenu-dup" },
    ]);
  });
});

describe("planRichMenus › LINE's limits", () => {
  it("refuses a plan whose creations would pass 100 in the hour, counting those already made", () => {
    expect(
      planRichMenus(desired, empty, { ...options, usedThisHour: { create: 97, delete: 0, aliasDelete: 0 } }).refusals,
    ).toEqual([]);
    const refusals = planRichMenus(desired, empty, {
      ...options,
      usedThisHour: { create: 98, delete: 0, aliasDelete: 0 },
    }).refusals;
    expect(refusals).toEqual([expect.stringMatching(/creates 3 rich menus, but 98 of LINE's 100 per hour were already used/)]);
  });

  it("refuses a plan whose deletions would pass 100 in the hour", () => {
    const stale = Array.from({ length: 101 }, (_, index) => ({
      richMenuId: `richmenu-s${index}`,
      name: `shop:old:${index}`,
      hasImage: true,
    }));
    const plan = planRichMenus(desired, { ...applied, menus: [...applied.menus, ...stale] }, { ...options, deleteStale: true });
    expect(plan.needs.delete).toBe(101);
    expect(plan.refusals).toEqual([expect.stringMatching(/deletes 101 rich menus, but 0 of LINE's 100 per hour/)]);
  });

  it("refuses a plan that would hold more than 1000 menus on the channel", () => {
    const others = Array.from({ length: 998 }, (_, index) => ({
      richMenuId: `richmenu-o${index}`,
      name: `other:${index}`,
      hasImage: true,
    }));
    const plan = planRichMenus(desired, { ...empty, menus: others }, options);
    expect(plan.refusals).toEqual([expect.stringMatching(/would hold 1001 rich menus, over LINE's 1000/)]);
  });
});

describe("chunk", () => {
  it("splits user ids into bulk-link calls of at most 500, in order", () => {
    const userIds = Array.from({ length: 1234 }, (_, index) => `U${index}`);
    const chunks = chunk(userIds, 500);
    expect(chunks.map((part) => part.length)).toEqual([500, 500, 234]);
    expect(chunks.flat()).toEqual(userIds);
    expect(chunk([], 500)).toEqual([]);
    expect(chunk(userIds.slice(0, 500), 500)).toHaveLength(1);
    expect(() => chunk(userIds, 0)).toThrow(RangeError);
  });
});
