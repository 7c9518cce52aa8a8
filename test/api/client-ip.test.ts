import { describe, expect, it } from "vitest";
import { clientIp } from "../../src/api/client-ip.ts";

describe("the client's address", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientIp("10.0.0.9", "1.2.3.4", 0)).toBe("10.0.0.9");
    expect(clientIp("::ffff:10.0.0.9", undefined, 0)).toBe("10.0.0.9");
  });

  it("is the address the nearest trusted proxy saw; entries the client wrote further left do not count", () => {
    expect(clientIp("10.0.0.1", "203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientIp("10.0.0.1", "6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientIp("10.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
  });

  it("falls back to the peer when the header is missing or not an address", () => {
    expect(clientIp("10.0.0.1", undefined, 1)).toBe("10.0.0.1");
    expect(clientIp("10.0.0.1", "not-an-ip", 1)).toBe("10.0.0.1");
  });
});
