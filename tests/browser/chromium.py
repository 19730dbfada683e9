"""Debian's Chromium and the switches it runs with headless here (no sandbox in
containers, nothing fetched in the background); the browser tests and
benchmarks/timeline_embed.py both launch it this way."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
