import { describe, expect, it } from "vitest";
import {
  type Address,
  AddressInput,
  addAddress,
  checkEmailKey,
  Email,
  endSession,
  keepOnlySession,
  MAX_ADDRESSES,
  MAX_SESSIONS,
  openSession,
  removeAddress,
  rotateSession,
  type Sessions,
} from "../../src/customers/domain/customer.ts";
import { DomainError } from "../../src/platform/domain/domain-errors.ts";

const hash = (c: string) => c.repeat(64);
const sid = (c: string) => c.repeat(22);
const DAY = 86_400;

describe("emails", () => {
  it("are compared trimmed and in lower case", () => {
    expect(Email.parse("  Ada@Example.COM ")).toBe("ada@example.com");
  });

  it("index keys must already be normalised", () => {
    expect(() => checkEmailKey("ada@example.com")).not.toThrow();
    expect(() => checkEmailKey("Ada@example.com")).toThrow(DomainError);
    expect(() => checkEmailKey(" ada@example.com")).toThrow(/lower case/);
    expect(() => checkEmailKey("not an email")).toThrow(DomainError);
  });
});

describe("sessions", () => {
  it("open with an absolute expiry and drop expired ones", () => {
    const sessions = openSession(
      { [sid("a")]: { secretHash: hash("a"), createdAt: 0, expiresAt: 10 } },
      { id: sid("b"), secretHash: hash("b"), ttlSeconds: DAY },
      1_000,
    );
    expect(sessions).toEqual({ [sid("b")]: { secretHash: hash("b"), createdAt: 1_000, expiresAt: 1_000 + DAY * 1000 } });
  });

  it("keep at most MAX_SESSIONS, signing out the oldest", () => {
    let sessions: Sessions = {};
    const ids = "abcdefghijklmnop".split("").map(sid);
    for (const [i, id] of ids.entries()) sessions = openSession(sessions, { id, secretHash: hash("c"), ttlSeconds: DAY }, i);
    expect(Object.keys(sessions)).toHaveLength(MAX_SESSIONS);
    expect(Object.keys(sessions)).toEqual(ids.slice(-MAX_SESSIONS));
  });

  it("rotate to the next secret, keeping the expiry", () => {
    const sessions = openSession({}, { id: sid("a"), secretHash: hash("1"), ttlSeconds: DAY }, 0);
    const rotation = rotateSession(sessions, { sessionId: sid("a"), secretHash: hash("1"), nextSecretHash: hash("2"), graceSeconds: 0 }, 5);
    expect(rotation).toEqual({
      outcome: "rotated",
      sessions: {
        [sid("a")]: { secretHash: hash("2"), createdAt: 0, expiresAt: DAY * 1000, previousSecretHashes: [hash("1")], rotatedAt: 5 },
      },
    });
  });

  it("end a session presented with a stale secret (reuse), and leave others alone", () => {
    let sessions = openSession({}, { id: sid("a"), secretHash: hash("1"), ttlSeconds: DAY }, 0);
    sessions = openSession(sessions, { id: sid("b"), secretHash: hash("9"), ttlSeconds: DAY }, 0);
    const rotated = rotateSession(sessions, { sessionId: sid("a"), secretHash: hash("1"), nextSecretHash: hash("2"), graceSeconds: 0 }, 1);
    const reuse = rotateSession(
      rotated.sessions,
      { sessionId: sid("a"), secretHash: hash("1"), nextSecretHash: hash("3"), graceSeconds: 0 },
      2,
    );
    expect(reuse.outcome).toBe("reused");
    expect(Object.keys(reuse.sessions)).toEqual([sid("b")]);
  });

  it("answer the token rotated away last again within the grace, with the same successor, changing nothing", () => {
    const sessions = openSession({}, { id: sid("a"), secretHash: hash("1"), ttlSeconds: DAY }, 0);
    const rotated = rotateSession(
      sessions,
      { sessionId: sid("a"), secretHash: hash("1"), nextSecretHash: hash("2"), graceSeconds: 10 },
      1_000,
    );
    expect(rotated.sessions[sid("a")]!.rotatedAt).toBe(1_000);
    const again = rotateSession(
      rotated.sessions,
      { sessionId: sid("a"), secretHash: hash("1"), nextSecretHash: hash("2"), graceSeconds: 10 },
      10_999,
    );
    expect(again).toEqual({ outcome: "rotated", sessions: rotated.sessions });
  });

  it("end the session for the last rotated token after the grace, for an older one within it, and for another successor", () => {
    const sessions = openSession({}, { id: sid("a"), secretHash: hash("1"), ttlSeconds: DAY }, 0);
    const once = rotateSession(
      sessions,
      { sessionId: sid("a"), secretHash: hash("1"), nextSecretHash: hash("2"), graceSeconds: 10 },
      1_000,
    ).sessions;
    expect(
      rotateSession(once, { sessionId: sid("a"), secretHash: hash("1"), nextSecretHash: hash("2"), graceSeconds: 10 }, 11_000).outcome,
    ).toBe("reused");
    expect(
      rotateSession(once, { sessionId: sid("a"), secretHash: hash("1"), nextSecretHash: hash("3"), graceSeconds: 10 }, 1_001).outcome,
    ).toBe("reused");
    const twice = rotateSession(
      once,
      { sessionId: sid("a"), secretHash: hash("2"), nextSecretHash: hash("3"), graceSeconds: 10 },
      1_001,
    ).sessions;
    expect(
      rotateSession(twice, { sessionId: sid("a"), secretHash: hash("1"), nextSecretHash: hash("2"), graceSeconds: 10 }, 1_002),
    ).toEqual({ outcome: "reused", sessions: {} });
  });

  it("end every session but the one kept (a password change)", () => {
    let sessions = openSession({}, { id: sid("a"), secretHash: hash("1"), ttlSeconds: DAY }, 0);
    sessions = openSession(sessions, { id: sid("b"), secretHash: hash("2"), ttlSeconds: DAY }, 0);
    expect(Object.keys(keepOnlySession(sessions, sid("b"), 1))).toEqual([sid("b")]);
    expect(keepOnlySession(sessions, undefined, 1)).toEqual({});
    expect(keepOnlySession(sessions, sid("z"), 1)).toEqual({});
  });

  it("refuse a secret the session never had without ending it: the session id alone is in every access token", () => {
    const sessions = openSession({}, { id: sid("a"), secretHash: hash("1"), ttlSeconds: DAY }, 0);
    const guess = rotateSession(sessions, { sessionId: sid("a"), secretHash: hash("7"), nextSecretHash: hash("8"), graceSeconds: 0 }, 1);
    expect(guess).toEqual({ outcome: "unknown", sessions });
  });

  it("refuse unknown and expired sessions without ending anything", () => {
    const sessions = openSession({}, { id: sid("a"), secretHash: hash("1"), ttlSeconds: 60 }, 0);
    expect(
      rotateSession(sessions, { sessionId: sid("z"), secretHash: hash("1"), nextSecretHash: hash("2"), graceSeconds: 0 }, 1).outcome,
    ).toBe("unknown");
    expect(
      rotateSession(sessions, { sessionId: sid("a"), secretHash: hash("1"), nextSecretHash: hash("2"), graceSeconds: 0 }, 60_001).outcome,
    ).toBe("unknown");
  });

  it("end on sign-out", () => {
    const sessions = openSession({}, { id: sid("a"), secretHash: hash("1"), ttlSeconds: 60 }, 0);
    expect(endSession(sessions, { sessionId: sid("a"), secretHash: hash("1") }, 1)).toEqual({});
    expect(endSession(sessions, { sessionId: sid("z"), secretHash: hash("1") }, 1)).toEqual(sessions);
  });

  it("end on sign-out only with the session's secret, current or recently rotated", () => {
    const sessions = openSession({}, { id: sid("a"), secretHash: hash("1"), ttlSeconds: DAY }, 0);
    expect(endSession(sessions, { sessionId: sid("a"), secretHash: hash("2") }, 1)).toEqual(sessions);
    const rotated = rotateSession(
      sessions,
      { sessionId: sid("a"), secretHash: hash("1"), nextSecretHash: hash("2"), graceSeconds: 0 },
      1,
    ).sessions;
    expect(endSession(rotated, { sessionId: sid("a"), secretHash: hash("1") }, 2)).toEqual({});
  });
});

