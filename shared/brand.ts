import { z } from "zod";

// The merchant's brand (brand/brand.config.json): the app's name, logo, colours, the member
// card per rank, the policy links, how to reach the shop and each of its stores. The build
// validates it and fails naming each bad field, e.g. `colors.onPrimary: must contrast with colors.primary …`.

const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour such as #7a4b2a");

const Text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

/** Japanese and English, both required: the app shows whichever the customer chose. */
const Bilingual = (max: number) => z.strictObject({ ja: Text(max), en: Text(max) });

const HttpsUrl = z.url({ protocol: /^https$/, error: "must be an https URL" });

const RankCode = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "must be the merchant's rank code, such as gold");

/** WCAG AA for normal text. */
const MIN_TEXT_CONTRAST = 4.5;

const CardDesign = z
  .strictObject({ background: Color, foreground: Color, accent: Color })
  .superRefine((card, ctx) => requireContrast(ctx, card.foreground, card.background, "foreground", "background"));

const RankDesign = z.strictObject({ name: Bilingual(20), card: CardDesign });

const Phone = z.string().regex(/^\+?[0-9][0-9-]{5,18}[0-9]$/, "must be a phone number such as 03-1234-5678");

const StoreIdKey = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be the merchant's store id, such as store_shibuya");

/** What a customer needs to reach one store: where it is, when it is open, its phone and a map. */
const StoreDetails = z.strictObject({
  name: Bilingual(40),
  address: Bilingual(120),
  hours: Bilingual(80),
  phone: Phone,
  mapUrl: HttpsUrl,
});

export const BrandConfig = z.strictObject({
  shopName: Bilingual(40),
  shortName: Bilingual(16),
  logo: z
    .string()
    .regex(/^(?!\/)(?!.*\.\.)[\w./-]+\.svg$/, "must be the path of an .svg file next to the config, such as logo.svg"),
  colors: z.strictObject({ primary: Color, onPrimary: Color, accent: Color, background: Color }).superRefine((colors, ctx) => {
    requireContrast(ctx, colors.onPrimary, colors.primary, "onPrimary", "primary");
    // Links and focus rings are drawn in the primary colour on the page.
    requireContrast(ctx, colors.primary, colors.background, "primary", "background");
  }),
  ranks: z.record(RankCode, RankDesign).refine((ranks) => Object.keys(ranks).length > 0, "must describe at least one rank"),
  links: z.strictObject({ termsOfUse: HttpsUrl, privacyPolicy: HttpsUrl }),
  contact: z
    .strictObject({
      phone: Phone.optional(),
      url: HttpsUrl.optional(),
      hours: Bilingual(80),
    })
    .refine((contact) => contact.phone !== undefined || contact.url !== undefined, {
      message: "needs a phone or a url",
      path: ["phone"],
    }),
  /** Keyed by the merchant's storeId; a store the config lacks shows only what the merchant says. */
  stores: z.record(StoreIdKey, StoreDetails).default({}),
});

export type BrandConfig = z.infer<typeof BrandConfig>;
export type RankDesign = z.infer<typeof RankDesign>;
export type StoreDetails = z.infer<typeof StoreDetails>;

export interface BrandConfigIssue {
  /** e.g. `ranks.gold.card.foreground` */
  path: string;
  message: string;
}

/** A brand config the app cannot be built with; `issues` name each bad field. */
export class BrandConfigError extends Error {
  readonly issues: BrandConfigIssue[];

  constructor(source: string, issues: BrandConfigIssue[]) {
    super(
      `${source} is not a valid brand config:\n${issues.map((i) => `  ${i.path || "(top level)"}: ${i.message}`).join("\n")}`,
    );
    this.name = "BrandConfigError";
    this.issues = issues;
  }
}

/** Validates a parsed brand config; throws BrandConfigError naming every bad field. */
export function parseBrandConfig(input: unknown, source = "the brand config"): BrandConfig {
  const result = BrandConfig.safeParse(input);
  if (result.success) return result.data;
  throw new BrandConfigError(
    source,
    result.error.issues.flatMap((issue): BrandConfigIssue[] => {
      const path = issue.path.map(String);
      // Name a misspelt field itself, not the object around it.
      if (issue.code === "unrecognized_keys")
        return issue.keys.map((key) => ({ path: [...path, key].join("."), message: "is not a brand config field" }));
      // A bad record key says only "Invalid key in record"; the key's own rule says why.
      const message = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      return [{ path: path.join("."), message }];
    }),
  );
}

/** The WCAG contrast ratio of two #rrggbb colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (lighter + 0.05) / (darker + 0.05);
}

function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function requireContrast(ctx: z.RefinementCtx, text: string, behind: string, textField: string, behindField: string): void {
  const ratio = contrastRatio(text, behind);
  if (ratio >= MIN_TEXT_CONTRAST) return;
  ctx.addIssue({
    code: "custom",
    path: [textField],
    message: `must contrast with ${behindField} at least ${MIN_TEXT_CONTRAST}:1 for legible text (it is ${ratio.toFixed(1)}:1)`,
  });
}
