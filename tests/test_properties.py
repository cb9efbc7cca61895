"""Hypothesis properties of the reader: total, positions exact, tables read back in every layout."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings as hsettings, strategies as st

from layouts import LAYOUTS, as_json, consistent_tables

REPORTISH = st.sampled_from([
    "一、总体情况", "（一）予以公开", "\t", "|", "| --- |", "0", "12", "—", "\n", "\r\n", "\r", " ", "　",
    "二、上年结转政府信息公开申请数量", "# ", "**", "-3-", "发布日期：2024-01-31", "３", "（", "）", "\u200b",
    "结 果 维 持", "行政复议", "总计", "3.其他", "本年度", "年度报告", "2023年", "\x00",
])
TEXT = st.one_of(st.text(), st.lists(st.one_of(REPORTISH, st.text(max_size=5)), max_size=60).map("".join))


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXT)
def test_reader_never_raises_and_spans_slice_back(linter, text):
    report = linter.parse(text)
    src = report.source.text
    assert [ln.number for ln in report.lines] == list(range(1, report.source.line_count + 1))
    for ln in report.lines:
        assert src[ln.span.start.offset:ln.span.end.offset] == ln.text
        assert ln.span.start.line == ln.number
    for cell in report.cells():
        if cell.span is not None:
            assert src[cell.span.start.offset:cell.span.end.offset] == cell.raw
    for para in report.paragraphs():
        assert src[para.span.start.offset:para.span.end.offset] == para.text
    for use in report.labels:
        assert src[use.span.start.offset:use.span.end.offset] == use.found


@hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXT)
def test_positions_are_code_points(linter, text):
    report = linter.parse(text)
    for ln in report.lines:
        line_start = report.source.line_start(ln.number)
        assert ln.span.start.column == ln.span.start.offset - line_start + 1


def _tables(data):
    ints = st.integers(min_value=0, max_value=400)
    fee = st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False)
    return consistent_tables(lambda: data.draw(ints), lambda: data.draw(fee))


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data(), st.sampled_from(sorted(LAYOUTS)))
def test_consistent_tables_read_back_exactly(linter, settings, data, layout):
    tables = _tables(data)
    text = LAYOUTS[layout](tables)
    report = linter.parse(text)
    assert report.to_json()["tables"] == as_json(tables)
    found = [d for d in linter.check(text, settings) if d.code.startswith("CN2")]
    assert found == []


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data(), st.sampled_from(sorted(LAYOUTS)))
def test_one_changed_cell_gives_the_expected_findings(linter, settings, data, layout):
    """Change one applications cell by +delta: exactly the equations that involve it break, at that table."""
    tables = _tables(data)
    rows = list(tables["applications"])
    row = data.draw(st.sampled_from(rows))
    col = data.draw(st.sampled_from(list(tables["applications"][row])))
    delta = data.draw(st.integers(min_value=1, max_value=9))
    tables["applications"][row][col] += delta
    text = LAYOUTS[layout](tables)
    found = sorted({d.code for d in linter.check(text, settings) if d.code.startswith("CN2")})
    expected = set()
    if row in ("new_received", "carried_over", "carried_forward"):
        expected.add("CN201")
    elif row == "results_total":
        expected |= {"CN201", "CN202"}
    else:
        expected.add("CN202")
    expected.add("CN203")
    assert found == sorted(expected)
    # every arithmetic finding names the changed cell among its operands
    for d in linter.check(text, settings):
        if d.code in ("CN201", "CN202", "CN203"):
            keys = {op["key"] for op in d.data["operands"]}
            assert f"applications.{row}.{col}" in keys


def test_section_heading_check_skips_every_white_space_character():
    """The reader looks for a section heading's numeral after ``str.lstrip`` of a literal list of
    characters: the list must hold every character ``str.isspace()`` accepts (as ``\\s`` does)."""
    import sys

    from gxrules.reader import _BEFORE_NUMERAL

    spaces = {ch for ch in map(chr, range(sys.maxunicode + 1)) if ch.isspace()}
    assert spaces <= set(_BEFORE_NUMERAL)


@hsettings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789１²-.元件 ")), max_size=12), st.integers(0, 50))
def test_one_digit_per_number_is_the_split_the_search_finds(text, offset):
    """split_run takes a run with as many digits as numbers without searching: the search agrees."""
    from gxrules import runtogether as rt

    tokens = [(t, offset + i) for i, t in enumerate(text.split(" "))]
    count = sum(len(t) for t, _ in tokens)
    if not count:
        return
    splits, how = rt.split_run(tokens, count)
    if rt.count_compositions(tokens, count) == 1:
        assert (splits, how) == (rt.compositions(tokens, count, limit=2)[0], rt.BY_DIGITS)
