import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The API's credential for a script that calls a running shop's ingress (seed, `npm run ingress`):
 * API_CALLER_KEY when set (its first key), else the one `npm start` made in its data folder.
 */
export function localCallerKey(dataDir = path.resolve(process.env.RESTATE_BASE_DIR || ".restate")): string | undefined {
  const set = process.env.API_CALLER_KEY?.split(",")[0]?.trim();
  if (set) return set;
  const file = path.join(dataDir, "api-caller-key");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}

/**
 * A development secret of `npm start` (the API's JWT secret, the events signing key): made once,
 * kept in the Restate data folder (git-ignored, readable by the owner only), so what it signed stays
 * valid across restarts like the data it names.
 */
export function developmentSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64");
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}
