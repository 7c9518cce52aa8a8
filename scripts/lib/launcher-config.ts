import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { port } from "../../src/server/endpoint-config.ts";
import { projectRoot } from "./restate-server.ts";

const httpUrl = (example: string) => z.url({ protocol: /^https?$/, message: `must be an http(s) URL such as ${example}` });

/** What `npm start` reads on top of the service's own variables (src/server/endpoint-config.ts). */
export const LauncherEnv = z.object({
  INGRESS_PORT: port(1).default(8080),
  ADMIN_PORT: port(1).default(9070),
  RESTATE_NODE_PORT: port(1).default(5122),
  /** The HTTP API's port (npm start binds it on loopback). */
  API_PORT: port(1).default(3000),
  /** Data of the embedded server; relative to the project. */
  RESTATE_BASE_DIR: z
    .string()
    .default(".restate")
    .transform((dir) => path.resolve(projectRoot, dir))
    .refine((dir) => !existsSync(dir) || statSync(dir).isDirectory(), "must name a directory (it names a file)"),
  /** Register this existing Restate server's admin API instead of starting one. */
  RESTATE_ADMIN_URL: httpUrl("http://127.0.0.1:9070").optional(),
  /** The embedded PostgreSQL's port (when DATABASE_URL is unset). */
  POSTGRES_PORT: port(1).default(5432),
  /** Data of the embedded PostgreSQL; relative to the project. */
  POSTGRES_BASE_DIR: z
    .string()
    .default(".postgres")
    .transform((dir) => path.resolve(projectRoot, dir))
    .refine((dir) => !existsSync(dir) || statSync(dir).isDirectory(), "must name a directory (it names a file)"),
  /** The URL to register, when Restate reaches the endpoint another way. */
  ENDPOINT_URL: httpUrl("http://127.0.0.1:9080").optional(),
});

/** Where npm start's API serves product images from and `npm run seed` draws them: beside the Restate data. */
export function mediaDir(dataDir: string): string {
  const dir = path.join(dataDir, "media");
  mkdirSync(dir, { recursive: true });
  return dir;
}
