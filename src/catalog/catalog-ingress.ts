import { noInput, object, service } from "../platform/restate/ingress-contract.ts";
import type { CatalogAdmin } from "./catalog-admin-service.ts";
import type { Catalog } from "./catalog-service.ts";
import type { Product } from "./product-object.ts";

export const CatalogApi = service<typeof Catalog>("Catalog", noInput("categories"));
export const CatalogAdminApi = service<typeof CatalogAdmin>("CatalogAdmin");
export const ProductApi = object<typeof Product>("Product", noInput("get"));
