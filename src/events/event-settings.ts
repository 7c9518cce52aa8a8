import type { CallerKeySettings } from "../platform/restate/caller-keys.ts";
/** What the outbound events read from the runtime's settings. */
export interface EventSettings extends CallerKeySettings {
  /** Key the outbound webhooks' signing secrets are derived from; unset, nothing can be delivered. */
  eventsSigningKey: string | undefined;
  eventRetryInitialMs: number;
  eventMaxAttempts: number;
  /** Whether subscriptions may point at loopback, private and link-local addresses. */
  eventsAllowPrivateUrls: boolean;
}
