"""What the browser tests share: Debian's Chromium, a quiet file server, and a watch on a page
for console errors and requests that leave the site."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def missing() -> str | None:
    """Why the browser tests cannot run as readers see the pages, or None."""
    if not Path(CHROMIUM).exists():
        return "Debian's chromium is not installed: run `make test`, which installs it"
    fc = shutil.which("fc-list")
    if sys.platform.startswith("linux") and fc:
        fonts = subprocess.run([fc, ":lang=zh"], capture_output=True, text=True, check=False).stdout
        if not fonts.strip():
            # Without a Chinese font lines wrap differently and the reading-position tests
            # measure a page no reader sees.
            return "no Chinese font is installed: run `make browser` (installs fonts-noto-cjk)"
    return None


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A static server of `directory` on a free port; yields its address."""
    handler = functools.partial(Quiet, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class Watch:
    """Console errors and every request that leaves the site."""

    def __init__(self, page: Page, base: str) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:", "about:"))
                else self.outside.append(r.url))

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.outside == []
