import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { projectRoot } from "../../scripts/lib/restate-server.ts";
import { loadAppConfig } from "../../src/config.ts";

const read = (file: string) => readFileSync(path.join(projectRoot, file), "utf8");
const port = (address: string) => Number(address.split(":").at(-1));

describe("deployment files agree with each other", () => {
  const compose = parse(read("docker-compose.yml"));
  const toml = read("restate.toml");
  const envExample = new Set(read(".env.example").split("\n").filter((l) => /^[A-Z_0-9]+=/.test(l)).map((l) => l.split("=")[0]));

  it("publishes the ingress and admin ports that restate.toml binds", () => {
    const ingress = port(/\[ingress\]\s*\nbind-address = "([^"]+)"/.exec(toml)![1]!);
    const admin = port(/\[admin\]\s*\nbind-address = "([^"]+)"/.exec(toml)![1]!);
    expect(compose.services.restate.ports).toEqual(expect.arrayContaining([`${ingress}:${ingress}`, `${admin}:${admin}`]));
    expect(compose.services.restate.image).toMatch(/^docker\.restate\.dev\/restatedev\/restate:/);
  });

  it("registers the app on the port it listens on, with force", () => {
    const appPort = compose.services.app.environment.PORT;
    expect(compose.services.app.ports).toContain(`${appPort}:${appPort}`);
    const register = compose.services.register.command.join(" ");
    expect(register).toContain(`"uri":"http://app:${appPort}"`);
    expect(register).toContain('"force":true');
  });

  it("uses only variables that .env.example documents, with MOCK_MODE on by default", () => {
    for (const name of Object.keys(compose.services.app.environment)) expect(envExample).toContain(name);
    expect(compose.services.app.environment.MOCK_MODE).toBe("${MOCK_MODE:-true}");
  });

  it("documents every variable the service reads in .env.example and the README", () => {
    const readme = read("README.md");
    const source = ["src", "mocks", "scripts"].flatMap((dir) => filesUnder(path.join(projectRoot, dir)));
    const used = new Set<string>();
    for (const file of source) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:env|process\.env)\.([A-Z][A-Z0-9_]+)/g)) used.add(m[1]!);
      // The keys of the zod schemas that parse the environment.
      if (path.basename(file) === "config.ts") for (const m of text.matchAll(/^\s{2}([A-Z][A-Z0-9_]+): /gm)) used.add(m[1]!);
    }
    for (const name of used) {
      if (name.startsWith("RESTATE_DEFAULT_RETRY") || name === "CI") continue;
      expect(envExample, `${name} missing from .env.example`).toContain(name);
      expect(readme, `${name} missing from the README`).toContain(name);
    }
  });

  it("depends only on packages the code imports", () => {
    const { dependencies, devDependencies } = JSON.parse(read("package.json")) as Record<string, Record<string, string>>;
    const code = ["src", "mocks", "scripts", "test"].flatMap((dir) => filesUnder(path.join(projectRoot, dir))).map((f) => readFileSync(f, "utf8")).join("\n");
    // Packages that ship programs rather than modules: the Node runtime, the Restate server and CLI, the compiler, the test runner.
    const programs = new Set(["node", "@restatedev/restate", "@restatedev/restate-server", "typescript", "vitest", "@types/node"]);
    const imported = new Set([...code.matchAll(/from "((?:@[^/"]+\/)?[^/"]+)[^"]*"/g)].map((m) => m[1]));
    const unused = Object.keys({ ...dependencies, ...devDependencies }).filter((name) => !programs.has(name) && !imported.has(name));
    expect(unused, "dependencies nothing imports").toEqual([]);
  });

  it("accepts .env.example's blank values as unset", () => {
    const entries = read(".env.example").split("\n").filter((l) => /^[A-Z_0-9]+=/.test(l)).map((l) => l.split("=") as [string, string]);
    expect(() => loadAppConfig(Object.fromEntries(entries))).not.toThrow();
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : full.endsWith(".ts") ? [full] : [];
  });
}
