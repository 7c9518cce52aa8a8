# The service endpoint only; the Restate server runs from its own image (see docker-compose.yml).
# Node 24 runs the TypeScript sources directly (type stripping), so there is no build step.
FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY src ./src
COPY mocks ./mocks
USER node
EXPOSE 9080
# The endpoint speaks HTTP/2 only and the image has no curl: a small node script asks /health.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 CMD ["node", "src/healthcheck.ts"]
CMD ["node", "src/main.ts"]
