import type { IngressClient } from "@restatedev/restate-sdk-clients";
import type { VirtualObject } from "@restatedev/restate-sdk-core";
import type { Customer } from "../objects/customer.ts";
import type { EmailIndex } from "../objects/email-index.ts";
import type { SmsNumbers } from "../objects/sms-numbers.ts";
import type { SmsSubscription } from "../objects/sms-subscription.ts";
import type { Wishlist } from "../objects/wishlist.ts";
import { noInput, object } from "./contract.ts";

export const CustomerApi = object<typeof Customer>("Customer", noInput("currentCart", "get", "loyalty", "signInDetails"));
export const EmailIndexApi = object<typeof EmailIndex>("EmailIndex", noInput("lookup"));
export const WishlistApi = object<typeof Wishlist>("Wishlist", noInput("get"));
export const SmsSubscriptionApi = object<typeof SmsSubscription>("SmsSubscription", noInput("get"));
export const SmsNumbersApi = object<typeof SmsNumbers>("SmsNumbers");

/** A customer's typed client, as the API holds it while it acts for them. */
export type CustomerClient = IngressClient<VirtualObject<typeof Customer>>;
