import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/restate-server.ts";
import { TEST_API_CALLER_KEY } from "../support/caller-key.ts";
import { ingressUrl } from "../support/restate.ts";
import { product, stockOf } from "../support/shop.ts";

function ingressCall(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(projectRoot, "scripts/ingress.ts"), ...args, "--url", ingressUrl()], {
      env: { ...process.env, API_CALLER_KEY: undefined, RESTATE_BASE_DIR: path.join(projectRoot, "no-such-data-dir"), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe("npm run ingress", () => {
  it("signs a call with the API's credential, as the README shows; without a key the call is refused and nothing changes", async () => {
    const sku = await product(1);
    const unsigned = await ingressCall([`/InventoryItem/${sku}/restock`, '{"quantity":5}'], {});
    expect(unsigned.code).toBe(1);
    expect(unsigned.output).toContain("HTTP 401");
    expect((await stockOf(sku)).onHand).toBe(1);

    const signed = await ingressCall([`/InventoryItem/${sku}/restock`, '{"quantity":5}'], { API_CALLER_KEY: TEST_API_CALLER_KEY });
    expect(signed.code, signed.output).toBe(0);
    expect(signed.output).toContain("HTTP 200");
    expect((await stockOf(sku)).onHand).toBe(6);
  });
});
