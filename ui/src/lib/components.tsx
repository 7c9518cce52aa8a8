import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { ApiClient } from "./api.ts";
import { ApiError } from "./api.ts";
import { dateTime, label } from "./format.ts";

/** An error as a person reads it: the message alone. The HTTP status and code are for the console. */
export function ErrorNote({ error }: { error: Error | undefined }) {
  if (!error) return null;
  if (error instanceof ApiError) console.info(`API answered ${error.status} ${error.code}: ${error.message}`);
  return (
    <p class="error" role="alert">
      {error.message}
    </p>
  );
}

/** Something that is not there (any more): what it was, and where to go instead. */
export function NotThere({ what, back }: { what: string; back: ComponentChildren }) {
  return (
    <section class="card narrow" role="alert">
      <h1>{what}</h1>
      <p>{back}</p>
    </section>
  );
}

/** Whether an error is the API's "there is no such thing" (404). */
/** A form's submit button, and "Saved." once the change went through (until the form is edited again). */
export function SaveActions({ label, busy, saved }: { label: string; busy: boolean; saved: boolean }) {
  return (
    <div class="actions">
      <button type="submit" class="primary" disabled={busy}>
        {label}
      </button>
      {saved ? (
        <span role="status" class="muted">
          Saved.
        </span>
      ) : null}
    </div>
  );
}

export const isNotFound = (error: Error | undefined) => error instanceof ApiError && error.status === 404;

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/** A status as a coloured label, the text always there (colour is never the only signal). */
export function Status({ value }: { value: string }) {
  return <span class={`badge badge-${value}`}>{label(value)}</span>;
}

export interface TimelineEvent {
  at: string;
  type: string;
  detail?: string;
}

/** An order's event log, oldest first, as an ordered list. */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  return (
    <ol class="timeline" aria-label="Order timeline">
      {events.map((e, i) => (
        <li key={`${i}-${e.type}`} data-event={e.type}>
          <span class="timeline-type">{label(e.type)}</span>
          <time dateTime={e.at}>{dateTime(e.at)}</time>
          {e.detail ? <span class="timeline-detail">{e.detail}</span> : null}
        </li>
      ))}
    </ol>
  );
}

export function Pager({ page, limit, total, go }: { page: number; limit: number; total: number; go: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={page <= 1} onClick={() => go(page - 1)}>
        Previous
      </button>
      <span>
        Page {page} of {pages} · {total} in all
      </span>
      <button type="button" disabled={page >= pages} onClick={() => go(page + 1)}>
        Next
      </button>
    </nav>
  );
}

export function Field(props: { label: string; children: ComponentChildren; hint?: string }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the children the caller passes in
    <label class="field">
      <span>{props.label}</span>
      {props.children}
      {props.hint ? <small class="muted">{props.hint}</small> : null}
    </label>
  );
}

/** Sign-in (and, for the storefront, registration) against /auth. */
export function SignIn({
  client,
  title,
  allowRegister,
  note,
}: {
  client: ApiClient;
  title: string;
  allowRegister?: boolean;
  note?: ComponentChildren;
}) {
  const [mode, setMode] = useState<"signin" | "register">("signin");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? "");
    setBusy(true);
    setError(undefined);
    try {
      if (mode === "register") await client.register(value("name"), value("email"), value("password"));
      else await client.signIn(value("email"), value("password"));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card narrow">
      <h1>{mode === "register" ? "Create an account" : title}</h1>
      {note}
      <form onSubmit={submit}>
        {mode === "register" ? (
          <Field label="Name">
            <input name="name" autocomplete="name" required maxLength={100} />
          </Field>
        ) : null}
        <Field label="Email">
          <input name="email" type="email" autocomplete="email" required />
        </Field>
        <Field
          label="Password"
          hint={mode === "register" ? "at least 10 characters, not only spaces, and not a commonly used password" : undefined}
        >
          <input
            name="password"
            type="password"
            autocomplete={mode === "register" ? "new-password" : "current-password"}
            required
            minLength={mode === "register" ? 10 : 1}
          />
        </Field>
        <ErrorNote error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {mode === "register" ? "Create account" : "Sign in"}
        </button>
      </form>
      {allowRegister ? (
        <p>
          <button type="button" class="link" onClick={() => setMode(mode === "register" ? "signin" : "register")}>
            {mode === "register" ? "I have an account: sign in" : "New here? Create an account"}
          </button>
        </p>
      ) : null}
    </section>
  );
}

/** The top bar: a skip link, the page's name, its sections, who is signed in. */
export function TopBar(props: {
  brand: ComponentChildren;
  links: Array<{ href: string; text: ComponentChildren; current: boolean }>;
  client: ApiClient;
  signInHref?: string;
}) {
  const customer = props.client.customer;
  return (
    <>
      {/* biome-ignore lint/a11y/useValidAnchor: the routes live in the hash, so "#main" would navigate; the link keeps its href for no-script readers and moves focus itself */}
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("main")?.focus();
        }}
      >
        Skip to the content
      </a>
      <header class="topbar">
        <a class="brand" href="#/">
          {props.brand}
        </a>
        <nav aria-label="Sections">
          <ul>
            {props.links.map((l) => (
              <li key={l.href}>
                <a href={l.href} aria-current={l.current ? "page" : undefined}>
                  {l.text}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          {customer ? (
            <>
              <span class="muted">{customer.email}</span>
              <button type="button" class="link" onClick={() => void props.client.signOut()}>
                Sign out
              </button>
            </>
          ) : props.signInHref ? (
            <a href={props.signInHref}>Sign in</a>
          ) : null}
        </div>
      </header>
    </>
  );
}
