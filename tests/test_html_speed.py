"""The masked view of an HTML page, normalised piece by piece, is the whole masked page normalised.

``html_input._Page._mask`` normalises each piece of text (and each entity's characters) on its
own, not the finished view: the view is mostly blanked markup, and normalising is character by
character, so the two agree. This holds the view equal to the page masked as before (blanks,
pieces, entities padded) and then normalised as a whole, on arbitrary HTML-ish text.
"""
from __future__ import annotations

from hypothesis import given, settings as hsettings, strategies as st

from gxrules.html_input import _Page, _blank
from gxrules.source import normalise

_PIECES = ["<p>", "</p>", "<td>", "</td>", "<tr>", "<table>", "</table>", "<br/>", "<!-- x -->", "<script>a",
           "</script>", "&nbsp;", "&#65288;", "&lt;", "&amp", "（", "）", "，", "１２", "　", "\u00a0", "\u200b",
           "一、总体情况", "13", " ", "\n", "\r\n", "<", ">", "&", "ａ", "﹙", "－", "．"]
_HTML = st.one_of(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join), st.text(max_size=40))


def _masked_then_normalised(page: _Page, text: str) -> str:
    """The view as made before: the pieces in their blanked page, then all of it normalised."""
    blank = _blank(text)
    parts, done = [], 0
    for s, e, string, is_entity in zip(page.starts, page.ends, page.strings, page.entity):
        if done < s:
            parts.append(blank[done:s])
        if is_entity:
            string = string.replace("\u00a0", " ")
            string = string + " " * (e - s - len(string)) if len(string) <= e - s else " " * (e - s)
        parts.append(string)
        done = e
    parts.append(blank[done:])
    return normalise("".join(parts))


@hsettings(max_examples=500, deadline=None)
@given(_HTML)
def test_the_view_normalised_piece_by_piece_is_the_view_normalised(text):
    page = _Page(text)
    assert page.masked == _masked_then_normalised(page, text)
    assert len(page.masked) == len(text)
