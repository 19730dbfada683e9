#!/usr/bin/env bash
# make check: static checks — lint, formatting, the import layers (.importlinter), Django's
# system checks, missing migrations.
# Every check runs; the script fails at the end if any of them failed.
source "$(dirname "$0")/lib.sh"

ensure_venv

failed=()
step() {
    say "$*"
    "$@" || failed+=("$*")
}

step "$VENV/bin/ruff" check .
step "$VENV/bin/ruff" format --check .
# The layers drawn in README.md (Layout): an import against them, or a cycle, fails here.
step "$VENV/bin/lint-imports"
step "$VPY" manage.py check --fail-level WARNING
step "$VPY" manage.py makemigrations --check --dry-run

if [ "${#failed[@]}" -gt 0 ]; then
    printf '\033[31mFAILED:\033[0m %s\n' "${failed[@]}" >&2
    exit 1
fi
say "All checks passed."
