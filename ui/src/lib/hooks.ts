import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { ApiClient } from "./api.ts";

/** Re-renders when the client's sign-in changes. */
export function useSession(client: ApiClient) {
  const [, bump] = useState(0);
  useEffect(() => client.subscribe(() => bump((n) => n + 1)), [client]);
  return { customer: client.customer, ready: client.ready };
}

export interface Route {
  /** The path after `#`, such as `/orders/ORD-2026-000001`. */
  path: string;
  query: URLSearchParams;
}

const currentRoute = (): Route => {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path = "/", query = ""] = hash.split("?");
  return { path, query: new URLSearchParams(query) };
};

/** Hash routing: the pages live under /admin and /shop, whose other paths belong to the API. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const changed = () => setRoute(currentRoute());
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);
  return route;
}

export function navigate(path: string, query?: Record<string, string | number | undefined>): void {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== "") params.set(k, String(v));
  const search = params.toString();
  location.hash = search ? `${path}?${search}` : path;
}

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads on mount and whenever `key` changes; `every` polls while the page shows (a live timeline).
 * An answer that arrives after the key moved on is dropped.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: string, every?: number): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean; key: string }>({ loading: true, key });
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const data = await loader.current(abort.signal);
        if (!abort.signal.aborted) setState({ data, loading: false, key });
      } catch (error) {
        if (!abort.signal.aborted)
          setState((s) => ({ data: s.key === key ? s.data : undefined, error: error as Error, loading: false, key }));
      }
      if (every && !abort.signal.aborted) timer = setTimeout(run, every);
    };
    setState((s) => (s.key === key ? { ...s, loading: true } : { loading: true, key }));
    void run();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [key, tick, every]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.key === key ? state.data : undefined, error: state.error, loading: state.loading, reload };
}

/** A button's action: busy while it runs, its error kept to show beside it. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const run = useCallback(
    async (...args: A) => {
      setBusy(true);
      setError(undefined);
      try {
        await action(...args);
      } catch (e) {
        setError(e as Error);
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { run, busy, error, clear: () => setError(undefined) };
}
