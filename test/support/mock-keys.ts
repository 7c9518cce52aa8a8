import { mockWebhookKeys } from "../../mocks/webhook-keys.ts";

/** The tests' own mock-webhook secret: the test endpoints derive their credentials from it, and so do tests that sign callbacks. */
export const TEST_MOCK_WEBHOOK_SECRET = "test-mock-webhook-secret-0123456789abcdef";
export const testMockKeys = mockWebhookKeys(TEST_MOCK_WEBHOOK_SECRET);
