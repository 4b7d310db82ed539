# syntax=docker/dockerfile:1.7
# GENERATED from deploy/docker/service.Dockerfile.tpl by tools/build-service/render-dockerfiles.js;
# edit the template, not this file (tools/helm-tests checks they agree).
#
# Build from the repository root (BuildKit sends only the paths the COPY lines name):
#   tools/build-service/docker-build.sh @SERVICE@
# Policies, prompts, site code maps and redaction rules are NOT baked in: Kubernetes mounts
# them from ConfigMaps at /app/policies, /app/prompts, /app/config/site-codes and
# /app/config/redaction, so changing one never needs a new image. With plain docker, mount
# them read-only at the same paths.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS builder
WORKDIR /src
# Compilers only serve better-sqlite3 when no prebuilt binary can be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
# patches/: local fixes to dependencies, applied by npm ci's postinstall (patch-package).
COPY patches ./patches
RUN npm ci
COPY tsconfig.base.json buf.gen.yaml ./
COPY proto ./proto
COPY deploy/local/generate-contracts.sh ./deploy/local/generate-contracts.sh
COPY libs ./libs
COPY tools/build-service ./tools/build-service
COPY services/@SERVICE@ ./services/@SERVICE@
RUN npm run generate \
 && tools/build-service/build.sh @SERVICE@ /out

# Production dependencies without install scripts; the one native module is copied from
# the builder, which compiled it against the same base image, and so is every package
# patches/ changes (the builder's npm ci applied the patches).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=builder /src/node_modules/better-sqlite3/build ./node_modules/better-sqlite3/build
COPY --from=builder /src/node_modules/kafkajs ./node_modules/kafkajs

FROM ${NODE_IMAGE} AS runtime
# tini forwards SIGTERM to node, which otherwise ignores it as PID 1.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 andon \
 && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin andon \
 && mkdir -p /data \
 && chown 10001:10001 /data
WORKDIR /app
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    HTTP_PORT=8080 \
    ANDON_DATA_DIR=/data
COPY --from=prod-deps --chown=0:0 /app/node_modules ./node_modules
COPY --chown=0:0 package.json ./
COPY --from=builder --chown=0:0 /out ./
COPY --chown=0:0 deploy/docker/healthcheck.js ./healthcheck.js
# Code is root-owned and read-only to the service user; it writes only to /data and /tmp.
USER 10001:10001
EXPOSE @EXPOSE@
VOLUME ["/data", "/tmp"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "/app/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "services/@SERVICE@/src/main.js"]
