"""Select to annotate, without a browser: requests in, entries out, the quote computed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.tools.annotate import BadRequest, Request, request_from_issue, selector
from generator.tools.cli import main


def request(**over: object) -> dict[str, object]:
    base: dict[str, object] = {"kind": "note", "page": "20210816", "article": "shuzi-qingdao", "block": "p2",
                               "start": 0, "end": 4, "fields": {"text": "说明"}}
    return {**base, **over}


def annotate(repo: Path, capsys: pytest.CaptureFixture[str], req: dict[str, object], *flags: str) -> tuple[int, str]:
    path = repo.parent / "request.json"
    path.write_text(json.dumps(req, ensure_ascii=False), encoding="utf-8")
    code = main(["--root", str(repo), "annotate", str(path), *flags])
    return code, capsys.readouterr().out


def test_a_unique_passage_is_quoted_by_itself_and_a_repeated_one_with_context() -> None:
    text = "甲乙丙丁。甲乙戊己。"
    assert selector(text, 0, 2) == {"exact": "甲乙", "suffix": "丙"}
    assert selector(text, 5, 7) == {"exact": "甲乙", "prefix": "。"}
    assert selector(text, 2, 4) == "丙丁"


def test_each_kind_lands_in_its_file_in_canonical_form(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = [
        (request(), "data/20210816/notes.yml"),
        (request(kind="figure", start=0, end=4, fields={"value": "7", "unit": "项", "measures": "测试数字",
                                                        "period": "2021年", "kind": "result", "category": "政策与规划"}),
         "data/20210816/figures.yml"),
        (request(kind="term", fields={"category": "政策与规划", "definition": "测试释义。"}), "data/glossary.yml"),
        (request(kind="rule", fields={"zh-Hant-TW": "從密集的", "zh-Hant-HK": "從密集的", "reason": "测试"}),
         "data/variants.yml"),
    ]
    for req, rel in cases:
        before = (repo / rel).read_text(encoding="utf-8") if (repo / rel).exists() else ""
        code, out = annotate(repo, capsys, req)
        assert code == 0, out
        assert out.startswith(f"{rel}: added ")
        after = (repo / rel).read_text(encoding="utf-8")
        assert after.startswith(before.split("\n", 1)[0]) and len(after) > len(before)
    assert main(["--root", str(repo), "fmt", "--check"]) == 0
    capsys.readouterr()


def test_bad_requests_are_refused_with_a_reason(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for req, reason in [
        (request(block="p999"), "no block `p999`"),
        (request(start=5, end=2), "outside block"),
        (request(fields={}), "a note needs text"),
        (request(kind="poem"), "unknown kind `poem`"),
        ({"kind": "repair", "report": "x"}, "the report is for the editors"),
        (request(fields={"text": "x", "evil": "y"}), "fields not used by a note: evil"),
    ]:
        code, out = annotate(repo, capsys, req)
        assert code == 1 and reason in out, (req, out)


def test_the_request_is_read_from_the_issue_body(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "### 请求\n\n```json\n" + json.dumps(request(), ensure_ascii=False) + "\n```\n"
    assert json.loads(request_from_issue(body))["kind"] == "note"
    with pytest.raises(BadRequest):
        request_from_issue("### 请求\n\n$(rm -rf /)")
    path = repo.parent / "issue.md"
    path.write_text(body, encoding="utf-8")
    assert main(["--root", str(repo), "annotate", "--issue", str(path)]) == 0
    assert "data/20210816/notes.yml: added" in capsys.readouterr().out


def test_request_fields_are_text() -> None:
    req = Request.parse(request(fields={"text": 123}))
    assert req.fields == {"text": "123"}
