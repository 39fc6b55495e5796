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
RUNTIME_PACKAGES=(docker.io iptables debootstrap ca-certificates)
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
engine_has_userns() { timeout 10 docker info --format '{{json .SecurityOptions}}' 2>/dev/null | grep -q 'name=userns'; }

# The engine this script starts: dockerd in the background, with its pid recorded so that a later
# run knows the engine is its own (and may restart it), not one the machine's owner runs.
DOCKERD_PID_FILE="$SWITCHYARD_DATA_DIR/dockerd.pid"

start_dockerd() {
  local log="$SWITCHYARD_LOG_DIR/dockerd.log"
  note "starting dockerd in the background (log: $log)"
  # Live restore keeps learners' sandboxes running while the engine itself restarts. User
  # namespace remapping makes root in every container an unprivileged user of this machine
  # (README, Isolation); Switchyard refuses to start sandboxes on an engine without it.
  nohup dockerd --live-restore --userns-remap=default >>"$log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$DOCKERD_PID_FILE"
  local i
  for i in $(seq 1 60); do
    engine_answers && { note "dockerd is up ($(docker version --format '{{.Server.Version}}'), user namespaces on)"; return 0; }
    kill -0 "$pid" 2>/dev/null || fail "dockerd exited at start; see $log"
    sleep 0.5
  done
  fail "dockerd did not answer within 30 s; see $log"
}

# True when the engine that answers is the dockerd this script started.
engine_is_ours() {
  local pid
  pid="$(cat "$DOCKERD_PID_FILE" 2>/dev/null)" || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]
}

ensure_engine() {
  step "Docker Engine"
  if engine_answers; then
    if engine_has_userns; then
      note "an engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null)), with user namespaces"
      return 0
    fi
    if engine_is_ours; then
      note "the engine this script started earlier runs without user namespaces; restarting it with them"
      local pid
      pid="$(cat "$DOCKERD_PID_FILE")"
      kill "$pid"
      while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
      start_dockerd
      return 0
    fi
    note "an engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null)), but WITHOUT user namespaces:"
    note "Switchyard will refuse to start sandboxes on it (a learner's root would be this machine's root)."
    note "Enable them with \"userns-remap\": \"default\" in /etc/docker/daemon.json and restart it, or see the README's Isolation section."
    return 0
  fi
  if [ -n "${DOCKER_HOST:-}" ]; then
    fail "DOCKER_HOST=$DOCKER_HOST does not answer. Start that engine or unset DOCKER_HOST to use a local one."
  fi
  command -v dockerd >/dev/null 2>&1 || fail "no Docker Engine answers and dockerd is not installed. Install Docker Engine (on Debian: apt-get install docker.io iptables) and run this again."
  is_root || fail "no Docker Engine answers. Start it (for example: sudo systemctl start docker) and run this again."
  note "none answers"
  start_dockerd
}

# Every sandbox's root is the same uid of this machine (userns-remap has one range), and the kernel
# counts keys per uid: each sandbox host takes one session keyring (its nested containers take none,
# see lab-server/sandbox/seccomp.ts). Debian's default quota of 200 keys would cap the machine near
# 200 sandbox hosts, so it is raised once, as root.
KEYS_MAX=20000
KEYS_MAX_BYTES=2000000
ensure_key_quota() {
  is_root || return 0
  local keys bytes
  keys="$(cat /proc/sys/kernel/keys/maxkeys 2>/dev/null)" || return 0
  bytes="$(cat /proc/sys/kernel/keys/maxbytes)"
  if [ "$keys" -lt "$KEYS_MAX" ] || [ "$bytes" -lt "$KEYS_MAX_BYTES" ]; then
    note "raising the kernel's per-user key quota to $KEYS_MAX keys, $KEYS_MAX_BYTES bytes (all sandboxes share one uid)"
    echo "$KEYS_MAX" >/proc/sys/kernel/keys/maxkeys
    echo "$KEYS_MAX_BYTES" >/proc/sys/kernel/keys/maxbytes
  fi
}

ensure_images() {
  step "Lab images"
  npm run --silent images || fail "building the lab images failed (see the output above)"
}

# PostgreSQL for the database tests: a local cluster, with a role and a database of their own.
# Exports TEST_DATABASE_URL for the test run (the tests make and drop a database per test file,
# so the role may CREATE DATABASE). A TEST_DATABASE_URL already in the environment is used as it is.
PG_TEST_ROLE=switchyard
PG_TEST_DB=switchyard_test

# Succeeds when the test role can log in to its database with the password and create databases.
pg_test_login_works() {
  local url="$1"
  [ "$(PGCONNECT_TIMEOUT=5 psql "$url" -X -Atq -c "SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user" 2>/dev/null)" = t ]
}

# psql as the cluster's superuser (peer authentication over the local socket).
pg_superuser_psql() {
  local port="$1"
  shift
  (cd / && runuser -u postgres -- psql -p "$port" -X -v ON_ERROR_STOP=1 -Atq "$@")
}

