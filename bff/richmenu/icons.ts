// Built-in icons for rendered rich menus: plain strokes on a 24×24 grid, so a merchant can
// start without a designer and the rendering needs no image files or icon fonts.

export const ICON_NAMES = [
  "card",
  "points",
  "receipt",
  "calendar",
  "settings",
  "link",
  "shop",
  "store",
  "chat",
  "news",
  "coupon",
  "home",
  "coffee",
  "star",
] as const;

export type IconName = (typeof ICON_NAMES)[number];

const gearSpokes = Array.from({ length: 8 }, (_, index) => {
  const angle = (index * Math.PI) / 4;
  const point = (radius: number) => `${(12 + radius * Math.cos(angle)).toFixed(2)} ${(12 + radius * Math.sin(angle)).toFixed(2)}`;
  return `<path d="M${point(7.5)} L${point(10.5)}"/>`;
}).join("");

const iconShapes: Record<IconName, string> = {
  card: '<rect x="2.5" y="5" width="19" height="14" rx="2"/><path d="M2.5 10h19M6 15h5"/>',
  points: '<circle cx="12" cy="12" r="9.5"/><path d="M10 17V7h3.5a3 3 0 0 1 0 6H10"/>',
  receipt: '<path d="M6 2.5h12v19l-3-2-3 2-3-2-3 2z"/><path d="M9 8h6M9 12h6M9 16h3"/>',
  calendar: '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4M8 14h2M14 14h2M8 17.5h2"/>',
  settings: `<circle cx="12" cy="12" r="3"/><circle cx="12" cy="12" r="7"/>${gearSpokes}`,
  link: '<path d="M10 14a4 4 0 0 1 0-5.66l3-3a4 4 0 0 1 5.66 5.66l-1.5 1.5"/><path d="M14 10a4 4 0 0 1 0 5.66l-3 3a4 4 0 0 1-5.66-5.66l1.5-1.5"/>',
  shop: '<path d="M4.5 8h15l-1 13h-13z"/><path d="M9 8V6a3 3 0 0 1 6 0v2"/>',
  store: '<path d="M12 21.5s-7-6.5-7-11.5a7 7 0 0 1 14 0c0 5-7 11.5-7 11.5z"/><circle cx="12" cy="10" r="2.5"/>',
  chat: '<path d="M3.5 4.5h17v11.5h-9l-4.5 4v-4h-3.5z"/><path d="M8 9h8M8 12h5"/>',
  news: '<path d="M3 10v4h3l8 5V5l-8 5z"/><path d="M17.5 9a4 4 0 0 1 0 6M20 6.5a7.5 7.5 0 0 1 0 11"/>',
  coupon: '<path d="M2.5 7h19v3a2 2 0 0 0 0 4v3h-19v-3a2 2 0 0 0 0-4z"/><path d="M9 7.5v2M9 11v2M9 14.5v2"/>',
  home: '<path d="M3 11.5L12 4l9 7.5"/><path d="M5.5 10v10.5h13V10M10 20.5v-5h4v5"/>',
  coffee: '<path d="M4 9h12v6a5 5 0 0 1-5 5H9a5 5 0 0 1-5-5z"/><path d="M16 11h1.5a2.5 2.5 0 0 1 0 5H16M8 3.5v3M12 3.5v3"/>',
  star: '<path d="M12 3l2.7 5.6 6.1.8-4.4 4.3 1 6.1L12 17l-5.4 2.8 1-6.1L3.2 9.4l6.1-.8z"/>',
};

/** The icon as SVG elements, centred on (cx, cy) and `size` pixels wide. */
export function iconSvg(
  name: IconName,
  { cx, cy, size, color }: { cx: number; cy: number; size: number; color: string },
): string {
  const scale = size / 24;
  const x = cx - size / 2;
  const y = cy - size / 2;
  return (
    `<g transform="translate(${x.toFixed(1)} ${y.toFixed(1)}) scale(${scale.toFixed(4)})" fill="none" stroke="${color}" ` +
    `stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">${iconShapes[name]}</g>`
  );
}
