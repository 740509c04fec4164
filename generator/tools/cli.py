"""`edition` — check, format, report on and build the annotated edition.

Run from the repository root. Every command prints diagnostics as
`path:line:col: CODE message` and exits with 1 on errors; none prints a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.core.diagnostics import Diagnostics, InvalidData, Location
from generator.core.document import Edition, Page
from generator.core.numbers import NumberToken


def cmd_check(root: Path, _: argparse.Namespace) -> int:
    from generator.pipeline import run
    from generator.render.site import render_variant

    try:
        result = run(root)
        for code in result.converters:  # render every page of every edition: template problems surface here
            render_variant(result, code)
    except InvalidData as err:
        print(err.diagnostics.report())
        errors, warnings = len(err.diagnostics.errors), len(err.diagnostics.warnings)
        print(f"\n{errors} error(s), {warnings} warning(s).")
        return 1
    edition = result.edition
    diags = Diagnostics()
    diags.items.extend(result.warnings)
    review_checks(root, edition, diags)
    if diags.items:
        print(diags.report())
    if diags.errors:
        print(f"\n{len(diags.errors)} error(s), {len(diags.warnings)} warning(s).")
        return 1
    print(f"ok: {summary(edition, len(result.rules))}; {len(diags.warnings)} warning(s).")
    return 0


def summary(edition: Edition, rules: int) -> str:
    """How many of each kind were read: an annotator sees that a new file was picked up."""

    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    return ", ".join([
        count(len(edition.pages), "page", "pages"),
        count(sum(len(p.articles) for p in edition.pages), "article", "articles"),
        count(len(edition.terms), "term", "terms"),
        count(sum(len(p.figures) for p in edition.pages), "figure", "figures"),
        count(sum(len(p.notes) for p in edition.pages), "note", "notes"),
        count(rules, "conversion rule", "conversion rules"),
        count(sum(len(p.repairs) for p in edition.pages), "repair", "repairs"),
        count(sum(1 for p in edition.pages for a in p.articles for b in a.blocks if b.english),
              "translated block", "translated blocks"),
    ])


def review_checks(root: Path, edition: Edition, diags: Diagnostics) -> None:
    """The checks that compare the text with the reviews: numbers without a figure,
    ambiguous conversions that differ from the reviewed record, and definitions that go
    beyond the page without a source."""
    from generator.core.sources import check_sources
    from generator.tools.reports import uncovered_numbers, variant_lines
    from generator.tools.variants_review import REVIEWED, unreviewed

    missing, _ = uncovered_numbers(edition)
    for tok in missing:
        page = next(p for p in edition.pages if any(a.id == tok.article for a in p.articles))
        diags.add(_number_location(root, page, tok), "N001", detail=tok.text,
                  place=f"article {tok.article}, {tok.block}: …{tok.context}…; add it to {page.data_dir}/figures.yml")
    record = (root / REVIEWED).read_text(encoding="utf-8").splitlines() if (root / REVIEWED).is_file() else []
    for line in unreviewed(root, variant_lines(root)):
        where = _review_line(record, line)
        diags.add(Location(REVIEWED, where), "C002", detail=line)
    check_sources(edition, diags)
    _pinyin_checks(root, edition, diags)


def _pinyin_checks(root: Path, edition: Edition, diags: Diagnostics) -> None:
    """Readings that differ from the reviewed record (P001) and overrides used nowhere (P002)."""
    from generator.render import pinyin

    record = (root / pinyin.REVIEWED).read_text(encoding="utf-8").splitlines() \
        if (root / pinyin.REVIEWED).is_file() else []
    known = set(pinyin.read_reviewed(root))
    before = len(diags.errors)
    overrides = pinyin.check_overrides(root, edition, diags)
    if len(diags.errors) > before:  # pinyin.yml is invalid: its errors say what to fix first
        return
    for line in pinyin.review_lines(edition, overrides):
        if line not in known:
            diags.add(Location(pinyin.REVIEWED, _review_line(record, line)), "P001", detail=line)


def _review_line(record: list[str], line: str) -> int:
    """The line of the record a changed conversion replaces (same article, block and context), else its end."""
    head = line.split(" …", 1)[0].rsplit(" ", 1)[0]  # "article anchor"
    ctx = line.split("…")[1] if "…" in line else ""
    for n, old in enumerate(record, start=1):
        if old.startswith(head + " ") and ctx and ctx in old:
            return n
    return len(record) + 1


def _number_location(root: Path, page: Page, tok: NumberToken) -> Location:
    """Where a number stands in the source file: line and column."""
    from generator.core.segment import line_of

    rel = f"data/{page.ref.source}"
    block = next(b for a in page.articles if a.id == tok.article for b in a.blocks if b.anchor == tok.block)
    try:
        source = (root / rel).read_text(encoding="utf-8")
    except OSError:
        return Location(rel, block.source_line)
    lead = tok.context[: tok.context.find(tok.text) + len(tok.text)] if tok.text in tok.context else tok.text
    line_start = sum(len(x) + 1 for x in source.split("\n")[: block.source_line - 1])
    at = source.find(lead, line_start)
    if at < 0:
        return Location(rel, block.source_line)
    at += len(lead) - len(tok.text)
    return Location(rel, line_of(source, at), at - (source.rfind("\n", 0, at) + 1) + 1)


def cmd_report(root: Path, args: argparse.Namespace) -> int:
    from generator.core.files import OutsideData
    from generator.tools import reports

    try:
        if args.accept:
            if args.what == "pinyin":
                return _accept_pinyin(root)
            if args.what != "variants":
                print("edition report: --accept applies to the variants and pinyin reviews only")
                return 2
            return _accept_variants(root)
        text, ok = reports.REPORTS[args.what](root)
    except InvalidData as err:
        print(err.diagnostics.report())
        return 1
    except OutsideData as err:
        print(f"edition report: {err}")
        return 1
    print(text)
    return 0 if ok or not args.strict else 1


def _accept_variants(root: Path) -> int:
    """Record the current conversions as reviewed; print only what changed in the record."""
    from generator.tools.reports import variant_lines
    from generator.tools.variants_review import REVIEWED, read_reviewed, write_reviewed

    before = read_reviewed(root)
    lines = variant_lines(root)
    write_reviewed(root, lines)
    gone = [x for x in before if x not in set(lines)]
    came = [x for x in lines if x not in set(before)]
    for x in gone:
        print(f"- {x}")
    for x in came:
        print(f"+ {x}")
    print(f"{REVIEWED}: {len(lines)} reviewed occurrence(s); {len(came)} added, {len(gone)} removed.")
    return 0


def _accept_pinyin(root: Path) -> int:
    from generator.render.pinyin import REVIEWED, accept

    gone, came, total = accept(root)
    for x in gone:
        print(f"- {x}")
    for x in came:
        print(f"+ {x}")
    print(f"{REVIEWED}: {total} reviewed occurrence(s); {len(came)} added, {len(gone)} removed.")
    return 0


def cmd_schema(root: Path, args: argparse.Namespace) -> int:
    from generator.tools.schema import write_schemas

    stale = write_schemas(root / "schema", check=args.check)
    for path in stale:
        print(f"{path}: {'stale, run `edition schema`' if args.check else 'written'}")
    if args.check and not stale:
        print("schema: every schema in schema/ matches the models")
    return 1 if (args.check and stale) else 0


def cmd_fmt(root: Path, args: argparse.Namespace) -> int:
    from generator.tools.fmt import format_data

    changed, problems = format_data(root / "data", check=args.check)
    for line in problems:
        print(line)
    for path in changed:
        print(f"{path.relative_to(root)}: {'would be reformatted' if args.check else 'reformatted'}")
    if args.check and not changed and not problems:
        print("fmt: every data file is in canonical form")
    return 1 if problems or (args.check and changed) else 0


def cmd_diff(root: Path, args: argparse.Namespace) -> int:
    from generator.tools.diff import diff_revisions

    try:
        print(diff_revisions(root, args.base, args.head))
    except ValueError as err:
        print(f"edition diff: {err}")
        return 1
    return 0


def cmd_annotate(root: Path, args: argparse.Namespace) -> int:
    from generator.core.files import OutsideData
    from generator.tools.annotate import BadRequest, add_from_json, request_from_issue

    raw = sys.stdin.read() if args.request == "-" else Path(args.request).read_text(encoding="utf-8")
    try:
        rel, entry = add_from_json(root, request_from_issue(raw) if args.issue else raw)
    except (BadRequest, OutsideData) as err:
        print(f"edition annotate: {err}")
        return 1
    except InvalidData as err:
        print(err.diagnostics.report())
        return 1
    print(f"{rel}: added {entry.get('id') or entry.get('phrase')}")
    return 0


def cmd_serve(root: Path, args: argparse.Namespace) -> int:
    from generator.core.load import UnknownPage
    from generator.pipeline import limit_to_page, run
    from generator.tools.preview import serve

    if args.page is not None:
        limit_to_page(root, args.page)
        try:
            run(root)  # the id is known before anything is served; the first build reuses the result
        except UnknownPage as err:
            print(f"edition serve: {err}. Give one of them, e.g. edition serve --page {err.likely} "
                  f"(make serve PAGE={err.likely})")
            return 2
        except InvalidData:
            pass  # the preview shows the data's errors in the browser, and recovers when they are fixed
    return serve(root, args.dev_addr, args.page)


def cmd_build(root: Path, _: argparse.Namespace) -> int:
    from generator.mkdocs.build import main_build

    return main_build(root)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="edition", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", type=Path, default=Path("."), help="repository root (default: .)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate every data file and anchor; report all problems")
    r = sub.add_parser("report", help="coverage and review reports")
    r.add_argument("what", choices=["glossary", "figures", "variants", "pinyin"])
    r.add_argument("--strict", action="store_true", help="exit 1 when the report finds gaps")
    r.add_argument("--accept", action="store_true",
                   help="variants, pinyin: record the current conversions or readings as reviewed (after reading every line)")
    s = sub.add_parser("schema", help="write JSON Schemas for the data files into schema/")
    s.add_argument("--check", action="store_true", help="fail if the committed schemas are stale")
    f = sub.add_parser("fmt", help="rewrite data YAML in canonical form, keeping comments")
    f.add_argument("--check", action="store_true", help="fail if a file is not in canonical form")
    d = sub.add_parser("diff", help="Markdown summary of annotation changes between two git revisions")
    d.add_argument("base")
    d.add_argument("head")
    sub.add_parser("build", help="build all script editions into site/ and the offline zip into dist/")
    an = sub.add_parser("annotate", help="add an entry from a select-to-annotate request (JSON; - for stdin)")
    an.add_argument("request")
    an.add_argument("--issue", action="store_true", help="the input is the body of an issue opened from the form")
    sv = sub.add_parser("serve", help="preview all three editions at one address, rebuilt as data/ changes")
    sv.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                    help="address to serve on (default 127.0.0.1:8000)")
    sv.add_argument("--page", metavar="ID",
                    help="preview only this page of the series (its id in data/edition.yml): "
                         "a save shows in the browser as fast as in a one-page edition")
    return p


COMMANDS = {"check": cmd_check, "report": cmd_report, "schema": cmd_schema, "fmt": cmd_fmt,
            "diff": cmd_diff, "build": cmd_build, "serve": cmd_serve,
            "annotate": cmd_annotate}


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    try:
        return COMMANDS[args.command](args.root.resolve(), args)
    except BrokenPipeError:  # the reader stopped early (`edition report variants | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def console() -> None:
    """The `edition` command: main(), then the process ends without freeing what it holds,
    as mypy ends. Everything it wrote is closed by then; freeing the core's data object
    by object was 0.2–0.3 s of the page's 2.7 s build, and more for a long series."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    console()
