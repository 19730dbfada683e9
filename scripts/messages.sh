#!/usr/bin/env bash
# make messages: refresh the Spanish catalog from the source, then compile it.
# Translate in archive/locale/es/LC_MESSAGES/django.po, then run this again.
# Keep the ignore list in step with tests/test_translation_catalog.py (IGNORED_DIRS).
source "$(dirname "$0")/lib.sh"

ensure_venv
command -v xgettext >/dev/null || die "xgettext not found: apt-get install gettext"

manage makemessages -l es --add-location=file --ignore=.venv --ignore=tests --ignore=node_modules \
    --ignore=benchmarks --ignore=media --ignore=static_collected
manage compilemessages -l es --ignore=.venv --ignore=node_modules
say "Updated archive/locale/es/LC_MESSAGES/django.po and django.mo"
