import { createECDH, createPrivateKey, createPublicKey, hkdfSync, randomBytes } from "node:crypto";

/**
 * The webhook credentials of MOCK_MODE, so the mock providers can sign callbacks that go through the
 * same verification as real ones. They are derived from MOCK_WEBHOOK_SECRET, a secret of this
 * installation (`npm start` makes one and keeps it), never published: with a published secret anyone
 * could post a signed "payment succeeded" to a shop left in mock mode. Every process that signs or
 * verifies mock callbacks derives the same credentials from the same secret.
 */
export interface MockWebhookKeys {
  stripeWebhookSecret: string;
  shippoWebhookToken: string;
  shippoWebhookSecret: string;
  /** Base64 SPKI (DER) P-256 public key, as SendGrid's settings show it. */
  sendgridPublicKey: string;
  /** Base64 PKCS#8 (DER) private key the mock signs SendGrid events with. */
  sendgridPrivateKey: string;
}

const derive = (secret: string, purpose: string, length = 32) =>
  Buffer.from(hkdfSync("sha256", secret, "restate-commerce mock webhooks", purpose, length));

/** The P-256 group order: a private scalar must lie in [1, n-1]. */
const P256_ORDER = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

/** A P-256 key pair from the secret: the first derived scalar in range (all but about 2^-32 of them are). */
function sendgridKeys(secret: string): Pick<MockWebhookKeys, "sendgridPublicKey" | "sendgridPrivateKey"> {
  let d: Buffer;
  for (let attempt = 0; ; attempt++) {
    d = derive(secret, `sendgrid-p256-${attempt}`);
    const scalar = BigInt(`0x${d.toString("hex")}`);
    if (scalar > 0n && scalar < P256_ORDER) break;
  }
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const jwk = {
    kty: "EC",
    crv: "P-256",
    d: d.toString("base64url"),
    x: point.subarray(1, 33).toString("base64url"),
    y: point.subarray(33, 65).toString("base64url"),
  };
  const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
  return {
    sendgridPrivateKey: privateKey.export({ type: "pkcs8", format: "der" }).toString("base64"),
    sendgridPublicKey: createPublicKey(privateKey).export({ type: "spki", format: "der" }).toString("base64"),
  };
}

export function mockWebhookKeys(secret: string): MockWebhookKeys {
  return {
    stripeWebhookSecret: `whsec_${derive(secret, "stripe").toString("base64url")}`,
    shippoWebhookToken: derive(secret, "shippo-token").toString("hex"),
    shippoWebhookSecret: derive(secret, "shippo-hmac").toString("hex"),
    ...sendgridKeys(secret),
  };
}

/** A secret for a process started without MOCK_WEBHOOK_SECRET: its mock callbacks verify in that process only. */
export const processMockWebhookSecret = randomBytes(32).toString("base64url");
