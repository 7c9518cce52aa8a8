import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import openapiTS, { astToString } from "openapi-typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { api, apiUrl, newCustomer } from "../support/api.ts";
import { product } from "../support/shop.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const bin = (name: string) => path.join(ROOT, "node_modules/.bin", name);
// Inside the repository, so the example resolves openapi-fetch from its node_modules.
const WORK = path.join(ROOT, "test-artifacts/typed-client");

let document: Record<string, any>;
beforeAll(async () => {
  document = (await api("GET", "/openapi.json")).body;
});

describe("the OpenAPI document, as generators and linters read it", () => {
  it("passes Redocly's recommended rules (the two documented exceptions in .redocly.lint-ignore.yaml aside)", async () => {
    // The ignore file names this path, relative to the repository.
    writeFileSync(path.join(ROOT, "test-artifacts/openapi.json"), JSON.stringify(document, null, 2));
    const lint = await run(bin("redocly"), ["lint", "test-artifacts/openapi.json", "--format=stylish"], { cwd: ROOT }).catch(
      (failed: { stdout: string; stderr: string }) => ({ ...failed, failed: true }),
    );
    expect("failed" in lint ? `${lint.stdout}\n${lint.stderr}` : "clean").toBe("clean");
  });

  it("names every operation uniquely, says which need no token, and tells where it is served", () => {
    const operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([route, item]) =>
      Object.entries(item).map(([method, op]) => ({ route, method, op })),
    );
    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operations.find((o) => o.route === "/orders/{orderNumber}" && o.method === "get")?.op.operationId).toBe(
      "getOrdersByOrderNumber",
    );
    expect(operations.every(({ op }) => Array.isArray(op.security))).toBe(true);
    expect(operations.find((o) => o.route === "/products" && o.method === "get")?.op.security).toEqual([]);
    expect(operations.find((o) => o.route === "/orders" && o.method === "post")?.op.security).toEqual([{ bearerAuth: [] }]);
    expect(document.servers).toEqual([expect.objectContaining({ url: "/" })]);
  });

  it("says 'exactly one of shippingAddressId or shippingAddress' with oneOf, and the API holds to it", async () => {
    expect(document.components.schemas.PlaceOrderRequest.oneOf).toEqual([
      { required: ["shippingAddressId"] },
      { required: ["shippingAddress"] },
    ]);
    const me = await newCustomer();
    const both = {
      shippingAddressId: "adr_00000000000000000000",
      shippingAddress: { street: "1 Main St", city: "X", state: "IL", zip: "62701", country: "US" },
    };
    const res = await api("PUT", "/cart/shipping", { token: me.accessToken, body: both });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("exactly one of shippingAddressId and shippingAddress");
  });
});

describe("a typed client generated with openapi-typescript and openapi-fetch (docs/examples/place-order.ts)", () => {
  it("type-checks against the served document and places an order", async () => {
    mkdirSync(WORK, { recursive: true });
    writeFileSync(path.join(WORK, "shop-api.d.ts"), astToString(await openapiTS(document as never)));
    copyFileSync(path.join(ROOT, "docs/examples/place-order.ts"), path.join(WORK, "place-order.ts"));
    await run(
      bin("tsc"),
      [
        "--noEmit",
        "--strict",
        "--target",
        "es2023",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--allowImportingTsExtensions",
        "--types",
        "node",
        "--skipLibCheck",
        path.join(WORK, "place-order.ts"),
      ],
      { cwd: ROOT },
    ).catch((failed: { stdout: string }) => expect.fail(`the example does not type-check:\n${failed.stdout}`));

    const sku = await product(5, 1200);
    const { stdout } = await run(process.execPath, [path.join(WORK, "place-order.ts")], {
      cwd: ROOT,
      env: { ...process.env, SHOP_API_URL: apiUrl(), SKU: sku },
    });
    const placed = JSON.parse(stdout.trim());
    expect(placed).toMatchObject({ orderNumber: expect.stringMatching(/^ORD-\d{4}-\d{6}$/), currency: "USD", lines: 1 });
    expect(["processing", "shipped", "delivered"]).toContain(placed.status);
  });

  it("is refused by the type checker when a request breaks the document (a missing paymentMethodId)", async () => {
    mkdirSync(WORK, { recursive: true });
    writeFileSync(path.join(WORK, "shop-api.d.ts"), astToString(await openapiTS(document as never)));
    writeFileSync(
      path.join(WORK, "broken.ts"),
      [
        'import createClient from "openapi-fetch";',
        'import type { paths } from "./shop-api.d.ts";',
        'const shop = createClient<paths>({ baseUrl: "http://127.0.0.1:1" });',
        'await shop.POST("/orders", { body: { shippingAddressId: "adr_00000000000000000000" } });',
      ].join("\n"),
    );
    const checked = await run(
      bin("tsc"),
      [
        "--noEmit",
        "--strict",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--allowImportingTsExtensions",
        "--types",
        "node",
        "--skipLibCheck",
        path.join(WORK, "broken.ts"),
      ],
      { cwd: ROOT },
    ).then(
      () => "accepted",
      (failed: { stdout: string }) => failed.stdout,
    );
    expect(checked).toContain("paymentMethodId");
  });
});
