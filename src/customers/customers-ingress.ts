import type { IngressClient } from "@restatedev/restate-sdk-clients";
import type { VirtualObject } from "@restatedev/restate-sdk-core";
import { noInput, object } from "../platform/restate/ingress-contract.ts";
import type { Customer } from "./customer-object.ts";
import type { EmailIndex } from "./email-index.ts";
import type { SmsNumbers } from "./sms-numbers.ts";
import type { SmsSubscription } from "./sms-subscription.ts";
import type { Wishlist } from "./wishlist-object.ts";

export const CustomerApi = object<typeof Customer>("Customer", noInput("currentCart", "get", "loyalty", "signInDetails"));
export const EmailIndexApi = object<typeof EmailIndex>("EmailIndex", noInput("lookup"));
export const WishlistApi = object<typeof Wishlist>("Wishlist", noInput("get"));
export const SmsSubscriptionApi = object<typeof SmsSubscription>("SmsSubscription", noInput("get"));
export const SmsNumbersApi = object<typeof SmsNumbers>("SmsNumbers");

/** A customer's typed client, as the API holds it while it acts for them. */
export type CustomerClient = IngressClient<VirtualObject<typeof Customer>>;
