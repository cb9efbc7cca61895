"""The quick paths of the rules and of the claims reader give what the plain code they stand in for gives.

Each shortcut (:func:`claims.compact_text`'s word joining and its page-number pre-test, the
table equations worked out once per template) is checked here against the general code.
"""
from __future__ import annotations

from typing import List

from hypothesis import example, given, settings as hsettings, strategies as st

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


def test_table_equations_of_the_national_template():
    """What each balance rule runs over in the 2021 template (国办公开办函〔2021〕30号), written out."""
    from gxrules.linter import Linter
    from gxrules.rules.tables import _equations

    template = Linter().prepare().templates["2021"]
    applicants = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org",
                  "total")
    table3_rows = [r.key for r in template.tables["applications"].rows]
    found = {code: [(table, eq.per, eq.lhs, keys) for table, eq, keys in _equations(template, code)]
             for code in ("CN201", "CN202", "CN203", "CN204", "CN999")}
    assert found["CN201"] == [("applications", "column", ("new_received", "carried_over"), applicants)]
    assert found["CN202"] == [("applications", "column", ("results_total",), applicants)]
    assert found["CN203"] == [("applications", "row", ("total",), tuple(table3_rows))]
    assert len(table3_rows) == 25 and table3_rows[-1] == "carried_forward"
    assert found["CN204"] == [("review_litigation", "row", ("total",),
                               ("review", "litigation_direct", "litigation_after_review"))]
    assert found["CN999"] == []
    assert _equations(template, "CN201") is _equations(template, "CN201")  # worked out once, kept on the template


def test_a_per_row_equation_runs_over_the_rows_holding_all_its_columns():
    """A row without one of an equation's columns (a plugin template may have one) is left out; a
    per-column equation runs over the columns of the row it totals."""
    from gxrules.rules.tables import _equations
    from gxrules.templates import ColumnSpec, Equation, RowSpec, TableSpec, Template

    columns = {k: ColumnSpec(k, k) for k in ("a", "b", "total")}
    rows = (RowSpec("full", "全", ("a", "b", "total")), RowSpec("short", "缺", ("a", "total")),
            RowSpec("sum", "合计", ("a", "total")))
    eq_row = Equation("CN203", "row", ("total",), ("a", "b"))
    eq_col = Equation("CN202", "column", ("sum",), ("full", "short"))
    table = TableSpec("t", "表", 3, columns, rows, equations=(eq_row, eq_col))
    template = Template("x", "测试", 2021, 2099, (), {"t": table})
    assert _equations(template, "CN203") == (("t", eq_row, ("full",)),)
    assert _equations(template, "CN202") == (("t", eq_col, ("a", "total")),)  # the columns of its row


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)), max_size=12), st.integers(0, 70),
       st.integers(0, 20))
def test_table_cover_is_the_overlap_test_on_every_range(ranges, start, length):
    """narrative_paragraphs leaves out a paragraph that a table range overlaps: one lookup in the
    cover (starts, furthest end so far) answers what the ranges answer one by one, and what the
    sorted ranges with the largest end among those starting before the paragraph's end answered."""
    from gxrules.rules.wording import _cover, _covered

    ranges = [(s, s + n) for s, n in ranges]
    end = start + length
    one_by_one = any(s < end and start < e for s, e in ranges)
    ordered = sorted(ranges)
    i = sum(1 for s, _ in ordered if s < end)
    as_before = bool(i) and max(e for _, e in ordered[:i]) > start
    assert _covered(_cover(ranges), start, end) == one_by_one == as_before


_TITLE_PIECES = st.lists(st.sampled_from(["《", "》", "《", "》", "〈", "〉", "<", ">", "<b>", "。", " ", "\n", "\u3000",
                                          "\u200b", "\t", "政府", "信息公开条例", "号", "的通知", "a", "9", "条" * 60,
                                          "中华人民共和国政府信息公开条例"]), max_size=30)


def _titles_by_the_general_reading(text):
    """The titles as scan() read every one before its quick path: through _title_at."""
    from gxrules.rules import citations as c
    from gxrules.rules.wording import compact_range

    out = []
    at = text.find("《")
    while at >= 0:
        j, comp, index = c._title_at(text, at)
        if j > 1:
            inner_s, inner_e = compact_range(index, 1, j)
            out.append(c.Quoted(at, index[j] + 1, inner_s, inner_e, text[inner_s:inner_e], comp[1:j], text))
            at = text.find("《", index[j] + 1)
        else:
            at = text.find("《", at + 1)
    return out


@hsettings(max_examples=400, deadline=None)
@given(_TITLE_PIECES)
@example(["《", "条" * 60, "条" * 59, "》"])  # 119, 120 and 121 characters inside: the longest title is 120
@example(["《", "条" * 60, "条" * 60, "》"])
@example(["《", "条" * 60, "条" * 60, "a", "》"])
def test_titles_written_in_one_piece_are_read_as_the_general_reading_reads_them(pieces):
    from types import SimpleNamespace

    from gxrules.rules.citations import scan

    text = "".join(pieces)
    fields = ("start", "end", "inner_start", "inner_end", "written", "compact", "bare", "normal")
    got = [tuple(getattr(q, f) for f in fields) for q in scan(SimpleNamespace(source=SimpleNamespace(text=text))).quoted]
    want = [tuple(getattr(q, f) for f in fields) for q in _titles_by_the_general_reading(text)]
    assert got == want


@hsettings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("《》<>〈〉（）：，；．﹙﹚－０９ＡＺ\u3000\u200b\ufeff\xa0 政府条例a1")), max_size=40))
def test_normalising_maps_each_character_on_its_own(text):
    """CN601 corrects the inner brackets of a title character by character from its normalised
    form: normalising the whole title gives each character normalised on its own."""
    from gxrules.source import normalise

    assert normalise(text) == "".join(normalise(ch) for ch in text)
