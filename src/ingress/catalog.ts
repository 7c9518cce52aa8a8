import type { Catalog } from "../services/catalog.ts";
import type { CatalogAdmin } from "../services/catalog-admin.ts";
import { noInput, service } from "./contract.ts";

export const CatalogApi = service<typeof Catalog>("Catalog", noInput("categories"));
export const CatalogAdminApi = service<typeof CatalogAdmin>("CatalogAdmin");
