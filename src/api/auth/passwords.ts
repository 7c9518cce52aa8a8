import { randomBytes, type ScryptOptions, scrypt } from "node:crypto";
import pLimit, { type LimitFunction } from "p-limit";
import { parsePasswordHash } from "../../customers/domain/password-proof.ts";
import { ApiError } from "../api-errors.ts";

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number, length: number): Promise<Buffer> {
  const N = 2 ** logN;
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is below the recommended cost.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** How many hashes run at once, and how many may wait for a turn before a request is turned away. */
export interface HashingLimits {
  concurrency: number;
  queue: number;
}

/**
 * Password hashing with scrypt (memory-hard, in node:crypto, so no native add-on to build). Runs in
 * the API process only: Restate receives the PHC-form hash when a password is set, never the
 * password, and never gives the hash back — a sign-in derives the key here from the stored
 * parameters and proves it to the Customer object (domain/password-proof.ts). Node runs scrypt on
 * its thread pool, so hashing does not block the event loop — but every hash takes 128 MiB and a
 * core for a while, and that pool also serves DNS and file reads. So at most one hash per core runs
 * at once, a few wait their turn, and beyond that a request is a 503 to retry rather than a queue
 * that makes every sign-in, and everything else, wait behind a flood of wrong passwords.
 */
export class Passwords {
  readonly logN: number;
  /** The parameters of nobody's password: unknown emails are derived against them, so they cost the same time. */
  #decoy: string;

  readonly #limit: LimitFunction;
  readonly #queue: number;

  constructor(logN: number, limits: HashingLimits) {
    this.logN = logN;
    this.#limit = pLimit(limits.concurrency);
    this.#queue = limits.queue;
    this.#decoy = `scrypt$ln=${logN},r=${BLOCK_SIZE},p=${PARALLELISM}$${randomBytes(16).toString("base64")}`;
  }

  /** Runs one KDF when there is room: a core free, or a place in the short queue; else 503 with Retry-After. */
  #run(work: () => Promise<Buffer>): Promise<Buffer> {
    if (this.#limit.pendingCount >= this.#queue && this.#limit.activeCount >= this.#limit.concurrency) {
      throw new ApiError(503, "busy", "too many sign-ins are being checked right now; retry in 1 s", { headers: { "retry-after": "1" } });
    }
    return this.#limit(work);
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await this.#run(() => derive(password, salt, this.logN, BLOCK_SIZE, PARALLELISM, KEY_LENGTH));
    return `scrypt$ln=${this.logN},r=${BLOCK_SIZE},p=${PARALLELISM}$${salt.toString("base64")}$${key.toString("base64")}`;
  }

  /** The key this password gives under stored parameters (`scrypt$ln=…,r=…,p=…$salt`), each with its own cost. */
  async derive(password: string, parameters: string): Promise<Buffer> {
    // The key's length is the stored key's; the parameters carry none, and every hash made here is 32 bytes.
    const parsed = parsePasswordHash(`${parameters}$${Buffer.alloc(KEY_LENGTH).toString("base64")}`);
    if (!parsed) throw new Error("stored password parameters are not scrypt parameters in PHC form");
    return this.#run(() => derive(password, parsed.salt, parsed.logN, parsed.r, parsed.p, KEY_LENGTH));
  }

  /** Spends the same work as a real derivation: for sign-ins to an unknown email. */
  async deriveNobody(password: string): Promise<void> {
    await this.derive(password, this.#decoy);
  }
}
