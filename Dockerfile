# The service endpoint and the HTTP API (its command); the Restate server runs from its own image (see docker-compose.yml).
# Node 24 runs the TypeScript sources directly (type stripping): only the UI has a build step (below).
FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# No install scripts: nothing the image runs needs one, and `prepare` (the UI build) runs below.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY src ./src
# The tax table and the loyalty tiers the service reads at startup (TAX_RATES_FILE, LOYALTY_TIERS_FILE).
COPY config ./config
COPY mocks ./mocks
# The admin dashboard and the demo storefront that the API serves (/admin, /shop), bundled into ui/dist.
COPY ui ./ui
COPY scripts/build-ui.ts ./scripts/
COPY scripts/lib/ui-build.ts ./scripts/lib/
RUN node scripts/build-ui.ts && rm -rf ui/src
USER node
EXPOSE 9080
# The endpoint speaks HTTP/2 only and the image has no curl: a small node script asks /health.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 CMD ["node", "src/server/healthcheck.ts"]
CMD ["node", "src/server/endpoint-main.ts"]
