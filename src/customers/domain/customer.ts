import { z } from "zod";
import { ShippingAddress } from "../../platform/domain/address.ts";
import { conflict, invalid, notFound } from "../../platform/domain/domain-errors.ts";
import { freeText } from "../../platform/domain/text.ts";
import { isCommonPassword } from "./common-passwords.ts";
import { PasswordProof } from "./password-proof.ts";

export const ROLES = ["customer", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const Role = z.enum(ROLES, { message: "must be customer or admin" });

/** Every new account starts at the lowest tier; tiers move with purchase history later. */
export const DEFAULT_LOYALTY_TIER = "bronze";

/** Limits that keep one object's state small (design rule 12). */
export const MAX_ADDRESSES = 20;
export const MAX_SESSIONS = 10;

/** One spelling per mailbox: surrounding blanks and letter case never make a second account. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Trimmed and lower-cased as it is read (the same as normaliseEmail), and still a plain JSON Schema string.
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .pipe(z.email("must be a valid email address"));

export const CUSTOMER_ID = /^cus_[0-9a-f]{32}$/;
export const CustomerId = z.string().regex(CUSTOMER_ID, "must be a customer id such as cus_ followed by 32 hex digits");

/** `cus_` and the 32 hex digits of a UUID drawn inside a handler (`ctx.rand`, so replays agree). */
export const customerIdFrom = (uuid: string) => `cus_${uuid.replace(/-/g, "")}`;
export const addressIdFrom = (uuid: string) => `adr_${uuid.replace(/-/g, "").slice(0, 20)}`;

export const ADDRESS_ID = /^adr_[0-9a-f]{20}$/;
export const AddressId = z.string().regex(ADDRESS_ID, "must be an address id such as adr_ followed by 20 hex digits");

export const SESSION_ID = /^[A-Za-z0-9_-]{22}$/;
export const SessionId = z.string().regex(SESSION_ID, "must be a session id (22 base64url characters)");

/** SHA-256 of a refresh-token secret, hex. The secret itself never reaches Restate. */
export const SecretHash = z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 hash in hex");

/** A memory-hard KDF result in PHC form (`scrypt$ln=…,r=…,p=…$salt$hash`); made by the API, never the password. */
export const PasswordHash = z
  .string()
  .max(300, "must be at most 300 characters")
  .regex(/^scrypt\$ln=\d{1,2},r=\d{1,2},p=\d{1,2}\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/, "must be a scrypt hash in PHC form");

export const CustomerName = freeText("name", 200);

export const PASSWORD_RULE = "at least 10 characters, not only spaces, and not one of the most common passwords";

/**
 * NIST SP 800-63B: length, and not a known-common password; no composition rules. Any character
 * counts and nothing is trimmed (spaces inside passphrases are welcome), but a password of blanks
 * alone is refused. The cap bounds the KDF's work.
 */
export const Password = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(200, "must be at most 200 characters")
  .refine((p) => p.trim().length > 0, "must not be only whitespace")
  .refine((p) => !isCommonPassword(p), "is one of the most commonly used passwords (attackers try those first); choose another");

export const AddressInput = ShippingAddress.extend({
  label: freeText("label", 50).optional(),
  name: freeText("name", 200),
});
export type AddressInput = z.infer<typeof AddressInput>;

export const Address = AddressInput.extend({ id: z.string() });
export type Address = z.infer<typeof Address>;

export const Profile = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  loyaltyTier: z.string(),
  /** ISO 8601. */
  createdAt: z.string(),
});
export type Profile = z.infer<typeof Profile>;

/** Customer.get: the profile with the saved addresses. */
export const CustomerView = Profile.extend({ addresses: z.array(Address) });

/**
 * What the API needs to derive a sign-in's key: the hash's parameters and salt, never its key. The
 * password never comes here, and the hash never leaves (see password-proof.ts).
 */
export const SignInDetails = z.object({ customer: Profile, passwordParameters: z.string() });

export const RefreshResult = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("rotated"), customer: Profile }),
  z.object({ outcome: z.literal("rejected") }),
]);
export type RefreshResult = z.infer<typeof RefreshResult>;

export interface Session {
  secretHash: string;
  createdAt: number;
  /** Absolute: rotation never extends a sign-in beyond its lifetime. */
  expiresAt: number;
  /** The secrets rotated away most recently (hashes): one presented again is a replayed token. */
  previousSecretHashes?: string[];
  /** When the current secret replaced the last of previousSecretHashes (epoch ms): the grace runs from here. */
  rotatedAt?: number;
}

/** How many rotated-away secrets a session remembers for reuse detection; an older one is merely wrong. */
export const REMEMBERED_ROTATIONS = 10;
export type Sessions = Record<string, Session>;

