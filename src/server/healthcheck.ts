/**
 * `node src/server/healthcheck.ts`: exits 0 when the service endpoint on PORT answers its health check, 1
 * otherwise. For container healthchecks: the image has no curl, and the endpoint speaks only HTTP/2.
 */
import http2 from "node:http2";

const port = Number(process.env.PORT || 9080);
const session = http2.connect(`http://127.0.0.1:${port}`);
const fail = () => process.exit(1);
session.setTimeout(2_000, fail);
session.on("error", fail);
const request = session.request({ ":path": "/health" });
request.on("error", fail);
request.on("response", (headers) => process.exit(headers[":status"] === 200 ? 0 : 1));
request.end();