describe("addresses", () => {
  const address = (id: string): Address => ({
    id,
    ...AddressInput.parse({ name: "Ada", street: "1 Way", city: "London", state: "LDN", zip: "1", country: "GB" }),
  });

  it("are capped at MAX_ADDRESSES (409)", () => {
    const full = Array.from({ length: MAX_ADDRESSES }, (_, i) => address(`adr_${String(i).padStart(20, "0")}`));
    expect(() => addAddress(full, address("adr_x"))).toThrow(expect.objectContaining({ status: 409 }));
  });

  it("are removed by id; an unknown id is a 404", () => {
    const list = [address("adr_1"), address("adr_2")];
    expect(removeAddress(list, "adr_1")).toEqual([list[1]]);
    expect(() => removeAddress(list, "adr_3")).toThrow(expect.objectContaining({ status: 404 }));
  });

  it("accept an optional label and need a name", () => {
    expect(AddressInput.safeParse({ street: "1 Way", city: "London", state: "LDN", zip: "1", country: "GB" }).success).toBe(false);
    expect(
      AddressInput.safeParse({
        label: "Work",
        name: "Ada",
        street: "1 Way",
        city: "London",
        state: "LDN",
        zip: "1",
        country: "GB",
        extra: 1,
      }).success,
    ).toBe(false);
  });
});
