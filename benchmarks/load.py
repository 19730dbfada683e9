"""Concurrent readers against the production stack and against runserver, side by side.

Usage (as root on a machine with PostgreSQL and Redis, like make prod-check):
    nice .venv/bin/python benchmarks/load.py --clients 50 --seconds 60

Starts the production stack with scripts/prod_stack.sh (nginx -> gunicorn, worker,
PostgreSQL, Redis, demo content, the page cache), then `manage.py runserver --noreload` on
the same database and settings but without the page cache (the baseline); runs the same
URL mix (story pages in English and Spanish, searches, a timeline embed, a static file)
against each in turn with N clients for T seconds (in alternating rounds, after a few
seconds of warm-up); prints requests/s, p50/p95/p99 and errors per server and per kind of
URL, and stops everything.
`--only prod` or `--only runserver` measures one.
"""

import argparse
import http.client
import os
import random
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
STACK = ROOT / "scripts" / "prod_stack.sh"
SEARCHES = ["water", "agua", "Arcatao", "memoria", "community", "delegation"]


def stack_env(folder):
    """The variables prod_stack.sh wrote to DIR/env."""
    env = {}
    for line in (folder / "env").read_text().splitlines():
        if line.startswith("export "):
            key, _, value = line.removeprefix("export ").partition("=")
            env[key] = shlex.split(value)[0] if value else ""
    return env


def url_mix(env, base):
    """(kind, path) pairs, from the stack's own database."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.utils import translation

    from archive.languages import CODES
    from archive.visibility import public_stories
    from timelines.models import TimelinePage

    mix = []
    for story in public_stories().specific()[:6]:
        for language in CODES:
            with translation.override(language):
                mix.append((f"story {language}", story.get_url()))
    mix += [("search", f"/search/?q={word}") for word in SEARCHES]
    timeline = TimelinePage.objects.live().public().first()
    mix.append(("embed", f"/embed/timeline/{timeline.slug}/"))
    home = urllib.request.urlopen(base + "/", timeout=30).read().decode()
    mix.append(("static", re.search(r"/static/archive/site\.[0-9a-f]{12}\.css", home).group(0)))
    return mix


class Client(threading.Thread):
    """One reader: keeps its connection open (as a browser does) and asks URL after URL."""

    def __init__(self, base, mix, stop_at, seed):
        super().__init__(daemon=True)
        self.host, self.port = urlsplit(base).hostname, urlsplit(base).port
        self.mix, self.stop_at = mix, stop_at
        self.random = random.Random(seed)
        self.timings, self.errors = [], []
        self.connection = None

    def ask(self, path):
        for attempt in (1, 2):
            fresh = self.connection is None
            if fresh:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = self.connection.getresponse()
                response.read()
                if response.will_close:
                    self.connection.close()
                    self.connection = None
                return response.status
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if fresh or attempt == 2:  # a kept-alive connection the server closed: retry
                    raise
        raise AssertionError("unreachable")

    def run(self):
        while time.monotonic() < self.stop_at:
            kind, path = self.random.choice(self.mix)
            started = time.monotonic()
            try:
                status = self.ask(path)
            except (http.client.HTTPException, OSError) as error:
                self.errors.append((kind, path, repr(error)))
                continue
            took = time.monotonic() - started
            if status >= 400:
                self.errors.append((kind, path, status))
            else:
                self.timings.append((kind, took))


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def run_clients(base, mix, clients, seconds):
    stop_at = time.monotonic() + seconds
    readers = [Client(base, mix, stop_at, seed) for seed in range(clients)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    timings = [timing for reader in readers for timing in reader.timings]
    return timings, [error for reader in readers for error in reader.errors]


def warm(base, mix, clients):
    """Every gunicorn worker compiles its templates and fills its caches on its first
    requests: a few seconds of load first, not counted."""
    run_clients(base, mix, min(clients, 10), 5)


def summarise(name, mix, timings, errors, seconds):
    rows = [(name, "all", [took for _, took in timings])]
    for kind in sorted({kind for kind, _ in mix}):
        rows.append((name, kind, [took for k, took in timings if k == kind]))
    return rows, errors, len(timings) / seconds


def report(results, clients, seconds):
    print(f"\n{clients} clients, {seconds} s each (times in ms)")
    print(f"{'server':10} {'urls':10} {'requests':>8} {'req/s':>7}", end="")
    print(f" {'p50':>7} {'p95':>7} {'p99':>7}")
    for rows, errors, rate in results:
        for name, kind, times in rows:
            count = len(times)
            ms = [1000 * t for t in times]
            shown = f"{rate:7.1f}" if kind == "all" else f"{count / seconds:7.1f}"
            print(
                f"{name:10} {kind:10} {count:8d} {shown} {statistics.median(ms) if ms else 0:7.0f}"
                f" {percentile(ms, 0.95):7.0f} {percentile(ms, 0.99):7.0f}"
            )
        print(f"{rows[0][0]:10} errors     {len(errors):8d}  {errors[:3] if errors else ''}")
    if len(results) == 2 and results[1][2]:
        print(f"\nproduction / runserver throughput: {results[0][2] / results[1][2]:.1f}x")


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{base} did not answer /healthz in {seconds} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3, help="turns each server takes")
    parser.add_argument("--only", choices=["prod", "runserver"])
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="memoria-load."))
    runserver = None
    try:
        subprocess.run(["bash", str(STACK), "up", str(folder)], check=True)
        env = stack_env(folder)
        base = (folder / "url").read_text().strip()
        mix = url_mix(env, base)
        servers = {}
        if args.only != "runserver":
            servers["production"] = base
        if args.only != "prod":
            port = free_port()
            runserver = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                cwd=ROOT,
                # runserver is the uncached baseline the issue measured: no page cache.
                env={**os.environ, **env, "PAGE_CACHE": "0"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                # A session of its own, as gunicorn's daemon has: Linux shares the CPU
                # between sessions (autogroups), so neither server runs in the client's.
                start_new_session=True,
            )
            servers["runserver"] = f"http://127.0.0.1:{port}"
            wait_until_up(servers["runserver"])
        for name, address in servers.items():
            print(f"{name}: {address}", flush=True)
            warm(address, mix, args.clients)
        # The servers take turns, so a busy moment on a shared machine falls on both.
        measured = {name: ([], []) for name in servers}
        share = args.seconds / args.rounds
        for round_number in range(args.rounds):
            for name, address in servers.items():
                print(f"round {round_number + 1}/{args.rounds}: {name}", flush=True)
                timings, errors = run_clients(address, mix, args.clients, share)
                measured[name][0].extend(timings)
                measured[name][1].extend(errors)
        results = [
            summarise(name, mix, timings, errors, args.seconds)
            for name, (timings, errors) in measured.items()
        ]
        report(results, args.clients, args.seconds)
    finally:
        if runserver:
            runserver.terminate()
            runserver.wait(timeout=30)
        subprocess.run(["bash", str(STACK), "down", str(folder)], check=False)


if __name__ == "__main__":
    main()
