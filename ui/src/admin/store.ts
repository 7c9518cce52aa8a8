import { ApiClient } from "../lib/api.ts";

/** The admin dashboard's own sign-in, kept apart from the storefront's in the same tab. */
export const admin = new ApiClient("restate-commerce.admin.refresh");
