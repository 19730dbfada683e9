# Shared helpers for the scripts in this folder. Source it; do not run it.
# Every helper is idempotent: running a script twice does no harm.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"
VPY="$VENV/bin/python"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf '\033[33mwarning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = "0" ]; }

apt_updated=""
apt_install() {
    # apt_install PKG... — Debian packages; only possible as root.
    is_root || return 1
    command -v apt-get >/dev/null || return 1
    if [ -z "$apt_updated" ]; then
        say "apt-get update"
        apt-get update -qq
        apt_updated=1
    fi
    say "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_venv() {
    # A working venv (python + pip) at .venv, with the project and its test extras installed.
    command -v "$PYTHON" >/dev/null || die "$PYTHON not found: install Python 3.11 to 3.14 (Debian: apt-get install python3 python3-venv)."
    # The same range as requires-python in pyproject.toml.
    "$PYTHON" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 14))' \
        || die "Memoria needs Python 3.11 to 3.14 (pyproject.toml); $PYTHON is $("$PYTHON" --version 2>&1). Set PYTHON=/path/to/python3.X."
    if ! "$VPY" -m pip --version >/dev/null 2>&1; then
        say "Creating .venv with $("$PYTHON" --version 2>&1)"
        rm -rf "$VENV"
        if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
            # Debian's own python3 ships venv/ensurepip separately.
            rm -rf "$VENV"
            apt_install python3-venv || die "'$PYTHON -m venv' failed: install python3-venv (apt-get install python3-venv) and retry."
            "$PYTHON" -m venv "$VENV"
        fi
    fi
    # Reinstall only when pyproject.toml changed since the last successful install.
    local stamp="$VENV/.memoria-installed"
    local want
    want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
        say "Installing Memoria and its test tools into .venv (pip install -e '.[test]')"
        "$VPY" -m pip install --quiet -e ".[test]"
        echo "$want" > "$stamp"
    fi
}

# The address `make run` serves; setup writes it into the Wagtail Site, e-mails use it.
PORT="${PORT:-8000}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"

manage() { "$VPY" manage.py "$@"; }

BROWSER_JS="$ROOT/tests/browser/js"
ensure_browser_test_packages() {
    # axe-core and TimelineJS for the browser tests and the timeline benchmark, exactly as
    # package-lock.json pins them; reinstalled only when the lock file changed.
    if ! command -v npm >/dev/null; then
        warn "npm is missing: the accessibility and TimelineJS browser tests are skipped (they fail under CI=true)."
        warn "Install Node.js and npm (Debian: apt-get install -y nodejs npm)."
        return 0
    fi
    local stamp="$BROWSER_JS/node_modules/.memoria-installed"
    local want
    want="$(sha256sum "$BROWSER_JS/package-lock.json" | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
        say "Installing the browser tests' npm packages (npm ci in tests/browser/js)"
        (cd "$BROWSER_JS" && npm ci --no-audit --no-fund --loglevel=error) \
            || die "npm ci failed in tests/browser/js: is the npm registry reachable?"
        echo "$want" > "$stamp"
    fi
}

# ensure_postgres: PostgreSQL answers at $PG_URL's host and port; a local cluster is started
# (as root) if it is not. Used by make test and make prod-check.
ensure_postgres() {
    local host port
    host="$("$VPY" -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).hostname or "127.0.0.1")' "$PG_URL")"
    port="$("$VPY" -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).port or 5432)' "$PG_URL")"
    pg_isready -q -h "$host" -p "$port" 2>/dev/null && return 0
    if [ "$host" = "127.0.0.1" ] || [ "$host" = "localhost" ]; then
        local version
        version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)"
        if [ -n "$version" ] && is_root && command -v pg_ctlcluster >/dev/null; then
            say "Starting PostgreSQL $version"
            pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
            for _ in $(seq 30); do
                pg_isready -q -h "$host" -p "$port" && return 0
                sleep 1
            done
        fi
    fi
    die "PostgreSQL is not answering at $host:$port. Start it (as root: pg_ctlcluster --skip-systemctl-redirect 15 main start) or run only SQLite: make test DB=sqlite"
}
