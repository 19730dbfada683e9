# make test (DB=both): the SQLite and the PostgreSQL runs at the same time, one pytest
# process each, so the suite takes as long as its slower run instead of both added up.
# Sourced by scripts/test.sh after lib.sh; uses its pytest_on, record_status, PG_URL, PG_LABEL.
#
# Each run writes its whole output to .test-logs/<db>.log (git-ignored); meanwhile one line
# shows how far each has got, and at the end each run's failures, errors and summary are
# printed here. The runs share no state: SQLite's test database is in memory, each process
# makes its own MEDIA_ROOT (archive/settings/test.py) and local-memory caches, the live
# servers take free ports, and tests on the shared Redis use key prefixes of their own.

LOG_DIR="$ROOT/.test-logs"

suite_progress() {
    # suite_progress LOG: "412/1205" tests done so far (" 2 F/E" when some failed), read from
    # pytest's progress lines ("tests/x.py ..F.  [ 40/1205]", the current one still growing).
    awk '
        /^collected [0-9]+ item/ {
            total = $2
            if (match($0, /[0-9]+ selected/)) total = substr($0, RSTART, RLENGTH) + 0
        }
        {
            line = $0
            sub(/^[^ ]+\.py /, "", line)
            sub(/ *\[ *[0-9]+(\/[0-9]+|%)\]$/, "", line)
            if (line ~ /^[.FEsxX]+$/) { done += length(line); bad += gsub(/[FE]/, "", line) }
        }
        END {
            printf "%d/%s", done, (total == "" ? "?" : total)
            if (bad) printf " %d F/E", bad
        }' "$1"
}

suite_summary() {
    # suite_summary LOG: pytest's last line ("1205 passed, 3 skipped in 690.12s"), once done.
    grep -E '^=+ .* in [0-9.]+s' "$1" | tail -n 1 | sed -E 's/^=+ //; s/ =+$//'
}

suite_report() {
    # suite_report LABEL LOG: what pytest printed after the progress lines (failures, errors,
    # warnings, the short summary) and its final count; the log's tail if it never got there.
    say "$1 — full output: ${2#"$ROOT"/}"
    local sections='^=+ (ERRORS|FAILURES|warnings summary|short test summary info|slowest .*) =+$'
    if grep -qE "$sections" "$2"; then
        awk -v sections="$sections" '$0 ~ sections { on = 1 } on' "$2"
    elif [ -n "$(suite_summary "$2")" ]; then
        grep -E '^=+ .* in [0-9.]+s' "$2" | tail -n 1
    else
        tail -n 30 "$2"
    fi
}

run_both_suites() {
    mkdir -p "$LOG_DIR"
    local sqlite_log="$LOG_DIR/sqlite.log" pg_log="$LOG_DIR/postgres.log"
    : >"$sqlite_log"
    : >"$pg_log"
    say "pytest on SQLite and on $PG_LABEL, at the same time (output in ${LOG_DIR#"$ROOT"/}/)"
    # Job control gives each run a process group of its own that keeps Python's Ctrl-C
    # handling, so an interrupt below reaches pytest (and the browsers it started) and
    # pytest still drops its test database.
    set -m
    # "count" progress ([ 40/1205]) is what suite_progress reads.
    PYTHONUNBUFFERED=1 pytest_on "" -o console_output_style=count "$@" \
        </dev/null >"$sqlite_log" 2>&1 &
    SQLITE_PID=$!
    PYTHONUNBUFFERED=1 pytest_on "$PG_URL" -o console_output_style=count "$@" \
        </dev/null >"$pg_log" 2>&1 &
    PG_PID=$!
    set +m
    trap 'kill -INT -- "-$SQLITE_PID" "-$PG_PID" 2>/dev/null; wait; exit 130' INT TERM

    show_progress "$sqlite_log" "$pg_log"

    local sqlite_status=0 pg_status=0
    wait "$SQLITE_PID" || sqlite_status=$?
    wait "$PG_PID" || pg_status=$?
    trap - INT TERM
    suite_report "SQLite" "$sqlite_log"
    suite_report "$PG_LABEL" "$pg_log"
    record_status "SQLite" "$sqlite_status"
    record_status "$PG_LABEL" "$pg_status"
}

show_progress() {
    # show_progress SQLITE-LOG PG-LOG: until both runs end, one status line, rewritten in
    # place on a terminal, every 30 seconds on a new line in a CI log.
    local start=$SECONDS every=30 line
    [ -t 1 ] && every=2
    while :; do
        local running=0 sqlite pg
        if kill -0 "$SQLITE_PID" 2>/dev/null; then
            sqlite="$(suite_progress "$1")"; running=1
        else
            sqlite="done: $(suite_summary "$1")"
        fi
        if kill -0 "$PG_PID" 2>/dev/null; then
            pg="$(suite_progress "$2")"; running=1
        else
            pg="done: $(suite_summary "$2")"
        fi
        line="$(printf '[%dm%02ds] SQLite %s | PostgreSQL %s' \
            $(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)) "$sqlite" "$pg")"
        if [ -t 1 ]; then printf '\r\033[K%s' "$line"; else printf '%s\n' "$line"; fi
        [ "$running" = 1 ] || break
        local waited=0
        while [ "$waited" -lt "$every" ] && { kill -0 "$SQLITE_PID" || kill -0 "$PG_PID"; } 2>/dev/null; do
            sleep 1
            waited=$((waited + 1))
        done
    done
    [ -t 1 ] && printf '\n'
    return 0
}
