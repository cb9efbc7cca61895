"""The line grammar written for speed matches as its plain form would.

``grammars/report.lark`` writes the optional ``**`` that may open a heading or a sub-heading as
an alternation with the empty string, ``(?:\\*\\*[ \\t]*|)``, which Python's regex engine tries
more cheaply than the optional group ``(?:\\*\\*[ \\t]*)?``. The two match alike; this holds the
line scanner equal to the one compiled from the optional-group form, on arbitrary text and at
any offset. (``tests/test_parser.py`` holds the scanner equal to Lark's lexer and
``parse_lines`` equal to the scanner's tokens.)
"""
from __future__ import annotations

import re

from hypothesis import given, settings as hsettings, strategies as st

from gxrules import parser

_FAST = r"(?:\*\*[ \t]*|)"
_PLAIN = r"(?:\*\*[ \t]*)?"

_PIECES = ["**", "*", " ", "\t", "一", "十", "、", ".", "．", "(", "（", ")", "）", "1", "１", "9", "|", "#", "-",
           "第", "页", "发布日期", "：", "\n", "\r", "总计", "a"]
_BLANKS = st.sampled_from(["", " ", "\t", "  ", " \t"])
# lines shaped like headings: white space, maybe **, white space, an ordinal, a separator, the rest
_HEADINGS = st.tuples(_BLANKS, st.sampled_from(["", "**", "*"]), _BLANKS,
                      st.sampled_from(["一", "十一", "(一)", "（二）", "1", "１２", "123", "一二三四"]), _BLANKS,
                      st.sampled_from(["、", ".", "．", "", "1"]),
                      st.lists(st.sampled_from(_PIECES), max_size=8).map("".join)).map("".join)
_LINES = st.one_of(_HEADINGS, st.lists(st.sampled_from(_PIECES), max_size=30).map("".join), st.text(max_size=20))


def _plain_scanner() -> "re.Pattern":
    fast = parser.line_scanner()
    expanded = fast.pattern.replace(_FAST.replace(r"\t", "\t"), _PLAIN.replace(r"\t", "\t"))
    return re.compile(expanded, fast.flags)


def test_the_grammar_writes_the_opening_bold_as_an_alternation():
    fast = parser.line_scanner().pattern
    assert fast.count(_FAST.replace(r"\t", "\t")) == 2  # HEADING and SUBHEADING
    assert _plain_scanner().pattern != fast


@hsettings(max_examples=600, deadline=None)
@given(_LINES, st.integers(0, 6))
def test_the_scanner_matches_as_the_optional_group_would(text, pos):
    fast, plain = parser.line_scanner().match(text, pos), _plain_scanner().match(text, pos)
    assert (fast and (fast.lastgroup, fast.span())) == (plain and (plain.lastgroup, plain.span()))


_TABLE_HEAVY = st.lists(st.one_of(st.sampled_from(list("，（）：；，，　\u00a0\u200b\ufeff﹙﹚－．１２ａＺ！～本年、 \n\r")),
                                  st.characters(min_codepoint=0xFF00, max_codepoint=0xFF60)),
                        max_size=40).map("".join)


@hsettings(max_examples=500, deadline=None)
@given(st.one_of(_TABLE_HEAVY, st.text(max_size=40)))
def test_normalise_is_the_translation_table(text):
    """The common full-width punctuation swapped by ``str.replace`` first, the rest by the regex:
    the same as translating every character by the table."""
    from gxrules.source import NORMALISE, normalise

    assert normalise(text) == text.translate(NORMALISE)
