/**
 * The bench's service endpoint process: the product's services plus the no-op object the ceiling is
 * measured with and the handler the round-trip counter is checked on. They live only here, so no
 * production endpoint ever serves them.
 */
import { startEndpointServer } from "../../../src/server/endpoint-server.ts";
import { BenchCalibration } from "./calibration.ts";
import { BenchNoop } from "./noop-object.ts";

const endpoint = await startEndpointServer({
  port: Number(process.env.PORT),
  host: "127.0.0.1",
  extraServices: [BenchNoop, BenchCalibration],
});
const stop = () => void endpoint.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
