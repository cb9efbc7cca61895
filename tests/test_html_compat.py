"""The markup scan of ``html_input`` finds the same on every Python.

``html_input._MARKUP`` is written with possessive quantifiers (``*+``, ``++``, ``?+``) and an
atomic group (``(?>...)``), which keep the scan linear on hostile input but which the ``re`` module
accepts only from Python 3.11; gxrules supports 3.9. Before 3.11 it is written with plain
quantifiers that nothing after them can take back, and the atomic group emulated by a lookahead
(``html_input._markup_pattern(False)``). This holds the two equal, on Python 3.11 and later where
both compile: at every offset of arbitrary HTML-ish text, the same match or none, of the same kind
(``lastgroup``), with the same groups. On 3.9 and 3.10 the rest of the suite runs on the plain form.
"""
from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from gxrules.html_input import _markup_pattern

pytestmark = pytest.mark.skipif(sys.version_info < (3, 11), reason="possessive quantifiers need Python 3.11")

# pieces that make tags, attributes and values of every shape: quotes, =, /, white space of
# every kind (\v and \xa0 are \s but may stand in a tag name), NUL, end tags, unclosed quotes
_PIECES = ["<", ">", "/", "=", '"', "'", " ", "\t", "\n", "\v", "\xa0", "\u3000", "\x00", "a", "p", "td", "B",
           "o:p", "x-y", "_", "1", "<td", "<p", "</td>", "</p>", "<td>", "<p>", "/>", ' a="b"', " a='b'", " a=b",
           ' class="x y"', " nowrap", " =", "==", '<p align="center">', "<br/>", "</ td >", "</>", "<!--", "-->",
           "<!doctype html>", "<?x?>", "&nbsp;", "13", "一、", "（", "<script>", "</script>"]
_HTML = st.one_of(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join),
                  st.text(alphabet=st.sampled_from('<>/="\' \t\v\xa0ap1:-_\x00'), max_size=30))


_POSSESSIVE = re.compile(_markup_pattern(True), re.S) if sys.version_info >= (3, 11) else None
_PLAIN = re.compile(_markup_pattern(False), re.S)


def _outcome(pattern: "re.Pattern[str]", text: str, pos: int):
    m = pattern.match(text, pos)
    if m is None:
        return None
    return m.span(), m.lastgroup, {g: m.span(g) for g in _POSSESSIVE.groupindex}


def test_the_plain_form_has_no_possessive_quantifier_and_only_the_groups_of_the_atomic_one_more():
    assert not re.search(r"[*+?}]\+|\(\?>", _markup_pattern(False))
    assert set(_PLAIN.groupindex) - set(_POSSESSIVE.groupindex) == {"_any1", "_any2", "_any3"}


@hsettings(max_examples=1000, deadline=None)
@given(_HTML)
def test_the_plain_form_matches_as_the_possessive_one(text):
    for pos in range(len(text) + 1):
        assert _outcome(_PLAIN, text, pos) == _outcome(_POSSESSIVE, text, pos), (text, pos)
    assert ([(m.span(), m.lastgroup) for m in _PLAIN.finditer(text)]
            == [(m.span(), m.lastgroup) for m in _POSSESSIVE.finditer(text)])