/** A session the API opens: the id it put into the refresh token, the hash of its secret, its lifetime. */
export const SessionGrant = z.strictObject({
  id: SessionId,
  secretHash: SecretHash,
  ttlSeconds: z
    .number()
    .int()
    .min(60, "ttlSeconds must be at least 60")
    .max(366 * 86_400, "ttlSeconds must be at most a year"),
});
export type SessionGrant = z.infer<typeof SessionGrant>;

/** Opens a session for whoever proves the password: the proof is bound to this session's id and secret hash. */
export const StartSessionInput = SessionGrant.extend({ proof: PasswordProof });
export type StartSessionInput = z.infer<typeof StartSessionInput>;

/** Whether a password is the account's, proven for this nonce (the admin bootstrap asks before it would replace it). */
export const CheckPasswordInput = z.strictObject({
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "must be 16-64 base64url characters"),
  proof: PasswordProof,
});
export type CheckPasswordInput = z.infer<typeof CheckPasswordInput>;

export const RegisterInput = z.strictObject({ name: CustomerName, passwordHash: PasswordHash, session: SessionGrant });
export type RegisterInput = z.infer<typeof RegisterInput>;

export const CreateCustomerInput = z.strictObject({
  email: Email,
  name: CustomerName,
  passwordHash: PasswordHash,
  role: Role,
  session: SessionGrant.optional(),
});
export type CreateCustomerInput = z.infer<typeof CreateCustomerInput>;

export const BootstrapAdminInput = z.strictObject({
  name: CustomerName,
  passwordHash: PasswordHash,
  /** Set the password of an existing account too (it no longer matches the configured one). */
  replacePassword: z.boolean(),
});
export type BootstrapAdminInput = z.infer<typeof BootstrapAdminInput>;

export const GrantAdminInput = z.strictObject({ passwordHash: PasswordHash.optional() });
export type GrantAdminInput = z.infer<typeof GrantAdminInput>;

/** The longest grace a just-rotated refresh token may have (the API's REFRESH_TOKEN_REUSE_GRACE_SECONDS). */
export const MAX_REUSE_GRACE_SECONDS = 300;

export const RefreshInput = z.strictObject({
  sessionId: SessionId,
  secretHash: SecretHash,
  /** The successor's hash. The API derives the successor from the presented secret, so presenting it twice names the same successor. */
  nextSecretHash: SecretHash,
  graceSeconds: z.number().int().min(0).max(MAX_REUSE_GRACE_SECONDS, `graceSeconds must be at most ${MAX_REUSE_GRACE_SECONDS}`),
});
export type RefreshInput = z.infer<typeof RefreshInput>;

/** Signing out needs the session's secret (its hash), not just its id: the id is in every access token. */
export const EndSessionInput = z.strictObject({ sessionId: SessionId, secretHash: SecretHash });
export type EndSessionInput = z.infer<typeof EndSessionInput>;

