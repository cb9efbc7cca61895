"""More of the reader's quick paths, held to what the general code gives.

- the publication date is looked for where a date word's last character stands
  (:func:`reader._search_published`), not by the regular expression at every position;
- a table with no column equation (table 1) skips ``runtogether.solve``, which would keep every
  split of every row;
- a heading's numeral is tested on its first character when that is no mark to strip;
- a section heading's keywords are looked up section by section, stopping at the section its
  numeral names.
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


def _sections_named(template, key):
    return [s for s in template.sections if any(k in key for k in s.keywords)]


_TEMPLATES = {}


def _template(name):
    """The national template and its alias index (made once per test run)."""
    if name not in _TEMPLATES:
        from gxrules.labels import AliasIndex
        from gxrules.linter import Linter

        template = Linter().prepare().templates[name]
        _TEMPLATES[name] = template, AliasIndex(template)
    return _TEMPLATES[name]


@hsettings(max_examples=200, deadline=None)
@given(st.sampled_from(["一", "二", "三", "四", "五", "六", "七", "八", "十一", "1", "（一）"]),
       st.sampled_from(["、", ".", ""]),
       st.lists(st.sampled_from(["总体情况", "主动公开", "收到和处理", "行政复议", "存在的主要问题", "改进情况",
                                 "其他需要报告的事项", "政府信息", "本年新收政府信息公开申请数量", "情况", " ", "**"]),
                min_size=1, max_size=3).map("".join),
       st.sampled_from(["2021", "2019"]))
def test_section_number_is_the_numbered_section_among_those_named_else_the_first(numeral, mark, title, name):
    """The section whose keywords the heading holds: the one its numeral names, else the first."""
    from gxrules.labels import split_label

    template, index = _template(name)
    text = numeral + mark + title
    got = reader.section_number(text, index, template)
    t = reader._clean_title(text)
    split = split_label(t)
    if (not reader._opens_with_numeral(text) or not split.ordinal.endswith("、") or not split.key
            or len(split.key) > 40 or index.lookup(t)[1]):
        assert got is None
        return
    named = _sections_named(template, split.key)
    if not named:
        assert got is None
        return
    n = split.ordinal[:-1]
    written = "一二三四五六七八九十".find(n) + 1 if len(n) == 1 else 0
    best = ([s for s in named if s.number == written] or named)[0]
    assert got == (best.number, n, t)
