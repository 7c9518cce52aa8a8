import fc from "fast-check";
import {
  badAmount,
  badCountry,
  badCurrency,
  badEmail,
  badEnum,
  badIdentifier,
  badInteger,
  badPaymentMethod,
  badQuantity,
  badText,
  type Field,
  mutations,
  type Shape,
  validOf,
  wrongType,
} from "./inputs.ts";

/** Keys of the objects the suite sets up before it sends anything bad. */
export const FIXTURE = {
  sku: "BAD-SKU-1",
  cart: "bad-cart-1",
  order: "bad-order-1",
  /** An order id nobody used: a processOrder that slipped through would create it. */
  freshOrder: "bad-order-never",
  inbox: "shop",
  alertId: "BAD-SKU-1:low-stock:1",
  email: "ada@bad-input.test",
  /** An address nobody claimed: a registration that slipped through would claim it. */
  freshEmail: "nobody@bad-input.test",
  sessionId: "S".repeat(22),
  passwordHash: `scrypt$ln=15,r=8,p=1$${"A".repeat(22)}==$${"B".repeat(43)}=`,
} as const;

/** Ids the handlers draw themselves (ctx.rand): known once the suite's setup has made them. */
export const DRAWN = { customerId: "", addressId: "" };

const req = (valid: unknown, bad: fc.Arbitrary<unknown>): Field => ({ valid, bad, required: true });
const opt = (valid: unknown, bad: fc.Arbitrary<unknown>): Field => ({ valid, bad, required: false });
const object = (shape: Shape, required = true): Field => ({ valid: validOf(shape), bad: wrongType("object"), required, shape });

const FIXTURE_HASH = "e".repeat(64);
const badSessionId = fc.oneof(badIdentifier, fc.constantFrom("S".repeat(21), "S".repeat(23), `${"S".repeat(21)}=`));
const badSecretHash = fc.oneof(badIdentifier, fc.constantFrom("E".repeat(64), "e".repeat(63), "g".repeat(64)));
const badPasswordHash = fc.oneof(badText(300), fc.constantFrom("password123", "scrypt$ln=15$abc", "$2b$10$abcdefghijklmnopqrstuv"));
/** Well-formed, but made with no key the fixture account has: a request that slipped through would still be refused. */
const VALID_PROOF = "p".repeat(43);
const badProof = fc.oneof(badIdentifier, fc.constantFrom("p".repeat(42), "p".repeat(44), "+".repeat(43), `${"p".repeat(42)}=`));
const session = object({
  id: req(FIXTURE.sessionId, badSessionId),
  secretHash: req(FIXTURE_HASH, badSecretHash),
  ttlSeconds: req(3600, badInteger(60, 366 * 86_400)),
});

const customer = object({ email: req("ada@example.com", badEmail), name: req("Ada Lovelace", badText(200)) });
const address = object({
  name: opt("Ada Lovelace", badText(200)),
  street: req("1 Analytical Way", badText(200)),
  city: req("London", badText(100)),
  state: req("LDN", badText(100)),
  zip: req("10001", badText(20)),
  country: req("US", badCountry),
});
const line: Shape = { sku: req(FIXTURE.sku, badIdentifier), quantity: req(1, badQuantity), price: opt(1500, badAmount()) };
const items: Field = {
  valid: [validOf(line)],
  bad: fc.oneof(
    fc.constant([]),
    fc.constant(Array.from({ length: 101 }, () => validOf(line))),
    wrongType("array"),
    mutations(line).map((m) => [m.body]),
  ),
  required: true,
};

export interface HandlerSpec {
  object: string;
  handler: string;
  readonly key: string;
  /** Its input, field by field; undefined for handlers that take none. */
  shape?: Shape;
}

