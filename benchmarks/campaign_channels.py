"""Where a privacy-campaign step spends its time: server time and queries per channel.

Usage: .venv/bin/python benchmarks/campaign_channels.py [--steps 25]

Runs the privacy state machine (fuzz.machine, what `manage.py fuzz_privacy` runs) for
--steps steps in a throwaway SQLite test database, in one process, timing every request
its check makes (fuzz.channels.ask) and counting that request's SQL. Prints, per channel:
requests, total seconds, ms a request, queries a request and SQL ms a request, slowest
first. A channel whose SQL is a small part of its time spends it in Python (building
querysets, rendering). The long campaign's speed is its slowest channels' (issue 16).
"""

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "archive.settings.test"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=25, help="steps to check (default 25)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.runner import DiscoverRunner
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
    from django.utils import translation

    from fuzz import campaign, channels, machine

    setup_test_environment(debug=False)  # as fuzz_privacy does
    figures = defaultdict(lambda: {"requests": 0, "seconds": 0.0, "queries": 0, "sql": 0.0})

    def timed_ask(client, world, words=(), only=None):
        # channels.ask, with each request timed and its queries counted.
        for channel, url in channels.requests_for(world, words):
            if only is not None and channel not in only:
                continue
            started = time.perf_counter()
            with (
                translation.override(translation.get_language()),
                CaptureQueriesContext(connection) as queries,
            ):
                response = client.get(url)
            text = channels._text(response, url)
            figure = figures[channel]
            figure["requests"] += 1
            figure["seconds"] += time.perf_counter() - started
            figure["queries"] += len(queries.captured_queries)
            figure["sql"] += sum(float(query["time"]) for query in queries.captured_queries)
            yield channel, url, text

    machine.channels.ask = timed_ask
    runner = DiscoverRunner(verbosity=0, interactive=False)
    databases = runner.setup_databases()
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            campaign.run(args.steps)
    finally:
        runner.teardown_databases(databases)
    total = time.perf_counter() - started
    steps = machine.Statistics.steps
    asked = sum(figure["seconds"] for figure in figures.values())
    print(f"\n{steps} steps in {total:.1f} s ({steps / total:.2f} steps/s in one process)")
    heads = ("requests", 8), ("s", 8), ("share", 6), ("ms/req", 8), ("q/req", 6), ("SQL ms", 7)
    print(f"{'channel':20} " + " ".join(f"{head:>{width}}" for head, width in heads))
    for channel, figure in sorted(figures.items(), key=lambda item: -item[1]["seconds"]):
        count = figure["requests"]
        print(
            f"{channel:20} {count:8d} {figure['seconds']:8.1f} "
            f"{100 * figure['seconds'] / asked:5.1f}% {1000 * figure['seconds'] / count:8.1f} "
            f"{figure['queries'] / count:6.1f} {1000 * figure['sql'] / count:7.1f}"
        )


if __name__ == "__main__":
    main()
