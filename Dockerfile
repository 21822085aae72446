# One image per service: docker build --build-arg SERVICE=pay -t fooddelivery/pay .
FROM node:20-bookworm-slim AS build
WORKDIR /repo
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.base.json tsconfig.build.json ./
COPY libs ./libs
COPY app ./app
COPY pay ./pay
COPY store ./store
COPY customer ./customer
COPY marketing ./marketing
COPY gateway ./gateway
RUN npm install --no-audit --no-fund && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE}
WORKDIR /repo
COPY --from=build /repo /repo
USER node
EXPOSE 8080-8085
# node directly (not npm) so SIGTERM reaches the service and its graceful shutdown runs
CMD ["sh", "-c", "exec node ${SERVICE}/dist/main.js"]
