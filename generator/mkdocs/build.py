"""Build every script edition and the offline bundle, atomically and reproducibly.

This is MkDocs glue, like plugin.py: it runs one MkDocs build per edition into a new
generation folder, zips the result, and only then switches site/ and dist/ to it. A
failed, interrupted or killed build leaves the previous output exactly as it was.

The work is done in parallel, in processes forked (by a scheduler process, see
_run_jobs) after everything they share is ready: the imports, the validated data (the
core runs once) and the OpenCC engines. The jobs are each edition's MkDocs build and the
articles' scripts: the dictionary scripts of every edition and the pinyin scripts (the
same for every edition), in one job which alone reads CC-CEDICT, jieba's dictionary and
uses pypinyin, each into a folder of its own; the build's own process, which runs the
core only for a short series, puts each finished edition together and adds it to the zip
meanwhile.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import gc
import logging
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as connection_wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import IO

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.theme import Theme

from generator.convert import Variant, engine, variants
from generator.core.diagnostics import Diagnostics, InvalidData
from generator.core.load import load_model
from generator.core.models import EditionFile, VariantsFile
from generator.mkdocs.plugin import TEMPLATES
from generator.pipeline import run
from generator.render.dictionary import SCRIPT, dictionary_script, each_article_dictionary, release
from generator.render.files import write_scripts
from generator.render.pinyin import SCRIPT as PINYIN_SCRIPT
from generator.render.pinyin import article_scripts, load_overrides, reading_script

log = logging.getLogger("mkdocs.plugins.edition")

BUNDLE = "qingdao-edition-offline"
ZIP_EPOCH_FLOOR = 315532800  # 1980-01-01, the earliest time a zip entry can hold


def source_date_epoch(root: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the time of the last commit: same commit, same bytes."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env:
        return int(env)
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                             text=True, check=True).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return ZIP_EPOCH_FLOOR


# The theme's files, listed once per process of `edition build`: the listing walks
# Material's 14,500 files (its icons) at every build. They do not change while it runs
# (they may while `edition serve` runs: a file added to overrides/).
_THEME_FILES: dict[tuple[str, ...], list[str]] = {}


def _theme_environments(theme: Theme, list_once: bool) -> None:
    """Every Jinja environment the theme makes for this build reads compiled templates from
    the plugin's cache, and with list_once lists the theme's files once per process. The
    plugin gives its cache to the environment of the pages only (on_env); the theme's files
    are listed and Material's search plugin compiles its language templates (on_config)
    before that."""
    make = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make()
        env.bytecode_cache = TEMPLATES
        loader = env.loader
        if list_once and isinstance(loader, jinja2.FileSystemLoader):
            key, list_all = tuple(map(str, loader.searchpath)), loader.list_templates

            def listing() -> list[str]:
                if key not in _THEME_FILES:
                    _THEME_FILES[key] = list_all()
                return list(_THEME_FILES[key])

            loader.list_templates = listing  # type: ignore[method-assign]
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def build_one_edition(root: Path, variant: Variant, target: Path, strict: bool, scripts: bool = True,
                      list_theme_once: bool = False) -> str:
    """One edition's MkDocs build; returns the error message, or "" when it succeeded.
    scripts=False leaves the articles' pinyin and dictionary scripts to their own jobs;
    list_theme_once (`edition build`) lists the theme's files once per process."""
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(target), strict=strict)
        _theme_environments(config.theme, list_theme_once)
        plugin = config.plugins.get("edition")
        if plugin is not None:
            plugin.config["variant"] = variant.code
            plugin.config["scripts"] = scripts
        build(config)
    except MkDocsException as err:
        return f"{variant.code}: {err}"
    return ""


