#!/usr/bin/env bash
# The project's Dockerfile and docker-compose.yml, built and run for real on a machine without a
# Docker engine or a reachable container registry (CI's): Debian's podman, buildah and
# podman-compose, with stand-ins for the official base images made from Debian's own packages.
#
#   bash test/deploy/run-compose-test.sh
#
# 1. Installs the Debian packages it needs when they are missing.
# 2. Makes the base images, cached between runs: a Debian bookworm root file system
#    (debootstrap --variant=minbase, from the host's own Debian mirror), kept as a tarball in
#    $COMPOSE_TEST_CACHE, imported into podman; on it, stand-ins for node (the host's Node.js),
#    nginx and postgres (Debian's) from test/deploy/podman/*.Containerfile.
# 3. Builds the `api` and `web` targets of the project's Dockerfile (podman-compose build, in the
#    Docker image format so that HEALTHCHECKs are kept), the stand-ins given as NODE_IMAGE and
#    NGINX_IMAGE.
# 4. Brings the stack of docker-compose.yml up, service by service as Docker Compose orders it,
#    and checks it end to end through nginx's published port (test/deploy/compose-e2e.mjs); then
#    `down` and `up` again on the same volumes (the data and the key survive); then `down -v`,
#    after which nothing of the project is left (containers, volumes, network).
#
# podman-compose 1.0.3 is given a translated copy of docker-compose.yml
# (test/deploy/podman/compose-for-podman.mjs says what it changes and why), and this script makes
# up for the rest of what it lacks; each place says which limitation it works around.
#
# Environment: COMPOSE_TEST_CACHE (default /var/cache/achievements-compose-test),
# DEBIAN_MIRROR (default: the host's apt sources), KEEP_STACK=1 to leave the stack up on failure.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SECONDS=0
log() { printf '[compose-test %4ss] %s\n' "$SECONDS" "$*"; }

CACHE=${COMPOSE_TEST_CACHE:-/var/cache/achievements-compose-test}
PROJECT=achievements-compose-test
BASE_IMAGE=localhost/achievements-test/debian:bookworm
NODE_IMAGE=localhost/achievements-test/node:bookworm
NGINX_IMAGE=localhost/achievements-test/nginx:bookworm
POSTGRES_IMAGE=localhost/achievements-test/postgres:bookworm
# The images compose builds, under a tag of their own (a user's `local` images stay as they are).
IMAGE_TAG=compose-test
export CONTAINERS_CONF=$ROOT/test/deploy/podman/containers.conf

# --- 1. packages -------------------------------------------------------------------------------
packages=(podman buildah debootstrap podman-compose runc uidmap slirp4netns fuse-overlayfs)
missing=()
for p in "${packages[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
fi
log "$(podman --version), podman-compose $(dpkg-query -W -f='${Version}' podman-compose)"

WORK=$(mktemp -d /tmp/achievements-compose-test.XXXXXX)
stack_up=0
# podman-compose on the translated copy, with a clean environment: only the settings given here,
# not the caller's (as a new user's shell). It reads no .env either: there is none beside the copy.
# -p: podman-compose 1.0.3 ignores the top-level `name`; the test's own project name also keeps it
# apart from a user's `achievements` stack.
HTTP_PORT=
pc() {
  env -i PATH="$PATH" HOME="${HOME:-/root}" CONTAINERS_CONF="$CONTAINERS_CONF" BUILDAH_FORMAT=docker \
    IMAGE_TAG="$IMAGE_TAG" HTTP_PORT="$HTTP_PORT" \
    podman-compose -p "$PROJECT" -f "$WORK/compose.yml" "$@"
}
project_containers() { podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}' | sort; }

teardown() {
  # podman-compose 1.0.3's `down` stops with its own 1 s timeout (not stop_grace_period): give the
  # services their grace periods. It also leaves the network it created: removed here.
  pc down -v -t 30 >>"$WORK/podman-compose.log" 2>&1 || true
  podman network rm -f "${PROJECT}_default" >/dev/null 2>&1 || true
}

cleanup() {
  local rc=$? pids
  pids=$(jobs -p)
  if [ -n "$pids" ]; then kill $pids 2>/dev/null || true; fi
  if [ $rc -ne 0 ] && [ $stack_up = 1 ]; then
    log "FAILED: the containers' state and logs follow"
    podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}} {{.Status}}' || true
    for c in $(project_containers); do
      echo "--- podman logs $c (last 60 lines)"
      podman logs --tail 60 "$c" 2>&1 || true
    done
    echo "--- podman-compose (last 40 lines)"
    tail -n 40 "$WORK/podman-compose.log" 2>/dev/null || true
  fi
  if [ $stack_up = 1 ] && [ "${KEEP_STACK:-0}" != 1 ]; then teardown; fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'echo "run-compose-test.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR
