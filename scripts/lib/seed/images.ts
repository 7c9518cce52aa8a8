import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The seed's product pictures: one small SVG per kind of product (a category and a noun), drawn
 * here and served by the shop itself from MEDIA_DIR, so a seeded storefront loads nothing from
 * elsewhere. Plain shapes and text: no script, no external reference.
 */

/** Two tones per leaf category, so a page of products reads by category at a glance. */
const TONES: Record<string, [string, string]> = {
  shirts: ["#2f6f9f", "#9cc6e4"],
  jackets: ["#3d4f5c", "#a3b7c4"],
  "running-shoes": ["#c2410c", "#fdba74"],
  boots: ["#6b4226", "#d4a373"],
  cookware: ["#374151", "#d1d5db"],
  tableware: ["#7c3aed", "#ddd6fe"],
  furniture: ["#8a5a2b", "#e9c89b"],
  lighting: ["#b45309", "#fde68a"],
  camping: ["#2f6b3a", "#a7d3a6"],
  cycling: ["#be123c", "#fecdd3"],
};

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
const escapeXml = (text: string) => text.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The file a product of this category and noun shows, under /media/. */
export const seedImageFile = (category: string, noun: string) => `seed-${category}-${slug(noun)}.svg`;

function picture(category: string, noun: string): string {
  const [dark, light] = TONES[category] ?? ["#444444", "#dddddd"];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" aria-label="${escapeXml(noun)}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="${dark}"/></linearGradient></defs>
<rect width="400" height="400" fill="url(#g)"/>
<circle cx="200" cy="170" r="92" fill="#ffffff" fill-opacity="0.28"/>
<text x="200" y="196" text-anchor="middle" font-family="system-ui, sans-serif" font-size="84" font-weight="700" fill="#ffffff">${escapeXml(noun.charAt(0))}</text>
<text x="200" y="330" text-anchor="middle" font-family="system-ui, sans-serif" font-size="30" fill="#ffffff">${escapeXml(noun)}</text>
</svg>
`;
}

/** Draws every picture the seed's products may name into `dir`; answers how many. */
export function drawSeedImages(dir: string, kinds: Record<string, string[]>): number {
  mkdirSync(dir, { recursive: true });
  let drawn = 0;
  for (const [category, nouns] of Object.entries(kinds)) {
    for (const noun of nouns) {
      writeFileSync(path.join(dir, seedImageFile(category, noun)), picture(category, noun));
      drawn++;
    }
  }
  return drawn;
}