export const HANDLERS: HandlerSpec[] = [
  {
    object: "InventoryItem",
    handler: "upsert",
    key: FIXTURE.sku,
    shape: {
      name: req("Renamed", badText(200)),
      price: req(999, badAmount()),
      currency: opt("USD", badCurrency),
      lowStockThreshold: opt(1, badInteger(0, 1_000_000)),
    },
  },
  {
    object: "InventoryItem",
    handler: "restock",
    key: FIXTURE.sku,
    shape: { quantity: req(5, badQuantity), reference: opt("ref-1", badIdentifier) },
  },
  { object: "InventoryItem", handler: "get", key: FIXTURE.sku },
  { object: "Product", handler: "get", key: FIXTURE.sku },
  {
    object: "SkuReplenishment",
    handler: "set",
    key: FIXTURE.sku,
    shape: {
      supplier: req("orders@supplier.test", badEmail),
      reorderQuantity: opt(5, badQuantity),
      coverDays: opt(14, badInteger(1, 365)),
    },
  },

  { object: "Cart", handler: "addItem", key: FIXTURE.cart, shape: { sku: req(FIXTURE.sku, badIdentifier), quantity: req(1, badQuantity) } },
  {
    object: "Cart",
    handler: "updateItem",
    key: FIXTURE.cart,
    shape: { sku: req(FIXTURE.sku, badIdentifier), quantity: req(1, badInteger(0, 1_000_000)) },
  },
  { object: "Cart", handler: "removeItem", key: FIXTURE.cart, shape: { sku: req(FIXTURE.sku, badIdentifier) } },
  { object: "Cart", handler: "clear", key: FIXTURE.cart },
  { object: "Cart", handler: "get", key: FIXTURE.cart },
  {
    object: "Cart",
    handler: "checkout",
    key: FIXTURE.cart,
    shape: {
      customer,
      shippingAddress: address,
      paymentMethod: opt("pm_card_visa", badPaymentMethod),
      shippingMethod: opt("standard", badEnum(["standard", "express"])),
      customerId: opt(`cus_${"a".repeat(32)}`, fc.oneof(badIdentifier, fc.constantFrom("customer-1", `cus_${"A".repeat(32)}`))),
      notes: opt("ring twice", badText(500)),
      idempotencyKey: opt("retry-1", fc.oneof(fc.constantFrom("", "with space", "k".repeat(256)), wrongType("string"))),
    },
  },

  {
    object: "OrderOrchestrator",
    handler: "processOrder",
    key: FIXTURE.freshOrder,
    shape: {
      items,
      customer,
      shipping: address,
      paymentMethod: opt("pm_card_visa", badPaymentMethod),
      shippingMethod: opt("express", badEnum(["standard", "express"])),
      currency: opt("USD", badCurrency),
      cartId: opt("cart-x", badIdentifier),
      orderNumber: opt("ORD-2026-000001", fc.oneof(badIdentifier, fc.constantFrom("ORD-2026-1", "ORD-2026-0000001", "ORD-2026-000000"))),
      notes: opt("ring twice", badText(500)),
      includeOrder: opt(true, wrongType("boolean")),
    },
  },
  { object: "OrderOrchestrator", handler: "getOrder", key: FIXTURE.order },
  { object: "OrderOrchestrator", handler: "cancel", key: FIXTURE.order, shape: { reason: opt("changed my mind", badText(500)) } },
  {
    object: "OrderOrchestrator",
    handler: "refund",
    key: FIXTURE.order,
    shape: {
      amount: opt(100, badAmount(1)),
      reason: req("broken", badText(500)),
      returnItems: opt(false, wrongType("boolean")),
      shipping: opt(false, wrongType("boolean")),
    },
  },

  {
    object: "OperatorInbox",
    handler: "acknowledge",
    key: FIXTURE.inbox,
    // An id that names no alert is as wrong as a malformed one.
    shape: {
      id: req(
        FIXTURE.alertId,
        fc.oneof(
          fc.constant(""),
          fc.string({ minLength: 301, maxLength: 600 }),
          wrongType("string"),
          fc.string({ minLength: 1, maxLength: 300 }).filter((s) => s !== FIXTURE.alertId),
        ),
      ),
    },
  },
  { object: "OperatorInbox", handler: "list", key: FIXTURE.inbox },

  ...customerHandlers(),
  {
    object: "EmailIndex",
    handler: "register",
    key: FIXTURE.freshEmail,
    shape: { name: req("Ada", badText(200)), passwordHash: req(FIXTURE.passwordHash, badPasswordHash), session },
  },
  { object: "EmailIndex", handler: "lookup", key: FIXTURE.email },
  {
    object: "EmailIndex",
    handler: "bootstrapAdmin",
    key: FIXTURE.freshEmail,
    shape: {
      name: req("Admin", badText(200)),
      passwordHash: req(FIXTURE.passwordHash, badPasswordHash),
      replacePassword: req(true, wrongType("boolean")),
    },
  },
];

function customerHandlers(): HandlerSpec[] {
  const customer = (handler: string, shape?: Shape): HandlerSpec => ({
    object: "Customer",
    handler,
    get key() {
      return DRAWN.customerId;
    },
    ...(shape ? { shape } : {}),
  });
  return [
    customer("get"),
    customer("signInDetails"),
    customer("startSession", { ...session.shape!, proof: req(VALID_PROOF, badProof) }),
    customer("checkPassword", {
      nonce: req("n".repeat(16), fc.oneof(badIdentifier, fc.constantFrom("n".repeat(15), "n".repeat(65), "no spaces here!!"))),
      proof: req(VALID_PROOF, badProof),
    }),
    customer("refresh", {
      sessionId: req(FIXTURE.sessionId, badSessionId),
      secretHash: req(FIXTURE_HASH, badSecretHash),
      nextSecretHash: req("f".repeat(64), badSecretHash),
      graceSeconds: req(10, badInteger(0, 300)),
    }),
    // Valid but for the proof: a request that slipped through would set a password nobody knows.
    customer("changePassword", {
      proof: req(VALID_PROOF, badProof),
      newPasswordHash: req(FIXTURE.passwordHash, badPasswordHash),
      keepSessionId: opt(FIXTURE.sessionId, badSessionId),
    }),
    // Valid: the fixture's own session, so a request that slipped through would end it.
    customer("endSession", { sessionId: req(FIXTURE.sessionId, badSessionId), secretHash: req(FIXTURE_HASH, badSecretHash) }),
    customer("updateProfile", { name: req("Renamed", badText(200)) }),
    customer("addAddress", { ...address.shape!, label: opt("Home", badText(50)), name: req("Ada Lovelace", badText(200)) }),
    {
      object: "Customer",
      handler: "removeAddress",
      get key() {
        return DRAWN.customerId;
      },
      get shape(): Shape {
        return { id: req(DRAWN.addressId, fc.oneof(badIdentifier, fc.constantFrom("adr_", "adr_00000000000000000000"))) };
      },
    },
    customer("setRole", { role: req("admin", badEnum(["customer", "admin"])) }),
  ];
}
