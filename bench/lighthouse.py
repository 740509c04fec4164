"""Lighthouse on the built site (mobile profile): four category scores, page weight, requests.

Run with `make bench` (it installs Lighthouse from npm into bench/node_modules), or
    .venv/bin/python bench/lighthouse.py [site-folder]
Debian's chromium is used through CHROME_PATH.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = {"front page": "index.html", "article page": "20210816/shuzi-qingdao/index.html"}
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update " \
        "--disable-sync --no-first-run"


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host does (GitHub Pages among them): text compressed with gzip."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        text = path.suffix in (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt")
        if not (path.is_file() and text and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def run(url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run([str(HERE / "node_modules/.bin/lighthouse"), url, "--output=json", f"--output-path={out}",
                        f"--chrome-flags={FLAGS}", "--quiet"],
                       env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True)
        return json.loads(out.read_text(encoding="utf-8"))


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else HERE.parent / "site").resolve()
    handler = functools.partial(_Gzip, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    print("| page | performance | accessibility | best practices | SEO | weight | requests |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    try:
        for name, path in PAGES.items():
            report = run(base + path)
            cats = report["categories"]
            scores = [round(100 * cats[k]["score"]) for k in ("performance", "accessibility", "best-practices", "seo")]
            weight = report["audits"]["total-byte-weight"]["numericValue"] / 1024
            requests = len(report["audits"]["network-requests"]["details"]["items"])
            print(f"| {name} | {' | '.join(map(str, scores))} | {weight:.0f} KiB | {requests} |")
            for key in ("performance", "accessibility", "best-practices", "seo"):
                for ref in cats[key]["auditRefs"]:
                    audit = report["audits"][ref["id"]]
                    if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 0.9:
                        print(f"|   {key}: {ref['id']} | {audit['score']} | {audit.get('displayValue', '')} | | | | |")
    finally:
        httpd.shutdown()


if __name__ == "__main__":
    main()