/** A new password, for whoever proves the current one; every session but `keepSessionId` ends. */
export const ChangePasswordInput = z.strictObject({
  proof: PasswordProof,
  newPasswordHash: PasswordHash,
  keepSessionId: SessionId.optional(),
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;

export const UpdateProfileInput = z.strictObject({ name: CustomerName });
export type UpdateProfileInput = z.infer<typeof UpdateProfileInput>;

export const RemoveAddressInput = z.strictObject({ id: AddressId });
export const SetRoleInput = z.strictObject({ role: Role });

export function checkCustomerKey(key: string): void {
  if (!CUSTOMER_ID.test(key)) throw invalid("customer id (the key) must be cus_ followed by 32 hex digits");
}

/** The email index is keyed by the normalised address, so one mailbox is one key and one writer. */
export function checkEmailKey(key: string): void {
  const parsed = Email.safeParse(key);
  if (!parsed.success || parsed.data !== key)
    throw invalid("email (the key) must be a valid email address in lower case without surrounding blanks");
}

export function newProfile(id: string, input: CreateCustomerInput, now: number): Profile {
  return {
    id,
    email: input.email,
    name: input.name,
    role: input.role,
    loyaltyTier: DEFAULT_LOYALTY_TIER,
    createdAt: new Date(now).toISOString(),
  };
}

export function requireProfile(profile: Profile | null, id: string): Profile {
  if (!profile) throw notFound(`customer ${id} not found`);
  return profile;
}

export function addAddress(addresses: Address[], address: Address): Address[] {
  if (addresses.length >= MAX_ADDRESSES) throw conflict(`a customer keeps at most ${MAX_ADDRESSES} addresses; delete one first`);
  return [...addresses, address];
}

export function removeAddress(addresses: Address[], id: string): Address[] {
  if (!addresses.some((a) => a.id === id)) throw notFound(`address ${id} not found`);
  return addresses.filter((a) => a.id !== id);
}

const live = (sessions: Sessions, now: number): Sessions =>
  Object.fromEntries(Object.entries(sessions).filter(([, s]) => s.expiresAt > now));

/** Opens a session; expired ones go, and past the cap the oldest sign-in is signed out. */
export function openSession(sessions: Sessions, grant: SessionGrant, now: number): Sessions {
  const kept = Object.entries(live(sessions, now))
    .filter(([id]) => id !== grant.id)
    .sort(([, a], [, b]) => a.createdAt - b.createdAt)
    .slice(-(MAX_SESSIONS - 1));
  return Object.fromEntries([
    ...kept,
    [grant.id, { secretHash: grant.secretHash, createdAt: now, expiresAt: now + grant.ttlSeconds * 1000 }],
  ]);
}

export type RotationOutcome =
  | { outcome: "rotated"; sessions: Sessions }
  /** A secret that was current once but was rotated away: someone replays a stolen or stale token. */
  | { outcome: "reused"; sessions: Sessions }
  /** No such session, or a secret it never had: nothing changes (whoever sent it holds no token of it). */
  | { outcome: "unknown"; sessions: Sessions };

/**
 * Refresh-token rotation with reuse detection. A live session presented with one of its recently
 * rotated-away secrets means an old token is in play: the whole session ends, for the thief and the
 * owner alike, and the owner signs in again. A secret the session never had proves nothing — the
 * session id alone is in every access token — so it changes nothing.
 *
 * One exception, the grace: the secret rotated away last, presented again within `graceSeconds` of
 * its rotation and naming the successor that is current, is answered as rotated again, changing
 * nothing. Two tabs sharing one cookie refresh at once, or a client retries a refresh whose answer
 * was lost: both get the same successor. Any older secret, or the last one after the grace, is reuse.
 */
export function rotateSession(sessions: Sessions, input: RefreshInput, now: number): RotationOutcome {
  const current = live(sessions, now);
  const session = current[input.sessionId];
  if (!session) return { outcome: "unknown", sessions: current };
  const { [input.sessionId]: _ended, ...others } = current;
  if (session.secretHash === input.secretHash) {
    const previousSecretHashes = [...(session.previousSecretHashes ?? []), session.secretHash].slice(-REMEMBERED_ROTATIONS);
    return {
      outcome: "rotated",
      sessions: { ...others, [input.sessionId]: { ...session, secretHash: input.nextSecretHash, previousSecretHashes, rotatedAt: now } },
    };
  }
  if (withinGrace(session, input, now)) return { outcome: "rotated", sessions: current };
  if (session.previousSecretHashes?.includes(input.secretHash)) return { outcome: "reused", sessions: others };
  return { outcome: "unknown", sessions: current };
}

function withinGrace(session: Session, input: RefreshInput, now: number): boolean {
  return (
    session.previousSecretHashes?.at(-1) === input.secretHash &&
    session.secretHash === input.nextSecretHash &&
    session.rotatedAt !== undefined &&
    now - session.rotatedAt < input.graceSeconds * 1000
  );
}

/** Signs every session out but one (a password change keeps the session that made it). */
export function keepOnlySession(sessions: Sessions, keep: string | undefined, now: number): Sessions {
  const current = live(sessions, now);
  return keep !== undefined && current[keep] ? { [keep]: current[keep] } : {};
}

/** Signs a session out for whoever holds its secret, current or recently rotated; anyone else changes nothing. */
export function endSession(sessions: Sessions, input: EndSessionInput, now: number): Sessions {
  const current = live(sessions, now);
  const session = current[input.sessionId];
  if (!session || (session.secretHash !== input.secretHash && !session.previousSecretHashes?.includes(input.secretHash))) return current;
  const { [input.sessionId]: _ended, ...others } = current;
  return others;
}

/** A client's Idempotency-Key as Restate's ingress takes it. */
export const IdempotencyKey = z
  .string()
  .min(1, "must not be empty")
  .max(255, "must be at most 255 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

/**
 * Which cart is the customer's: `<customerId>-<generation>`. Checkouts no longer move a customer on
 * (a submitted checkout empties its cart), so the generation is the one an account had when that
 * changed; new accounts keep 1.
 */
export interface CartPointer {
  generation: number;
}

export const cartIdOf = (customerId: string, generation: number) => `${customerId}-${generation}`;

/** The account a cart of the HTTP API belongs to (`<customerId>-<generation>`); other carts have none. */
export const cartOwner = (cartId: string): string | undefined => /^(cus_[0-9a-f]{32})-\d+$/.exec(cartId)?.[1];
export const firstCart = (): CartPointer => ({ generation: 1 });

/** The cart to use, with what a checkout needs to know about the customer. */
export const CurrentCart = z.object({ cartId: z.string(), customer: Profile, addresses: z.array(Address) });
