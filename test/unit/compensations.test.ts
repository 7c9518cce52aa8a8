import { describe, expect, it } from "vitest";
import { Compensations } from "../../src/orders/orchestrator/compensations.ts";

function recording() {
  const undone: string[] = [];
  const compensations = new Compensations();
  const add = (name: string) => compensations.add(name, async () => void undone.push(name));
  return { compensations, undone, add };
}

describe("the saga's compensations", () => {
  it("unwind newest first and answer their names in that order", async () => {
    const { compensations, undone, add } = recording();
    for (const name of ["release stock", "release coupon", "void payment", "void label"]) add(name);
    expect(await compensations.unwind()).toEqual(["void label", "void payment", "release coupon", "release stock"]);
    expect(undone).toEqual(["void label", "void payment", "release coupon", "release stock"]);
  });

  it("drop the newest compensation of a name only (a declined card needs no void), and ignore an unknown name", async () => {
    const { compensations, undone, add } = recording();
    for (const name of ["void payment", "release stock", "void payment"]) add(name);
    compensations.drop("void payment");
    compensations.drop("never added");
    expect(await compensations.unwind()).toEqual(["release stock", "void payment"]);
    expect(undone).toEqual(["release stock", "void payment"]);
  });

  it("stop at an undo that fails, leaving the older ones for the retry of the invocation", async () => {
    const { compensations, undone, add } = recording();
    add("release stock");
    compensations.add("void payment", async () => {
      throw new Error("the provider is away");
    });
    add("void label");
    await expect(compensations.unwind()).rejects.toThrow("the provider is away");
    expect(undone).toEqual(["void label"]);
  });

  it("unwind nothing when nothing was added", async () => {
    expect(await new Compensations().unwind()).toEqual([]);
  });
});
