import { TerminalError } from "@restatedev/restate-sdk";
import type { SmsMessage, SmsReceipt, SmsSender } from "../src/providers/types.ts";
import { mockId, nowIso, weather } from "./behaviour.ts";
import { MockProvider } from "./mock-provider.ts";

/** Numbers that make the mock fail, after Twilio's own test numbers: cannot receive SMS (for good), or the service is down. */
export const SMS_TRIGGERS = {
  unreachable: "+15005550009",
  down: "+15005550010",
} as const;

/** Like Twilio, the mock does not deduplicate: every accepted send is a ledger entry, so a duplicate shows in tests. */
export class MockSmsSender extends MockProvider implements SmsSender {
  async send(message: SmsMessage): Promise<SmsReceipt> {
    await weather(this.behaviour, "sms");
    if (message.to === SMS_TRIGGERS.unreachable) {
      throw new TerminalError(`sms refused: ${message.to} cannot receive SMS (Twilio 21614)`, { errorCode: 400 });
    }
    if (message.to === SMS_TRIGGERS.down) throw new Error("sms (mock): provider unavailable (503)");
    return this.ledger.transact((tx) => {
      const n = tx.find({ op: "sms", key: message.dedupKey }).length;
      const messageId = mockId("SM", `${message.dedupKey}#${n}`);
      tx.append({
        provider: "sms",
        op: "sms",
        key: message.dedupKey,
        at: nowIso(),
        kind: message.kind,
        to: message.to,
        body: message.body,
        orderId: message.orderId,
        messageId,
      });
      return { messageId };
    });
  }
}
