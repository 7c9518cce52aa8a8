import { noInput, object } from "../platform/restate/ingress-contract.ts";
import type { WebhookSubscriptions } from "./webhook-subscriptions.ts";

export const WebhookSubscriptionsApi = object<typeof WebhookSubscriptions>("WebhookSubscriptions", noInput("list"));
