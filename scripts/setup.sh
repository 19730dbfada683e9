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

# ffmpeg processes recorded testimonies (uploads and the demo's samples); espeak-ng gives
# the demo's sample recordings their synthesised voices. Without them load_demo skips the
# sample recordings and says so; everything else works.
missing=()
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}" || warn "missing Debian packages: ${missing[*]}. Install them with
    sudo apt-get update && sudo apt-get install -y ${missing[*]}
and run make setup again to add the demo's sample recordings."
fi

say "Loading demo content"
manage load_demo

say "Admin user"
"$VPY" scripts/ensure_admin.py
