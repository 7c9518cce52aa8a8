-- Up Migration

-- The API's rate-limit counters when several replicas share them (API_REPLICAS > 1), in the shape
-- rate-limiter-flexible's RateLimiterPostgres reads: one row per limiter key, expiring.
CREATE TABLE api_rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
CREATE INDEX api_rate_limits_expire ON api_rate_limits (expire);

-- Down Migration
DROP TABLE api_rate_limits;
