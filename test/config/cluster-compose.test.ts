import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { composeLayout, haproxyConfig } from "../../scripts/lib/cluster/haproxy.ts";
import { projectRoot } from "../../scripts/lib/restate-server.ts";

const read = (file: string) => readFileSync(path.join(projectRoot, file), "utf8");

/**
 * No Docker engine runs here, so the cluster compose file is held to what can be read from it:
 * Restate's cluster documentation (unique names, one cluster name, replicated metadata and log,
 * replication 2, nobody auto-provisioning, metadata addresses of every node), the loopback
 * topology `npm run test:cluster` runs (same restate.toml, same HAProxy configuration), health
 * checks, and one-shot steps that retry until they succeed.
 */
describe("deploy/cluster/docker-compose.yml", () => {
  const compose = parse(read("deploy/cluster/docker-compose.yml"), { merge: true });
  const toml = read("deploy/cluster/restate.toml");
  const services: Record<string, any> = compose.services;
  const nodes = Object.entries(services).filter(([name]) => /^restate-\d+$/.test(name));
  const setting = (key: string) => new RegExp(`^${key}\\s*=\\s*(.+)$`, "m").exec(toml)?.[1]?.trim();
  const section = (name: string) => toml.split(/^\[/m).find((s) => s.startsWith(`${name}]`)) ?? "";

  it("runs three Restate nodes of the version the npm package brings", () => {
    const version = JSON.parse(read("node_modules/@restatedev/restate-server/package.json")).version;
    expect(nodes.map(([name]) => name)).toEqual(["restate-1", "restate-2", "restate-3"]);
    for (const [, node] of nodes) expect(node.image).toBe(`docker.restate.dev/restatedev/restate:${version}`);
    expect(services.provision.image).toBe(`docker.restate.dev/restatedev/restate:${version}`);
  });

  it("gives every node the same configuration file, so one cluster name, and its own name, id and address", () => {
    expect(setting("cluster-name")).toBe('"restate-commerce"');
    for (const [name, node] of nodes) {
      expect(node.command).toEqual(["--config-file", "/etc/restate/restate.toml"]);
      expect(node.volumes).toContain("./restate.toml:/etc/restate/restate.toml:ro");
      expect(node.environment.RESTATE_CLUSTER_NAME).toBeUndefined();
      expect(node.environment.RESTATE_NODE_NAME).toBe(name);
      expect(node.environment.RESTATE_FORCE_NODE_ID).toBe(name.split("-")[1]);
      expect(node.environment.RESTATE_ADVERTISED_ADDRESS).toBe(`http://${name}:5122`);
      expect(node.volumes).toContain(`${name}-data:/restate-data`);
    }
  });

  it("replicates metadata and log with factor 2 and leaves provisioning to restatectl", () => {
    expect(setting("default-replication")).toBe("2");
    expect(setting("auto-provision")).toBe("false");
    expect(section("bifrost")).toMatch(/^default-provider = "replicated"$/m);
    expect(section("metadata-client")).toMatch(/^type = "replicated"$/m);
    const advertised = nodes.map(([, node]) => node.environment.RESTATE_ADVERTISED_ADDRESS);
    for (const [, node] of nodes) {
      expect(JSON.parse(node.environment.RESTATE_METADATA_CLIENT__ADDRESSES)).toEqual(advertised);
      expect(node.environment.RESTATE_AUTO_PROVISION ?? "false").toBe("false");
    }
    const provision = services.provision.command.join(" ");
    expect(provision).toContain(`restatectl --address ${advertised.join(",")} provision --yes`);
    expect(provision).toMatch(/^until .*; do .*sleep \d+; done$/);
    expect(Object.keys(services.provision.depends_on).sort()).toEqual(nodes.map(([name]) => name));
  });

  it("checks the health of every long-running service", () => {
    const oneShots = ["provision", "migrate", "register"];
    for (const [name, service] of Object.entries(services)) {
      if (oneShots.includes(name)) expect(service.restart, name).toBe("no");
      else expect(service.healthcheck?.test, `${name} has no healthcheck`).toBeDefined();
    }
    for (const [, node] of nodes) expect(node.healthcheck.test).toEqual(["CMD", "curl", "-sf", "http://localhost:9070/health"]);
  });

  it("registers the balanced endpoints through one node's admin API, retrying until it is accepted", () => {
    const register = services.register.command.join(" ");
    expect(register).toMatch(/^until curl -sf -X POST http:\/\/restate-1:9070\/deployments /);
    expect(register).toContain(`"uri":"http://lb:${composeLayout.endpointsBind.split(":").at(-1)}"`);
    expect(register).toContain('"force":true');
    expect(register).toMatch(/; do .*sleep \d+; done$/);
    expect(services.register.depends_on.provision.condition).toBe("service_completed_successfully");
    for (const app of ["app-1", "app-2"]) expect(services.register.depends_on[app].condition).toBe("service_healthy");
  });

  it("balances with the HAProxy configuration test:cluster generates, over the compose services", () => {
    expect(read("deploy/cluster/haproxy.cfg")).toBe(haproxyConfig(composeLayout));
    expect(services.lb.volumes).toContain("./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
    expect(composeLayout.endpoints.map((e) => e.split(":")[0])).toEqual(Object.keys(services).filter((n) => n.startsWith("app-")));
    expect(composeLayout.ingresses).toEqual(nodes.map(([name]) => `${name}:8080`));
    for (const app of ["app-1", "app-2"]) expect(services[app].environment.PORT).toBe(composeLayout.endpoints[0]!.split(":")[1]);
  });

  it("signs Restate's calls to the endpoints and makes the endpoints require the key", () => {
    for (const [, node] of nodes) {
      expect(node.secrets).toContain("restate_identity");
      expect(node.environment.RESTATE_WORKER__INVOKER__REQUEST_IDENTITY_PRIVATE_KEY_PEM_FILE).toBe("/run/secrets/restate_identity");
    }
    expect(compose.secrets.restate_identity.file).toMatch(/\.pem$/);
    expect(read(".gitignore").split("\n")).toContain("*.pem");
    for (const app of ["app-1", "app-2"])
      expect(services[app].environment.RESTATE_IDENTITY_KEYS).toMatch(/^\$\{RESTATE_IDENTITY_KEYS:\?.+\}$/);
  });

  it("keeps the admin API on loopback and uses only documented variables for the endpoints and the API", () => {
    expect(services["restate-1"].ports).toEqual(["127.0.0.1:9070:9070"]);
    for (const name of ["restate-2", "restate-3"]) expect(services[name].ports).toBeUndefined();
    const envExample = new Set(
      read(".env.example")
        .split("\n")
        .filter((l) => /^[A-Z_0-9]+=/.test(l))
        .map((l) => l.split("=")[0]),
    );
    for (const name of Object.keys(services["app-1"].environment)) expect(envExample).toContain(name);
    for (const name of Object.keys(services["api-1"].environment)) expect(envExample).toContain(name);
  });

  it("publishes the API through the balancer, and neither the ingress nor any other port beyond the host's loopback", () => {
    const apiPort = composeLayout.api!.bind.split(":").at(-1);
    expect(services.lb.ports).toEqual([`${apiPort}:${apiPort}`]);
    for (const [name, service] of Object.entries(services)) {
      if (name === "lb") continue;
      for (const mapping of (service.ports ?? []) as string[]) expect(mapping, `${name} publishes ${mapping}`).toMatch(/^127\.0\.0\.1:/);
    }
    const apis = Object.keys(services).filter((n) => /^api-\d+$/.test(n));
    expect(apis.length).toBeGreaterThanOrEqual(2);
    for (const api of apis) expect(services[api].ports, `${api} is reached through the balancer`).toBeUndefined();
    expect(composeLayout.api!.servers).toEqual(apis.map((api) => `${api}:${services[api].environment.API_PORT}`));
    // The balancer's ingress frontend exists for the API servers only: nothing publishes it.
    expect(composeLayout.ingressBind.split(":").at(-1)).not.toBe(apiPort);
    expect(read("deploy/cluster/haproxy.cfg")).toMatch(/^frontend public_api\n {2}bind :3000\n {2}default_backend api$/m);
  });

  it("gives the API servers and the endpoints the API's credential, required", () => {
    for (const name of ["app-1", "app-2", "api-1", "api-2"]) {
      expect(services[name].environment.API_CALLER_KEY, name).toMatch(/^\$\{API_CALLER_KEY:\?.+\}$/);
    }
  });
});