trap 'exit 130' INT TERM

# --- 2. base images ----------------------------------------------------------------------------
# The host's Debian mirror, from its apt sources (deb822 .sources or one-line .list): the first
# `deb` entry of a main suite (not -security or -updates).
debian_mirror() {
  python3 - <<'EOF'
import glob, re, sys
def main_suite(suites):
    return any("-" not in s for s in suites)
for f in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
    for para in re.split(r"\n\s*\n", open(f).read()):
        fields = {}
        for line in para.splitlines():
            if line.startswith("#") or line[:1].isspace() or ":" not in line:
                continue
            k, v = line.split(":", 1)
            fields[k.strip().lower()] = v.split()
        if fields.get("enabled", ["yes"])[0].lower() == "no":
            continue
        if "deb" in fields.get("types", []) and fields.get("uris") and main_suite(fields.get("suites", [])):
            print(fields["uris"][0]); sys.exit(0)
for f in ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*.list")):
    try:
        lines = open(f).read().splitlines()
    except OSError:
        continue
    for line in lines:
        w = re.sub(r"\[[^]]*\]", "", line.split("#", 1)[0]).split()
        if len(w) >= 3 and w[0] == "deb" and main_suite([w[2]]):
            print(w[1]); sys.exit(0)
sys.exit("no Debian mirror found in /etc/apt/sources.list*; set DEBIAN_MIRROR")
EOF
}

mkdir -p "$CACHE"
ROOTFS="$CACHE/debian-bookworm-minbase.tar"
if ! podman image exists "$BASE_IMAGE"; then
  if [ ! -s "$ROOTFS" ]; then
    mirror=${DEBIAN_MIRROR:-$(debian_mirror)}
    log "debootstrap bookworm (minbase) from the host's mirror"
    debootstrap --variant=minbase bookworm "$WORK/rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1 ||
      { tail -n 30 "$WORK/debootstrap.log"; exit 1; }
    rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb
    tar -C "$WORK/rootfs" -cf "$ROOTFS.tmp" .
    mv "$ROOTFS.tmp" "$ROOTFS"
    rm -rf "$WORK/rootfs"
  fi
  log "importing the root file system as $BASE_IMAGE"
  podman import --quiet "$ROOTFS" "$BASE_IMAGE" >/dev/null
fi

# The stand-ins are built every run: podman's layer cache makes that a few seconds when nothing
# changed, and a changed Containerfile is never run stale. nginx's and postgres's (mostly apt
# downloads) are built while the project's api target builds on node's.
log "stand-in images (node: the host's $(node --version))"
mkdir -p "$WORK/node-context"
cp "$(readlink -f "$(command -v node)")" "$WORK/node-context/node"
cp -a "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$WORK/node-context/npm"
cp /etc/ssl/certs/ca-certificates.crt "$WORK/node-context/"
build_standin() { # IMAGE CONTAINERFILE CONTEXT
  local out="$WORK/standin-$(basename "$2" .Containerfile).log"
  podman build --format docker --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$1" -f "$2" "$3" >"$out" 2>&1 ||
    { tail -n 30 "$out"; return 1; }
}
build_standin "$NGINX_IMAGE" test/deploy/podman/nginx.Containerfile test/deploy/podman &
nginx_standin=$!
build_standin "$POSTGRES_IMAGE" test/deploy/podman/postgres.Containerfile test/deploy/podman &
postgres_standin=$!
build_standin "$NODE_IMAGE" test/deploy/podman/node.Containerfile "$WORK/node-context"

# --- 3. the project's images -------------------------------------------------------------------
node test/deploy/podman/compose-for-podman.mjs "$ROOT" "$WORK/compose.yml" "postgres:17-bookworm=$POSTGRES_IMAGE"
# BUILDAH_FORMAT=docker (in pc): the OCI format has no HEALTHCHECK and podman would drop them.
build_target() { # SERVICE
  log "building the Dockerfile's target for $1"
  pc build --build-arg "NODE_IMAGE=$NODE_IMAGE" --build-arg "NGINX_IMAGE=$NGINX_IMAGE" "$1" >"$WORK/build-$1.log" 2>&1 ||
    { tail -n 40 "$WORK/build-$1.log"; exit 1; }
}
build_target api
wait $nginx_standin
build_target web
wait $postgres_standin
for image in "achievements-api:$IMAGE_TAG" "achievements-web:$IMAGE_TAG"; do
  health=$(podman image inspect --format '{{json .Config.Healthcheck}}' "$image")
  case "$health" in *CMD*) ;; *) echo "$image has no HEALTHCHECK: $health" >&2; exit 1 ;; esac
