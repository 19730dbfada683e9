"""manage.py fuzz_privacy --steps N: a long privacy campaign in a throwaway database.

Creates a test database (never touches the archive's own), runs the privacy state machine
(fuzz.machine) until N steps have been checked, and prints the steps, the channels and
requests asked, and the leaks found (a leak stops the campaign with the shortest sequence
of actions that shows it). Exits non-zero on a leak. Interrupted (Ctrl-C or SIGTERM), it
still prints what the steps so far covered.
"""

import signal
import tempfile

from django.core.management.base import BaseCommand, CommandError
from django.test.runner import DiscoverRunner
from django.test.utils import override_settings, setup_test_environment
from tqdm import tqdm


class Command(BaseCommand):
    help = "Random sequences of edits, every public channel asked after each step."

    def add_arguments(self, parser):
        parser.add_argument("--steps", type=int, default=1000)
        parser.add_argument("--steps-per-example", type=int, default=25)

    def handle(self, *args, steps, steps_per_example, **options):
        from fuzz import campaign
        from fuzz.machine import Leak, Statistics

        if steps < 1:
            raise CommandError("--steps must be at least 1.")
        setup_test_environment(debug=False)  # as the test runner: no technical 404 pages
        runner = DiscoverRunner(verbosity=0, interactive=False)
        databases = runner.setup_databases()
        bar = tqdm(total=steps, unit="step", desc="privacy campaign")
        leak = interrupted = None
        # A long campaign stopped with `kill` reports like one stopped with Ctrl-C.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):

                def progress():
                    bar.update(min(steps, Statistics.steps) - bar.n)

                try:
                    campaign.run(steps, steps_per_example, on_step=progress)
                except Leak as error:
                    leak = error
                except KeyboardInterrupt:
                    interrupted = True
        finally:
            bar.close()
            runner.teardown_databases(databases)
        self.stdout.write(
            ("interrupted: the figures cover the steps checked so far\n" if interrupted else "")
            + f"steps: {Statistics.steps}\n"
            f"requests: {Statistics.requests}\n"
            f"channels asked ({len(Statistics.channels)}): "
            f"{', '.join(sorted(Statistics.channels))}\n"
            f"actions applied: "
            f"{', '.join(f'{name} {count}' for name, count in Statistics.actions.most_common())}\n"
            f"publications refused for missing consent (as expected): "
            f"{Statistics.refused_publications}\n"
            f"leaks found: {1 if leak else 0}"
        )
        if leak:
            raise CommandError(f"Leak: {leak}")
