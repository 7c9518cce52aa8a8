import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";

/**
 * Restate's request identity: the server signs every call to a service endpoint with an Ed25519
 * private key (`worker.invoker.request-identity-private-key-pem-file`), and the endpoint accepts only calls
 * signed by a key it lists (RESTATE_IDENTITY_KEYS). The public key travels in Restate's compact
 * form: `publickeyv1_` + base58 of the 32 raw key bytes, the `kid` the server logs when it loads
 * the key.
 */
export interface IdentityKey {
  /** PKCS #8 PEM, for the Restate server only: a secret. */
  privateKeyPem: string;
  /** `publickeyv1_…`, for the endpoints' RESTATE_IDENTITY_KEYS. */
  publicKey: string;
}

export function newIdentityKey(): IdentityKey {
  const { privateKey } = generateKeyPairSync("ed25519");
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return { privateKeyPem, publicKey: publicKeyOf(privateKeyPem) };
}

/** The `publickeyv1_…` form of the public half of an Ed25519 private key in PEM. */
export function publicKeyOf(privateKeyPem: string): string {
  const jwk = createPublicKey(createPrivateKey(privateKeyPem)).export({ format: "jwk" });
  if (jwk.crv !== "Ed25519" || typeof jwk.x !== "string") throw new Error("the request identity key must be an Ed25519 key");
  return `publickeyv1_${base58(Buffer.from(jwk.x, "base64url"))}`;
}

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Base58 (Bitcoin alphabet): leading zero bytes become "1", the rest is the number in base 58. */
function base58(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = n * 256n + BigInt(b);
  let digits = "";
  while (n > 0n) {
    digits = ALPHABET[Number(n % 58n)] + digits;
    n /= 58n;
  }
  const zeros = bytes.findIndex((b) => b !== 0);
  return "1".repeat(zeros < 0 ? bytes.length : zeros) + digits;
}
