import { z } from "zod";

/** Who wants a SKU, to be told when it is back: the address and name to write to. */
export const Wisher = z.strictObject({ customerId: z.string(), email: z.email(), name: z.string() });
export type Wisher = z.infer<typeof Wisher>;

/** One return to stock: the restock's id makes the email once per restock, not per unit or per retry. */
export const BackInStock = z.strictObject({ restockId: z.string(), name: z.string(), slug: z.string().nullable() });
export type BackInStock = z.infer<typeof BackInStock>;
