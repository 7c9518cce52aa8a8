import type pg from "pg";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { ApiConfig } from "./api-config.ts";
import { ApiError } from "./api-errors.ts";

export interface LimiterOptions {
  /** Namespace of the counters, so limiters sharing a store never share a key. */
  keyPrefix: string;
  points: number;
  /** Window in seconds. */
  duration: number;
}

/**
 * Where counters live. Memory works for one API process; replicas behind a load balancer need a
 * shared store (rate-limiter-flexible's RateLimiterPostgres takes the same options), so swapping
 * the store is the one change that makes the limits hold across replicas.
 */
export interface RateLimitStore {
  limiter(options: LimiterOptions): RateLimiterAbstract;
}

export const memoryStore: RateLimitStore = { limiter: (options) => new RateLimiterMemory(options) };

/**
 * Counters in PostgreSQL (table api_rate_limits, made by migration 0006), shared by every replica. While
 * PostgreSQL does not answer, each replica counts in memory (the insurance limiter): limits stay on,
 * per replica, rather than every request failing.
 */
export const postgresStore = (pool: pg.Pool): RateLimitStore => ({
  limiter: (options) =>
    new RateLimiterPostgres({
      ...options,
      storeClient: pool,
      storeType: "pool",
      tableName: "api_rate_limits",
      tableCreated: true,
      insuranceLimiter: new RateLimiterMemory(options),
    }),
});

export const tooMany = (what: string, msBeforeNext: number) => {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ApiError(429, "rate_limited", `${what}; retry in ${seconds} s`, { headers: { "retry-after": String(seconds) } });
};

/** rate-limiter-flexible rejects with a RateLimiterRes when the points are spent; anything else is a store failure. */
async function spend(limiter: RateLimiterAbstract, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) throw tooMany(what, outcome.msBeforeNext);
    throw outcome;
  }
}

/** The API's limits: every request per client, registrations per address and email, sign-in failures per address, per address and email, and per email. */
export function rateLimits(config: ApiConfig, store: RateLimitStore = memoryStore) {
  const requests = store.limiter({ keyPrefix: "api:requests", points: config.RATE_LIMIT_PER_MINUTE, duration: 60 });
  const scrapes = store.limiter({ keyPrefix: "api:metrics", points: config.METRICS_RATE_LIMIT_PER_MINUTE, duration: 60 });
  const registerIp = store.limiter({
    keyPrefix: "api:register:ip",
    points: config.REGISTER_MAX_PER_IP,
    duration: config.REGISTER_WINDOW_SECONDS,
  });
  const registerEmail = store.limiter({
    keyPrefix: "api:register:email",
    points: config.REGISTER_MAX_PER_EMAIL,
    duration: config.REGISTER_WINDOW_SECONDS,
  });
  const signInIp = store.limiter({
    keyPrefix: "api:signin-failures:ip",
    points: config.SIGNIN_MAX_FAILURES_PER_IP,
    duration: config.SIGNIN_FAILURE_WINDOW_SECONDS,
  });
  const signInPair = store.limiter({
    keyPrefix: "api:signin-failures:ip-email",
    points: config.SIGNIN_MAX_FAILURES_PER_IP_EMAIL,
    duration: config.SIGNIN_FAILURE_WINDOW_SECONDS,
  });
  const signInEmail = store.limiter({
    keyPrefix: "api:signin-failures:email",
    points: config.SIGNIN_MAX_FAILURES_PER_EMAIL,
    duration: config.SIGNIN_EMAIL_FAILURE_WINDOW_SECONDS,
  });
  const guestCheckouts = store.limiter({
    keyPrefix: "api:guest-checkout:ip",
    points: config.GUEST_CHECKOUT_MAX_PER_IP,
    duration: config.GUEST_CHECKOUT_WINDOW_SECONDS,
  });
  const pair = (ip: string, email: string) => `${ip} ${email}`;

  // Counted in this process only: what it bounds, its own hashing, is per process too.
  const inFlight = new Map<string, number>();

  return {
    /** One request of a client: `customer:<id>` when signed in, else `ip:<address>`. */
    request: (client: string) => spend(requests, client, "too many requests from this client"),
    /** A scrape of GET /metrics, per address: apart from `request`, so a busy address does not starve its monitoring. */
    scrape: (ip: string) => spend(scrapes, ip, "too many scrapes of /metrics from this address"),
    /** A guest checkout from this address (each one authorizes a card and may hold stock). */
    guestCheckout: (ip: string) => spend(guestCheckouts, ip, "too many guest checkouts from this address"),
    register: async (ip: string, email: string) => {
      await spend(registerIp, ip, "too many registrations from this address");
      await spend(registerEmail, email, "too many registrations for this email");
    },
    /**
     * Every attempt spends a point of each counter before the password is checked (so a burst of
     * parallel guesses cannot slip past a count), and a correct password gives them back: what is
     * counted is failures. Guesses at one account from one address stop after a few (the pair); the
     * owner elsewhere still signs in, so nobody can lock an account from their own address. Guesses
     * from many addresses at once meet the account's own, much higher ceiling.
     */
    signInAttempt: async (ip: string, email: string) => {
      const spent: Array<[RateLimiterAbstract, string]> = [];
      try {
        for (const [limiter, key, what] of [
          [signInIp, ip, "too many failed sign-ins from this address"],
          [signInPair, pair(ip, email), "too many failed sign-ins for this email from this address"],
          [signInEmail, email, "too many failed sign-ins for this email"],
        ] as const) {
          await spend(limiter, key, what);
          spent.push([limiter, key]);
        }
      } catch (error) {
        // A refused attempt checks no password, so it is no failure: the points it took go back.
        for (const [limiter, key] of spent) await limiter.reward(key);
        throw error;
      }
    },
    /**
     * A sign-in or registration of this address starts; the answer is the function that ends it. One
     * address may have only a few being checked at once, so it cannot fill the hashing queue alone.
     */
    signInSlot: (ip: string): (() => void) => {
      const busy = inFlight.get(ip) ?? 0;
      if (busy >= config.SIGNIN_MAX_IN_FLIGHT_PER_IP) throw tooMany("too many sign-ins in flight from this address", 1_000);
      inFlight.set(ip, busy + 1);
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        const left = inFlight.get(ip)! - 1;
        if (left === 0) inFlight.delete(ip);
        else inFlight.set(ip, left);
      };
    },
    signInSucceeded: async (ip: string, email: string) => {
      await signInIp.reward(ip);
      await signInPair.delete(pair(ip, email));
      // Only this attempt's point: the owner signing in must not wipe what others guessed meanwhile.
      await signInEmail.reward(email);
    },
  };
}

export type RateLimits = ReturnType<typeof rateLimits>;
