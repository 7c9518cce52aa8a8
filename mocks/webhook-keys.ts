/**
 * Webhook credentials used only in MOCK_MODE, so the mock providers can sign callbacks that go
 * through the same verification as real ones. They protect nothing: they are published here on
 * purpose, and real deployments configure their own (see .env.example).
 */
export const MOCK_WEBHOOK_CREDENTIALS = {
  stripeWebhookSecret: "whsec_mock_restate_commerce",
  shippoWebhookToken: "mock-shippo-webhook-token",
  shippoWebhookSecret: "mock-shippo-hmac-secret",
  sendgridPublicKey:
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE5x/nwGVeB2xIA/7mZMzFu2UPUgR45uk6in6Wjc0sVo1Fjo8oO/Bl7Yxo85qoAHq+zyzSLnuqpH0zjyIV6hynlA==",
  sendgridPrivateKey:
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgvr7a/hOwZGDkkAReNUcZiMM//PjNqGaYI7X/4MawDEahRANCAATnH+fAZV4HbEgD/uZkzMW7ZQ9SBHjm6TqKfpaNzSxWjUWOjyg78GXtjGjzmqgAer7PLNIue6qkfTOPIhXqHKeU",
} as const;
