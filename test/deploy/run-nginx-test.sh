#!/usr/bin/env bash
# nginx in front of two API instances, for real: installs Debian's nginx when it is missing, builds
# the server, then runs test/deploy/nginx-e2e.mjs (node's test runner), which renders the project's
# nginx.conf with nginx/render-conf.sh, checks it with `nginx -t`, runs it in a temporary prefix on a
# loopback port and drives it. Needs PostgreSQL at PG_URL (default: the local server, user postgres).
#
#   bash test/deploy/run-nginx-test.sh          # SKIP_BUILD=1 to use the dist/ already there
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "installing nginx (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  # Debian's postinst would start a system nginx on port 80 where an init system allows it;
  # the test runs its own, so that one is not needed (policy-rc.d denies it in containers).
  apt-get install -y --no-install-recommends nginx >/dev/null 2>&1 ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends nginx >/dev/null; }
fi
NGINX_BIN=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
command -v ss >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get install -y --no-install-recommends iproute2 >/dev/null; }
command -v envsubst >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get install -y --no-install-recommends gettext-base >/dev/null; }
"$NGINX_BIN" -v

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f dist/src/main.js ]; then
  npm run build --silent
fi

export NGINX_BIN
export PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
exec node --test --test-concurrency=1 test/deploy/nginx-e2e.mjs
