import { createEndpoint } from "./app.ts";

const port = Number(process.env.PORT ?? 9080);
await createEndpoint().listen(port);