# "version name port status" of the first running cluster, else of the newest one; nothing if none.
pg_pick_cluster() {
  local clusters
  clusters="$(pg_lsclusters --no-header 2>/dev/null | sort -k1,1V)"
  { grep -E '^\S+\s+\S+\s+[0-9]+\s+online' <<<"$clusters" || tail -n 1 <<<"$clusters"; } | head -n 1
}

ensure_postgres() {
  step "PostgreSQL (for the database tests)"
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    note "using TEST_DATABASE_URL from the environment"
    return 0
  fi
  ensure_packages postgresql
  command -v pg_lsclusters >/dev/null 2>&1 && command -v psql >/dev/null 2>&1 \
    || fail "PostgreSQL's tools (pg_lsclusters, psql) are missing. Install Debian's postgresql package, or set TEST_DATABASE_URL to a PostgreSQL database whose role may create databases."

  local pwfile="$SWITCHYARD_DATA_DIR/postgres-test-password" password
  if [ ! -s "$pwfile" ]; then
    (umask 077 && head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$pwfile") || fail "cannot write $pwfile"
  fi
  password="$(cat "$pwfile")"

  # The cluster: the first one running, else the newest one, else a new one of the newest version.
  local version="" name="" port="" status=""
  read -r version name port status _ < <(pg_pick_cluster) || true
  if [ -z "$version" ]; then
    is_root || fail "PostgreSQL has no cluster. Create one (sudo pg_createcluster --start <version> main) and run this again."
    version="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$version" ] || fail "PostgreSQL's server is not installed (/usr/lib/postgresql is empty). Install Debian's postgresql package."
    note "creating the PostgreSQL $version cluster 'main'"
    pg_createcluster "$version" main >>"$SWITCHYARD_LOG_DIR/postgres.log" 2>&1 || fail "pg_createcluster $version main failed; see $SWITCHYARD_LOG_DIR/postgres.log"
    read -r version name port status _ < <(pg_pick_cluster) || true
    [ -n "$version" ] || fail "pg_createcluster made no cluster; see $SWITCHYARD_LOG_DIR/postgres.log"
  fi
  if [[ "$status" != online* ]]; then
    is_root || fail "PostgreSQL $version/$name is not running. Start it (sudo pg_ctlcluster $version $name start) and run this again."
    note "starting PostgreSQL $version/$name (port $port)"
    pg_ctlcluster "$version" "$name" start >>"$SWITCHYARD_LOG_DIR/postgres.log" 2>&1 \
      || fail "PostgreSQL $version/$name did not start; see $SWITCHYARD_LOG_DIR/postgres.log and /var/log/postgresql/postgresql-$version-$name.log"
  fi

  local url="postgres://$PG_TEST_ROLE:$password@127.0.0.1:$port/$PG_TEST_DB"
  if ! pg_test_login_works "$url"; then
    is_root || fail "cannot log in to PostgreSQL as $PG_TEST_ROLE. As root, run this again to create the role and database, or set TEST_DATABASE_URL."
    note "creating role $PG_TEST_ROLE and database $PG_TEST_DB"
    {
      pg_superuser_psql "$port" -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_TEST_ROLE') THEN CREATE ROLE $PG_TEST_ROLE; END IF; END \$\$" \
        -c "ALTER ROLE $PG_TEST_ROLE WITH LOGIN CREATEDB PASSWORD '$password'" \
        && if [ -z "$(pg_superuser_psql "$port" -c "SELECT 1 FROM pg_database WHERE datname = '$PG_TEST_DB'")" ]; then
          pg_superuser_psql "$port" -c "CREATE DATABASE $PG_TEST_DB OWNER $PG_TEST_ROLE"
        fi
    } >>"$SWITCHYARD_LOG_DIR/postgres.log" 2>&1 || fail "creating the PostgreSQL role $PG_TEST_ROLE or database $PG_TEST_DB failed; see $SWITCHYARD_LOG_DIR/postgres.log"
    pg_test_login_works "$url" \
      || fail "PostgreSQL refuses a password login as $PG_TEST_ROLE on 127.0.0.1:$port. Its pg_hba.conf (/etc/postgresql/$version/$name/pg_hba.conf) must allow scram-sha-256 or md5 logins from 127.0.0.1."
  fi
  export TEST_DATABASE_URL="$url"
  note "PostgreSQL $version on port $port; TEST_DATABASE_URL points at $PG_TEST_DB"
}

# setup_all runtime|test
setup_all() {
  local purpose="$1"
  local pkgs=("${RUNTIME_PACKAGES[@]}")
  [ "$purpose" = test ] && pkgs+=("${TEST_PACKAGES[@]}")
  ensure_packages "${pkgs[@]}"
  ensure_node_modules
  if [ "$purpose" = test ]; then ensure_postgres; fi
  ensure_engine
  ensure_key_quota
  ensure_images
}
