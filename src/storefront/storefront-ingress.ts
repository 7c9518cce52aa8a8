import { noInput, service } from "../platform/restate/ingress-contract.ts";
import type { CatalogAdmin } from "./catalog-admin-service.ts";
import type { Catalog } from "./catalog-service.ts";

export const CatalogApi = service<typeof Catalog>("Catalog", noInput("categories"));
export const CatalogAdminApi = service<typeof CatalogAdmin>("CatalogAdmin");
