"""`edition serve`: the three editions at one address, rebuilt as data/ changes.

MkDocs' own server previews one edition, so the script switcher led nowhere, and a
data error showed only in the terminal while the browser kept the old page. This
preview builds every edition into a fresh folder (the same build as `edition build`),
serves the newest good one, and while the data has errors answers every page with
the coded messages of `edition check`; each page asks the server whether it changed
and reloads itself when a new build of its edition is in, or when an error is fixed.

An annotator waits for a save to show, so the wait is kept short: the edition last
opened in the browser is built first and served as soon as it is done (the others
follow), and a page's question is held open by the server until the answer changes
instead of being asked again at intervals. With `--page ID` the core reads only that
page of a series (pipeline.limit_to_page): a rebuild costs what a one-page edition costs.
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
from urllib.parse import parse_qs, urlsplit

from generator.convert import variants
from generator.core.diagnostics import InvalidData
from generator.core.load import UnknownPage
from generator.pipeline import Fingerprint, fingerprint, run

log = logging.getLogger("mkdocs.plugins.edition")
POLL = 0.2  # seconds between looks at data/ (a look stats every data file: some ms for 100 pages)
WAIT = 20.0  # seconds the server holds a page's question before answering "unchanged"

# %(seen)s: what the page shows (State.view); %(edition)s: its edition's folder.
LIVE_JS = """(function () {
  var seen = %(seen)s, edition = %(edition)s;
  function look() {
    fetch("/__edition/state?edition=" + encodeURIComponent(edition) + "&seen=" + encodeURIComponent(seen),
          {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (s.view !== seen) { window.location.reload(); } else { look(); }
    }).catch(function () { setTimeout(look, 2000); });
  }
  look();
})();
"""


@dataclass
class State:
    """What the server shows: each edition's last good build, or the errors of the data."""

    root: Path
    page: str | None = None  # the one page of the series previewed, or None for all
    sites: dict[str, Path] = field(default_factory=dict)  # an edition's folder ("" for 简体) -> its build
    shown: dict[str, int] = field(default_factory=dict)  # an edition's folder -> the version it came in at
    folders: tuple[str, ...] = tuple(v.folder for v in variants(False))
    viewed: str = ""  # the folder of the edition last opened: built first
    error: str = ""
    version: int = 0  # counts every change of what is served
    building: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)  # guards all of the above
    scratch: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="edition-serve-")))

    def view(self, folder: str) -> str:
        """What a page of that edition shows; a page reloads when this changes. Call with `changed` held."""
        if self.error:
            return f"error-{self.version}"
        if folder not in self.sites:
            return "building"
        return f"built-{self.shown[folder]}"

    def edition_of(self, path: str) -> tuple[str, str]:
        """The folder of the edition a URL path is in, and the path inside that edition."""
        head, _, rest = path.lstrip("/").partition("/")
        if head and head in self.folders:
            return head, "/" + rest
        return "", path


def _fail(state: State, error: str) -> None:
    with state.changed:
        state.error = error
        state.version += 1
        state.building = False
        state.changed.notify_all()
    print(f"data has errors; the browser shows them:\n{error}", flush=True)


def _publish(state: State, folder: str, target: Path) -> None:
    with state.changed:
        old = state.sites.get(folder)
        state.sites[folder] = target
        state.version += 1
        state.shown[folder] = state.version
        state.error = ""
        state.changed.notify_all()
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def rebuild(state: State, seen: Fingerprint | None = None) -> None:
    """Build every edition, each into a new folder, and serve each as soon as it is built;
    or record why the data or a build failed. Given the state of data/ it builds, it stops
    between editions when data/ has changed since: the next save is built at once."""
    from generator.mkdocs.build import build_one_edition

    started = time.monotonic()
    with state.changed:
        state.building = True
        viewed = state.viewed
    try:
        result = run(state.root)  # the data's errors, as `edition check` prints them
    except InvalidData as err:
        return _fail(state, err.diagnostics.report())
    except UnknownPage as err:
        return _fail(state, f"{err}. Stop the preview and start it with one of them: make serve PAGE=…")
    editions = sorted(result.variants, key=lambda v: v.folder != viewed)  # the one in view first
    state.folders = tuple(v.folder for v in editions)
    first = 0.0
    for v in editions:
        if first and seen is not None and fingerprint(state.root) != seen:
            with state.changed:
                state.building = False
            print("data/ changed; building again", flush=True)
            return
        target = state.scratch / f"{v.code}-{time.monotonic_ns()}"
        error = build_one_edition(state.root, v, target, strict=False)  # in this process: no fork from a threaded server
        if error:
            shutil.rmtree(target, ignore_errors=True)
            return _fail(state, error)
        _publish(state, v.folder, target)
        first = first or time.monotonic() - started
    with state.changed:
        state.building = False
    what = f"page {state.page} in all editions" if state.page else "all editions"
    print(f"built {what} in {time.monotonic() - started:.1f} s ({editions[0].label} served after {first:.1f} s)",
          flush=True)


