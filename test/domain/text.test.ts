import { describe, expect, it } from "vitest";
import { freeText, paragraphs } from "../../src/platform/domain/text.ts";

describe("text a person typed", () => {
  const line = freeText("name", 20);
  const description = paragraphs("description", 40);

  it("takes one line of free text trimmed, and refuses what hides or breaks it, naming the field", () => {
    expect(line.parse("  Ada Lovelace ")).toBe("Ada Lovelace");
    for (const bad of ["\tAda", "Ada\n", "A\u0000da", "A\u202eda", "\u2028", "   ", "x".repeat(21)]) {
      const result = line.safeParse(bad);
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/^name /);
    }
  });

  it("takes paragraphs with line breaks and tabs, and refuses other controls, bidi overrides and lone surrogates", () => {
    expect(description.parse(" Hand-glazed.\r\nDishwasher-safe:\tyes\n")).toBe("Hand-glazed.\r\nDishwasher-safe:\tyes");
    expect(description.parse("")).toBe("");
    for (const bad of ["nul\u0000", "bell\u0007", "lone\rCR", "override\u202e", "isolate\u2066", "sep\u2028", "\ud800", "x".repeat(41)]) {
      const result = description.safeParse(bad);
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/^description /);
    }
  });
});
