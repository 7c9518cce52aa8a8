import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { projectRoot } from "../../scripts/lib/restate-server.ts";
import { loadAppConfig } from "../../src/server/endpoint-config.ts";
import { filesUnder } from "../support/source-files.ts";

const read = (file: string) => readFileSync(path.join(projectRoot, file), "utf8");
const port = (address: string) => Number(address.split(":").at(-1));

describe("deployment files agree with each other", () => {
  const compose = parse(read("docker-compose.yml"));
  const toml = read("restate.toml");
  const envExample = new Set(
    read(".env.example")
      .split("\n")
      .filter((l) => /^[A-Z_0-9]+=/.test(l))
      .map((l) => l.split("=")[0]),
  );

  const ingress = port(/\[ingress\]\s*\nbind-address = "([^"]+)"/.exec(toml)![1]!);
  const admin = port(/\[admin\]\s*\nbind-address = "([^"]+)"/.exec(toml)![1]!);
  const node = port(/^bind-address = "([^"]+)"/m.exec(toml)![1]!);
  const restate = compose.services.restate;

  it("runs the Restate image with the project's restate.toml, bound where the other containers reach it", () => {
    expect(restate.image).toMatch(/^docker\.restate\.dev\/restatedev\/restate:\d+\.\d+\.\d+$/);
    const mount = (restate.volumes as string[]).find((v) => v.startsWith("./restate.toml:"));
    expect(mount).toBeDefined();
    expect(restate.environment.RESTATE_CONFIG).toBe(mount!.split(":")[1]);
    expect(restate.environment).toMatchObject({
      RESTATE_INGRESS__BIND_ADDRESS: `0.0.0.0:${ingress}`,
      RESTATE_ADMIN__BIND_ADDRESS: `0.0.0.0:${admin}`,
      RESTATE_BIND_ADDRESS: `0.0.0.0:${node}`,
      RESTATE_ADVERTISED_ADDRESS: `http://restate:${node}/`,
    });
  });

  it("publishes the ingress, admin and node ports that restate.toml binds, on the host's loopback only", () => {
    expect(restate.ports).toEqual([`127.0.0.1:${ingress}:${ingress}`, `127.0.0.1:${admin}:${admin}`, `127.0.0.1:${node}:${node}`]);
    const appPort = compose.services.app.environment.PORT;
    expect(compose.services.app.ports).toEqual([`127.0.0.1:${appPort}:${appPort}`]);
  });

  it("checks the health of Restate and of the app, and registers only once both are healthy, retrying", () => {
    expect(restate.healthcheck.test).toEqual(["CMD", "curl", "--fail", "--silent", `http://localhost:${admin}/health`]);
    expect(compose.services.app.healthcheck.test).toEqual(["CMD", "node", "src/server/healthcheck.ts"]);
    expect(read("Dockerfile")).toMatch(/^COPY src \.\/src$/m);
    expect(compose.services.register.depends_on).toEqual({
      restate: { condition: "service_healthy" },
      app: { condition: "service_healthy" },
    });
    const register = compose.services.register.command.join(" ");
    const appPort = compose.services.app.environment.PORT;
    expect(register).toContain(`http://restate:${admin}/deployments`);
    expect(register).toContain(`"uri":"http://app:${appPort}"`);
    expect(register).toContain('"force":true');
    expect(register).toMatch(/for attempt in \$\$\(seq 1 \d+\); do .* && exit 0; .*sleep \d+; done; .*exit 1$/);
  });

  it("publishes nothing beyond the host's loopback, in either compose file", () => {
    const cluster = parse(read("deploy/cluster/docker-compose.yml"), { merge: true });
    const apiPort = cluster.services.lb.ports.length === 1 ? cluster.services.lb.ports[0] : undefined;
    for (const [file, services] of [
      ["docker-compose.yml", compose.services],
      ["deploy/cluster/docker-compose.yml", cluster.services],
    ] as const) {
      for (const [name, service] of Object.entries(services as Record<string, { ports?: string[] }>)) {
        for (const mapping of service.ports ?? []) {
          // The one exception: the cluster balancer's frontend of the API servers, the shop's public face.
          if (file !== "docker-compose.yml" && name === "lb" && mapping === apiPort) continue;
          expect(mapping, `${file}: ${name} publishes ${mapping}`).toMatch(/^127\.0\.0\.1:/);
        }
      }
    }
    for (const port of [ingress, admin, node]) expect(apiPort).not.toContain(String(port));
  });

  it("makes the endpoint verify Restate's request identity and gives the endpoint and the API the API's credential", () => {
    expect(restate.environment.RESTATE_WORKER__INVOKER__REQUEST_IDENTITY_PRIVATE_KEY_PEM_FILE).toBe("/run/secrets/restate_identity");
    expect(restate.secrets).toContain("restate_identity");
    expect(compose.secrets.restate_identity.file).toMatch(/\.pem$/);
    expect(compose.services.app.environment.RESTATE_IDENTITY_KEYS).toMatch(/^\$\{RESTATE_IDENTITY_KEYS:\?.+\}$/);
    for (const name of ["app", "api"])
      expect(compose.services[name].environment.API_CALLER_KEY, name).toMatch(/^\$\{API_CALLER_KEY:\?.+\}$/);
  });

  it("sends the providers' webhooks to the API, never to the ingress, in every document", () => {
    const docs = readdirSync(path.join(projectRoot, "docs"), { withFileTypes: true }).filter((f) => f.isFile());
    for (const file of ["README.md", ...docs.map((f) => `docs/${f.name}`)]) {
      // Sentences (or diagram lines) that speak of the providers' webhooks and of the ingress together.
      const sentences = read(file).split(/(?<=[.!?])\s+|\n(?=\s*[│┌└ ]*[A-Za-z]+.*──)/);
      for (const sentence of sentences) {
        if (!/(provider|Stripe|Shippo|SendGrid)[^.]*webhook|webhooks? (go|reach|post)/i.test(sentence)) continue;
        if (!/ingress|:8080/i.test(sentence)) continue;
        expect(sentence, `${file} sends webhooks to the ingress`).toMatch(/\/webhooks\/|never|not |private|mock/i);
      }
    }
  });

  it("keeps secrets and local state out of the image's build context", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((l) => l.trim());
    for (const entry of [".env", ".env.*", "node_modules", ".restate", "restate-data", ".git"]) expect(ignored).toContain(entry);
    expect(ignored).toContain("!.env.example");
  });

  it("uses only variables that .env.example documents, with MOCK_MODE on by default", () => {
    for (const name of Object.keys(compose.services.app.environment)) expect(envExample).toContain(name);
    expect(compose.services.app.environment.MOCK_MODE).toBe(["$", "{MOCK_MODE:-true}"].join(""));
  });

  it("documents every variable the service reads in .env.example and docs/configuration.md", () => {
    const readme = read("docs/configuration.md");
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
      expect(readme, `${name} missing from docs/configuration.md`).toContain(name);
    }
  });

  it("depends only on packages the code imports", () => {
    const { dependencies, devDependencies } = JSON.parse(read("package.json")) as Record<string, Record<string, string>>;
    const code = ["src", "mocks", "scripts", "test", "ui/src", "docs/examples"]
      .flatMap((dir) => filesUnder(path.join(projectRoot, dir)))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    // Packages that ship programs rather than modules: the Node runtime, the Restate server and CLIs, the compiler, the test runner,
    // the linter and formatter, and the OpenAPI linter.
    const programs = new Set([
      "node",
      "@restatedev/restate",
      "@restatedev/restate-server",
      "@restatedev/restatectl",
      "typescript",
      "vitest",
      "@biomejs/biome",
      "@redocly/cli",
      "@types/node",
    ]);
    // Imported (statically or on demand), or resolved for its files (the API serves swagger-ui-dist's assets).
    const imported = new Set([...code.matchAll(/(?:from |resolve\(|import\()"((?:@[^/"]+\/)?[^/"]+)[^"]*"/g)].map((m) => m[1]));
    // Type packages count for the package whose types they are.
    const used = (name: string) => imported.has(name) || (name.startsWith("@types/") && imported.has(name.slice("@types/".length)));
    const unused = Object.keys({ ...dependencies, ...devDependencies }).filter((name) => !programs.has(name) && !used(name));
    expect(unused, "dependencies nothing imports").toEqual([]);
  });

  it("accepts .env.example's blank values as unset", () => {
    const entries = read(".env.example")
      .split("\n")
      .filter((l) => /^[A-Z_0-9]+=/.test(l))
      .map((l) => l.split("=") as [string, string]);
    expect(() => loadAppConfig(Object.fromEntries(entries))).not.toThrow();
  });
});
