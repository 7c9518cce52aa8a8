/** `npm run serve`: only the service endpoint, for production behind an external Restate server. */

import { logger } from "../platform/logging.ts";
import { checkConfiguration } from "./endpoint-config.ts";
import { startEndpointServer } from "./endpoint-server.ts";

try {
  const { app } = checkConfiguration(process.env);
  const endpoint = await startEndpointServer({ port: app.PORT, host: app.HOST });
  logger.info({ port: endpoint.port }, "service endpoint listening; register it with: POST <restate-admin>/deployments");
  if (endpoint.metricsUrl) logger.info({ url: endpoint.metricsUrl }, "Prometheus metrics of this endpoint process");
  const stop = () => void endpoint.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  logger.fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
