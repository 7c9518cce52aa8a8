import type { WebhookSubscriptions } from "../objects/webhook-subscriptions.ts";
import { noInput, object } from "./contract.ts";

export const WebhookSubscriptionsApi = object<typeof WebhookSubscriptions>("WebhookSubscriptions", noInput("list"));
