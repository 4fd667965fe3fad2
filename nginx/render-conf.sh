#!/bin/sh
# Renders the project's nginx.conf template (the top-level nginx.conf) into a runnable config.
#   render-conf.sh TEMPLATE OUTPUT
# Only the variables below are replaced; nginx's own $variables stay as they are.
# Used by the `web` image (Dockerfile target `web`, run at container start) and by
# test/deploy/run-nginx-test.sh, so compose and the test run the same file.
set -eu
template=${1:?usage: render-conf.sh TEMPLATE OUTPUT}
output=${2:?usage: render-conf.sh TEMPLATE OUTPUT}

: "${LISTEN_PORT:=8080}"
: "${API_UPSTREAMS:=server api:4000 max_fails=1 fail_timeout=5s;}"
: "${STATIC_ROOT:=/usr/share/nginx/html}"
: "${GRAPHQL_RATE:=30r/s}"
: "${GRAPHQL_BURST:=60}"
: "${PROXY_READ_TIMEOUT:=60s}"
export LISTEN_PORT API_UPSTREAMS STATIC_ROOT GRAPHQL_RATE GRAPHQL_BURST PROXY_READ_TIMEOUT

case "$LISTEN_PORT" in '' | *[!0-9]*) echo "render-conf.sh: LISTEN_PORT must be a number, got '$LISTEN_PORT'" >&2; exit 2 ;; esac
case "$GRAPHQL_BURST" in '' | *[!0-9]*) echo "render-conf.sh: GRAPHQL_BURST must be a number, got '$GRAPHQL_BURST'" >&2; exit 2 ;; esac
printf '%s' "$PROXY_READ_TIMEOUT" | grep -Eqx '[0-9]+(ms|s|m)?' ||
  { echo "render-conf.sh: PROXY_READ_TIMEOUT must look like 60s, 500ms or 2m, got '$PROXY_READ_TIMEOUT'" >&2; exit 2; }
case "$GRAPHQL_RATE" in *r/s | *r/m) ;; *) echo "render-conf.sh: GRAPHQL_RATE must look like 30r/s or 600r/m, got '$GRAPHQL_RATE'" >&2; exit 2 ;; esac

envsubst '${LISTEN_PORT} ${API_UPSTREAMS} ${STATIC_ROOT} ${GRAPHQL_RATE} ${GRAPHQL_BURST} ${PROXY_READ_TIMEOUT}' <"$template" >"$output.tmp"
if grep -n '\${[A-Z_]*}' "$output.tmp" >&2; then
  echo "render-conf.sh: unreplaced \${...} left in $output (above)" >&2
  rm -f "$output.tmp"
  exit 2
fi
mv "$output.tmp" "$output"
