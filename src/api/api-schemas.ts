import { z } from "@hono/zod-openapi";
import { AddressInput, CustomerName, Email, Password, ROLES, SetRoleInput, UpdateProfileInput } from "../customers/domain/customer.ts";
import { CODE_BY_STATUS } from "./api-errors.ts";
import { REFRESH_TOKEN_PATTERN } from "./auth/tokens.ts";

// Request bodies: the domain's fields, named for the OpenAPI document. (Schemas built before
// @hono/zod-openapi loaded lack `.openapi()`, so domain objects are rewrapped from their shapes.)

export const RegisterBody = z
  .strictObject({ email: Email, password: Password, name: CustomerName })
  .openapi("RegisterRequest", { example: { email: "ada@example.com", password: "correct horse battery", name: "Ada Lovelace" } });

export const LoginBody = z
  .strictObject({
    email: Email,
    // Not the registration rule: a sign-in only needs to reach the password check.
    password: z.string().min(1, "must not be empty").max(200, "must be at most 200 characters"),
  })
  .openapi("LoginRequest", { example: { email: "ada@example.com", password: "correct horse battery" } });

export const RefreshBody = z
  .strictObject({
    refreshToken: z
      .string()
      .regex(new RegExp(REFRESH_TOKEN_PATTERN), "must be a refresh token issued by this API")
      .optional()
      .openapi({ description: "Required, unless a browser sends the refresh cookie (with X-Refresh-Cookie) and `{}`" }),
  })
  .openapi("RefreshTokenRequest");

export const ChangePasswordBody = z
  .strictObject({
    // Not the new-password rule: the current one only needs to reach the check (as at sign-in).
    currentPassword: z.string().min(1, "must not be empty").max(200, "must be at most 200 characters"),
    newPassword: Password,
  })
  .openapi("ChangePasswordRequest", {
    example: { currentPassword: "correct horse battery", newPassword: "a longer passphrase than before" },
  });

export const UpdateMeBody = z.strictObject(UpdateProfileInput.shape).openapi("UpdateProfileRequest", { example: { name: "Ada King" } });
export const AddressBody = z.strictObject(AddressInput.shape).openapi("AddressRequest", {
  example: { label: "Home", name: "Ada Lovelace", street: "1 Analytical Way", city: "London", state: "LDN", zip: "10001", country: "US" },
});
export const SetRoleBody = z.strictObject(SetRoleInput.shape).openapi("SetRoleRequest", { example: { role: "admin" } });

// Answers.

export const RoleSchema = z.enum(ROLES).openapi("Role");

export const CustomerSummary = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: RoleSchema })
  .openapi("CustomerSummary");

export const Profile = z
  .object({
    id: z.string().openapi({ example: "cus_0f8fad5bd9cb469fa16570867728950e" }),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    loyaltyTier: z.string().openapi({ example: "bronze" }),
    createdAt: z.string().openapi({ description: "ISO 8601", example: "2026-01-31T12:00:00.000Z" }),
  })
  .openapi("Profile");

export const Tokens = z
  .object({
    customer: CustomerSummary,
    accessToken: z.string().openapi({ description: "JWT (HS256) for `Authorization: Bearer`; short-lived (ACCESS_TOKEN_TTL_SECONDS)" }),
    refreshToken: z.string().optional().openapi({
      description:
        "Single use: each refresh returns a new one and retires this one. Absent when X-Refresh-Cookie asked for the cookie, which then carries it",
    }),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number().int().openapi({ description: "Seconds until the access token expires" }),
  })
  .openapi("Tokens");

export const Address = z
  .object({
    id: z.string().openapi({ example: "adr_9b2c4f0e1d3a5b7c9e1f" }),
    label: z.string().optional(),
    name: z.string(),
    street: z.string(),
    city: z.string(),
    state: z.string(),
    zip: z.string(),
    country: z.string(),
  })
  .openapi("Address");

export const AddressList = z
  .object({ items: z.array(Address), page: z.number().int(), limit: z.number().int(), total: z.number().int() })
  .openapi("AddressList");

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ description: "snake_case, stable", example: "invalid_input" }),
      message: z.string().openapi({ description: "Names the field and the rule", example: "password: must be at least 10 characters" }),
      field: z.string().optional().openapi({ example: "password" }),
      orderNumber: z
        .string()
        .optional()
        .openapi({ description: "A failed checkout's order: it exists, failed, under this number", example: "ORD-2026-000123" }),
    }),
  })
  .openapi("Error");

const WHY: Record<number, string> = {
  400: "Invalid input: the message names the field and the rule",
  401: "No access token, or an invalid or expired one (`unauthenticated`)",
  402: "The payment was declined or failed",
  403: "Signed in, but not allowed (admin routes)",
  404: "Not found, or not yours",
  409: "Conflicts with the current state",
  413: "Body larger than API_BODY_LIMIT_BYTES",
  415: "The body must be application/json",
  422: "Cannot be shipped as asked",
  429: "Rate limited; see the Retry-After header (seconds)",
  503: "The backend is unreachable; retry",
};

/** The documented error answers of a route, all in the contract's shape. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: WHY[status] ?? CODE_BY_STATUS[status] ?? "Error", content: { "application/json": { schema: ErrorSchema } } },
    ]),
  ) as Record<number, { description: string; content: { "application/json": { schema: typeof ErrorSchema } } }>;
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });
/** A JSON body that may be left out (use with the jsonIfAny middleware). */
export const optionalJsonBody = <T extends z.ZodType>(schema: T) => ({ required: false, content: { "application/json": { schema } } });
export const jsonAnswer = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});

/** Idempotency-Key as Restate takes it: the same key on the same target answers from the first call's record. */
export const IdempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .min(1, "must not be empty")
    .max(255, "must be at most 255 characters")
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
    .optional()
    .openapi({ description: "Makes a retried write safe: the same key and body give the same answer, once" }),
});

export const BEARER = [{ bearerAuth: [] }];

/** `?page=1&limit=20` (limit at most 100), as every list of the contract takes it. */
export const ListQuery = z.object({
  page: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(1_000_000).default(1).openapi({ example: 1 }),
  limit: z.coerce
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(100, "must be at most 100")
    .default(20)
    .openapi({ example: 20 }),
});

/** One page of a list held in full: `{items, page, limit, total}`. */
export function page<T>(all: T[], query: { page: number; limit: number }) {
  const start = (query.page - 1) * query.limit;
  return { items: all.slice(start, start + query.limit), page: query.page, limit: query.limit, total: all.length };
}
