import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { decide } from "../platform/restate/decide.ts";
import { projectAll } from "../platform/restate/project.ts";
import { categoriesTable, categoryRows } from "./category-row.ts";
import {
  addCategory,
  Category,
  CreateCategoryInput,
  changeCategory,
  type CategoryTree as Tree,
  UpdateCategoryInput,
} from "./domain/catalog.ts";

const TREE = "categories";
/** The shop's one tree: every category under one key, so parents, cycles and slugs are checked by one writer. */
export const CATEGORY_TREE_KEY = "shop";

const CategoryList = z.object({ categories: z.array(Category).describe("parents before their children, then by name") });

/** Parents before children, siblings by name: how a menu is drawn. */
export function ordered(tree: Tree): Category[] {
  const children = new Map<string | null, Category[]>();
  for (const c of Object.values(tree)) children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
  const out: Category[] = [];
  const walk = (parent: string | null) => {
    for (const c of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug))) {
      out.push(c);
      walk(c.slug);
    }
  };
  walk(null);
  return out;
}

async function saveTree(ctx: ObjectContext, tree: Tree): Promise<void> {
  ctx.set(TREE, tree);
  await projectAll(ctx, categoriesTable, categoryRows(tree));
}

export const CategoryTree = restate.object({
  name: "CategoryTree",
  metadata: { key: "shop" },
  description: "The shop's category tree (internal: CatalogAdmin changes it, Catalog reads it).",
  handlers: {
    create: restate.handlers.object.exclusive(
      { input: restate.serde.schema(CreateCategoryInput), output: restate.serde.schema(Category), ingressPrivate: true },
      async (ctx: ObjectContext, input: CreateCategoryInput) => {
        const tree = (await ctx.get<Tree>(TREE)) ?? {};
        const now = await ctx.date.now();
        const created = decide(() => addCategory(tree, input, now));
        await saveTree(ctx, { ...tree, [created.slug]: created });
        return created;
      },
    ),
    update: restate.handlers.object.exclusive(
      { input: restate.serde.schema(UpdateCategoryInput), output: restate.serde.schema(Category), ingressPrivate: true },
      async (ctx: ObjectContext, input: UpdateCategoryInput) => {
        const tree = (await ctx.get<Tree>(TREE)) ?? {};
        const changed = decide(() => changeCategory(tree, input));
        await saveTree(ctx, { ...tree, [changed.slug]: changed });
        return changed;
      },
    ),
    exists: restate.handlers.object.shared(
      {
        input: restate.serde.schema(z.strictObject({ slug: z.string() })),
        output: restate.serde.schema(z.object({ exists: z.boolean() })),
        ingressPrivate: true,
      },
      async (ctx: ObjectSharedContext, input: { slug: string }) => ({
        exists: (await ctx.get<Tree>(TREE))?.[input.slug] !== undefined,
      }),
    ),
    list: restate.handlers.object.shared(
      { input: restate.serde.empty, output: restate.serde.schema(CategoryList), ingressPrivate: true },
      async (ctx: ObjectSharedContext) => ({ categories: ordered((await ctx.get<Tree>(TREE)) ?? {}) }),
    ),
  },
});
