# syntax=docker/dockerfile:1
# One multi-stage image build for every Orrery service. Pick a service with --target:
#   docker build --target api .          (api, scheduler, sensor, run-launcher, executor, migrate)
# docker-compose.yml builds each target from this file.

ARG NODE_IMAGE=node:22-bookworm-slim

# ---- build: install everything, generate the Prisma client, compile every project ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY . .
# `npm ci` cannot be used: the registry serves only nx's linux platform packages, so the
# lockfile lacks the others (STACK.md). `npm install` honours the lockfile otherwise.
RUN npm install --no-audit --no-fund \
 && npx nx run-many -t build --outputStyle=static

# ---- prod-deps: the same tree without devDependencies ----
FROM build AS prod-deps
RUN npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .nx libs/*/src apps/*/src

# ---- runtime: what every service image shares ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app /app
# Services never need root; the node image ships an unprivileged `node` user.
USER node
STOPSIGNAL SIGTERM

FROM runtime AS api
ENV PORT=3000
EXPOSE 3000
CMD ["node", "apps/api/dist/main.js"]

FROM runtime AS scheduler
ENV HEALTH_PORT=8080
EXPOSE 8080
CMD ["node", "apps/scheduler/dist/main.js"]

FROM runtime AS sensor
ENV HEALTH_PORT=8080
EXPOSE 8080
CMD ["node", "apps/sensor/dist/main.js"]

FROM runtime AS run-launcher
ENV HEALTH_PORT=8080
EXPOSE 8080
CMD ["node", "apps/run-launcher/dist/main.js"]

FROM runtime AS executor
ENV HEALTH_PORT=8080
# Compiled code locations (no TypeScript loader in production); state under /var/lib/orrery.
ENV ORRERY_WORKSPACE=/app/deployment/docker/workspace.yaml \
    ORRERY_COMPUTE_LOG_DIR=/var/lib/orrery/compute-logs \
    ORRERY_DATA_DIR=/var/lib/orrery/storage \
    WAREHOUSE_DIR=/var/lib/orrery/warehouse \
    OBJECT_STORE_DIR=/var/lib/orrery/object-store \
    LANDING_DIR=/var/lib/orrery/landing
USER root
# Owned by `node` so a named volume mounted here starts writable for the service.
RUN mkdir -p /var/lib/orrery/compute-logs /var/lib/orrery/landing && chown -R node:node /var/lib/orrery
USER node
EXPOSE 8080
CMD ["node", "apps/executor/dist/main.js"]

# ---- migrate: one-shot; needs the dev tools (tsx, Prisma's WASM schema engine) ----
FROM build AS migrate
USER node
CMD ["npx", "tsx", "scripts/setup-db.ts"]
