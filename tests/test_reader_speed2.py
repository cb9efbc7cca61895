"""More of the reader's quick paths, held to what the general code gives.

- the publication date is looked for where a date word's last character stands
  (:func:`reader._search_published`), not by the regular expression at every position;
- a table with no column equation (table 1) skips ``runtogether.solve``, which would keep every
  split of every row.
"""
from __future__ import annotations

from hypothesis import given, settings as hsettings, strategies as st

from gxrules import reader
from gxrules import runtogether as rt

_DATEISH = st.sampled_from(["发布日期", "发布时间", "成文日期", "公开日期", "发布", "日期", "时间", "期", "间", "布",
                            "：", ":", " ", "2024", "1999", "-", "年", "月", "/", ".", "3", "12", "日", "\n",
                            "统计", "发布日期：", "成文日期:2023年1月5日", "发布时间: 2024-03-08"])


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_DATEISH, st.text(max_size=3)), max_size=30).map("".join))
def test_published_date_found_as_the_regular_expression_finds_it(text):
    got = reader._search_published(text)
    want = reader._PUBLISHED.search(text)
    if want is None:
        assert got is None
    else:
        assert got is not None and got.span() == want.span() and got.groups() == want.groups()


@hsettings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "c"]),
                       st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), min_size=1, max_size=4),
                       min_size=1))
def test_no_column_equation_keeps_every_split(rows):
    assert rt.solve(rows, [], 2) == {key: list(range(len(splits))) for key, splits in rows.items()}


@given(st.lists(st.sampled_from([" ", "\t", "　", "#", "*", "＃", "\u200b", "\ufeff", "一", "十", "（", "1", "a", "、"]),
                max_size=6).map("".join))
def test_opens_with_numeral_as_stripping_first_says(text):
    assert reader._opens_with_numeral(text) == (text.lstrip(reader._BEFORE_NUMERAL)[:1] in reader._NUMERALS)
