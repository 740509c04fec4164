"""`edition serve`: the three editions at one address, rebuilt as data/ changes.

MkDocs' own server previews one edition, so the script switcher led nowhere, and a
data error showed only in the terminal while the browser kept the old page. This
preview builds every edition into a fresh folder (the same build as `edition build`),
serves the newest good one, and while the data has errors answers every page with
the coded messages of `edition check`; each page polls the server and reloads itself
when a new build is in, or when an error is fixed.
"""

from __future__ import annotations

import html
import http.server
import json
import logging
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import MkDocsException

from generator.core.diagnostics import InvalidData
from generator.pipeline import fingerprint, run

log = logging.getLogger("mkdocs.plugins.edition")
POLL = 0.4  # seconds between looks at data/

LIVE_JS = """(function () {
  var seen = %d;
  function look() {
    fetch("/__edition/state", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (s.version !== seen) { window.location.reload(); } else { setTimeout(look, 700); }
    }).catch(function () { setTimeout(look, 2000); });
  }
  setTimeout(look, 700);
})();
"""


@dataclass
class State:
    """What the server shows: the folder of the last good build, or the errors of the data."""

    root: Path
    site: Path | None = None
    error: str = ""
    version: int = 0
    building: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    scratch: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="edition-serve-")))


def rebuild(state: State) -> None:
    """Build every edition into a new folder; swap it in, or record why it failed."""
    from generator.mkdocs.build import build_editions

    started = time.monotonic()
    state.building = True
    target = state.scratch / f"build-{state.version + 1}" / "site"
    try:
        run(state.root)  # the data's errors, as `edition check` prints them
        build_editions(state.root, target, strict=False, jobs=1)  # no fork from a threaded server
    except InvalidData as err:
        error = err.diagnostics.report()
    except MkDocsException as err:
        error = str(err)
    else:
        error = ""
    with state.lock:
        old = state.site
        if not error:
            state.site = target
        state.error = error
        state.version += 1
        state.building = False
    if error:
        shutil.rmtree(target.parent, ignore_errors=True)
        print(f"data has errors; the browser shows them:\n{error}", flush=True)
    else:
        if old is not None:
            shutil.rmtree(old.parent, ignore_errors=True)
        print(f"built all editions in {time.monotonic() - started:.1f} s", flush=True)


def watch(state: State, stop: threading.Event) -> None:
    seen = fingerprint(state.root)
    while not stop.wait(POLL):
        now = fingerprint(state.root)
        if now != seen:
            seen = now
            rebuild(state)


def error_page(report: str, version: int) -> bytes:
    lines = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in report.splitlines() if line.strip())
    return (
        '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>数据有错误 · 预览</title><style>body{font:16px/1.6 system-ui,sans-serif;margin:2rem;max-width:60rem}"
        "li{margin:.3rem 0;list-style:none}code{white-space:pre-wrap;word-break:break-word}</style></head><body>"
        "<h1>数据有错误，预览暂停</h1><p>改正下面的问题并保存文件，页面会自动恢复。"
        "每行的格式是 <code>文件:行:列: 代码 说明</code>，下一行是修改提示（与 <code>edition check</code> 相同）。</p>"
        f'<ul id="edition-errors">{lines}</ul><script>{LIVE_JS % version}</script></body></html>'
    ).encode()


def handler(state: State) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def translate_path(self, path: str) -> str:
            with state.lock:
                site = state.site or state.scratch
            self.directory = str(site)
            return super().translate_path(path)

        def do_GET(self) -> None:
            if self.path.startswith("/__edition/state"):
                with state.lock:
                    body = json.dumps({"version": state.version, "error": bool(state.error),
                                       "building": state.building}).encode()
                return self._send(body, "application/json")
            with state.lock:
                error, version, site = state.error, state.version, state.site
            page = self.path.split("?", 1)[0].split("#", 1)[0]
            is_page = page.endswith((".html", "/"))
            if is_page and (error or site is None):
                report = error or "正在构建……"
                return self._send(error_page(report, version), "text/html; charset=utf-8")
            if is_page:
                local = Path(self.translate_path(page))
                local = local / "index.html" if local.is_dir() else local
                if local.is_file():
                    # The flag before the page's scripts run (select to annotate writes in the
                    # preview); the reload poll at the end.
                    text = local.read_bytes().replace(
                        b"</head>", b"<script>window.__editionPreview = true;</script></head>", 1).replace(
                        b"</body>", f"<script>{LIVE_JS % version}</script></body>".encode(), 1)
                    return self._send(text, "text/html; charset=utf-8")
            return super().do_GET()

        def do_POST(self) -> None:
            # JSON only: a page of another site cannot send it without a CORS preflight,
            # which this server never answers, so only the preview's own pages can write.
            if self.path != "/__edition/annotate" or self.headers.get("Content-Type") != "application/json":
                return self.send_error(404)
            from generator.core.files import OutsideData
            from generator.tools.annotate import BadRequest, add_from_json

            size = min(int(self.headers.get("Content-Length") or 0), 64 * 1024)
            try:
                rel, entry = add_from_json(state.root, self.rfile.read(size).decode("utf-8", "replace"))
                answer = {"file": rel, "entry": entry}
            except (BadRequest, OutsideData) as err:
                answer = {"error": str(err)}
            except InvalidData as err:
                answer = {"error": err.diagnostics.report()}
            return self._send(json.dumps(answer, ensure_ascii=False).encode(), "application/json", 200)

        def _send(self, body: bytes, kind: str, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve(root: Path, address: str) -> int:
    host, _, port = address.rpartition(":")
    state = State(root)
    rebuild(state)
    stop = threading.Event()
    threading.Thread(target=watch, args=(state, stop), daemon=True).start()
    server = http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler(state))
    print(f"serving the three editions at http://{host or '127.0.0.1'}:{server.server_address[1]}/ "
          "(简体 at the root, zh-tw/, zh-hk/); Ctrl-C stops", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        shutil.rmtree(state.scratch, ignore_errors=True)
    return 0
