import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SHIPPO_TOKEN_DIGEST_HEADER, shippoTokenDigest } from "../../src/providers/webhooks/shippo-token.ts";
import { verifyShippo } from "../../src/providers/webhooks/verify-webhook.ts";

const credentials = { shippoWebhookToken: "a-long-random-shippo-token", shippoWebhookSecret: "hmac-secret", toleranceSeconds: 300 };

function check(tokenHeaders: Record<string, string>) {
  const raw = Buffer.from(JSON.stringify({ event: "track_updated" }));
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", credentials.shippoWebhookSecret).update(`${t}.`).update(raw).digest("hex");
  return verifyShippo(
    raw,
    new Map(Object.entries({ ...tokenHeaders, "shippo-auth-signature": `t=${t},v1=${v1}` })),
    credentials,
    Date.now(),
  );
}

// The journal-facing side (the token never reaches Restate through the API) is tested in test/api/webhooks.test.ts.
describe("Shippo's token, as Shippo sends it or as its digest", () => {
  it("accepts the token itself (trusted clients straight to the ingress) or its SHA-256 (the API and the mocks), and nothing else", () => {
    expect(check({ "x-shippo-token": credentials.shippoWebhookToken })).toEqual({ ok: true });
    expect(check({ [SHIPPO_TOKEN_DIGEST_HEADER]: shippoTokenDigest(credentials.shippoWebhookToken) })).toEqual({ ok: true });
    expect(check({ [SHIPPO_TOKEN_DIGEST_HEADER]: shippoTokenDigest(credentials.shippoWebhookToken).toUpperCase() })).toEqual({ ok: true });
    expect(check({ [SHIPPO_TOKEN_DIGEST_HEADER]: shippoTokenDigest("another-token") })).toMatchObject({
      ok: false,
      reason: "invalid shippo webhook token",
    });
    // The digest of the token is not the token: sent as the token, it is refused.
    expect(check({ "x-shippo-token": shippoTokenDigest(credentials.shippoWebhookToken) })).toMatchObject({
      ok: false,
      reason: "invalid shippo webhook token",
    });
    expect(check({})).toMatchObject({ ok: false, reason: "missing shippo webhook token" });
  });
});
