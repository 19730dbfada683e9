"""manage.py fuzz_privacy --steps N [--workers K]: a long privacy campaign in a throwaway
database.

Creates a test database (never touches the archive's own), runs the privacy state machine
(fuzz.machine) until N steps have been checked, and prints the steps, the channels and
requests asked, and the leaks found (a leak stops the campaign with the shortest sequence
of actions that shows it). Exits non-zero on a leak. Interrupted (Ctrl-C or SIGTERM), it
still prints what the steps so far covered.

Every example (a sequence of --steps-per-example steps) starts from the same empty archive,
so examples are independent: with --workers K, K processes share the N steps, each with
its own throwaway database and media folder, and the figures printed are their sum.
"""

import multiprocessing
import os
import queue
import random
import signal
import tempfile
import traceback
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.test.runner import DiscoverRunner
from django.test.utils import override_settings, setup_test_environment
from tqdm import tqdm


def _figures(Statistics, leak=None, interrupted=False):
    """What one campaign covered, as plain values a worker can hand to the command."""
    return {
        "steps": Statistics.steps,
        "requests": Statistics.requests,
        "channels": set(Statistics.channels),
        "actions": Counter(Statistics.actions),
        "refused": Statistics.refused_publications,
        "leak": str(leak) if leak else None,
        "interrupted": interrupted,
    }


def _campaign(steps, steps_per_example, on_step):
    """Run the machine for `steps` steps in a fresh test database; return its figures."""
    from fuzz import campaign
    from fuzz.machine import Leak, Statistics

    runner = DiscoverRunner(verbosity=0, interactive=False)
    databases = runner.setup_databases()
    leak = interrupted = None
    try:
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            try:
                campaign.run(steps, steps_per_example, on_step=on_step)
            except Leak as error:
                leak = error
            except KeyboardInterrupt:
                interrupted = True
    finally:
        runner.teardown_databases(databases)
    return _figures(Statistics, leak, interrupted)


def _worker(number, steps, steps_per_example, reports):
    """One of --workers processes: its own database (SQLite's test database is in memory,
    one per process; a PostgreSQL one needs a name of its own), its own random seed (a
    forked process inherits its parent's), progress sent to the command after each step
    and the figures at the end."""
    random.seed(os.urandom(16))
    database = connections["default"].settings_dict
    if database["ENGINE"] != "django.db.backends.sqlite3":
        test = database.setdefault("TEST", {})
        test["NAME"] = f"{test.get('NAME') or 'test_' + database['NAME']}_fuzz{number}"
    try:
        figures = _campaign(steps, steps_per_example, lambda: reports.put(("step", number)))
    except Exception:
        # Not a leak (a check of the campaign itself failed): the command reports it and
        # fails instead of waiting for this worker's figures for ever.
        from fuzz.machine import Statistics

        figures = _figures(Statistics) | {"error": traceback.format_exc()}
    reports.put(("done", figures))


class Command(BaseCommand):
    help = "Random sequences of edits, every public channel asked after each step."

    def add_arguments(self, parser):
        parser.add_argument("--steps", type=int, default=1000)
        parser.add_argument("--steps-per-example", type=int, default=25)
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="processes sharing the steps, each with its own throwaway database",
        )

    def handle(self, *args, steps, steps_per_example, workers, **options):
        if steps < 1:
            raise CommandError("--steps must be at least 1.")
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        setup_test_environment(debug=False)  # as the test runner: no technical 404 pages
        bar = tqdm(total=steps, unit="step", desc="privacy campaign")
        # A long campaign stopped with `kill` reports like one stopped with Ctrl-C.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            if workers == 1:
                from fuzz.machine import Statistics

                def progress():
                    bar.update(min(steps, Statistics.steps) - bar.n)

                results = [_campaign(steps, steps_per_example, on_step=progress)]
            else:
                results = self._in_parallel(steps, steps_per_example, workers, bar)
        finally:
            bar.close()
        self._report(results)

    def _in_parallel(self, steps, steps_per_example, workers, bar):
        connections.close_all()  # a forked process must not share its parent's connection
        reports = multiprocessing.get_context("fork").Queue()
        shares = [steps // workers + (1 if n < steps % workers else 0) for n in range(workers)]
        processes = [
            multiprocessing.get_context("fork").Process(
                target=_worker, args=(number, share, steps_per_example, reports)
            )
            for number, share in enumerate(shares)
        ]
        for process in processes:
            process.start()
        results = []
        try:
            while len(results) < workers:
                kind, value = reports.get()
                if kind == "step":
                    bar.update(1 if bar.n < steps else 0)
                else:
                    results.append(value)
        except KeyboardInterrupt:
            # The workers got the same signal (one process group): collect what they covered.
            while len(results) < workers:
                try:
                    kind, value = reports.get(timeout=120)
                except queue.Empty:
                    break
                if kind == "done":
                    results.append(value)
            if len(results) < workers:
                results.append({"interrupted": True, "lost workers": workers - len(results)})
        for process in processes:
            process.join(timeout=10)
        return results

    def _report(self, results):
        steps = sum(result.get("steps", 0) for result in results)
        channels = set().union(*(result.get("channels", set()) for result in results))
        actions = sum((result.get("actions", Counter()) for result in results), Counter())
        leaks = [result["leak"] for result in results if result.get("leak")]
        errors = [result["error"] for result in results if result.get("error")]
        interrupted = any(result.get("interrupted") for result in results)
        self.stdout.write(
            ("interrupted: the figures cover the steps checked so far\n" if interrupted else "")
            + (f"workers: {len(results)}\n" if len(results) > 1 else "")
            + f"steps: {steps}\n"
            f"requests: {sum(result.get('requests', 0) for result in results)}\n"
            f"channels asked ({len(channels)}): {', '.join(sorted(channels))}\n"
            f"actions applied: "
            f"{', '.join(f'{name} {count}' for name, count in actions.most_common())}\n"
            f"publications refused for missing consent (as expected): "
            f"{sum(result.get('refused', 0) for result in results)}\n"
            f"leaks found: {len(leaks)}"
            + (f"\nworkers stopped by an error: {len(errors)}" if errors else "")
        )
        if leaks:
            raise CommandError("Leak: " + "\nLeak: ".join(leaks))
        if errors:
            raise CommandError("Error in a worker:\n" + "\n".join(errors))
