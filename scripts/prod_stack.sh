#!/usr/bin/env bash
# The production stack on loopback, from deploy/'s own files: nginx -> gunicorn, the task
# worker, PostgreSQL and Redis, with production settings. The one place that starts and
# stops it, for make prod-check (scripts/prod_check.sh) and benchmarks/load.py:
#
#   bash scripts/prod_stack.sh up DIR     prepare a throwaway database and start everything;
#                                         DIR/env then holds the settings, DIR/url the address
#   bash scripts/prod_stack.sh down DIR   stop everything, drop the database, remove DIR
#
# Environment: PRODCHECK_DB (database name, default memoria_prodcheck_<pid>),
# PRODCHECK_REDIS_DB (Redis database number, default 11), PRODCHECK_PORT (default: a free one).
# A system nginx, PostgreSQL database or Redis key of anyone else is never touched.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_ADMIN_URL="postgres://postgres@127.0.0.1:5432"
PG_URL="$PG_ADMIN_URL/postgres"

free_port() {
    "$VPY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() {
    # wait_for SECONDS DESCRIPTION COMMAND...: until COMMAND succeeds.
    local seconds="$1" what="$2"
    shift 2
    for _ in $(seq "$((seconds * 5))"); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    die "$what did not come up in ${seconds} s (logs: $STACK/logs/)"
}

render_nginx() {
    # deploy/nginx-memoria.conf with this stack's port, paths and socket, inside a main
    # config of its own (pid, logs and temp files in DIR): a system nginx is not disturbed.
    local port="$1" site="$STACK/nginx/site.conf"
    mkdir -p "$STACK/nginx/tmp"
    sed -e '/^[[:space:]]*#/d' \
        -e "s|listen 80;|listen 127.0.0.1:$port;|" \
        -e '/listen \[::\]:80;/d' \
        -e "s|server_name archive.example.org;|server_name 127.0.0.1;|" \
        -e "s|/var/log/nginx/memoria\.|$STACK/logs/nginx-memoria.|g" \
        -e "s|unix:/run/memoria/gunicorn.sock|unix:$STACK/gunicorn.sock|" \
        -e "s|/srv/memoria/static/|$STACK/static/|" \
        -e "s|/srv/memoria/media/|$STACK/media/|" \
        -e "s|/srv/memoria/private/recordings/|$STACK/recordings/|" \
        deploy/nginx-memoria.conf >"$site"
    if grep -qE '/srv/memoria|/run/memoria|/var/log|example\.org' "$site"; then
        die "deploy/nginx-memoria.conf changed: update render_nginx in scripts/prod_stack.sh"
    fi
    cat >"$STACK/nginx/nginx.conf" <<CONF
pid $STACK/nginx/nginx.pid;
error_log $STACK/logs/nginx-error.log;
worker_processes 2;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path $STACK/nginx/tmp/body;
    proxy_temp_path $STACK/nginx/tmp/proxy;
    fastcgi_temp_path $STACK/nginx/tmp/fastcgi;
    uwsgi_temp_path $STACK/nginx/tmp/uwsgi;
    scgi_temp_path $STACK/nginx/tmp/scgi;
    include $site;
}
CONF
}

up() {
    STACK="$1"
    mkdir -p "$STACK/logs" "$STACK/static" "$STACK/media"
    touch "$STACK/.memoria-stack"  # down removes only a folder up made
    # nginx's workers (user nobody) read static files and media and reach the socket.
    chmod 755 "$STACK"
    ensure_venv
    command -v nginx >/dev/null || apt_install nginx || die "nginx is missing: apt-get install nginx"
    ensure_postgres
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 \
        || die "Redis is not answering at 127.0.0.1:6379 (apt-get install redis-server)."

    local database="${PRODCHECK_DB:-memoria_prodcheck_$$}" port="${PRODCHECK_PORT:-$(free_port)}"
    PGOPTIONS="--client-min-messages=warning" psql -q "$PG_URL" \
        -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database"
    echo "$database" >"$STACK/database"
    cat >"$STACK/env" <<ENV
export DJANGO_SETTINGS_MODULE=archive.settings.production
export SECRET_KEY=$("$VPY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export DATABASE_URL=$PG_ADMIN_URL/$database
export SITE_URL=http://127.0.0.1:$port
export ALLOWED_HOSTS=127.0.0.1
export REDIS_URL=redis://127.0.0.1:6379/${PRODCHECK_REDIS_DB:-11}
export CACHE_KEY_PREFIX=$database
export STATIC_ROOT=$STACK/static
export MEDIA_ROOT=$STACK/media
export RENDITIONS_ACCEL_PREFIX=/_memoria_renditions/
export RECORDINGS_ROOT=$STACK/recordings
export RECORDINGS_ACCEL_PREFIX=/_memoria_recordings/
export GUNICORN_BIND=unix:$STACK/gunicorn.sock
export GUNICORN_ACCESS_LOG=$STACK/logs/gunicorn-access.log
# Plain http on loopback: no TLS here, so no redirect to https and no Secure cookies.
export SECURE_SSL_REDIRECT=0
export INSECURE_COOKIES=1
ENV
    echo "http://127.0.0.1:$port" >"$STACK/url"
    # shellcheck disable=SC1091
    source "$STACK/env"

    say "Preparing $database: migrate, demo content, collectstatic"
    manage migrate --noinput >"$STACK/logs/migrate.log" 2>&1 \
        || die "migrate failed: $(tail -5 "$STACK/logs/migrate.log")"
    manage load_demo >/dev/null
    manage collectstatic --noinput -v0

    say "Starting gunicorn, the task worker and nginx on $SITE_URL"
    "$VENV/bin/gunicorn" --config deploy/gunicorn.conf.py --pid "$STACK/gunicorn.pid" \
        --daemon --error-logfile "$STACK/logs/gunicorn-error.log" archive.wsgi
    "$VPY" manage.py db_worker --interval 0.5 >"$STACK/logs/worker.log" 2>&1 &
    echo $! >"$STACK/worker.pid"
    render_nginx "$port"
    nginx -c "$STACK/nginx/nginx.conf" -e "$STACK/logs/nginx-error.log"
    wait_for 60 "gunicorn" test -S "$STACK/gunicorn.sock"
    wait_for 60 "The site behind nginx" "$VPY" -c \
        'import sys, urllib.request as u; u.urlopen(sys.argv[1] + "/healthz", timeout=5)' "$SITE_URL"
}

stop_pid_file() {
    # stop_pid_file FILE: TERM the process it names and wait for it to end.
    local pid
    pid="$(cat "$1" 2>/dev/null)" || return 0
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
}

down() {
    STACK="$1"
    [ -d "$STACK" ] || return 0
    stop_pid_file "$STACK/nginx/nginx.pid"
    stop_pid_file "$STACK/gunicorn.pid"
    stop_pid_file "$STACK/worker.pid"
    if [ -f "$STACK/database" ]; then
        local database
        database="$(cat "$STACK/database")"
        psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
        # Only this stack's keys: CACHE_KEY_PREFIX is the database's unique name.
        redis-cli -h 127.0.0.1 -n "${PRODCHECK_REDIS_DB:-11}" --scan --pattern "$database:*" \
            | xargs -r redis-cli -h 127.0.0.1 -n "${PRODCHECK_REDIS_DB:-11}" DEL >/dev/null || true
    fi
    if [ -f "$STACK/.memoria-stack" ]; then rm -rf "$STACK"; fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    case "${1:-}" in
        up | down) "$1" "${2:?usage: prod_stack.sh up|down DIR}" ;;
        *) die "usage: prod_stack.sh up|down DIR" ;;
    esac
fi
