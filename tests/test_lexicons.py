"""jieba's and CC-CEDICT's word lists as tries, the cache they are kept in, and the
compiled templates kept beside them: the same words and entries as the packages' own."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.core.assemble import build_edition
from generator.render import caches
from generator.render.dictionary import KEPT_FREQUENCY, _tokenizer
from generator.render.lexicons import _cedict_file, cedict_lines, import_jieba
from tests.conftest import FIXTURE, ROOT


def _jieba_itself(keep: tuple[str, ...]) -> Any:
    """jieba's own tokenizer, its dictionary loaded as jieba loads it, the words added as
    the dictionary scripts once added them."""
    jieba = import_jieba()
    tok = jieba.Tokenizer()
    tok.initialize()
    for w in keep:
        tok.add_word(w, freq=KEPT_FREQUENCY)
    return tok


def test_the_trie_cuts_every_block_of_the_page_as_jieba_cuts_it() -> None:
    edition = build_edition(FIXTURE)[0]
    texts = [b.text for p in edition.pages for a in p.articles for b in a.blocks]
    texts += ["5G基站和2021年的GDP增长8.5%", "青岛市即墨区段泊岚镇", "行长在银行里行走", "", "A"]
    keep = tuple(sorted({t.term for t in edition.terms} | {"段泊岚镇"}))
    assert len(texts) > 50 and len(keep) > 20
    for words in (keep, ()):
        ours, theirs = _tokenizer(words), _jieba_itself(words)
        assert ours.total == theirs.total
        for text in texts:
            assert list(ours.tokenize(text)) == list(theirs.tokenize(text)), text


def test_cc_cedict_lines_by_headword_are_the_packages_lines_in_its_order() -> None:
    by_word: dict[str, list[str]] = {}
    with gzip.open(_cedict_file(), "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                by_word.setdefault(line.split(" ", 2)[1], []).append(line.rstrip("\n"))
    lines = cedict_lines()
    assert len(lines) == len(by_word)
    for word in ("行", "银行", "数字", "青岛", "了", "长", next(iter(by_word)), list(by_word)[-1]):
        assert word in lines and lines.get(word) == by_word[word]
    assert "青岛数字" not in lines and lines.get("青岛数字") == []


def _count_compilations(tmp: Path) -> tuple[Path, list[int]]:
    source = tmp / "words.txt"
    source.write_text("一 1\n", encoding="utf-8")
    return source, []


def test_a_compiled_list_is_kept_and_compiled_again_only_when_needed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source, calls = _count_compilations(tmp_path)

    def compile_() -> dict[str, int]:
        calls.append(1)
        return {"words": len(source.read_text(encoding="utf-8").splitlines())}

    assert caches.cached("t", source, compile_) == {"words": 1}
    assert caches.cached("t", source, compile_) == {"words": 1} and len(calls) == 1  # from the file
    folder = tmp_path / "cache" / "qingdao-edition"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"  # the user's own: a pickle is code
    source.write_text("一 1\n二 2\n", encoding="utf-8")  # the package upgraded: another file
    assert caches.cached("t", source, compile_) == {"words": 2} and len(calls) == 2
    for kept in folder.glob("t-*.pickle"):
        kept.write_bytes(b"not a pickle")  # damaged: compiled again, no error
    assert caches.cached("t", source, compile_) == {"words": 2} and len(calls) == 3


def test_an_unwritable_cache_only_costs_the_compilation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cache").write_text("a file where the folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source, calls = _count_compilations(tmp_path)
    for _ in range(2):
        assert caches.cached("t", source, lambda: calls.append(1) or 7) == 7
    assert len(calls) == 2


def test_without_a_home_folder_nothing_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    source, calls = _count_compilations(tmp_path)
    assert caches.cache_folder() is None
    for _ in range(2):
        assert caches.cached("t", source, lambda: calls.append(1) or 7) == 7
    assert len(calls) == 2


def test_compiled_templates_are_read_by_the_next_process_not_compiled_again(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.mkdocs.plugin import _TemplateCache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    loader = jinja2.DictLoader({"main.html": "{% for x in xs %}<b>{{ x }}</b>{% endfor %}"})
    first = jinja2.Environment(loader=loader, bytecode_cache=_TemplateCache())
    assert first.get_template("main.html").render(xs=[1, 2]) == "<b>1</b><b>2</b>"
    folder = tmp_path / "cache" / "qingdao-edition"
    assert list((folder / "templates").iterdir())
    assert {oct(f.stat().st_mode & 0o777) for f in (folder, folder / "templates")} == {"0o700"}  # made here first

    later = jinja2.Environment(loader=loader, bytecode_cache=_TemplateCache())  # a new process's
    monkeypatch.setattr(later, "compile", lambda *a, **k: pytest.fail("compiled again"))
    assert later.get_template("main.html").render(xs=[3]) == "<b>3</b>"

    edited = jinja2.Environment(loader=jinja2.DictLoader({"main.html": "<i>{{ xs }}</i>"}),
                                bytecode_cache=_TemplateCache())
    assert edited.get_template("main.html").render(xs=4) == "<i>4</i>"  # its source changed: compiled


def test_the_command_ends_with_its_report_and_code_when_output_is_a_pipe(tmp_path: Path) -> None:
    """`edition` ends without freeing its data (os._exit): what it printed must be flushed first."""
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(tmp_path), "check"], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1
    assert "F006" in done.stdout and done.stdout.rstrip().endswith("1 error(s), 0 warning(s).")
