import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { ApiEnv } from "../context.ts";

/**
 * Browsers keep the refresh token in an HttpOnly cookie, so every tab of the shop shares one
 * session and no page script ever reads the token. A page asks for the cookie with the
 * `X-Refresh-Cookie` header, naming its audience: the storefront and the admin dashboard sign in
 * separately, so each has its own cookie. Requiring the header (with the JSON content type the
 * routes already demand) keeps cross-site forms and simple requests from using the cookie: a
 * custom header needs a CORS preflight, which this API never grants (docs/security.md).
 */
export const AUDIENCES = ["shop", "admin"] as const;
export type Audience = (typeof AUDIENCES)[number];

export const RefreshCookieHeader = z.object({
  "x-refresh-cookie": z
    .enum(AUDIENCES, { message: "must be shop or admin" })
    .optional()
    .openapi({ description: "Browsers: keep the refresh token in the HttpOnly cookie of this audience instead of the answer's body" }),
});

// `__Secure-`: a browser takes the cookie only from a secure origin (HTTPS, or loopback), with Secure set.
export const cookieName = (audience: Audience) => `__Secure-rc-${audience}-refresh`;
const PATH = "/auth";

export function readRefreshCookie(c: Context<ApiEnv>, audience: Audience): string | undefined {
  return getCookie(c, cookieName(audience));
}

export function setRefreshCookie(c: Context<ApiEnv>, audience: Audience, refreshToken: string): void {
  setCookie(c, cookieName(audience), refreshToken, {
    path: PATH,
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    maxAge: c.var.deps.config.REFRESH_TOKEN_TTL_SECONDS,
  });
}

export function clearRefreshCookie(c: Context<ApiEnv>, audience: Audience): void {
  deleteCookie(c, cookieName(audience), { path: PATH, httpOnly: true, secure: true, sameSite: "Strict" });
}
