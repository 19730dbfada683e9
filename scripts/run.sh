#!/usr/bin/env bash
# make run: serve the archive on http://127.0.0.1:${PORT:-8000}/ (run `make setup` first;
# `make run` does both).
source "$(dirname "$0")/lib.sh"

[ -x "$VPY" ] || die "No .venv: run 'make setup' first."
base="http://127.0.0.1:$PORT"
cat <<MSG

  Memoria is starting at $base/
    English   $base/
    Español   $base/es/
    Admin     $base/admin/   (user: admin, password: $(cat .admin_password 2>/dev/null || echo 'see make setup'))
  Stop with Ctrl-C.

MSG
# SITE_URL (lib.sh) is this address, so every link handed out points here; the Site is
# brought in step first, in case the port changed since `make setup`.
"$VPY" manage.py sync_site_url
exec "$VPY" manage.py runserver "127.0.0.1:$PORT"
