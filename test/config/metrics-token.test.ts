import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { projectRoot } from "../../scripts/lib/restate-server.ts";

const services = (file: string): Record<string, { command?: string[]; environment?: Record<string, string> }> =>
  parse(readFileSync(path.join(projectRoot, file), "utf8"), { merge: true }).services;

describe("deployment files set METRICS_TOKEN", () => {
  it.each(["docker-compose.yml", "deploy/cluster/docker-compose.yml"])("%s: every API and endpoint service requires one", (file) => {
    const all = services(file);
    const serving = Object.entries(all).filter(([, s]) => s.command?.includes("src/api/api-main.ts") || s.environment?.PORT === "9080");
    expect(serving.length).toBeGreaterThanOrEqual(2);
    for (const [name, service] of serving) {
      // `${METRICS_TOKEN:?…}`: compose refuses to start without it, rather than serving metrics to anyone.
      expect(service.environment?.METRICS_TOKEN, name).toMatch(/^\$\{METRICS_TOKEN:\?.+\}$/);
    }
  });
});
