/**
 * The no-op object alone, for `npm run bench -- --ingress … --admin …`: registered as a deployment
 * of its own on a running Restate deployment, it gives the ceiling there without claiming any of
 * the product's services.
 */
import http2 from "node:http2";
import * as restate from "@restatedev/restate-sdk";
import { BenchCalibration } from "./calibration.ts";
import { BenchNoop } from "./noop-object.ts";

const server = http2.createServer(restate.endpoint().bind(BenchNoop).bind(BenchCalibration).http2Handler());
server.listen(Number(process.env.PORT), "127.0.0.1");
const stop = () => server.close(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