done
[ "$(podman image inspect --format '{{.Config.User}}' "achievements-api:$IMAGE_TAG")" = node ]

# --- 4. the stack ------------------------------------------------------------------------------
HTTP_PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
BASE_URL="http://127.0.0.1:$HTTP_PORT"
API=("${PROJECT}_api_1" "${PROJECT}_api_2")
stack_up=1
teardown # anything left by an earlier run that was killed

# podman runs health checks from systemd timers, and there is no systemd here: each check is run
# with `podman healthcheck run` until it passes (which also records the container as healthy).
wait_healthy() { # CONTAINER...
  local c deadline=$((SECONDS + 240))
  for c in "$@"; do
    until podman healthcheck run "$c" >/dev/null 2>&1; do
      if [ $SECONDS -ge $deadline ]; then echo "$c did not become healthy" >&2; return 1; fi
      if [ "$(podman inspect --format '{{.State.Status}}' "$c")" = exited ] &&
        [ "$(podman inspect --format '{{.HostConfig.RestartPolicy.Name}}' "$c")" = no ]; then
        echo "$c exited" >&2
        return 1
      fi
      sleep 2
    done
    log "$c healthy"
  done
}
wait_exited_ok() { # CONTAINER
  local deadline=$((SECONDS + 120))
  until [ "$(podman inspect --format '{{.State.Status}}' "$1")" = exited ]; do
    if [ $SECONDS -ge $deadline ]; then echo "$1 did not finish" >&2; return 1; fi
    sleep 1
  done
  [ "$(podman inspect --format '{{.State.ExitCode}}' "$1")" = 0 ] || { echo "$1 failed" >&2; return 1; }
  log "$1 exited 0: $(podman logs "$1" 2>&1 | tail -n 1)"
}

# podman-compose 1.0.3 starts every service at once, ignoring depends_on's conditions: the stack is
# brought up the way Docker Compose orders it, one service at a time, each after what it depends on
# is healthy (or, for the one-shot, has exited 0). (`up SERVICE` also runs its dependencies'
# containers again; those already running are left as they are, and the one-shot keeps the key.)
up_in_order() {
  pc up -d --no-build postgres >>"$WORK/podman-compose.log" 2>&1
  wait_healthy "${PROJECT}_postgres_1"
  pc up -d --no-build api-key >>"$WORK/podman-compose.log" 2>&1
  wait_exited_ok "${PROJECT}_api-key_1"
  pc up -d --no-build api >>"$WORK/podman-compose.log" 2>&1
  wait_healthy "${API[@]}"
  pc up -d --no-build web >>"$WORK/podman-compose.log" 2>&1
  wait_healthy "${PROJECT}_web_1"
  local expected actual
  expected=$(printf '%s\n' "${PROJECT}_api-key_1" "${API[@]}" "${PROJECT}_postgres_1" "${PROJECT}_web_1" | sort)
  actual=$(project_containers)
  [ "$actual" = "$expected" ] || { printf 'containers:\n%s\nexpected:\n%s\n' "$actual" "$expected" >&2; return 1; }
}

log "up (published on $BASE_URL)"
up_in_order
log "checks through nginx"
state=$(node test/deploy/compose-e2e.mjs first "$BASE_URL" "${API[@]}")

log "down, then up again on the same volumes"
pc down -t 30 >>"$WORK/podman-compose.log" 2>&1
[ -z "$(project_containers)" ] || { echo "containers left after down: $(project_containers)" >&2; exit 1; }
up_in_order
grep -q 'API key already present' <<<"$(podman logs "${PROJECT}_api-key_1" 2>&1)"
node test/deploy/compose-e2e.mjs second "$BASE_URL" \
  "$(node -e 'const s=JSON.parse(process.argv[1]);console.log(s.key)' "$state")" \
  "$(node -e 'const s=JSON.parse(process.argv[1]);console.log(s.userId)' "$state")" \
  "$(node -e 'const s=JSON.parse(process.argv[1]);console.log(s.userName)' "$state")" \
  "${API[@]}" >/dev/null

log "down -v"
teardown
stack_up=0
left=$(
  project_containers
  podman volume ls --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Name}}'
  podman network ls --format '{{.Name}}' | grep -x "${PROJECT}_default" || true
)
[ -z "$left" ] || { echo "left behind after down -v: $left" >&2; exit 1; }
log "passed"
