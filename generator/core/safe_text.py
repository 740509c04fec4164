"""Annotator text is untrusted: escape everything, allow only *emphasis* and http(s) links.

The output is HTML placed inside raw HTML blocks of the generated Markdown, where
Python-Markdown does not look for Markdown syntax. On top of HTML escaping, every
character that some Markdown extension could read as syntax is written as a numeric
character reference, so no extension ever sees it.
"""

from __future__ import annotations

import re

from markupsafe import Markup

_MD_CHARS = "\\`*_{}[]()#+-.!|<>&$~^=:\"'"
_ENTITY = {c: f"&#{ord(c)};" for c in _MD_CHARS}
# A regular expression rather than str.translate: translate looks every character of a
# Chinese text up in the table, where these characters are rare.
_SYNTAX = re.compile("[" + re.escape(_MD_CHARS) + "]")


def _escaped(value: str) -> str:
    return _SYNTAX.sub(lambda m: _ENTITY[m.group()], value)
_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\((https?://[^\s()<>\"']{1,500})\)")
_EMPH = re.compile(r"\*([^*\n]{1,200})\*")


def text(value: str) -> Markup:
    """Plain text, safe in HTML element content, attributes and Markdown raw blocks."""
    return Markup(_escaped(value))


def attr(value: str) -> Markup:
    """Text for an attribute value (always double-quoted by the templates)."""
    return Markup(_escaped(value))


def rich(value: str) -> Markup:
    """The small safe subset: *emphasis* and [text](https://…) links; all else is text."""
    out: list[str] = []
    pos = 0
    for m in _LINK.finditer(value):
        out.append(_emph(value[pos:m.start()]))
        out.append(f'<a href="{text(m.group(2))}" rel="noopener">{_emph(m.group(1))}</a>')
        pos = m.end()
    out.append(_emph(value[pos:]))
    return Markup("".join(out))


def _emph(value: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _EMPH.finditer(value):
        out.append(text(value[pos:m.start()]))
        out.append(f"<em>{text(m.group(1))}</em>")
        pos = m.end()
    out.append(text(value[pos:]))
    return "".join(out)


def plain(value: str) -> str:
    """The subset's markup removed: for tooltips and search text."""
    return _EMPH.sub(r"\1", _LINK.sub(r"\1", value))


def heading(value: str) -> Markup:
    """Text for a Markdown ATX heading: every syntax character as a reference."""
    return text(value)
