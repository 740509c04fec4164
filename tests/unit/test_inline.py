"""inline.py: a block's marks become nested, escaped inline HTML."""

from __future__ import annotations

from bs4 import BeautifulSoup

from generator.core.document import Block, Edit, Mark
from generator.core.models import Repair
from generator.render.inline import InlineContext, render_block_text

TEXT = "本报讯 城市云脑已接入12个部门。"


def block(text: str, *marks: Mark, dateline: str = "") -> Block:
    return Block(type="paragraph", text=text, anchor="p1", number=1, source_line=3, dateline=dateline,
                 marks=tuple(sorted(marks, key=lambda m: (m.start, -(m.end - m.start)))))


def ctx() -> InlineContext:
    return InlineContext(tip=lambda m: f"tip of {m.id}", href=lambda m: f"../{m.kind}/#{m.id}")


def span(needle: str, text: str = TEXT) -> tuple[int, int]:
    at = text.index(needle)
    return at, at + len(needle)


def test_plain_text_is_escaped() -> None:
    html = render_block_text(block("数据要<b>可用</b> & *好*"), ctx())
    assert "<b>" not in html and "&#60;b&#62;" in html and "&#38;" in html and "&#42;" in html
    assert BeautifulSoup(html, "html.parser").get_text() == "数据要<b>可用</b> & *好*"


def test_a_term_is_a_link_once_per_section_with_its_tip_the_first_time_only() -> None:
    text = "云脑和云脑"
    c = ctx()
    html = render_block_text(block(text, Mark("term", "yunnao", 0, 2), Mark("term", "yunnao", 3, 5)), c)
    soup = BeautifulSoup(html, "html.parser")
    links = soup.find_all("a")
    assert [a.get_text() for a in links] == ["云脑"]  # a repeat in the same section is no link, no Tab stop
    assert links[0]["data-tip"] == "tip of yunnao"
    assert links[0]["href"] == "../term/#yunnao" and links[0]["class"] == ["ed-mark", "ed-term"]
    repeat = soup.find("span", class_="ed-repeat")
    assert repeat is not None and repeat.get_text() == "云脑" and repeat["data-id"] == "yunnao"
    assert "data-tip" not in repeat.attrs and "href" not in repeat.attrs
    assert ("term", "yunnao") in c.tipped
    c.marked.clear()  # a new section: marked again, its text already out
    again = BeautifulSoup(render_block_text(block(text, Mark("term", "yunnao", 0, 2)), c), "html.parser").find("a")
    assert again is not None and again["href"] == "../term/#yunnao" and "data-tip" not in again.attrs


def test_marks_nest_a_figure_inside_a_note() -> None:
    html = render_block_text(block(TEXT, Mark("note", "n1", *span("已接入12个部门")), Mark("figure", "f1", *span("12个"))),
                             ctx())
    soup = BeautifulSoup(html, "html.parser")
    note = soup.find("span", class_="ed-note")
    assert note is not None and note.get_text() == "已接入12个部门"
    assert note.find("a", class_="ed-figure").get_text() == "12个"
    assert note.find_next_sibling("button")["aria-label"] == "编者注"
    for button in soup.find_all("button"):
        button.decompose()
    assert soup.get_text() == TEXT


def test_a_repair_inside_a_link_has_no_button_of_its_own() -> None:
    marks = (Mark("term", "t", *span("城市云脑")), Mark("repair", "r1", *span("云脑")))
    soup = BeautifulSoup(render_block_text(block(TEXT, *marks), ctx()), "html.parser")
    link = soup.find("a")
    assert link.find("span", class_="ed-repair") is not None and link.find("button") is None
    soup = BeautifulSoup(render_block_text(block(TEXT, marks[1]), ctx()), "html.parser")
    assert soup.find("button", class_="ed-repair-btn")["aria-label"] == "编辑修复：tip of r1"


def test_an_inserted_text_and_a_split_point_are_shown_as_repairs() -> None:
    repair = Repair(id="e1", kind="emend", before="已接入", insert="了", reason="漏字")
    text = "已接入了12个部门"
    b = Block(type="paragraph", text=text, anchor="p1", number=1, source_line=1,
              edits=(Edit(repair, 3, "了"),), marks=(Mark("repair", "s1", 0, 0), Mark("repair", "e1", 3, 4)))
    soup = BeautifulSoup(render_block_text(b, ctx()), "html.parser")
    assert [s["data-id"] for s in soup.find_all("span", class_="ed-repair")] == ["s1", "e1"]
    assert soup.find("ins", class_="ed-emend").get_text() == "了"
    assert soup.get_text() == text


def test_a_dateline_is_strong_and_a_variant_mark_leaves_no_trace() -> None:
    html = render_block_text(block(TEXT, Mark("dateline", "dateline", 0, 3), Mark("variant", "0", *span("云脑")),
                                   dateline="本报讯"), ctx())
    assert html.startswith('<strong class="ed-dateline">本报讯</strong>')
    assert "variant" not in html and BeautifulSoup(html, "html.parser").get_text() == TEXT


def test_ids_and_tips_are_escaped_in_attributes() -> None:
    c = InlineContext(tip=lambda m: '"><script>alert(1)</script>', href=lambda m: "#x")
    html = render_block_text(block(TEXT, Mark("note", 'n"1', 0, 3)), c)
    assert "<script>" not in html and 'data-id="n&#34;1"' in html
    button = BeautifulSoup(html, "html.parser").find("button")
    assert button["data-tip"] == '"><script>alert(1)</script>'  # read back as text, never as markup
