import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ErrorNote, Loading } from "./components.tsx";

/**
 * A page whose code is fetched the first time it is opened (esbuild splits it into a chunk of its
 * own), so the pages everyone opens first stay small over the wire.
 */
export function lazyPage<P extends object>(what: string, load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function LazyPage(props: P) {
    const [Page, setPage] = useState<ComponentType<P> | undefined>(() => loaded);
    const [failed, setFailed] = useState<Error | undefined>();
    useEffect(() => {
      if (Page) return;
      load().then(
        (component) => {
          loaded = component;
          setPage(() => component);
        },
        () => setFailed(new Error(`${what} could not be loaded; check your connection and reload the page`)),
      );
    }, []);
    if (failed) return <ErrorNote error={failed} />;
    return Page ? <Page {...props} /> : <Loading what={what} />;
  };
}
