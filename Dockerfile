# The achievements service: the GraphQL API (default target `api`) and nginx with the web console
# (target `web`). docker-compose.yml builds both from this file.
#
#   docker build -t achievements-api .                 # the API; runs on PostgreSQL from DATABASE_URL
#   docker build -t achievements-web --target web .   # nginx + the console, proxying to the API
#
# Stages: deps (all server packages, to compile) -> build (tsc) ; prod-deps (runtime packages only);
# web-build (the console: npm ci + vite build) ; web (nginx) ; api (the runtime, last = default).
# Install scripts are not run (--ignore-scripts): no package here needs one to work, and the
# slim images have no compiler for node-gyp.

ARG NODE_IMAGE=node:22-bookworm-slim
ARG NGINX_IMAGE=nginx:1.28-alpine

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund

FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS web-build
WORKDIR /app/web
COPY web/package.json web/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY web/ ./
# The console's typed operations are generated from the server's schema (web/codegen.ts).
COPY schema.graphql /app/schema.graphql
RUN npm run build && test -f dist/index.html

# nginx in front of the API instances, serving the console. The top-level nginx.conf is a template,
# rendered at start by nginx/render-conf.sh from LISTEN_PORT, API_UPSTREAMS, STATIC_ROOT,
# GRAPHQL_RATE, GRAPHQL_BURST and PROXY_READ_TIMEOUT (defaults in that script), exactly as the CI test renders it.
FROM ${NGINX_IMAGE} AS web
COPY nginx.conf /etc/nginx/achievements/nginx.conf.template
COPY --chmod=755 nginx/render-conf.sh /usr/local/bin/render-nginx-conf
COPY --from=web-build /app/web/dist /usr/share/nginx/html
ENV LISTEN_PORT=8080 \
    STATIC_ROOT=/usr/share/nginx/html
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD wget -q -O /dev/null "http://127.0.0.1:${LISTEN_PORT}/" || exit 1
STOPSIGNAL SIGQUIT
CMD ["sh", "-c", "render-nginx-conf /etc/nginx/achievements/nginx.conf.template /etc/nginx/nginx.conf && exec nginx -g 'daemon off;'"]

# The API: production packages, compiled server, built console (served at / when run alone).
FROM ${NODE_IMAGE} AS api
ENV NODE_ENV=production \
    PORT=4000 \
    DATA_DIR=/data \
    WEB_DIR=/app/web/dist
WORKDIR /app
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=web-build /app/web/dist ./web/dist
# The code belongs to root and is read-only for the service; only DATA_DIR (the embedded
# database, or the generated API key) is writable.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# main.ts drains requests in flight on SIGTERM and exits 0 within 15 s.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
