import type { messagingApi } from "@line/bot-sdk";
import { altText as lineAltText, buttonAction, displayText, withinBubbleLimit } from "./message-limits.ts";

// The official account's message look: a small Flex bubble with a title, a few lines and up to
// two buttons. Japanese first, one English line for visitors. Every bubble passes through
// message-limits.ts: no empty text, no text or label past LINE's limits, no URI LINE refuses,
// and a plain text message instead when the bubble would pass 30 KB.

/** Longest title and line; merchant values (notes, names) beyond it are cut with "…". */
const MAX_TITLE_CHARS = 200;
const MAX_LINE_CHARS = 1000;

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

/** A Flex message of one bubble within LINE's limits; the first button is the primary one. */
export function bubble(content: BubbleContent): Message {
  const title = displayText(content.title, MAX_TITLE_CHARS);
  const lines = content.lines.map((line) => displayText(line, MAX_LINE_CHARS));
  const buttons = content.buttons.flatMap((action) => buttonAction(action) ?? []);
  const extra = content.extra ?? [];
  const altText = lineAltText(content.altText);
  const message: messagingApi.FlexMessage = {
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
  return withinBubbleLimit(message, [title, ...lines].join("\n"));
}

/** A screen of the LIFF app, as LINE opens it from a message: https://liff.line.me/<LIFF id>/<path>. */
export function liffUrl(liffId: string, path: string): string {
  return `https://liff.line.me/${liffId}/${path.replace(/^\/+/, "")}`;
}

export const formatYen = (value: number) => `¥${new Intl.NumberFormat("ja-JP").format(value)}`;
export const formatPoints = (value: number) => `${new Intl.NumberFormat("ja-JP").format(value)} pt`;
