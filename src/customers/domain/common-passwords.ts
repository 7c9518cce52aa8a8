import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * The most common passwords (zxcvbn-ts's list, from leaked password corpora, about 49,000 of them),
 * as NIST SP 800-63B asks a verifier to refuse. Only those long enough to pass the length rule are
 * kept; they are compared without regard to letter case, as attackers' lists try every case.
 */
const COMMON = new Set(dictionary["passwords-common"].filter((p) => p.length >= 10).map((p) => p.toLowerCase()));

export const isCommonPassword = (password: string): boolean => COMMON.has(password.toLowerCase());
