import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const PHC = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number, length: number): Promise<Buffer> {
  const N = 2 ** logN;
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is below the recommended cost.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => scrypt(password.normalize("NFC"), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/**
 * Password hashing with scrypt (memory-hard, in node:crypto, so no native add-on to build). Runs in
 * the API process only: Restate receives the PHC-form hash, never the password. Node runs scrypt on
 * its thread pool, so hashing does not block the event loop.
 */
export class Passwords {
  readonly logN: number;
  /** A hash of nobody's password: unknown emails are verified against it, so they cost the same time. */
  #decoy: Promise<string>;

  constructor(logN: number) {
    this.logN = logN;
    this.#decoy = this.hash(randomBytes(24).toString("base64"));
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.logN, BLOCK_SIZE, PARALLELISM, KEY_LENGTH);
    return `scrypt$ln=${this.logN},r=${BLOCK_SIZE},p=${PARALLELISM}$${salt.toString("base64")}$${key.toString("base64")}`;
  }

  /** True when the password matches; a hash made with other parameters is verified with its own. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parts = PHC.exec(stored);
    if (!parts) return false;
    const [, logN, r, p, salt, key] = parts;
    const expected = Buffer.from(key!, "base64");
    const actual = await derive(password, Buffer.from(salt!, "base64"), Number(logN), Number(r), Number(p), expected.length);
    return timingSafeEqual(actual, expected);
  }

  /** Spends the same work as a real verification and fails: for sign-ins to an unknown email. */
  async verifyNobody(password: string): Promise<false> {
    await this.verify(password, await this.#decoy);
    return false;
  }
}
