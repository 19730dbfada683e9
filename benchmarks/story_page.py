"""Server time of a story page (Django test client, no network), in both languages.

Usage: .venv/bin/python benchmarks/story_page.py [--requests 200]
Uses the database configured by DATABASE_URL (default: the dev SQLite with demo content).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings.dev")


def main():
    import django

    django.setup()
    from django.test import Client
    from django.utils import translation

    from archive.languages import CODES
    from archive.visibility import public_stories

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    story = public_stories().order_by("path").first()
    if story is None:
        sys.exit("No public story: run `python manage.py load_demo` first.")
    client = Client(HTTP_HOST="localhost")
    for language in CODES:
        with translation.override(language):
            url = story.get_url()
        client.get(url)  # warm caches and template loading
        timings = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{language} {url}: median {statistics.median(timings):.1f} ms, "
            f"p95 {p95:.1f} ms over {args.requests} requests"
        )


if __name__ == "__main__":
    main()
