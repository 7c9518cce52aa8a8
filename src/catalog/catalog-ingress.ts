import { noInput, object } from "../platform/restate/ingress-contract.ts";
import type { Product } from "./product-object.ts";

export const ProductApi = object<typeof Product>("Product", noInput("get"));