def watch(state: State, stop: threading.Event) -> None:
    seen = fingerprint(state.root)
    while not stop.wait(POLL):
        now = fingerprint(state.root)
        if now != seen:
            seen = now
            rebuild(state, seen)


def live_script(seen: str, folder: str) -> str:
    return LIVE_JS % {"seen": json.dumps(seen), "edition": json.dumps(folder)}


def error_page(report: str, seen: str, folder: str) -> bytes:
    lines = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in report.splitlines() if line.strip())
    return (
        '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>数据有错误 · 预览</title><style>body{font:16px/1.6 system-ui,sans-serif;margin:2rem;max-width:60rem}"
        "li{margin:.3rem 0;list-style:none}code{white-space:pre-wrap;word-break:break-word}</style></head><body>"
        "<h1>数据有错误，预览暂停</h1><p>改正下面的问题并保存文件，页面会自动恢复。"
        "每行的格式是 <code>文件:行:列: 代码 说明</code>，下一行是修改提示（与 <code>edition check</code> 相同）。</p>"
        f'<ul id="edition-errors">{lines}</ul><script>{live_script(seen, folder)}</script></body></html>'
    ).encode()


def handler(state: State) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def translate_path(self, path: str) -> str:
            folder, inner = state.edition_of(urlsplit(path).path)
            with state.changed:
                site = state.sites.get(folder) or state.scratch
            self.directory = str(site)
            return super().translate_path(inner)

        def do_GET(self) -> None:
            if self.path.startswith("/__edition/state"):
                return self._state()
            page = self.path.split("?", 1)[0].split("#", 1)[0]
            folder, _ = state.edition_of(page)
            is_page = page.endswith((".html", "/"))
            with state.changed:
                if is_page:
                    state.viewed = folder
                error, seen, site = state.error, state.view(folder), state.sites.get(folder)
            if is_page and (error or site is None):
                report = error or "正在构建……"
                return self._send(error_page(report, seen, folder), "text/html; charset=utf-8")
            if is_page:
                local = Path(self.translate_path(page))
                local = local / "index.html" if local.is_dir() else local
                if local.is_file():
                    # The flag before the page's scripts run (select to annotate writes in the
                    # preview); the question whether it changed at the end.
                    text = local.read_bytes().replace(
                        b"</head>", b"<script>window.__editionPreview = true;</script></head>", 1).replace(
                        b"</body>", f"<script>{live_script(seen, folder)}</script></body>".encode(), 1)
                    return self._send(text, "text/html; charset=utf-8")
            return super().do_GET()

        def _state(self) -> None:
            """What a page of an edition shows now; with `seen`, held until that changes (or WAIT)."""
            query = parse_qs(urlsplit(self.path).query)
            folder = query.get("edition", [""])[0]
            seen = query.get("seen", [None])[0]
            with state.changed:
                state.changed.wait_for(lambda: state.view(folder) != seen, timeout=WAIT if seen is not None else 0)
                body = json.dumps({"view": state.view(folder), "version": state.version, "error": bool(state.error),
                                   "building": state.building}).encode()
            return self._send(body, "application/json")

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


def serve(root: Path, address: str, page: str | None = None) -> int:
    """Serve the preview; with page, of that page of the series only (the caller has
    limited the pipeline to it: pipeline.limit_to_page)."""
    host, _, port = address.rpartition(":")
    state = State(root, page)
    rebuild(state)
    stop = threading.Event()
    threading.Thread(target=watch, args=(state, stop), daemon=True).start()
    server = http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler(state))
    only = f"; page {page} of the series only" if page else ""
    print(f"serving the three editions at http://{host or '127.0.0.1'}:{server.server_address[1]}/ "
          f"(简体 at the root, zh-tw/, zh-hk/){only}; Ctrl-C stops", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        shutil.rmtree(state.scratch, ignore_errors=True)
    return 0
