import { describe, expect, it } from "vitest";
import {
  GUEST_ORDER_LINK_DAYS,
  guestLinkKey,
  guestOrderToken,
  guestOrderUrl,
  guestTokenOpens,
} from "../../src/orders/domain/guest-order-link.ts";

const key = guestLinkKey("a-test-api-caller-key-0123456789abcdef");
const placedAt = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

describe("guest order links", () => {
  it("open their own order until they expire, GUEST_ORDER_LINK_DAYS after the order", () => {
    const token = guestOrderToken(key, "ORD-2026-000001", placedAt);
    expect(guestTokenOpens(key, token, "ORD-2026-000001", placedAt + DAY)).toBe(true);
    expect(guestTokenOpens(key, token, "ORD-2026-000001", placedAt + GUEST_ORDER_LINK_DAYS * DAY - 1)).toBe(true);
    expect(guestTokenOpens(key, token, "ORD-2026-000001", placedAt + GUEST_ORDER_LINK_DAYS * DAY)).toBe(false);
  });

  it("open no other order, nothing under another key, and nothing with a changed expiry or mac", () => {
    const token = guestOrderToken(key, "ORD-2026-000001", placedAt);
    expect(guestTokenOpens(key, token, "ORD-2026-000002", placedAt)).toBe(false);
    expect(guestTokenOpens(guestLinkKey("another-api-caller-key-0123456789abcdef"), token, "ORD-2026-000001", placedAt)).toBe(false);
    const [, expiresAt, mac] = token.split(".");
    expect(guestTokenOpens(key, `v1.${Number(expiresAt) + 86_400}.${mac}`, "ORD-2026-000001", placedAt)).toBe(false);
    expect(guestTokenOpens(key, `v1.${expiresAt}.${mac!.replace(/^./, (c) => (c === "A" ? "B" : "A"))}`, "ORD-2026-000001", placedAt)).toBe(
      false,
    );
    expect(guestTokenOpens(key, "not a token", "ORD-2026-000001", placedAt)).toBe(false);
  });

  it("carry the token in the page's fragment, which browsers never send to a server", () => {
    expect(guestOrderUrl("https://shop.example.com/", "ORD-2026-000001", "v1.1.x")).toBe(
      "https://shop.example.com/shop#/guest/orders/ORD-2026-000001?token=v1.1.x",
    );
  });
});
