import type { ProductReviews } from "../objects/product-reviews.ts";
import { noInput, object } from "./contract.ts";

export const ProductReviewsApi = object<typeof ProductReviews>("ProductReviews", noInput("list"));
