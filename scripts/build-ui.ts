/** `npm run build:ui` (and `npm install`'s prepare): the admin dashboard and the demo storefront, bundled into ui/dist. */
import { buildUi, uiDistDir } from "./lib/ui-build.ts";

try {
  const manifest = await buildUi();
  console.log(
    `UI built into ${uiDistDir}: ${Object.values(manifest.pages)
      .map((p) => p.script)
      .join(", ")}, ${manifest.styles}`,
  );
} catch (error) {
  console.error(`the UI build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
