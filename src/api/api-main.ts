/** `npm run api`: only the HTTP API, in front of a running Restate server (run as many as needed). */
import { startApiServer } from "./api-server.ts";

try {
  const api = await startApiServer();
  console.log(`API listening on ${api.url} (docs: ${api.url}/docs)`);
  const stop = () => void api.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
