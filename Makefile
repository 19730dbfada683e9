# Memoria — the commands a newcomer needs. Each target calls a small script in scripts/.
#   make run        set everything up (venv, database, demo content, admin) and serve :8000
#   make test       install test needs (Chromium, gettext) and run the whole suite on
#                   SQLite and PostgreSQL side by side;  make test DB=sqlite  for SQLite only
#   make prod-check the production stack (nginx, gunicorn, worker, PostgreSQL, Redis)
#                   on loopback, smoke-checked, then stopped
.PHONY: run setup serve test check prod-check messages ci clean

DB ?= both
ARGS ?=

run: setup serve

setup:
	@bash scripts/setup.sh

serve:
	@bash scripts/run.sh

test:
	@DB=$(DB) bash scripts/test.sh $(ARGS)

check:
	@bash scripts/check.sh

prod-check:
	@bash scripts/prod_check.sh

messages:
	@bash scripts/messages.sh

ci:
	@bash .ci/run

# Removes local state (database, media, venv); keeps your source.
clean:
	rm -rf .venv db.sqlite3 media static_collected .admin_password .test-logs
