# The servers the tests need, for .ci/run (sourced, under `set -euo pipefail`): PostgreSQL on
# localhost:5432 that the user running the tests (root in CI) reaches as
# postgresql://localhost/postgres, and Redis on 127.0.0.1:6379. In CI (CI=true) the tests fail
# rather than skip without them, so each is installed with apt-get when missing (CI runs as root,
# with Debian's package registry), started without systemd when not answering, and waited for.
# A server that already answers is left as it is.

WAIT_SECONDS=30
APT_LISTS_UPDATED=""

apt_install() {
    if [ -z "$APT_LISTS_UPDATED" ]; then
        apt-get update -qq
        APT_LISTS_UPDATED=yes
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# wait_until NAME COMMAND...: run COMMAND until it succeeds, for up to WAIT_SECONDS.
wait_until() {
    local name=$1 tries
    shift
    for ((tries = WAIT_SECONDS * 2; tries > 0; tries--)); do
        if "$@"; then
            echo "$name answers"
            return 0
        fi
        sleep 0.5
    done
    echo "$name did not answer within $WAIT_SECONDS seconds" >&2
    return 1
}

# -- PostgreSQL ----------------------------------------------------------------------------------

postgres_answers() { pg_isready -q -h localhost; }

# The tests' own connection: libpq's default user, the one running them, with no password.
tests_connect() {
    psql -w -X -A -t -q -c "SELECT 1" postgresql://localhost/postgres >/dev/null 2>&1
}

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

start_postgres() {
    if ! command -v pg_ctlcluster >/dev/null || ! command -v pg_isready >/dev/null \
            || ! command -v psql >/dev/null; then
        apt_install postgresql
    fi
    if ! postgres_answers; then
        local version
        for version in /etc/postgresql/*/; do
            version=$(basename "$version")
            pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        done
    fi
    wait_until PostgreSQL postgres_answers
    tests_connect || let_the_tests_connect
}

# A fresh cluster knows only the role postgres and wants a password over TCP: give the user
# running the tests a superuser role of the same name (the tests make and drop databases) and
# trust loopback connections, as a developer's test server does. Each step only when missing.
let_the_tests_connect() {
    local user hba
    user=$(id -un)
    if [ "$(as_postgres psql -X -A -t -c "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" \
            != 1 ]; then
        as_postgres createuser --superuser "$user"
    fi
    tests_connect && return 0
    hba=$(as_postgres psql -X -A -t -c "SHOW hba_file")
    if ! grep -q '^host all all 127.0.0.1/32 trust$' "$hba"; then
        sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
        as_postgres psql -X -q -c "SELECT pg_reload_conf()" >/dev/null
    fi
    wait_until "PostgreSQL for $user" tests_connect
}

# -- Redis ---------------------------------------------------------------------------------------

redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }

start_redis() {
    if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
        apt_install redis-server
    fi
    if ! redis_answers; then
        # Counts for the tests only: nothing saved to disk.
        redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
    fi
    wait_until Redis redis_answers
}
