import type { Rng } from "../rng.ts";
import { seedImageFile } from "./images.ts";

/** Test data that reads like a shop: a category tree, product names from a few word lists, prices. */

export const CATEGORY_TREE: Array<{ slug: string; name: string; parent?: string }> = [
  { slug: "apparel", name: "Apparel" },
  { slug: "shirts", name: "Shirts", parent: "apparel" },
  { slug: "jackets", name: "Jackets", parent: "apparel" },
  { slug: "shoes", name: "Shoes", parent: "apparel" },
  { slug: "running-shoes", name: "Running shoes", parent: "shoes" },
  { slug: "boots", name: "Boots", parent: "shoes" },
  { slug: "home", name: "Home" },
  { slug: "kitchen", name: "Kitchen", parent: "home" },
  { slug: "cookware", name: "Cookware", parent: "kitchen" },
  { slug: "tableware", name: "Tableware", parent: "kitchen" },
  { slug: "furniture", name: "Furniture", parent: "home" },
  { slug: "lighting", name: "Lighting", parent: "home" },
  { slug: "outdoor", name: "Outdoor" },
  { slug: "camping", name: "Camping", parent: "outdoor" },
  { slug: "cycling", name: "Cycling", parent: "outdoor" },
];

export const NOUNS: Record<string, string[]> = {
  shirts: ["Shirt", "Tee", "Polo", "Henley", "Blouse"],
  jackets: ["Jacket", "Parka", "Windbreaker", "Coat", "Vest"],
  "running-shoes": ["Running Shoe", "Trail Runner", "Racing Flat", "Trainer"],
  boots: ["Boot", "Chelsea Boot", "Hiking Boot", "Work Boot"],
  cookware: ["Skillet", "Saucepan", "Dutch Oven", "Wok", "Stockpot"],
  tableware: ["Mug", "Plate", "Bowl", "Teapot", "Carafe"],
  furniture: ["Chair", "Stool", "Bench", "Side Table", "Shelf"],
  lighting: ["Lamp", "Pendant", "Lantern", "Sconce"],
  camping: ["Tent", "Sleeping Bag", "Backpack", "Camp Stove", "Hammock"],
  cycling: ["Helmet", "Bike Light", "Saddle Bag", "Jersey", "Pump"],
};
const MATERIALS = [
  "Oak",
  "Walnut",
  "Linen",
  "Cotton",
  "Merino",
  "Leather",
  "Canvas",
  "Stoneware",
  "Cast Iron",
  "Copper",
  "Steel",
  "Bamboo",
  "Wool",
  "Nylon",
];
const ADJECTIVES = [
  "Classic",
  "Rustic",
  "Everyday",
  "Compact",
  "Heritage",
  "Ultralight",
  "Modern",
  "Vintage",
  "Rugged",
  "Soft",
  "Bold",
  "Nordic",
  "Coastal",
  "Urban",
];
const QUALITIES = [
  "hand-finished",
  "water-resistant",
  "machine-washable",
  "recycled",
  "breathable",
  "durable",
  "lightweight",
  "insulated",
  "dishwasher-safe",
];

export const LEAF_CATEGORIES = Object.keys(NOUNS);
/** Words shoppers type, for the bench's text searches. */
export const SEARCH_WORDS = [...MATERIALS, ...ADJECTIVES, ...Object.values(NOUNS).flat()].map((w) => w.toLowerCase().split(" ")[0]!);

export interface SeedProduct {
  sku: string;
  name: string;
  description: string;
  category: string;
  price: number;
  compareAtPrice?: number;
  images: string[];
  status: "active" | "draft";
  /** Below it, the product is low on stock (alerts, purchase orders). */
  lowStockThreshold: number;
  stock: number;
}

export function seedProduct(dice: Rng, index: number): SeedProduct {
  const category = dice.pick(LEAF_CATEGORIES);
  const noun = dice.pick(NOUNS[category]!);
  const material = dice.pick(MATERIALS);
  const name = `${dice.pick(ADJECTIVES)} ${material} ${noun}`;
  const price = dice.int(5, 500) * 100 - 1;
  const lowStockThreshold = dice.int(3, 10);
  return {
    sku: `SEED-${String(index).padStart(6, "0")}`,
    name,
    description: `A ${dice.pick(QUALITIES)}, ${dice.pick(QUALITIES)} ${noun.toLowerCase()} in ${material.toLowerCase()}. ${dice.pick(ADJECTIVES)} design, made to last.`,
    category,
    price,
    ...(dice.next() < 0.2 ? { compareAtPrice: Math.round(price * 1.25) } : {}),
    images: [`/media/${seedImageFile(category, noun)}`],
    status: dice.next() < 0.9 ? "active" : "draft",
    lowStockThreshold,
    stock: seedStock(dice, lowStockThreshold),
  };
}

/** About one product in seven sold out and one in five running low, so alerts and purchase orders have work. */
function seedStock(dice: Rng, threshold: number): number {
  const roll = dice.next();
  if (roll < 0.15) return 0;
  if (roll < 0.35) return dice.int(1, threshold);
  return dice.int(threshold + 1, 60);
}

const FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Linus", "Radia", "Tim"];
const LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Torvalds", "Perlman", "Lee"];

export function seedCustomer(dice: Rng, index: number, run: string) {
  const first = dice.pick(FIRST);
  const last = dice.pick(LAST);
  return { email: `${first}.${last}.${index}.${run}@example.com`.toLowerCase(), name: `${first} ${last}` };
}

export const SEED_ADDRESS = { street: "1 Seed Street", city: "Springfield", state: "IL", zip: "62701", country: "US" };
