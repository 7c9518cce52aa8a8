/**
 * The bench's service endpoint process: the product's services plus the no-op object the ceiling is
 * measured with. The no-op lives only here, so no production endpoint ever serves it.
 */
import { startEndpointServer } from "../../../src/endpoint-server.ts";
import { BenchNoop } from "./noop-object.ts";

const endpoint = await startEndpointServer({
  port: Number(process.env.PORT),
  host: "127.0.0.1",
  extraServices: [BenchNoop],
});
const stop = () => void endpoint.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
