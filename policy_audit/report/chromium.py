"""Headless Chromium, for the pictures of reports: the card's PNG and the screenshots the tests check.

Optional: nothing in an audit needs it. Found as ``$CHROMIUM`` (a name or a path; set it to something
absent to turn pictures off), else the usual names on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Without the background-networking flags Chromium waits on the (closed) network and hangs.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
TIMEOUT = 120  # seconds; a first start on a busy machine takes several


class ChromiumError(RuntimeError):
    """Chromium ran but made nothing (its own message, shortened)."""


def find_chromium() -> str | None:
    env = os.environ.get("CHROMIUM")
    if env:
        return shutil.which(env)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def run_chromium(chromium: str, *args: str) -> str:
    """Chromium's stdout (``--dump-dom``) for one run with a throwaway profile."""
    with tempfile.TemporaryDirectory(prefix="pa-chromium-") as profile:
        try:
            proc = subprocess.run(
                [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ChromiumError(f"chromium did not run: {exc}") from None
    if proc.returncode != 0:
        raise ChromiumError(f"chromium failed (exit {proc.returncode}): {proc.stderr.strip()[-300:]}")
    return proc.stdout


def screenshot(html_file: Path, png: Path, width: int, height: int, chromium: str) -> None:
    run_chromium(
        chromium, f"--screenshot={png.resolve()}", f"--window-size={width},{height}", html_file.resolve().as_uri()
    )
    if not png.exists():
        raise ChromiumError(f"chromium wrote no {png.name}")
