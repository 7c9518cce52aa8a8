import { ApiClient } from "../lib/api.ts";

/** The admin dashboard's own sign-in (its own refresh cookie), kept apart from the storefront's. */
export const admin = new ApiClient("admin");
