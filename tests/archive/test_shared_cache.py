"""With REDIS_URL, every process sees the same caches (rate limits, search answers,
Wagtail's): what one gunicorn worker stores, another reads."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def in_another_process(code, prefix):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "archive.settings.dev",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
    }
    script = f"import django; django.setup()\nfrom django.core.cache import caches\n{code}"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def prefix():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"memoria-test-{secrets.token_hex(4)}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_what_one_process_caches_another_reads(prefix):
    in_another_process(
        "caches['default'].set('attempts', 3)\ncaches['research-search'].set('answer', 'x')",
        prefix,
    )
    read = "print(caches['default'].get('attempts'), caches['research-search'].get('answer'))"
    assert in_another_process(read, prefix) == "3 x"
    # The two caches keep their keys apart, and so do two sites with their own prefixes.
    crossed = "print(caches['default'].get('answer'), caches['research-search'].get('attempts'))"
    assert in_another_process(crossed, prefix) == "None None"
    assert in_another_process(read, f"{prefix}-other") == "None None"
