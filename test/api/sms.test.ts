import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks.js";
import { describe, expect, inject, it } from "vitest";
import { fileLedger } from "../../mocks/ledger.ts";
import { type Account, api, apiUrl, newCustomer } from "../support/api.ts";
import { deliveredOrder as deliveredOrderOf } from "../support/delivered.ts";
import { TEST_TWILIO_AUTH_TOKEN } from "../support/global-setup.ts";
import { eventually, uniqueId } from "../support/restate.ts";
import { product } from "../support/shop.ts";

const textsTo = (phone: string) =>
  fileLedger(inject("ledgerFile"))
    .find({ op: "sms" })
    .filter((e) => e.to === phone);

/** Twilio posting an inbound message, signed as Twilio signs it (or with another token). */
async function inbound(from: string, body: string, token = TEST_TWILIO_AUTH_TOKEN) {
  const url = `${apiUrl()}/webhooks/twilio`;
  const params = { From: from, To: "+15550006666", Body: body, MessageSid: `SM${uniqueId("m")}` };
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": getExpectedTwilioSignature(token, url, params) },
    body: new URLSearchParams(params).toString(),
  });
}

/** An order through the API, followed until the mock carrier delivers it. */
async function deliveredOrder(me: Account) {
  return deliveredOrderOf(me, await product(5, 1500));
}

const phoneOf = () => `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;

describe("SMS updates", () => {
  it("text an opted-in customer when an order ships and arrives, once each, and stop after STOP until START", async () => {
    const me = await newCustomer();
    const phone = phoneOf();
    const set = await api("PUT", "/me/sms", { token: me.accessToken, body: { phone, optIn: true } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ phone, optIn: true, consentAt: expect.any(Number), stoppedAt: null });

    const first = await deliveredOrder(me);
    const texts = await eventually(
      async () => textsTo(phone),
      (t) => t.length >= 2,
    );
    expect(texts.map((t) => t.kind).sort()).toEqual(["delivered", "shipped"]);
    expect(String(texts[0]!.body)).toContain(first);
    expect(String(texts[0]!.body)).toContain("Reply STOP");

    // STOP from that number: no text for the next order, whatever the account says.
    const stop = await inbound(phone, " stop ");
    expect(stop.status).toBe(200);
    expect(await stop.text()).toBe("<Response/>");
    await eventually(
      () => api("GET", "/me/sms", { token: me.accessToken }),
      (r) => r.body.stoppedAt !== null,
    );
    await deliveredOrder(me);
    await new Promise((r) => setTimeout(r, 800));
    expect(textsTo(phone)).toHaveLength(2);

    // START: texts again.
    expect((await inbound(phone, "START")).status).toBe(200);
    await eventually(
      () => api("GET", "/me/sms", { token: me.accessToken }),
      (r) => r.body.stoppedAt === null,
    );
    await deliveredOrder(me);
    await eventually(
      async () => textsTo(phone),
      (t) => t.length >= 4,
    );
  });

  it("texts nobody who did not opt in, and refuses bad numbers and unsigned webhooks", async () => {
    const quiet = await newCustomer();
    const phone = phoneOf();
    expect((await api("PUT", "/me/sms", { token: quiet.accessToken, body: { phone, optIn: false } })).status).toBe(200);
    await deliveredOrder(quiet);
    await new Promise((r) => setTimeout(r, 800));
    expect(textsTo(phone)).toHaveLength(0);

    const bad = await api("PUT", "/me/sms", { token: quiet.accessToken, body: { phone: "555-1234", optIn: true } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("E.164");
    const none = await api("PUT", "/me/sms", { token: quiet.accessToken, body: { phone: null, optIn: true } });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toContain("phone: an SMS opt-in needs a number");

    const forged = await inbound(phone, "STOP", "not-the-shops-token-0000");
    expect(forged.status).toBe(401);
    expect((await api("GET", "/me/sms", { token: quiet.accessToken })).body.stoppedAt).toBeNull();
  });
});
