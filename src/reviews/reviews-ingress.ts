import { noInput, object } from "../platform/restate/ingress-contract.ts";
import type { ProductReviews } from "./product-reviews.ts";

export const ProductReviewsApi = object<typeof ProductReviews>("ProductReviews", noInput("list"));
