# syntax=docker/dockerfile:1
# One Dockerfile for the six services, one image each (BuildKit):
#   docker build --build-arg SERVICE=pay -t fooddelivery/pay .
# SERVICE: gateway, app, pay, store, customer or marketing (it has no default: each image is one
# service's). The image holds only that service's dist, the dist of the libraries it depends on and
# their production dependencies (scripts/production-tree.mjs, which a test runs without Docker too).
#
# Base image: node:26.13-trixie-slim, in every stage.
# - Node 26 ('Lithium') is the active LTS line since 2026-10-28, supported until 2029-04-30; 24 is in
#   maintenance since 2026-10-20. 26.13.0 is the line's first LTS release (26.12.1 relabelled).
# - A major.minor tag: the image follows 26.13's patch releases (security fixes) and the official
#   image's rebuilds for Debian updates without an edit here, while a new minor (LTS minors still
#   backport features) is a reviewed change of this line. Pass a full version for a build that
#   cannot drift (--build-arg NODE_VERSION=26.13.1), or pin the digest.
# - trixie: Debian 13, the current stable and what node:26's plain tags are built on (bookworm is
#   oldstable). slim: no compilers or package caches; the build stages add the toolchain they need.
# All stages use the same base, so the native module compiled in `deps` matches the runtime's Node
# (ABI) and glibc.
ARG NODE_VERSION=26.13
ARG SERVICE

# deps: the dependencies, from the manifests alone. Only a change to a package.json or the lockfile
# reinstalls; a code change starts at `build`.
FROM node:${NODE_VERSION}-trixie-slim AS deps
# better-sqlite3 is compiled from source (node-gyp: python3, make, g++); tini is the runtime's init
# (only its binary is copied there). Debian's versions are not pinned: stable only gets fixes, its
# archive drops superseded versions (a pin would break the build then), and the toolchain never
# reaches the runtime image.
# hadolint ignore=DL3008
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /repo
COPY package.json package-lock.json ./
COPY libs/contracts/package.json libs/contracts/
COPY libs/platform/package.json libs/platform/
COPY libs/messaging/package.json libs/messaging/
COPY libs/persistence/package.json libs/persistence/
COPY app/package.json app/
COPY pay/package.json pay/
COPY store/package.json store/
COPY customer/package.json customer/
COPY marketing/package.json marketing/
COPY gateway/package.json gateway/
COPY web/package.json web/
# build_from_source: better-sqlite3 is compiled against this image's Node, from the registry's
# tarball, instead of a prebuilt binary downloaded from elsewhere (npm warns that it does not know
# the setting; the install script reads it). nodedir: the image's own Node headers, none downloaded.
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
  npm_config_build_from_source=true npm_config_nodedir=/usr/local \
  npm ci --no-audit --no-fund

# build: every workspace compiled (tsc -b) and the web front end bundled (vite, into web/dist), as
# `npm run build` does on a workstation.
FROM deps AS build
COPY tsconfig.base.json tsconfig.build.json ./
COPY libs libs
COPY app app
COPY pay pay
COPY store store
COPY customer customer
COPY marketing marketing
COPY gateway gateway
COPY web web
RUN npm run build

# tree: /tree, the one service's production tree. npm prune works from the installed node_modules,
# offline and without install scripts: the better-sqlite3 binary is the one compiled in `deps`. The
# gateway's also holds web/dist, the front end it serves at / (files only, none of web's packages).
FROM build AS tree
ARG SERVICE
COPY scripts/production-tree.mjs scripts/
RUN node scripts/production-tree.mjs "${SERVICE}" /tree

# runtime: the tree, owned by root and read-only to the service's user. The root filesystem may be
# read-only: /tmp is the one place written to, for the SQLite file of a service given no
# DATABASE_URL (SQLITE_PATH).
FROM node:${NODE_VERSION}-trixie-slim AS runtime
ARG SERVICE
ENV NODE_ENV=production \
  SQLITE_PATH=/tmp/${SERVICE}.sqlite
WORKDIR /srv/fooddelivery
COPY --from=deps /usr/bin/tini /usr/bin/tini
COPY --from=tree /tree ./
# numeric, so Kubernetes' runAsNonRoot can verify it (the image's `node` user is 1000)
USER 10001:10001
# node's own fetch: the slim image has no curl. HOST must include the loopback (the default 0.0.0.0
# does). The timings are the Kubernetes probes' (up to 60 s to start; every 10 s, 3 s, 3 failures).
HEALTHCHECK --start-period=60s --interval=10s --timeout=3s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/live`, { signal: AbortSignal.timeout(2500) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# tini is PID 1: it hands SIGTERM to node (which shuts down gracefully on it), returns node's exit
# code and reaps zombies. Node as an ordinary process also takes signals a PID 1 would ignore (the
# self-healing demo stops one with SIGSTOP so its liveness probe fails).
ENTRYPOINT ["/usr/bin/tini", "--"]

# One stage per service: its port (the default of PORT in its config) and its command, in exec form
# (no shell in between: the signal reaches node).
FROM runtime AS service-gateway
ENV PORT=8080
EXPOSE 8080
CMD ["node", "gateway/dist/main.js"]

FROM runtime AS service-app
ENV PORT=8081
EXPOSE 8081
CMD ["node", "app/dist/main.js"]

FROM runtime AS service-pay
ENV PORT=8082
EXPOSE 8082
CMD ["node", "pay/dist/main.js"]

FROM runtime AS service-store
ENV PORT=8083
EXPOSE 8083
CMD ["node", "store/dist/main.js"]

FROM runtime AS service-customer
ENV PORT=8084
EXPOSE 8084
CMD ["node", "customer/dist/main.js"]

FROM runtime AS service-marketing
ENV PORT=8085
EXPOSE 8085
CMD ["node", "marketing/dist/main.js"]

# The image: SERVICE's stage (BuildKit builds only the stages it needs). DL3006 (an image without a
# tag) does not apply: service-${SERVICE} names a stage above, which BuildKit resolves after
# expanding SERVICE; hadolint does not expand it.
# hadolint ignore=DL3006
FROM service-${SERVICE}
