import { describe, expect, inject, it } from "vitest";
import { fileLedger } from "../../mocks/ledger.ts";
import { api, newCustomer, PASSWORD } from "../support/api.ts";
import { eventually, post } from "../support/restate.ts";

const welcomesTo = (customerId: string) => fileLedger(inject("ledgerFile")).find({ op: "send", key: `${customerId}:welcome` });

describe("the welcome email", () => {
  it("is sent once when an account is made, through the journaled email step with its Message-ID", async () => {
    const me = await newCustomer({ name: "Grace Hopper" });
    const sent = await eventually(
      async () => welcomesTo(me.id),
      (entries) => entries.length > 0,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: "welcome", to: me.email, messageIdHeader: expect.stringMatching(/^<[\w-]+@[\w.-]+>$/) });

    // Registering the address again is refused, and sends nothing.
    const again = await api("POST", "/auth/register", { body: { email: me.email, password: PASSWORD, name: "Someone Else" } });
    expect(again.status).toBe(409);
    // Signing in, changing the profile: nothing more either. (Customer.create alone sends it, once.)
    expect((await api("POST", "/auth/login", { body: { email: me.email, password: PASSWORD } })).status).toBe(200);
    expect((await api("PUT", "/me", { token: me.accessToken, body: { name: "Grace B. Hopper" } })).status).toBe(200);
    // Nobody outside the shop's own handlers may ask for one: the ingress refuses the handler.
    expect((await post(`/WelcomeEmail/${me.id}/send`, { email: me.email, name: "x" })).status).toBe(400);
    await new Promise((r) => setTimeout(r, 500));
    expect(welcomesTo(me.id)).toHaveLength(1);
  });

  it("is not sent to the admin accounts the shop makes for itself", async () => {
    const admin = await api("POST", "/auth/login", { body: { email: inject("adminEmail"), password: inject("adminPassword") } });
    expect(admin.status).toBe(200);
    expect(welcomesTo(admin.body.customer.id)).toHaveLength(0);
  });
});
