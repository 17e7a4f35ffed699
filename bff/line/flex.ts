import type { messagingApi } from "@line/bot-sdk";

// The official account's message look: a small Flex bubble with a title, a few lines and up to
// two buttons. Japanese first, one English line for visitors.

type Message = messagingApi.Message;
type Action = messagingApi.Action;
type FlexComponent = messagingApi.FlexComponent;

export interface BubbleContent {
  altText: string;
  title: string;
  lines: string[];
  /** Placed between the lines and the buttons (an item table, say). */
  extra?: FlexComponent[];
  buttons: Action[];
}

/** A Flex message of one bubble; the first button is the primary one. */
export function bubble({ altText, title, lines, extra = [], buttons }: BubbleContent): Message {
  return {
    type: "flex",
    altText,
    contents: {
      type: "bubble",
      body: {
        type: "box",
        layout: "vertical",
        spacing: "md",
        contents: [
          { type: "text", text: title, weight: "bold", size: "md", wrap: true },
          ...lines.map((text) => ({ type: "text" as const, text, size: "sm", wrap: true })),
          ...extra,
        ],
      },
      // LINE rejects a box without contents, so a message without buttons has no footer.
      ...(buttons.length === 0
        ? {}
        : {
            footer: {
              type: "box",
              layout: "vertical",
              spacing: "sm",
              contents: buttons.map((action, index) => ({
                type: "button" as const,
                style: index === 0 ? ("primary" as const) : ("secondary" as const),
                height: "sm" as const,
                action,
              })),
            },
          }),
    },
  };
}

/** A screen of the LIFF app, as LINE opens it from a message: https://liff.line.me/<LIFF id>/<path>. */
export function liffUrl(liffId: string, path: string): string {
  return `https://liff.line.me/${liffId}/${path.replace(/^\/+/, "")}`;
}

export const formatYen = (value: number) => `¥${new Intl.NumberFormat("ja-JP").format(value)}`;
export const formatPoints = (value: number) => `${new Intl.NumberFormat("ja-JP").format(value)} pt`;
