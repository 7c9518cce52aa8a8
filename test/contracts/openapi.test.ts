import { describe, expect, it } from "vitest";
import { PUBLIC_HANDLERS } from "../support/ingress-surface.ts";
import { adminUrl } from "../support/restate.ts";

interface OpenApi {
  paths: Record<string, { post?: { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> } }>;
  components: {
    schemas: Record<
      string,
      { type?: string; properties?: object; required?: string[]; items?: object; anyOf?: object[]; oneOf?: object[] }
    >;
  };
}

const openapi = async (service: string): Promise<OpenApi> =>
  (await fetch(`${adminUrl()}/services/${service}/openapi`)).json() as Promise<OpenApi>;

/** Handlers that answer nothing on purpose: the contract says "Empty". */
const EMPTY_ANSWERS = new Set([
  "OperatorInbox.acknowledge",
  "Customer.endSession",
  "Customer.changePassword",
  "Customer.removeAddress",
  "WebhookSubscriptions.remove",
  "Analytics.track",
  "IdempotencyKeys.claim",
  "SmsNumbers.keyword",
  "Cart.restore",
]);

describe("the OpenAPI documents Restate serves for the public handlers", () => {
  it("describe every answer with a schema", async () => {
    for (const [service, handlers] of Object.entries(PUBLIC_HANDLERS)) {
      const document = await openapi(service);
      for (const handler of handlers) {
        const name = `${service}.${handler}`;
        const path = Object.keys(document.paths).find((p) => p.startsWith(`/restate/call/${service}/`) && p.endsWith(`/${handler}`));
        const answer = document.paths[path!]?.post?.responses["200"];
        if (EMPTY_ANSWERS.has(name)) {
          expect(answer?.content, name).toBeUndefined();
          continue;
        }
        const ref = answer?.content?.["application/json"]?.schema.$ref;
        expect(ref, `${name} declares its answer`).toBe(`#/components/schemas/${handler}Response`);
        const schema = document.components.schemas[`${handler}Response`]!;
        expect(
          schema.properties ?? schema.items ?? schema.anyOf ?? schema.oneOf ?? schema.type,
          `${name} answer schema is not empty`,
        ).toBeDefined();
      }
    }
  });

  it("require only what has no default", async () => {
    const required = async (service: string, handler: string) =>
      [...((await openapi(service)).components.schemas[`${handler}Request`]?.required ?? [])].sort();
    expect(await required("OrderOrchestrator", "refund")).toEqual(["reason"]);
    expect(await required("OrderOrchestrator", "processOrder")).toEqual(["customer", "items", "shipping"]);
    expect(await required("OrderOrchestrator", "cancel")).toEqual([]);
    expect(await required("Cart", "checkout")).toEqual(["customer", "shippingAddress"]);
    expect(await required("InventoryItem", "upsert")).toEqual(["name", "price"]);
  });
});
