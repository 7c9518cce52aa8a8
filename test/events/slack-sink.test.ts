import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EndpointServer, startEndpointServer } from "../../src/server/endpoint-server.ts";
import { ownRestateServer } from "../support/own-server.ts";
import { eventually, post } from "../support/restate.ts";

describe("operator alerts in a chat channel (Slack-compatible incoming webhook)", () => {
  let server: Awaited<ReturnType<typeof ownRestateServer>>;
  let endpoint: EndpointServer;
  let chat: http.Server;
  const messages: Array<{ text: string }> = [];
  let failNext = 0;

  beforeAll(async () => {
    chat = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (failNext > 0) {
          failNext--;
          res.writeHead(500).end();
          return;
        }
        messages.push(JSON.parse(body));
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => chat.listen(0, "127.0.0.1", resolve));
    server = await ownRestateServer();
    endpoint = await startEndpointServer({
      port: 0,
      host: "127.0.0.1",
      env: {
        ...process.env,
        MOCK_MODE: "true",
        MOCK_WEBHOOKS: "false",
        MOCK_LEDGER_FILE: "",
        SLACK_WEBHOOK_URL: `http://127.0.0.1:${(chat.address() as AddressInfo).port}/services/T0/B0/x`,
      },
    });
    await server.register(endpoint.url);
  });

  afterAll(async () => {
    await endpoint?.close();
    await server?.dispose();
    await new Promise<void>((resolve) => chat.close(() => resolve()));
  });

  it("posts a low-stock alert once, through a failing first attempt, and marks it chatted", async () => {
    const url = server.ingressUrl;
    failNext = 1;
    await post("/InventoryItem/CHAT-1/upsert", { name: "Kettle", price: 4500, lowStockThreshold: 5 }, { url });
    await post("/InventoryItem/CHAT-1/restock", { quantity: 3 }, { url });
    const alert = await eventually(
      async () =>
        ((await post("/OperatorInbox/shop/list", undefined, { url })).body as Array<{ sku?: string; chatted?: boolean }>).find(
          (a) => a.sku === "CHAT-1",
        ),
      (a) => a?.chatted === true,
    );
    expect(alert).toMatchObject({ kind: "low_stock", emailed: true, chatted: true });
    expect(messages).toEqual([
      {
        text: expect.stringMatching(
          /^:rotating_light: \*low stock\* \(SKU CHAT-1\): CHAT-1 \(Kettle\) is low on stock: 3 available, threshold 5$/,
        ),
      },
    ]);
  });
});
