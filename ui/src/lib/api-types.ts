/**
 * What the API answers, as the UI reads it: inferred from the API's own zod schemas, the one source
 * its validation and OpenAPI document come from, so a changed answer is a type error here. Types
 * only: `import type` is erased, nothing of the API goes into the bundle.
 */
import type { z } from "zod";
import type { DashboardAnswer, FunnelAnswer } from "../../../src/api/analytics-schemas.ts";
import type { Address as AddressSchema, CustomerSummary, Profile as ProfileSchema } from "../../../src/api/api-schemas.ts";
import type {
  AdminProductList,
  AdminProduct as AdminProductSchema,
  ProductList,
  ProductListItem,
  Product as ProductSchema,
} from "../../../src/api/catalog-schemas.ts";
import type {
  AdminCustomerAnswer,
  AdminCustomerListItem,
  AdminOrderListItem,
  PurchaseOrderAnswer,
  PurchaseOrderListItem,
} from "../../../src/api/operations-schemas.ts";
import type {
  AdminOrderAnswer,
  AdminReview as AdminReviewSchema,
  AlertAnswer,
  CartAnswer,
  CouponAnswer,
  GuestOrderAnswer,
  OrderAnswer,
  OrderSummary as OrderSummarySchema,
  PublicReview,
  RefundQuote as RefundQuoteSchema,
  StockAnswer,
} from "../../../src/api/shop-schemas.ts";
import type { RatingSummary } from "../../../src/catalog/domain/rating.ts";
import type { SmsSettings as SmsSettingsSchema } from "../../../src/customers/domain/sms.ts";
import type { WishlistView } from "../../../src/customers/domain/wishlist.ts";

export type { CategoryNode } from "../../../src/api/catalog-schemas.ts";

export type Cart = z.infer<typeof CartAnswer>;
export type CartLine = Cart["items"][number];
export type Order = z.infer<typeof OrderAnswer>;
export type OrderSummary = z.infer<typeof OrderSummarySchema>;
export type Address = Order["shippingAddress"];
export type ProductCard = z.infer<typeof ProductListItem>;
export type ProductPage = z.infer<typeof ProductSchema>;
export type ProductPageList = z.infer<typeof ProductList>;
export type Customer = z.infer<typeof CustomerSummary>;

// The shop owner's screens.
export type AdminOrder = z.infer<typeof AdminOrderAnswer>;
export type AdminOrderLine = z.infer<typeof AdminOrderListItem>;
export type RefundQuote = z.infer<typeof RefundQuoteSchema>;
export type Coupon = z.infer<typeof CouponAnswer>;
export type Alert = z.infer<typeof AlertAnswer>;
export type Dashboard = z.infer<typeof DashboardAnswer>;
export type Funnel = z.infer<typeof FunnelAnswer>;
export type AdminCustomerLine = z.infer<typeof AdminCustomerListItem>;
export type AdminCustomer = z.infer<typeof AdminCustomerAnswer>;
export type PurchaseOrderSummary = z.infer<typeof PurchaseOrderListItem>;
export type PurchaseOrder = z.infer<typeof PurchaseOrderAnswer>;
export type Stock = z.infer<typeof StockAnswer>;

// The customer's own pages.
export type Profile = z.infer<typeof ProfileSchema>;
export type SavedAddress = z.infer<typeof AddressSchema>;
export type SmsSettings = z.infer<typeof SmsSettingsSchema>;
export type WishlistItem = z.infer<typeof WishlistView>["items"][number];
export type Rating = z.infer<typeof RatingSummary>;
export type AdminProduct = z.infer<typeof AdminProductSchema>;
export type Review = z.infer<typeof PublicReview>;
export type AdminReview = z.infer<typeof AdminReviewSchema>;
export type GuestOrder = z.infer<typeof GuestOrderAnswer>;
export type AdminProductLine = z.infer<typeof AdminProductList>["items"][number];
