# syntax=docker/dockerfile:1
# Baken's container image. Two stages: the build stage installs every dependency (better-sqlite3 compiles from
# source when its prebuilt binary cannot be fetched), builds dist/ with esbuild and prunes the development
# dependencies; the image gets only dist/, the migrations, public/ and the production node_modules, and runs as
# the unprivileged user `node`. .ci/prod-install runs the same steps where no container engine is at hand.
#   docker build -t baken .
#   docker run -d -p 3000:3000 -v baken-data:/data --env-file .env baken
# Two instances on PostgreSQL behind a proxy: compose.yaml. Operating it: docs/operations.md.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The compiler better-sqlite3 falls back to when no prebuilt binary fits (python3, make, a C++ compiler).
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund \
  && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    DATABASE_URL=/data/baken.sqlite
WORKDIR /app
# Owned by root and read-only to the user that runs Baken: only /data is written.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/migrations ./migrations
COPY --from=build /app/public ./public
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
# The SQLite database (when DATABASE_URL is not postgres://), generated key files, attachments and backups.
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--max-old-space-size=160", "--max-semi-space-size=4", "dist/main.js"]
