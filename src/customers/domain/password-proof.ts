import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * Sign-in without the password hash ever leaving the Customer object. The API asks for the hash's
 * parameters (algorithm, cost, salt — the PHC string without its key), derives the key from the
 * attempt itself (scrypt's 128 MiB stay in the API process, off the Restate endpoint) and sends a
 * proof: an HMAC of what it asks for, keyed with that derived key. The object, which holds the real
 * key, computes the same HMAC and compares in constant time. The journal therefore holds neither
 * the hash nor anything that works twice: a proof is bound to the one session (or check) it names.
 */

const PHC = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

export interface ParsedPasswordHash {
  logN: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

export function parsePasswordHash(phc: string): ParsedPasswordHash | undefined {
  const parts = PHC.exec(phc);
  if (!parts) return undefined;
  const [, logN, r, p, salt, key] = parts;
  return { logN: Number(logN), r: Number(r), p: Number(p), salt: Buffer.from(salt!, "base64"), key: Buffer.from(key!, "base64") };
}

/** The PHC string without its key (`scrypt$ln=17,r=8,p=1$<salt>`): what anyone may know, the salt included. */
export const passwordParametersOf = (phc: string): string => phc.slice(0, phc.lastIndexOf("$"));

export const PasswordParameters = z
  .string()
  .max(200)
  .regex(/^scrypt\$ln=\d{1,2},r=\d{1,2},p=\d{1,2}\$[A-Za-z0-9+/]+={0,2}$/, "must be scrypt parameters in PHC form, without the key");

/** HMAC-SHA256 in base64url: 43 characters. */
export const PasswordProof = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "must be a password proof (43 base64url characters)");

/** What a proof opens: one session (its id and the hash of its secret), or one check (a nonce). */
export const sessionPurpose = (grant: { id: string; secretHash: string }) => `session\n${grant.id}\n${grant.secretHash}`;
export const checkPurpose = (nonce: string) => `check\n${nonce}`;
/** A password change: the proof of the current password names the new hash, so it sets no other. */
export const changePurpose = (newPasswordHash: string) => `change\n${newPasswordHash}`;

export const proofOf = (derivedKey: Buffer, purpose: string): string =>
  createHmac("sha256", derivedKey).update(purpose).digest("base64url");

/** Whether the proof was made with the key this hash holds, for this purpose; in constant time. */
export function proofMatches(phc: string | undefined, purpose: string, proof: string): boolean {
  const parsed = phc === undefined ? undefined : parsePasswordHash(phc);
  if (!parsed) return false;
  const expected = Buffer.from(proofOf(parsed.key, purpose));
  const presented = Buffer.from(proof);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
