# Set-up steps for ./switchyard. Each is idempotent: it checks first and does only what is missing.
# Sourced, not run: it expects ROOT to be set.

SWITCHYARD_DATA_DIR="${SWITCHYARD_DATA_DIR:-$ROOT/.data}"
SWITCHYARD_LOG_DIR="$SWITCHYARD_DATA_DIR/logs"
mkdir -p "$SWITCHYARD_LOG_DIR"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
fail() { printf '\n\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }
have_apt() { command -v apt-get >/dev/null 2>&1; }

# Debian packages each purpose needs. The engine and image tools are needed to run at all;
# the browser and database only for the tests.
RUNTIME_PACKAGES=(docker.io iptables debootstrap busybox-static ca-certificates)
TEST_PACKAGES=(chromium)

missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || printf '%s ' "$pkg"
  done
}

ensure_packages() {
  local missing
  missing="$(missing_packages "$@")"
  [ -z "$missing" ] && return 0
  if ! is_root || ! have_apt; then
    fail "missing system packages: $missing
    Install them with your package manager (on Debian: sudo apt-get install $missing), then run this again."
  fi
  step "Installing Debian packages: $missing"
  if [ ! -f /var/lib/apt/periodic/switchyard-updated ] || [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null)" ]; then
    apt-get update -q >"$SWITCHYARD_LOG_DIR/apt.log" 2>&1 || fail "apt-get update failed; see $SWITCHYARD_LOG_DIR/apt.log"
    mkdir -p /var/lib/apt/periodic && touch /var/lib/apt/periodic/switchyard-updated
  fi
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >>"$SWITCHYARD_LOG_DIR/apt.log" 2>&1 \
    || fail "apt-get install $missing failed; see $SWITCHYARD_LOG_DIR/apt.log"
}

ensure_node_modules() {
  command -v npm >/dev/null 2>&1 || fail "npm is not installed. Install Node.js (any version with npm 10 or later); Switchyard brings its own Node 24 runtime from the npm registry."
  if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "Installing Node packages (including the Node 24 runtime)"
    # `npm install` honours the lock file; `npm ci` is stricter than this lock file allows, since
    # npm records optional per-platform packages (biome, astro's compiler) only for this platform.
    npm install --no-audit --no-fund --loglevel=error >"$SWITCHYARD_LOG_DIR/npm.log" 2>&1 || fail "npm install failed; see $SWITCHYARD_LOG_DIR/npm.log"
  fi
  note "node $(node_modules/.bin/node --version)"
}

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

ensure_engine() {
  step "Docker Engine"
  if engine_answers; then
    note "an engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
    return 0
  fi
  if [ -n "${DOCKER_HOST:-}" ]; then
    fail "DOCKER_HOST=$DOCKER_HOST does not answer. Start that engine or unset DOCKER_HOST to use a local one."
  fi
  command -v dockerd >/dev/null 2>&1 || fail "no Docker Engine answers and dockerd is not installed. Install Docker Engine (on Debian: apt-get install docker.io iptables) and run this again."
  is_root || fail "no Docker Engine answers. Start it (for example: sudo systemctl start docker) and run this again."
  local log="$SWITCHYARD_LOG_DIR/dockerd.log"
  note "none answers; starting dockerd in the background (log: $log)"
  nohup dockerd >"$log" 2>&1 </dev/null &
  local i
  for i in $(seq 1 60); do
    engine_answers && { note "dockerd is up ($(docker version --format '{{.Server.Version}}'))"; return 0; }
    kill -0 $! 2>/dev/null || fail "dockerd exited at start; see $log"
    sleep 0.5
  done
  fail "dockerd did not answer within 30 s; see $log"
}

ensure_images() {
  step "Lab images"
  npm run --silent images || fail "building the lab images failed (see the output above)"
}

# setup_all runtime|test
setup_all() {
  local purpose="$1"
  local pkgs=("${RUNTIME_PACKAGES[@]}")
  [ "$purpose" = test ] && pkgs+=("${TEST_PACKAGES[@]}")
  ensure_packages "${pkgs[@]}"
  ensure_node_modules
  ensure_engine
  ensure_images
}
