import { randomBytes, scrypt, type ScryptOptions } from "node:crypto";
import { parsePasswordHash } from "../../domain/password-proof.ts";

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number, length: number): Promise<Buffer> {
  const N = 2 ** logN;
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is below the recommended cost.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => scrypt(password.normalize("NFC"), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/**
 * Password hashing with scrypt (memory-hard, in node:crypto, so no native add-on to build). Runs in
 * the API process only: Restate receives the PHC-form hash when a password is set, never the
 * password, and never gives the hash back — a sign-in derives the key here from the stored
 * parameters and proves it to the Customer object (domain/password-proof.ts). Node runs scrypt on
 * its thread pool, so hashing does not block the event loop.
 */
export class Passwords {
  readonly logN: number;
  /** The parameters of nobody's password: unknown emails are derived against them, so they cost the same time. */
  #decoy: string;

  constructor(logN: number) {
    this.logN = logN;
    this.#decoy = `scrypt$ln=${logN},r=${BLOCK_SIZE},p=${PARALLELISM}$${randomBytes(16).toString("base64")}`;
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.logN, BLOCK_SIZE, PARALLELISM, KEY_LENGTH);
    return `scrypt$ln=${this.logN},r=${BLOCK_SIZE},p=${PARALLELISM}$${salt.toString("base64")}$${key.toString("base64")}`;
  }

  /** The key this password gives under stored parameters (`scrypt$ln=…,r=…,p=…$salt`), each with its own cost. */
  async derive(password: string, parameters: string): Promise<Buffer> {
    // The key's length is the stored key's; the parameters carry none, and every hash made here is 32 bytes.
    const parsed = parsePasswordHash(`${parameters}$${Buffer.alloc(KEY_LENGTH).toString("base64")}`);
    if (!parsed) throw new Error("stored password parameters are not scrypt parameters in PHC form");
    return derive(password, parsed.salt, parsed.logN, parsed.r, parsed.p, KEY_LENGTH);
  }

  /** Spends the same work as a real derivation: for sign-ins to an unknown email. */
  async deriveNobody(password: string): Promise<void> {
    await this.derive(password, this.#decoy);
  }
}
