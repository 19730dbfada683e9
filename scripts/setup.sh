#!/usr/bin/env bash
# make setup: venv + dependencies, database, translations, demo content, admin user.
# Safe to run again: every step keeps what is already there.
source "$(dirname "$0")/lib.sh"

ensure_venv

say "Migrating the database (${DATABASE_URL:-SQLite: db.sqlite3})"
manage migrate --noinput

if command -v msgfmt >/dev/null; then
    say "Compiling translations"
    manage compilemessages --ignore=.venv --ignore=node_modules -v0
else
    say "msgfmt not installed: using the committed .mo files (apt-get install gettext to compile them)"
fi

say "Loading demo content"
manage load_demo

say "Admin user"
"$VPY" scripts/ensure_admin.py
