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

from .diagnostics import Diagnostics, InvalidData, Location
from .document import Edition


def cmd_check(root: Path, _: argparse.Namespace) -> int:
    from .anchor import build_edition
    from .site import generate

    try:
        edition, diags = build_edition(root)
        generate(root)  # also renders every page, so template problems surface here
    except InvalidData as err:
        print(err.diagnostics.report())
        errors, warnings = len(err.diagnostics.errors), len(err.diagnostics.warnings)
        print(f"\n{errors} error(s), {warnings} warning(s).")
        return 1
    review_checks(root, edition, diags)
    if diags.items:
        print(diags.report())
    if diags.errors:
        print(f"\n{len(diags.errors)} error(s), {len(diags.warnings)} warning(s).")
        return 1
    articles = sum(len(p.articles) for p in edition.pages)
    print(f"ok: {len(edition.pages)} page(s), {articles} articles, {len(edition.terms)} terms, "
          f"{sum(len(p.figures) for p in edition.pages)} figures; {len(diags.warnings)} warning(s).")
    return 0


def review_checks(root: Path, edition: Edition, diags: Diagnostics) -> None:
    """The checks that compare the text with the reviews: numbers without a figure,
    ambiguous conversions that differ from the reviewed record, and definitions that go
    beyond the page without a source."""
    from .reports import uncovered_numbers, variant_lines
    from .sources import check_sources
    from .variants_review import REVIEWED, unreviewed

    missing, _ = uncovered_numbers(edition, root)
    for tok in missing:
        page = next(p for p in edition.pages if any(a.id == tok.article for a in p.articles))
        diags.add(Location(f"{page.data_dir}/figures.yml"), "N001", detail=tok.text,
                  place=f"article {tok.article}, {tok.block}: …{tok.context}…")
    for line in unreviewed(root, variant_lines(root)):
        diags.add(Location(REVIEWED), "C002", detail=line)
    check_sources(edition, diags)


def cmd_report(root: Path, args: argparse.Namespace) -> int:
    from . import reports

    try:
        if args.accept:
            if args.what != "variants":
                print("edition report: --accept applies to the variants review only")
                return 2
            from .variants_review import write_reviewed

            write_reviewed(root, reports.variant_lines(root))
        text, ok = reports.REPORTS[args.what](root)
    except InvalidData as err:
        print(err.diagnostics.report())
        return 1
    print(text)
    return 0 if ok or not args.strict else 1


def cmd_schema(root: Path, args: argparse.Namespace) -> int:
    from .schema import write_schemas

    stale = write_schemas(root / "schema", check=args.check)
    for path in stale:
        print(f"{path}: {'stale, run `edition schema`' if args.check else 'written'}")
    return 1 if (args.check and stale) else 0


def cmd_fmt(root: Path, args: argparse.Namespace) -> int:
    from .fmt import format_data

    changed, problems = format_data(root / "data", check=args.check)
    for line in problems:
        print(line)
    for path in changed:
        print(f"{path.relative_to(root)}: {'would be reformatted' if args.check else 'reformatted'}")
    return 1 if problems or (args.check and changed) else 0


def cmd_diff(root: Path, args: argparse.Namespace) -> int:
    from .diffing import diff_revisions

    try:
        print(diff_revisions(root, args.base, args.head))
    except ValueError as err:
        print(f"edition diff: {err}")
        return 1
    return 0


def cmd_build(root: Path, _: argparse.Namespace) -> int:
    from .sitebuild import main_build

    return main_build(root)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="edition", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", type=Path, default=Path("."), help="repository root (default: .)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate every data file and anchor; report all problems")
    r = sub.add_parser("report", help="coverage and review reports")
    r.add_argument("what", choices=["glossary", "figures", "variants"])
    r.add_argument("--strict", action="store_true", help="exit 1 when the report finds gaps")
    r.add_argument("--accept", action="store_true",
                   help="variants: record the current conversions as reviewed (after reading every line)")
    s = sub.add_parser("schema", help="write JSON Schemas for the data files into schema/")
    s.add_argument("--check", action="store_true", help="fail if the committed schemas are stale")
    f = sub.add_parser("fmt", help="rewrite data YAML in canonical form, keeping comments")
    f.add_argument("--check", action="store_true", help="fail if a file is not in canonical form")
    d = sub.add_parser("diff", help="Markdown summary of annotation changes between two git revisions")
    d.add_argument("base")
    d.add_argument("head")
    sub.add_parser("build", help="build all script editions into site/ and the offline zip into dist/")
    return p


COMMANDS = {"check": cmd_check, "report": cmd_report, "schema": cmd_schema, "fmt": cmd_fmt,
            "diff": cmd_diff, "build": cmd_build}


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    try:
        return COMMANDS[args.command](args.root.resolve(), args)
    except BrokenPipeError:  # the reader stopped early (`edition report variants | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
