"""The quick paths of the rules and of the claims reader give what the plain code they stand in for gives.

Each shortcut (:func:`claims.compact_text`'s word joining and its page-number pre-test, the
table equations worked out once per template) is checked here against the general code.
"""
from __future__ import annotations

from typing import List

from hypothesis import given, settings as hsettings, strategies as st

from gxrules import claims

# paragraph text like the normalised text of reports: words, digits, white space, stars, dashes
_TEXT = st.text(alphabet=st.sampled_from(list("共受理申请件12０9 \n\t*-—–－。,") + ["\u3000", "²"]), max_size=40)


def _reference_compact_text(normalised: str) -> str:
    """compact_text as it was: the page-number test on every paragraph, the words joined one by one."""
    if normalised.isprintable() and " " not in normalised and "*" not in normalised and \
            not claims.is_page_number_line(normalised):
        return normalised
    text = claims.blank_page_numbers(normalised)
    if "*" in text:
        text = text.replace("*", "")
    words = text.split()
    if len(words) == 1:
        return words[0]
    chars: List[str] = []
    last = ""
    for w in words:
        if last and w[0].isdigit() and last[-1].isdigit():
            chars.append(" ")
        chars.append(w)
        last = w
    return "".join(chars)


@hsettings(max_examples=300, deadline=None)
@given(_TEXT)
def test_compact_text_is_the_word_by_word_join(text):
    assert claims.compact_text(text) == _reference_compact_text(text)


def test_compact_text_of_page_numbers():
    for text in ("-12-", "—3—", "－１－", "- 4 -", "-12", "12-", "", "受理-1-件"):
        assert claims.compact_text(text) == _reference_compact_text(text)


def test_table_equations_are_those_of_the_template():
    from gxrules.linter import Linter
    from gxrules.rules.tables import _equations

    linter = Linter().prepare()
    for template in linter.templates.values():
        for code in ("CN201", "CN202", "CN203", "CN204", "CN999"):
            expected = []
            for spec in template.tables.values():
                for eq in spec.equations:
                    if eq.rule != code:
                        continue
                    if eq.per == "column":
                        keys = spec.row(eq.lhs[0]).columns
                    else:
                        keys = tuple(r.key for r in spec.rows if set(eq.lhs + eq.rhs) <= set(r.columns))
                    expected.append((spec.name, eq, keys))
            assert _equations(template, code) == tuple(expected)
            assert _equations(template, code) is _equations(template, code)  # kept on the template
