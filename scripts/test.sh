#!/usr/bin/env bash
# make test: install what the suite needs, then run all of it (browser tests included)
# on SQLite and on PostgreSQL, both at once (scripts/test_both.sh; logs in .test-logs/).
#
#   DB=both (default) | sqlite | postgres     which database runs to do (one: in the foreground)
#   DATABASE_URL=postgres://…/name            PostgreSQL database for the postgres run;
#                                             pytest-django creates and drops test_<name>.
#                                             Default: postgres://postgres@127.0.0.1:5432/memoria
#   Extra arguments go to pytest: scripts/test.sh -k story   (make test ARGS="-k story")
source "$(dirname "$0")/lib.sh"

DB="${DB:-both}"
case "$DB" in both|sqlite|postgres) ;; *) die "DB must be both, sqlite or postgres (got '$DB')." ;; esac

ensure_venv

# --- System packages: Debian's Chromium for the browser tests, gettext for the catalog test,
# ffmpeg and espeak-ng for the recorded testimonies' tests (they make their own media).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium chromium-driver)
command -v xgettext >/dev/null && command -v msgfmt >/dev/null || missing+=(gettext)
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
if [ "${#missing[@]}" -gt 0 ]; then
    if is_root && command -v apt-get >/dev/null; then
        apt_install "${missing[@]}"
    else
        warn "missing Debian packages: ${missing[*]}. Install them with"
        warn "    sudo apt-get update && sudo apt-get install -y ${missing[*]}"
        warn "Until then the browser tests are skipped (they fail under CI=true) and the catalog test fails."
    fi
fi

# --- npm packages the browser tests load into Chromium (axe-core, TimelineJS 3.9).
ensure_browser_test_packages

# --- PostgreSQL: start the local cluster if it is not answering.
PG_URL="${DATABASE_URL:-}"
case "$PG_URL" in postgres://*|postgresql://*) ;; *) PG_URL="postgres://postgres@127.0.0.1:5432/memoria" ;; esac

failed=()
record_status() {
    # record_status LABEL EXIT-STATUS: exit 5 (no tests collected) is a failure too.
    case "$2" in
        0) ;;
        5) warn "pytest on $1 collected no tests: that is a failure, not a pass."
           failed+=("$1 (no tests collected)") ;;
        *) failed+=("$1 (pytest exit $2)") ;;
    esac
}

pytest_on() {
    # pytest_on DATABASE_URL|'' PYTEST-ARGS...   ('' = SQLite, the test settings' default)
    local url="$1"
    shift
    if [ -z "$url" ]; then
        env -u DATABASE_URL "$VPY" -m pytest -ra "$@"
    else
        DATABASE_URL="$url" "$VPY" -m pytest -ra "$@"
    fi
}

run_suite() {
    # run_suite LABEL DATABASE_URL|'' PYTEST-ARGS...: one run, in the foreground.
    local label="$1" url="$2"
    shift 2
    say "pytest on $label"
    local status=0
    pytest_on "$url" "$@" || status=$?
    record_status "$label" "$status"
}

PG_LABEL="PostgreSQL (${PG_URL##*/} -> test_${PG_URL##*/})"
case "$DB" in
    sqlite) run_suite "SQLite" "" "$@" ;;
    postgres) ensure_postgres
              run_suite "$PG_LABEL" "$PG_URL" "$@" ;;
    both) ensure_postgres
          source "$ROOT/scripts/test_both.sh"
          run_both_suites "$@" ;;
esac

if [ "${#failed[@]}" -gt 0 ]; then
    printf '\033[31mFAILED:\033[0m %s\n' "${failed[@]}" >&2
    exit 1
fi
say "All test runs passed ($DB)."
