/** What a handler that only the API may call, or that signs its calls to one, reads from the runtime. */
export interface CallerKeySettings {
  /** API_CALLER_KEY: the first signs this service's own calls to handlers that demand it, any verifies; none, and those handlers refuse every call. */
  apiCallerKeys: string[];
}

/** Anything that carries these settings: the endpoint's runtime, or a test's. */
export interface WithCallerKeys {
  readonly settings: CallerKeySettings;
}
