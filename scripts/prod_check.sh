#!/usr/bin/env bash
# make prod-check: the production stack on loopback -- nginx (deploy/nginx-memoria.conf),
# gunicorn (deploy/gunicorn.conf.py), the task worker, PostgreSQL and Redis, production
# settings -- then `check --deploy`, the smoke checks (scripts/prod_smoke.py) and the
# periodic jobs; everything is stopped and removed afterwards, whatever happened.
# One PASS/FAIL line per check; exit status 1 if any failed.
source "$(dirname "$0")/prod_stack.sh"

started=$SECONDS
STACK="$(mktemp -d /tmp/memoria-prodcheck.XXXXXX)"
finish() {
    local status=$?
    say "Stopping the stack and removing its database"
    down "$STACK"
    echo "make prod-check took $((SECONDS - started)) s"
    exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

up "$STACK"
failed=0

# The deploy check as a real site runs it (https redirect, Secure cookies), no silencing.
if deploy="$(SECURE_SSL_REDIRECT=1 INSECURE_COOKIES='' manage check --deploy --fail-level WARNING 2>&1)"; then
    echo "PASS  manage.py check --deploy: ${deploy##*$'\n'}"
else
    echo "FAIL  manage.py check --deploy:"; echo "$deploy"; failed=1
fi

"$VPY" scripts/prod_smoke.py "$SITE_URL" || failed=1

if jobs_output="$(manage scheduled_jobs 2>&1)"; then
    echo "PASS  manage.py scheduled_jobs: $(grep -c '^ok' <<<"$jobs_output") jobs ok"
else
    echo "FAIL  manage.py scheduled_jobs:"; echo "$jobs_output"; failed=1
fi

if [ "$failed" -ne 0 ]; then
    echo "make prod-check: FAILED (logs were in $STACK/logs)" >&2
    cp -r "$STACK/logs" "/tmp/memoria-prodcheck-logs.$$" 2>/dev/null && \
        echo "logs kept in /tmp/memoria-prodcheck-logs.$$" >&2
    exit 1
fi
echo "make prod-check: PASSED"
