"""Production settings refuse to start without what a real deployment needs, each time
naming the variable and showing an example; with all of it, `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SANE = {
    "DJANGO_SETTINGS_MODULE": "archive.settings.production",
    "SECRET_KEY": "test-only-" + "Kq3vZ8pW1mRt" * 5,
    "DATABASE_URL": "postgres://memoria@127.0.0.1:5432/memoria",
    "SITE_URL": "https://archive.example.org",
    "ALLOWED_HOSTS": "archive.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, **changes):
    """manage.py under production settings; changes=None removes a variable."""
    env = {key: value for key, value in os.environ.items() if key not in SANE}
    env.update(SANE)
    for key, value in changes.items():
        if value is None:
            env.pop(key)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "example"),
    [
        ("SECRET_KEY", "SECRET_KEY=$(python3 -c"),
        ("DATABASE_URL", "DATABASE_URL=postgres://"),
        ("SITE_URL", "SITE_URL=https://archive.example.org"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS=archive.example.org"),
        ("REDIS_URL", "REDIS_URL=redis://127.0.0.1:6379/0"),
    ],
)
def test_a_missing_variable_stops_the_site_with_its_name_and_an_example(variable, example):
    result = manage("check", **{variable: None})
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("django.core.exceptions.ImproperlyConfigured:")
    assert f"{variable} is not set" in message
    assert example in message


@pytest.mark.parametrize(
    ("variable", "value", "rule"),
    [
        # Never a quiet SQLite file for narrators' stories.
        ("DATABASE_URL", "sqlite:////tmp/memoria.sqlite3", "production runs on PostgreSQL"),
        ("SECRET_KEY", "short", "at least 50 characters"),
        ("SITE_URL", "archive.example.org", "with http:// or https://"),
        ("REDIS_URL", "127.0.0.1:6379", "redis://"),
    ],
)
def test_an_unusable_value_is_refused_with_the_rule(variable, value, rule):
    result = manage("check", **{variable: value})
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert f"{variable}={value!r} is not usable" in message
    assert rule in message


def test_a_site_address_the_site_would_refuse_is_refused_at_start():
    result = manage("check", ALLOWED_HOSTS="www.example.org")
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert "does not include SITE_URL's host archive.example.org" in message
    assert "ALLOWED_HOSTS=archive.example.org" in message


def test_with_everything_set_the_deploy_check_is_clean():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_the_loopback_switch_for_https_is_reported_not_silenced():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECURE_SSL_REDIRECT="0")
    assert result.returncode != 0
    assert "security.W008" in result.stderr
