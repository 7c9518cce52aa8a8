/**
 * Decodes a form body the way Stripe reads it: bracket notation into nested objects and arrays
 * (`metadata[orderId]=1` → { metadata: { orderId: "1" } }, `expand[0]=x` → { expand: ["x"] }).
 * Values stay strings; the contract checker coerces them where the document types them. stripe-node
 * encodes with its own small function (it no longer uses qs), so its inverse lives here.
 */
export function decodeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
    if (!match) throw new Error(`form field name ${JSON.stringify(name)} is not in bracket notation`);
    const keys = [match[1] as string, ...[...(match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] as string)];
    let node: Record<string, unknown> = root;
    keys.forEach((key, i) => {
      const last = i === keys.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(keys[i + 1] as string);
      if (last) {
        if (key in node) throw new Error(`form field ${name} given twice`);
        node[key] = value;
        return;
      }
      node[key] ??= nextIsIndex ? [] : {};
      node = node[key] as Record<string, unknown>;
    });
  }
  return root;
}
