/** The API's credential in every test stack: the test API, the test endpoints and the tests' own ingress calls (restate.ts) use it. */
export const TEST_API_CALLER_KEY = "test-api-caller-key-0123456789abcdef0123";
