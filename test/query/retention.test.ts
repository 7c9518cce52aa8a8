import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { retentionTable } from "../../src/analytics/domain/cohorts.ts";
import { retention } from "../../src/analytics/retention-queries.ts";
import { migrate } from "../../src/platform/database/migrate.ts";
import { api, signedInAdmin } from "../support/api.ts";

/**
 * The SQL over orders placed across several months: a database of its own in the suite's PostgreSQL,
 * so rows dated years back stay out of every other test's projections.
 */
const name = `retention_${randomBytes(4).toString("hex")}`;
const serverUrl = inject("databaseUrl");
const databaseUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
})();
let pool: pg.Pool;

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  await migrate(databaseUrl);
  pool = new pg.Pool({ connectionString: databaseUrl });
  // The drop below ends the sessions of this database; one the pool is still closing reports it as an
  // error on the pool, which would otherwise be thrown as uncaught.
  pool.on("error", () => undefined);
});

afterAll(async () => {
  await pool?.end();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

let n = 0;
async function order(email: string, day: string, paid = true) {
  n++;
  await pool.query(
    `INSERT INTO orders (order_id, customer_email, customer_name, status, payment_status, currency, subtotal, discount, shipping_cost, tax,
       total, created_at, updated_at, version, completed_at)
     VALUES ($1, $2, 'Buyer', $3, $4, 'USD', 1000, 0, 0, 0, 1000, $5, $5, 1, $6)`,
    [`ord-${n}`, email, paid ? "delivered" : "failed", paid ? "captured" : "failed", `${day}T12:00:00Z`, paid ? `${day}T12:01:00Z` : null],
  );
}

describe("retention by monthly cohort", () => {
  it("puts each buyer in the month of their first paid order and counts who paid again in each later month", async () => {
    // January: ann, bob, cy (cy's first order failed; her first paid one is in February).
    await order("ann@example.com", "2025-01-05");
    await order("ann@example.com", "2025-01-20"); // again in the same month: still one buyer of the cohort
    await order("BOB@example.com", "2025-01-09");
    await order("cy@example.com", "2025-01-10", false);
    // February: ann again, cy's first paid, bob's email in another case is the same buyer.
    await order("ann@example.com", "2025-02-02");
    await order("cy@example.com", "2025-02-03");
    // March: bob again, ann again, and a failed order of dee that makes her no buyer.
    await order("bob@example.com", "2025-03-15");
    await order("ann@example.com", "2025-03-31");
    await order("dee@example.com", "2025-03-20", false);
    // April, after the report's end: not counted.
    await order("cy@example.com", "2025-04-02");

    const report = await retention(pool, { months: 3 }, Date.parse("2025-03-31T23:00:00Z"));
    expect(report).toEqual({
      months: 3,
      cohorts: [
        {
          cohort: "2025-01",
          buyers: 2,
          later: [
            { monthsLater: 1, buyers: 1, share: 0.5 },
            { monthsLater: 2, buyers: 2, share: 1 },
          ],
        },
        { cohort: "2025-02", buyers: 1, later: [{ monthsLater: 1, buyers: 0, share: 0 }] },
        { cohort: "2025-03", buyers: 0, later: [] },
      ],
    });
    // One cohort only: January's buyers are older than the window, and their March orders do not make March a cohort.
    expect((await retention(pool, { months: 1 }, Date.parse("2025-03-31T23:00:00Z"))).cohorts).toEqual([
      { cohort: "2025-03", buyers: 0, later: [] },
    ]);
  });

  it("fills months nobody came back in, and rounds shares to four places", () => {
    const table = retentionTable(
      [
        { cohort: "2024-11", offset: 0, buyers: 3 },
        { cohort: "2024-11", offset: 2, buyers: 1 },
      ],
      "2025-01",
      3,
    );
    expect(table.cohorts[0]).toEqual({
      cohort: "2024-11",
      buyers: 3,
      later: [
        { monthsLater: 1, buyers: 0, share: 0 },
        { monthsLater: 2, buyers: 1, share: 0.3333 },
      ],
    });
    expect(table.cohorts.map((c) => c.cohort)).toEqual(["2024-11", "2024-12", "2025-01"]);
  });

  it("is served to admins by GET /admin/analytics/retention, from the shop's own orders", async () => {
    const admin = await signedInAdmin();
    const res = await api("GET", "/admin/analytics/retention?months=2", { token: admin.accessToken });
    expect(res.status).toBe(200);
    expect(res.body.months).toBe(2);
    expect(res.body.cohorts).toHaveLength(2);
    const thisMonth = new Date().toISOString().slice(0, 7);
    expect(res.body.cohorts[1].cohort).toBe(thisMonth);
    expect(res.body.cohorts[0].later).toHaveLength(1);
    expect((await api("GET", "/admin/analytics/retention?months=25", { token: admin.accessToken })).status).toBe(400);
  });
});
