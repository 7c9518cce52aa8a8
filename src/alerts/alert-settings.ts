import type { CallerKeySettings } from "../platform/restate/caller-keys.ts";
/** What the operator's alerts read from the runtime's settings. */
export interface AlertSettings extends CallerKeySettings {
  operatorEmail: string;
  /** A Slack-compatible incoming webhook operator alerts are posted to, when set. */
  slackWebhookUrl: string | undefined;
}