def _write_scripts(root: Path, editions: tuple[Variant, ...], folders: tuple[Path, ...], pinyin: Path,
                   part: tuple[int, int] = (0, 1)) -> str:
    """Every edition's dictionary scripts, each under its folder, and the pinyin scripts (the
    same in every edition) under `pinyin`; the error message or "". One job for all: a
    block's readings and words (pypinyin and jieba, two thirds of the work) are the same in
    every script, so the editions are made side by side, article by article, each block is
    read once, and its readings are the pinyin script's too. part (k, n): the articles of
    the k-th of n runs of pages, for the job to be shared among processes."""
    try:
        prepared = run(root)
        overrides = load_overrides(root)
        shared: dict[tuple[str, str, str], tuple[dict[int, str], object]] = {}
        every = prepared.edition.pages
        pages = every[part[0] * len(every) // part[1]:(part[0] + 1) * len(every) // part[1]]
        streams = [each_article_dictionary(prepared.edition, overrides, prepared.converters[v.code].text,
                                           prepared.converters[v.code].identity, shared, pages) for v in editions]
        for items in zip(*streams, strict=True):
            for folder, ((page, article), payload) in zip(folders, items, strict=True):
                write_scripts(folder, [(f"{page}/{article}/{SCRIPT}", dictionary_script(payload))])
            page, article = items[0][0]
            readings = {anchor: " ".join(syllables.values()) for (_, _, anchor), (syllables, _) in shared.items()}
            write_scripts(pinyin, [(f"{page}/{article}/{PINYIN_SCRIPT}", reading_script(readings))])
            shared.clear()  # the next article's blocks
    except InvalidData as err:
        return "the annotation data has errors:\n" + err.diagnostics.report()
    finally:
        release()  # this worker builds an edition next
        _return_freed_memory()
    return ""


def _return_freed_memory() -> None:
    """Hand the memory just freed back to the system (glibc keeps it for the process
    otherwise: the worker's size would stay that of its largest job)."""
    gc.collect()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


def _merge(scripts: Path, target: Path, keep: bool) -> None:
    """Put the scripts written under `scripts` into an edition's built folder (linked when
    they are kept for another edition, else moved)."""
    for path in (p for p in scripts.rglob("*") if p.is_file()):
        dest = target / path.relative_to(scripts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if keep:
            os.link(path, dest)
        else:
            os.replace(path, dest)


def _warm_up(root: Path, editions: tuple[Variant, ...]) -> str:
    """Do once, before forking, what every edition's build would otherwise repeat; the
    data's errors, reported once, or ""."""
    try:
        run(root)
        article_scripts(root)  # reads and checks pinyin.yml: one report, not one per job
    except InvalidData as err:
        return "the annotation data has errors:\n" + err.diagnostics.report()
    for v in editions[1:]:
        engine(v.base_config)
    # CC-CEDICT and jieba's dictionary are not read here: the scripts job reads them in its
    # worker. Read before forking, they were held twice (in this process, and in the
    # worker whose reading made its copy of them its own) and read on one core while the
    # other waited.
    return ""


def _data_errors(report: str) -> Abort:
    """The build's failure on invalid data, reported as the plugin reports it inside a MkDocs build."""
    log.error(report)
    return Abort("Aborted with a BuildError!")


def _editions(root: Path) -> tuple[Variant, ...]:
    """The editions, from data/variants.yml alone: the process that builds them does not
    run the core (see _run_jobs). Its errors are reported by the core, in _warm_up."""
    loaded = load_model(root, "data/variants.yml", VariantsFile, "variants", Diagnostics(), required=False)
    return variants(loaded.model.settings.taiwan_vocabulary if loaded is not None else False)


def default_jobs() -> int:
    env = os.environ.get("EDITION_JOBS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    affinity = getattr(os, "sched_getaffinity", None)  # Linux; macOS has only cpu_count
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)


def _start_method() -> str:
    # fork shares the work done before it (the core, OpenCC); macOS forbids forking
    # a process that has started some system frameworks, so it spawns, and each worker
    # runs the core again.
    return "fork" if sys.platform.startswith("linux") else "spawn"


def _die_with(parent: int) -> None:
    """In a worker: end when the build that started it is gone (killed, say). A worker ends
    quietly when the build stops it (SIGTERM, when the build itself is stopped): the build's
    own handler, inherited by fork, would raise in the worker and print a traceback. Ctrl-C
    (SIGINT, sent to every process of the terminal) is the build's to handle: it stops
    its workers."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)  # blocked by the build while it forked this process

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class Bundle:
    """The offline zip, written one edition at a time as each finishes building.

    Entries go in a fixed order (the editions in their order, each one's files sorted)
    with one timestamp, so the same commit gives the same bytes. The files are read and
    deflated on as many threads as there are cores (zlib lets go of the interpreter while
    it deflates), a few files ahead of the one written: the last edition is zipped after
    every job has ended, with the cores otherwise idle."""

    AHEAD = 16  # files read and deflated ahead of the one written

    def __init__(self, zip_path: Path, epoch: int, threads: int | None = None) -> None:
        self._stamp = time.gmtime(max(epoch, ZIP_EPOCH_FLOOR))[:6]
        self._zip = zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self._threads = threads or default_jobs()

    def add(self, folder: str, built: Path) -> None:
        prefix = f"{BUNDLE}/{folder}/" if folder else f"{BUNDLE}/"
        paths = sorted(p for p in built.rglob("*") if p.is_file())
        with ThreadPoolExecutor(self._threads) as pool:
            for path, (data, deflated) in zip(paths, _in_order(pool, _read_deflated, paths, self.AHEAD), strict=True):
                info = zipfile.ZipInfo(prefix + path.relative_to(built).as_posix(), date_time=self._stamp)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                info.file_size = len(data)  # as writestr sets it: whether the entry needs zip64 depends on it
                with self._zip.open(info, "w") as entry:
                    entry._compressor = _Deflated(deflated)  # type: ignore[attr-defined]
                    entry.write(data)  # its CRC and sizes; the bytes written are the deflated ones

    def close(self) -> None:
        self._zip.close()


def _read_deflated(path: Path) -> tuple[bytes, bytes]:
    """A file's bytes, and their deflated stream as zipfile makes it for a ZIP_DEFLATED entry
    (raw deflate, the default level)."""
    data = path.read_bytes()
    deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return data, deflate.compress(data) + deflate.flush()


class _Deflated:
    """Stands in for the compressor of a zip entry being written: hands back the stream
    deflated beforehand, so that zipfile writes the entry (header, CRC, sizes, zip64) as
    ever while the deflating is done on other threads."""

    def __init__(self, stream: bytes) -> None:
        self._stream = stream

    def compress(self, data: bytes) -> bytes:
        stream, self._stream = self._stream, b""
        return stream

    def flush(self) -> bytes:
        return b""


def _in_order(pool: ThreadPoolExecutor, fn: Callable[[Path], tuple[bytes, bytes]], items: list[Path],
              ahead: int) -> Iterator[tuple[bytes, bytes]]:
    """fn of each item, in order, computed on the pool at most `ahead` items in advance."""
    pending: deque[Future[tuple[bytes, bytes]]] = deque()
    for item in items:
        pending.append(pool.submit(fn, item))
        if len(pending) > ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


Job = tuple[str, Callable[..., str], tuple[object, ...]]  # name, function, arguments


def build_editions(root: Path, site_dir: Path, bundle: Bundle | None = None, *, strict: bool = True,
                   jobs: int | None = None) -> None:
    """Build every script edition into site_dir (and the bundle); raise MkDocsException if any failed.

    The work goes in jobs: each edition's MkDocs build (with its search index), the
    dictionary scripts of every edition (made side by side: a block's words and readings
    are the same in every script), and the pinyin scripts, once for all editions (they are
    the same in every script). Jobs smaller than whole editions keep both cores busy to
    the end: three editions on two workers left one idle for a third of the time."""
    editions = _editions(root)
    jobs = jobs or default_jobs()
    long_series = _series_length(root) > SHORT_SERIES
    # Each job writes into a folder of its own: MkDocs empties its site_dir when it starts,
    # which would delete another job's output if they were nested while building.
    targets = [site_dir.with_name(f"{site_dir.name}-{v.code}") for v in editions]
    dictionaries = [site_dir.with_name(f"{site_dir.name}-dict-{v.code}") for v in editions]
    pinyin = site_dir.with_name(f"{site_dir.name}-pinyin")
    # The job every edition needs first: the scripts (the longest job), so that each edition
    # is complete, and zipped while the others build, as soon as its pages are; then the
    # pages of each edition. Started last, the scripts held every edition back, and all
    # three were zipped on one core at the end. A long series' scripts are SCRIPT_PARTS
    # jobs, each a run of pages: the first, then the first edition's pages beside the
    # others, so that the two other editions start about together and end about together.
    # As one job, the longest, the scripts held back the last edition's start, and one core
    # was idle while it built.
    parts = SCRIPT_PARTS if long_series and jobs > 1 else 1
    scripts: list[Job] = [(f"scripts {k + 1}/{parts}" if parts > 1 else "scripts", _write_scripts,
                           (root, editions, tuple(dictionaries), pinyin, (k, parts))) for k in range(parts)]
    pages: list[Job] = [(v.code, build_one_edition, (root, v, t, strict, False, True)) for v, t in zip(editions, targets, strict=True)]
    work: list[Job] = [scripts[0], *pages[:1], *scripts[1:], *pages[1:]]
    # An edition is complete when its build and the scripts are done.
    needs = [{k for k, (name, _, _) in enumerate(work) if name == v.code or name.startswith("scripts")}
             for v in editions]
    jobs = min(jobs, len(work))
    errors: list[str] = []
    finished: set[int] = set()
    bundled = 0

    def collect(k: int, error: str) -> None:
        """One job's result. The editions go into the bundle in their order (the zip's bytes
        depend on it), each as soon as it and those before it are complete, while later
        jobs still run."""
        nonlocal bundled
        errors.append(error)
        finished.add(k)
        while bundled < len(editions) and needs[bundled] <= finished and not any(errors):
            i = bundled
            _merge(dictionaries[i], targets[i], keep=False)
            _merge(pinyin, targets[i], keep=i < len(editions) - 1)
            if bundle is not None:
                bundle.add(editions[i].folder, targets[i])
            bundled += 1

    if jobs == 1:
        report = _warm_up(root, editions)
        if report:
            raise _data_errors(report)
        for k, (_, fn, args) in enumerate(work):
            collect(k, fn(*args))
    else:
        _run_jobs(root, editions, work, jobs, collect, long_series)
    if any(errors):
        raise MkDocsException("\n".join(dict.fromkeys(e for e in errors if e)))
    for folder in (pinyin, *dictionaries):
        shutil.rmtree(folder, ignore_errors=True)
    for v, t in zip(editions, targets, strict=True):
        t.rename(site_dir / v.folder if v.folder else site_dir)


def _run_jobs(root: Path, editions: tuple[Variant, ...], work: list[Job], jobs: int,
              collect: Callable[[int, str], None], long_series: bool | None = None) -> None:
    """The jobs, at most `jobs` at once, each in a process of its own; collect(k, error) as
    each ends, in this process, which holds the core's result only for a short series.

    A scheduler process runs the core once and forks every job from itself at once, so
    that they share its memory (start method fork; with spawn each job runs the core
    again), then replaces itself (exec) with a few lines of Python that only wait for
    them: its memory is gone, and the jobs keep their parent, which they watch
    (_die_with). Each job waits for this process's word to start, given to `jobs` of them
    at a time. A forked job copies every page of the core it touches, and every job
    touches all of it: a process that held the core while two jobs ran kept a third
    copy, and a pool's worker kept what its first job left while it built the next
    edition. Each job sends its error message ("" for none) on a pipe of its own; a pipe
    that closes without one is a job that ended abruptly. Up to SHORT_SERIES pages this
    process runs the core and forks the jobs itself."""
    # A short series' core is smaller than a process: this process runs it and forks the
    # jobs itself.
    inline = not (_series_length(root) > SHORT_SERIES if long_series is None else long_series)
    if inline:
        report = _warm_up(root, editions)
        if report:
            raise _data_errors(report)
    context = _context()
    channels = [context.Pipe(duplex=False) for _ in work]  # job → build: its message
    gos = [context.Pipe(duplex=False) for _ in work]  # build → job: start
    ends = ([send for _, send in channels], [receive for receive, _ in gos])  # the jobs' ends
    waiting = {receive: k for k, (receive, _) in enumerate(channels)}
    starts = [send for _, send in gos]
    processes: list[BaseProcess] = []  # the scheduler, or each job forked here
    if inline:
        gc.freeze()  # what the jobs inherit stays shared: the collector won't touch (and copy) it
    # A stop (SIGTERM, Ctrl-C) waits until the scheduler or a job is started and can be
    # stopped too: arriving in between, it left a scheduler behind that went on writing into
    # the build's folder after the build had removed it.
    signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        try:
            if not inline:
                scheduler = context.Process(target=_schedule, name="edition scheduler",
                                            args=(root, editions, work, *ends, os.getpid()))
                scheduler.start()
                processes.append(scheduler)
                for end in (*ends[0], *ends[1]):
                    end.close()  # the scheduler's and then each job's alone
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
        started = 0
        while waiting:
            while started < len(work) and started - (len(work) - len(waiting)) < jobs:
                if inline:  # forked when it starts: nothing waits, and nothing inherits a finished job's pages
                    signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
                    try:
                        processes.append(_fork_job(started, work, *ends))
                    finally:
                        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
                with contextlib.suppress(OSError):  # a job that has ended already
                    starts[started].send(True)
                started += 1
            for receive in connection_wait(list(waiting)):
                assert isinstance(receive, Connection)
                k = waiting.pop(receive)
                try:
                    kind, message = receive.recv()
                except EOFError:
                    kind, message = "job", f"{work[k][0]}: the build's worker process ended abruptly (out of memory, or killed)"
                receive.close()
                if kind == "data":
                    raise _data_errors(message)
                collect(k, message)
    finally:
        for end in (*ends[0], *ends[1], *starts):
            end.close()  # a job still waiting for its start ends
        if waiting:  # stopped, or the data is invalid: the jobs end with the scheduler
            for process in processes:
                process.terminate()
            for receive in waiting:  # each job's pipe closes when its process has ended
                with contextlib.suppress(EOFError, OSError):
                    while receive.poll(5):
                        receive.recv()
        for process in processes:
            process.join()
        for receive in waiting:
            receive.close()
        if inline:
            gc.unfreeze()


def _context() -> multiprocessing.context.ForkContext | multiprocessing.context.SpawnContext:
    return multiprocessing.get_context("fork") if _start_method() == "fork" else multiprocessing.get_context("spawn")


# Up to this many pages, the build's own process runs the core and forks the jobs (see
# _run_jobs): a scheduler process costs some 20 MiB, more than the core of a few pages.
SHORT_SERIES = 20
SCRIPT_PARTS = 6  # the scripts jobs of a longer series


def _series_length(root: Path) -> int:
    """The pages data/edition.yml lists (0 if it cannot be read: the core reports why)."""
    loaded = load_model(root, "data/edition.yml", EditionFile, "edition", Diagnostics())
    return len(loaded.model.pages) if loaded is not None else 0


_STOPS = {signal.SIGTERM, signal.SIGINT}


_WAIT_FOR_JOBS = """\
import os, signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
build = int(sys.argv[1])
while os.getppid() == build:
    try:
        if os.waitpid(-1, os.WNOHANG) == (0, 0):
            time.sleep(0.2)
    except ChildProcessError:
        break
"""


def _schedule(root: Path, editions: tuple[Variant, ...], work: list[Job], channels: list[Connection],
              starts: list[Connection], build: int) -> None:
    """The scheduler process of _run_jobs."""
    _die_with(build)
    report = _warm_up(root, editions)
    if report:
        for channel in channels:
            channel.send(("data", report))
        return
    gc.freeze()  # what the jobs inherit stays shared: the collector won't touch (and copy) it
    for k in range(len(work)):
        _fork_job(k, work, channels, starts)
    sys.stdout.flush()
    sys.stderr.flush()
    # Every job is forked: the core's memory goes (the jobs have their own view of it), the
    # jobs keep their parent, and this process still ends with the build.
    os.execv(sys.executable, [sys.executable, "-c", _WAIT_FOR_JOBS, str(build), str(root)])


def _fork_job(k: int, work: list[Job], channels: list[Connection], starts: list[Connection]) -> BaseProcess:
    """The process of job k, waiting for its start."""
    later = [*channels[k + 1:], *starts[k + 1:]]
    process = _context().Process(target=_job, args=(channels[k], starts[k], work[k], later), name=f"edition {work[k][0]}")
    process.start()
    channels[k].close()  # the job's alone now: its pipe closes when the job ends
    starts[k].close()
    return process


def _job(send: Connection, start: Connection, job: Job, later: list[Connection]) -> None:
    """In a job's process: wait for the build's word, run the job and send back its error
    message ("" when it succeeded). Without the word (the build stopped), end. `later`:
    the later jobs' pipes, inherited from the process that forked this one: closed, so
    that each job's pipe closes when that job ends."""
    for end in later:
        end.close()
    _die_with(os.getppid())
    try:
        start.recv()
    except EOFError:
        return
    start.close()
    _, fn, args = job
    try:
        error = fn(*args)
    except Exception:  # not one of the build's own errors: reported with the others, not lost
        error = traceback.format_exc()
    send.send(("job", error))
    send.close()


# --- the output: generations, one lock, one atomic switch ------------------------------
#
# site/ and dist/ are symbolic links into .edition/current/, and .edition/current is a
# link to the generation folder of the last good build. A build writes a new generation
# beside it and then replaces the one link `current` (rename is atomic): a reader, or a
# build killed at any moment, sees the previous site/ and dist/ whole or the new ones
# whole, never a mix. Folders left by a killed build are removed by the next one.

STATE = ".edition"


class BuildLocked(MkDocsException):
    """Another build holds the lock."""


def _lock(state: Path) -> IO[bytes]:
    state.mkdir(exist_ok=True)
    handle = (state / "lock").open("ab")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise BuildLocked(f"another build is running (it holds {state / 'lock'}); wait for it to finish") from None
    return handle


def _current(state: Path) -> str:
    link = state / "current"
    return os.readlink(link) if link.is_symlink() else ""


def _clean_stale(state: Path, parent: Path) -> None:
    """Generations no link points to, and scratch folders of the former layout."""
    keep = _current(state)
    for gen in state.glob("gen-*"):
        if gen.name != keep:
            shutil.rmtree(gen, ignore_errors=True)
    for tmp in state.glob(".current.*"):  # what a killed build left of a switch (_point)
        if tmp.is_dir() and not tmp.is_symlink():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
    for old in parent.glob(".edition-build-*"):
        shutil.rmtree(old, ignore_errors=True)


def _point(link: Path, target: str) -> None:
    """Make link a symbolic link to target, replacing what stood there in one rename."""
    if link.is_symlink() and os.readlink(link) == target:
        return
    if link.exists() and not link.is_symlink():
        # A folder of the former layout (or of a plain `mkdocs build`): set it aside first.
        # This is the only step that is not atomic, and it happens once.
        aside = link.with_name(f".{link.name}.replaced-{os.getpid()}")
        link.rename(aside)
        shutil.rmtree(aside, ignore_errors=True)
    tmp = link.with_name(f".{link.name}.link-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)


@contextmanager
def _epoch(value: int) -> Iterator[None]:
    """SOURCE_DATE_EPOCH for the duration of a build (MkDocs and the theme read it)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(value)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def build_all(root: Path, site: Path | None = None, dist: Path | None = None) -> None:
    """Build a new generation; switch site/ and dist/ to it only when everything succeeded."""
    site = site or root / "site"
    dist = dist or root / "dist"
    if site.parent != dist.parent:
        raise ValueError("site and dist must be in the same folder")
    parent = site.parent
    parent.mkdir(parents=True, exist_ok=True)
    state = parent / STATE
    epoch = source_date_epoch(root)
    with _lock(state), _epoch(epoch):
        _clean_stale(state, parent)
        gen = state / f"gen-{time.time_ns()}-{os.getpid()}"
        try:
            (gen / "dist").mkdir(parents=True)
            bundle = Bundle(gen / "dist" / f"{BUNDLE}.zip", epoch)
            try:
                build_editions(root, gen / "site", bundle)
            finally:
                bundle.close()
        except BaseException:
            shutil.rmtree(gen, ignore_errors=True)
            raise
        previous = _current(state)
        _point(state / "current", gen.name)
        for name, link in (("site", site), ("dist", dist)):
            _point(link, os.path.relpath(state / "current" / name, parent))
        if previous and previous != gen.name:
            try:
                shutil.rmtree(state / previous)
            except OSError as err:  # a read-only old site, say: the new one is in place all the same
                log.warning(f"the previous build could not be removed ({err}); the next build will try again")


def main_build(root: Path) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s")
    # A build stopped by a signal (Ctrl-C, a CI timeout) unwinds like an error, so that
    # its unfinished generation is removed and site/ and dist/ stay as they were.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    try:
        build_all(root)
    except MkDocsException as err:
        print(f"build failed; site/ and dist/ were left as they were.\n{err}")
        return 1
    except KeyboardInterrupt:
        print("build interrupted; site/ and dist/ were left as they were.")
        return 130
    editions = ", ".join(v.label for v in _editions(root))
    print(f"built {editions} into site/ and the offline bundle dist/{BUNDLE}.zip "
          f"in {time.monotonic() - started:.1f} s")
    return 0
