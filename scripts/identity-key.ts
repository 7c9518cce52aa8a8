/**
 * `npm run identity-key -- [--out restate-identity.pem]`: creates the Ed25519 key a Restate server
 * signs its calls to the service endpoints with, and prints the public key for the endpoints'
 * RESTATE_IDENTITY_KEYS. An existing file is never overwritten: its public key is printed instead.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { newIdentityKey, publicKeyOf } from "./lib/identity-key.ts";

const { values } = parseArgs({ options: { out: { type: "string", default: "restate-identity.pem" } } });
const file = values.out;

if (existsSync(file)) {
  console.log(`${file} exists; its public key:\n${publicKeyOf(readFileSync(file, "utf8"))}`);
} else {
  const key = newIdentityKey();
  writeFileSync(file, key.privateKeyPem, { mode: 0o600, flag: "wx" });
  console.log(`private key written to ${file} (mode 600; give it to the Restate servers only)`);
  console.log(`RESTATE_IDENTITY_KEYS=${key.publicKey}`);
}
