/**
 * Every handler the Restate ingress serves, and why. The ingress is infrastructure for trusted clients
 * (the public HTTP API, operators' tools, learners following the README), never the public face; any
 * handler that only this service's own code calls is ingress-private. docs/ingress.md lists the same set.
 */
export const PUBLIC_HANDLERS: Record<string, string[]> = {
  InventoryItem: ["upsert", "restock", "get"],
  // A SKU's catalog data, read by anyone (its writes come through InventoryItem.upsert and CatalogAdmin).
  Product: ["get"],
  // A SKU's supplier and reorder quantity, for the API's admin route.
  SkuReplenishment: ["set"],
  Cart: ["addItem", "updateItem", "removeItem", "clear", "get", "applyCoupon", "removeCoupon", "estimateShipping", "checkout", "restore"],
  Coupon: ["create", "get", "check", "disable"],
  OrderOrchestrator: ["processOrder", "getOrder", "cancel", "refund", "requestRefund", "reviewRefundRequest", "receiveReturn", "setStatus"],
  WebhookProcessor: ["stripe", "shippo", "sendgrid"],
  OperatorInbox: ["list", "acknowledge"],
  ProviderHealth: ["status"],
  PaymentSettlement: ["get"],
  // Risk review: an admin's decision on an order waiting in review (from the API), and its state.
  RiskReview: ["decide", "get"],
  // Accounts, for the HTTP API: it alone sees passwords and tokens; these handlers take hashes.
  Customer: [
    "get",
    "loyalty",
    "signInDetails",
    "startSession",
    "checkPassword",
    "changePassword",
    "refresh",
    "endSession",
    "updateProfile",
    "addAddress",
    "removeAddress",
    "setRole",
    "currentCart",
  ],
  EmailIndex: ["register", "lookup", "bootstrapAdmin"],
  // Replenishment, for the API's admin routes and operators.
  Replenishment: ["ensureScheduled", "runNow", "status"],
  PurchaseOrder: ["approve", "receive", "cancel", "get"],
  PurchaseOrderBook: ["list"],
  // Outbound webhooks, for the API's admin routes.
  WebhookSubscriptions: ["create", "list", "remove"],
  // Storefront events for the funnel, from the HTTP API (the shop records the other steps itself).
  Analytics: ["track"],
  // Readiness of the query side as the endpoints write it, for the HTTP API's /health/ready.
  Operations: ["database"],
  // The catalog in Restate (its search is the HTTP API's own read of PostgreSQL), and the admin's products and categories.
  Catalog: ["product", "categories"],
  CatalogAdmin: ["createProduct", "updateProduct", "getProduct", "createCategory", "updateCategory"],
  // Order numbers and lists the HTTP API reads: who may see what is decided there.
  OrderNumbers: ["resolve"],
  CustomerOrders: ["list"],
  CouponRegistry: ["list"],
  IdempotencyKeys: ["claim"],
  // A customer's saved products, for the HTTP API's /me/wishlist.
  Wishlist: ["add", "remove", "get"],
  // Reviews: written for customers and hidden for admins by the API; read by anyone.
  ProductReviews: ["write", "setHidden", "list"],
  // SMS: a customer's choice, and the STOP/START the API's verified Twilio webhook reports.
  SmsSubscription: ["set", "get"],
  SmsNumbers: ["keyword"],
};

/** The test harness binds services of its own beside the product's, all named Test…; production never serves them. */
export const isHarnessService = (name: string) => name.startsWith("Test");

/**
 * The public handlers that grant identity or move money: they run only for a call signed with the
 * API's credential (API_CALLER_KEY; src/platform/restate/api-caller.ts). Learners keep the rest of the ingress.
 * `processOrder` and `Cart.checkout` demand it only for the fields that say whose order it is.
 */
export const API_ONLY_HANDLERS: Record<string, string[]> = {
  Customer: [
    "signInDetails",
    "startSession",
    "checkPassword",
    "changePassword",
    "refresh",
    "endSession",
    "setRole",
    "updateProfile",
    "addAddress",
    "removeAddress",
  ],
  IdempotencyKeys: ["claim"],
  EmailIndex: ["register", "bootstrapAdmin"],
  OrderOrchestrator: ["cancel", "refund", "requestRefund", "reviewRefundRequest", "receiveReturn", "setStatus"],
  Coupon: ["create", "disable"],
  InventoryItem: ["upsert", "restock"],
  SkuReplenishment: ["set"],
  CatalogAdmin: ["createProduct", "updateProduct", "createCategory", "updateCategory"],
  PurchaseOrder: ["approve", "receive", "cancel"],
  Replenishment: ["runNow"],
  OperatorInbox: ["acknowledge"],
  WebhookSubscriptions: ["create", "remove"],
  Wishlist: ["add", "remove", "get"],
  ProductReviews: ["write", "setHidden"],
  RiskReview: ["decide"],
  SmsSubscription: ["set", "get"],
  SmsNumbers: ["keyword"],
};
