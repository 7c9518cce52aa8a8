import { randomBytes } from "node:crypto";
import path from "node:path";
import { endpointProcess } from "../endpoint-process.ts";
import { freePort } from "../ports.ts";

export interface SigninFlood {
  /** Wrong-password sign-ins sent at once from one address, each to another email. */
  flood: number;
  /** A legitimate sign-in's time alone, the median of several. */
  quietMs: number;
  /** The same sign-in, from another address, while each flood is in flight: the median over the floods. */
  duringFloodMs: number;
  /** duringFloodMs / quietMs; the target is at most 3. */
  ratio: number;
  /** How the flood's requests were answered, by status, over all floods. */
  floodAnswers: Record<string, number>;
  scryptLogN: number;
}

const QUIET_SAMPLES = 5;
const FLOODS = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * A legitimate sign-in during a flood of wrong passwords from another address, against its time
 * alone: an API of its own with production settings (scrypt 2^17, one hash per core, the default
 * queue and per-address limits), behind one trusted proxy so each caller can name its address.
 */
export async function benchSigninFlood(options: { ingressUrl: string; logDir: string; flood?: number }): Promise<SigninFlood> {
  const flood = options.flood ?? 40;
  const scryptLogN = 17;
  const port = await freePort();
  const api = endpointProcess({
    port,
    logFile: path.join(options.logDir, "api-signin.log"),
    entry: "src/api/api-main.ts",
    env: {
      API_PORT: String(port),
      API_HOST: "127.0.0.1",
      RESTATE_INGRESS_URL: options.ingressUrl,
      JWT_SECRET: randomBytes(48).toString("base64"),
      LOG_LEVEL: "warn",
      PASSWORD_SCRYPT_LOG_N: String(scryptLogN),
      TRUST_PROXY: "1",
      RATE_LIMIT_PER_MINUTE: "1000000",
    },
  });
  await api.start();
  const url = `http://127.0.0.1:${port}`;
  const call = async (route: string, from: string, body: unknown) => {
    const res = await fetch(`${url}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": from },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  };
  try {
    const email = `bench-owner-${randomBytes(4).toString("hex")}@example.com`;
    const password = "the owner's own passphrase";
    const registered = await call("/auth/register", "192.0.2.10", { email, password, name: "Owner" });
    if (registered !== 201) throw new Error(`register: HTTP ${registered}`);
    const signIn = async () => {
      const started = performance.now();
      const status = await call("/auth/login", "192.0.2.20", { email, password });
      if (status !== 200) throw new Error(`the legitimate sign-in answered HTTP ${status}`);
      return performance.now() - started;
    };

    const quiet: number[] = [];
    for (let i = 0; i < QUIET_SAMPLES; i++) quiet.push(await signIn());

    const during: number[] = [];
    const floodAnswers: Record<string, number> = {};
    for (let round = 0; round < FLOODS; round++) {
      const attacker = `198.51.100.${round + 1}`;
      const guesses = Array.from({ length: flood }, (_, i) =>
        call("/auth/login", attacker, { email: `victim-${round}-${i}@example.com`, password: `guess number ${i}` }),
      );
      // The flood is on its way (its first hashes running) when the owner signs in.
      await new Promise((resolve) => setTimeout(resolve, 50));
      during.push(await signIn());
      for (const status of await Promise.all(guesses)) floodAnswers[status] = (floodAnswers[status] ?? 0) + 1;
    }
    const quietMs = median(quiet);
    const duringFloodMs = median(during);
    const ratio = duringFloodMs / quietMs;
    console.log(
      `sign-in: ${quietMs.toFixed(0)} ms alone, ${duringFloodMs.toFixed(0)} ms during a flood of ${flood} (×${ratio.toFixed(2)}); flood answered ${JSON.stringify(floodAnswers)}`,
    );
    return { flood, quietMs, duringFloodMs, ratio, floodAnswers, scryptLogN };
  } finally {
    await api.kill("SIGTERM");
  }
}
