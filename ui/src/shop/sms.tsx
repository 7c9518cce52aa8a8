import { useState } from "preact/hooks";
import type { SmsSettings } from "../lib/api-types.ts";
import { ErrorNote, Field, Loading, SaveActions } from "../lib/components.tsx";
import { date } from "../lib/format.ts";
import { useAction, useLoad } from "../lib/hooks.ts";
import { shop } from "./store.ts";

/** SMS updates: a number in international form and the opt-in; a STOP texted from the number wins. */
export function SmsCard() {
  const settings = useLoad((signal) => shop.get<SmsSettings>("/me/sms", signal), "sms");
  const [saved, setSaved] = useState(false);
  const save = useAction(async (body: { phone: string | null; optIn: boolean }) => {
    setSaved(false);
    await shop.request("PUT", "/me/sms", { body });
    settings.reload();
    setSaved(true);
  });
  const s = settings.data;
  return (
    <section class="card" aria-labelledby="sms-title">
      <h2 id="sms-title">Text messages</h2>
      <ErrorNote error={settings.error} />
      {!s ? (
        settings.error ? null : (
          <Loading what="your SMS settings" />
        )
      ) : (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget as HTMLFormElement);
            const phone = String(form.get("phone") ?? "").replace(/[\s()-]/g, "");
            void save.run({ phone: phone === "" ? null : phone, optIn: form.get("optIn") === "on" });
          }}
        >
          <Field label="Mobile number" hint="International form, such as +15551234567">
            <input name="phone" type="tel" autocomplete="tel" defaultValue={s.phone ?? ""} key={s.phone ?? ""} />
          </Field>
          <label class="check">
            <input name="optIn" type="checkbox" defaultChecked={s.optIn} key={String(s.optIn)} /> Text me when an order ships and when it
            arrives
          </label>
          {s.stoppedAt !== null ? (
            <p class="muted">This number texted STOP on {date(new Date(s.stoppedAt).toISOString())}: no texts until it texts START.</p>
          ) : s.optIn && s.consentAt !== null ? (
            <p class="muted">Texts on since {date(new Date(s.consentAt).toISOString())}. Reply STOP to any of them to stop.</p>
          ) : null}
          <ErrorNote error={save.error} />
          <SaveActions label="Save" busy={save.busy} saved={saved} />
        </form>
      )}
    </section>
  );
}
