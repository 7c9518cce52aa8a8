/** Runtime settings the handlers read, fixed once at startup from the validated configuration. */
export interface Settings {
  /** How long an order waits for an asynchronous payment to settle before it gives up. */
  asyncPaymentTimeoutMs: number;
  operatorEmail: string;
}

let current: Settings = { asyncPaymentTimeoutMs: 30 * 60_000, operatorEmail: "operator@localhost" };

export function configureSettings(settings: Settings): void {
  current = settings;
}

export function settings(): Settings {
  return current;
}
