import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/restate-server.ts";

const cli = path.join(projectRoot, "node_modules/.bin/restate");

/** `npx restate …` lines of the README, without comments and example ids. */
const commands = readFileSync(path.join(projectRoot, "README.md"), "utf8")
  .split("\n")
  .filter((line) => line.startsWith("npx restate "))
  .map((line) =>
    line
      .replace(/#.*$/, "")
      .trim()
      .split(/\s+/)
      .slice(2)
      .filter((word) => !word.startsWith("inv_")),
  );

describe("the README's Restate CLI commands", () => {
  it("names some", () => {
    expect(commands.length).toBeGreaterThanOrEqual(3);
  });

  it.each(commands.map((words) => [words.join(" "), words] as const))("exist in the installed CLI: restate %s", (_, words) => {
    const help = spawnSync(cli, [...words, "--help"], { encoding: "utf8" });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: restate \S+ \S+/m);
  });
});
