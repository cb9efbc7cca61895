"""Layouts of real reports: PDF text, crawler text whose cells run together, HTML pages.

The splitter of run-together numbers is tested on its own first (it must
find every split, use the totals, and stay bounded); then a random consistent
table drawn in each layout must read back exactly -- or, where numbers run
together and more than one split fits every constraint, with those cells left
unread. Never with a wrong number.
"""
from __future__ import annotations

import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from gxrules import runtogether as rt
from gxrules.source import SourceText
from layouts import REAL_LAYOUTS, as_json, consistent_tables


def values(split):
    return [p.value for p in split]


# ---------------------------------------------------------------- the splitter
def test_split_by_row_total_example_of_the_issue():
    splits, how = rt.split_run([("640020470", 0)], 7, totals=rt.row_total_constraint(7))
    assert [values(s) for s in splits] == [[64, 0, 0, 2, 0, 4, 70]]
    assert how == rt.BY_ROW_TOTAL


def test_zeros_and_one_digit_cells_split_by_digits_alone():
    splits, how = rt.split_run([("0000000", 0)], 7, totals=rt.row_total_constraint(7))
    assert [values(s) for s in splits] == [[0] * 7] and how == rt.BY_DIGITS
    splits, how = rt.split_run([("4200006", 10)], 7, totals=rt.row_total_constraint(7))
    assert [values(s) for s in splits] == [[4, 2, 0, 0, 0, 0, 6]] and how == rt.BY_DIGITS
    assert [(p.start, p.end) for p in splits[0]] == [(10 + i, 11 + i) for i in range(7)]


def test_ambiguous_row_keeps_every_candidate():
    splits, _ = rt.split_run([("270020130", 0)], 7, totals=rt.row_total_constraint(7))
    assert sorted(values(s) for s in splits) == [[2, 7, 0, 0, 20, 1, 30], [27, 0, 0, 2, 0, 1, 30]]


def test_spaces_are_boundaries_and_offsets_point_into_the_file():
    tokens = [("230", 100), ("000023", 104)]
    splits, _ = rt.split_run(tokens, 7, totals=rt.row_total_constraint(7))
    assert [values(s) for s in splits] == [[23, 0, 0, 0, 0, 0, 23]]
    assert [(p.text, p.start, p.end) for p in splits[0]][:2] == [("23", 100, 102), ("0", 102, 103)]
    assert splits[0][-1].start == 108


def test_table_three_blocks_each_end_with_their_total():
    splits, how = rt.split_run([("21317000001324019", 0)], 15, totals=rt.block_total_constraints(3, 5))
    assert [values(s) for s in splits] == [[2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]]


def test_no_constraint_means_several_candidates():
    splits, how = rt.split_run([("693665", 0)], 3)
    assert len(splits) > 1 and how == rt.BY_DIGITS


def test_units_and_decimals_stay_with_their_number():
    splits, _ = rt.split_run([("24252.311082", 0)], 1)
    assert values(splits[0]) == [Decimal("24252.311082")]
    splits, _ = rt.split_run([("6251000元", 0)], 2)
    assert ("6", "251000元") in [tuple(p.text for p in s) for s in splits]


def test_a_forced_split_is_kept_even_when_it_does_not_add_up():
    """Seven digits for seven cells: the split is certain, and CN203 then reports the report's error."""
    splits, how = rt.split_run([("1234567", 0)], 7, totals=rt.row_total_constraint(7))
    assert [values(s) for s in splits] == [[1, 2, 3, 4, 5, 6, 7]] and how == rt.BY_DIGITS


def test_no_split_adds_up():
    splits, how = rt.split_run([("12345678", 0)], 7, totals=rt.row_total_constraint(7))
    assert splits == [] and how == rt.BY_ROW_TOTAL


def test_search_is_bounded():
    start = time.perf_counter()
    splits, how = rt.split_run([("9" * 60, 0)], 7, totals=rt.row_total_constraint(7))
    assert time.perf_counter() - start < 2.0
    assert splits == []  # nothing fits (or the search gave up): never a guess
    splits, _ = rt.split_run([("12345678901234567890123456789012345", 0)], 15,
                             totals=rt.block_total_constraints(3, 5))
    assert time.perf_counter() - start < 4.0


def test_solve_picks_the_combination_that_makes_columns_add_up():
    cands = {"a": [(1, 2), (12, 0)], "b": [(3, 4)], "sum": [(4, 6)]}
    ok = rt.solve(cands, [(("sum",), ("a", "b"))], columns=2)
    assert ok == {"a": [0], "b": [0], "sum": [0]}
    cands = {"a": [(1, 2), (2, 1)], "b": [(3, 4)]}  # no usable equation: both stay possible
    assert rt.solve(cands, [(("sum",), ("a", "b"))], columns=2)["a"] == [0, 1]


def test_solve_gives_up_beyond_its_limit():
    cands = {f"r{i}": [(i,), (i + 1,)] for i in range(20)}
    cands["sum"] = [(0,)]
    assert rt.solve(cands, [(("sum",), tuple(f"r{i}" for i in range(20)))], columns=1, limit=1000) is None


# ---------------------------------------------------------------- round trips
def _tables(data):
    ints = st.one_of(st.just(0), st.integers(min_value=0, max_value=400))
    fee = st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False)
    return consistent_tables(lambda: data.draw(ints), lambda: data.draw(fee))


def _read(linter, name, text):
    return linter.read(SourceText.from_text(text, path="report.html" if name == "html" else "report.txt"))


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data(), st.sampled_from(["pdf", "html"]))
def test_pdf_text_and_html_read_back_exactly(linter, settings, data, layout):
    tables = _tables(data)
    text = REAL_LAYOUTS[layout](tables)
    report = _read(linter, layout, text)
    assert report.to_json()["tables"] == as_json(tables)
    src = report.source.text
    for cell in report.cells():
        assert src[cell.span.start.offset:cell.span.end.offset] == cell.raw


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_run_together_reads_back_exactly_or_leaves_cells_unread(linter, settings, data):
    tables = _tables(data)
    text = REAL_LAYOUTS["runtogether"](tables)
    report = _read(linter, "runtogether", text)
    got = report.to_json()["tables"]
    want = as_json(tables)
    for table, rows in want.items():
        for row, cells in rows.items():
            for col, value in cells.items():
                cell = report.tables[table].rows[row].cells[col]
                if cell.status == "missing":
                    continue  # left unread: allowed, never guessed
                assert got[table][row][col] == value, cell.key
    # every unread cell is explained
    if any(c.status == "missing" for c in report.cells()):
        assert report.notes
    # table 2 rows that split by their total say so, and no arithmetic finding is false
    found = [d for d in linter.check(SourceText.from_text(text), settings)
             if d.code in ("CN201", "CN202", "CN203", "CN204")]
    assert found == []


def test_run_together_marks_cells_split_by_the_row_total(linter):
    tables = consistent_tables(lambda: 0, lambda: Decimal("1.5"))
    tables["applications"]["new_received"].update(natural_person=64, research=2, other_org=4, total=70)
    tables["applications"]["granted"].update(natural_person=64, research=2, other_org=4, total=70)
    tables["applications"]["results_total"].update(natural_person=64, research=2, other_org=4, total=70)
    report = _read(linter, "runtogether", REAL_LAYOUTS["runtogether"](tables))
    cell = report.tables["applications"].cell("new_received", "natural_person")
    assert cell.value == 64 and "split-by-row-total" in cell.inferred
    assert cell.inferred_by("row") and not report.tables["applications"].cell("carried_over", "total").inferred_by("row")


# ---------------------------------------------------------------- PDF text, by hand
PDF_COLUMNS = """二、主动公开政府信息情况
第二十条第（一）项
信息内容
本年制发件数
本年废止件数
现行有效件数
规章
0
0
0

行政规范性文件
0
5
5

三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
总计

4

0

0

0

0

0

4

二、上年结转政府信息公开申请数量

0

0

0

0

0

0

0

1
2
0

0
0
0

0
0
0

0
0
0

0
0
0

0
0
0

1
2
0

三、本年度办理结果
一、本年新收政府信息公开申请数量
（一）予以公开
（二）部分公开（区分处理的，只计这一情形，不计其他情形）
1.属于国家秘密
2.其他法律行政法规禁止公开

0

0

0

0

0

0

0

"""


def test_columns_printed_one_after_the_other_are_read_as_columns(linter):
    """pdftotext writes some blocks of table 2 column by column (洪泽区 2023): 7 blocks of 3 numbers
    between two rows that are placed (二 and 2.其他法律…) are three rows, not 21 numbers in row order."""
    report = linter.parse(PDF_COLUMNS)
    apps = report.tables["applications"]
    assert [c.value for c in apps.rows["new_received"].cells.values()] == [4, 0, 0, 0, 0, 0, 4]
    assert [c.value for c in apps.rows["granted"].cells.values()] == [1, 0, 0, 0, 0, 0, 1]
    assert [c.value for c in apps.rows["partially_granted"].cells.values()] == [2, 0, 0, 0, 0, 0, 2]
    assert [c.value for c in apps.rows["withheld_state_secret"].cells.values()] == [0] * 7
    # without the row after them, the three rows could be any three: they stay unread
    cut = PDF_COLUMNS[:PDF_COLUMNS.index("2.其他法律")]
    apps = linter.parse(cut).tables["applications"]
    assert apps.cell("granted", "total").status == "missing"
    assert apps.cell("carried_over", "total").value == 0


def test_values_printed_before_their_labels(linter):
    text = ("二、主动公开政府信息情况\n规章\n\n0\n\n0\n\n0\n\n行政规范性文件\n\n0\n\n5\n\n5\n\n"
            "第二十条第（五）项\n信息内容\n本年处理决定数量\n550\n\n行政许可\n"
            "第二十条第（六）项\n信息内容\n本年处理决定数量\n行政处罚\n\n4119\n\n行政强制\n\n195\n"
            "第二十条第（八）项\n信息内容\n本年收费金额（单位：万元）\n7730.28\n\n行政事业性收费\n\n"
            "三、收到和处理政府信息公开申请情况\n")
    t1 = linter.parse(text).tables["active_disclosure"]
    assert t1.cell("licensing", "decisions").value == 550
    assert t1.cell("punishment", "decisions").value == 4119
    assert t1.cell("enforcement", "decisions").value == 195
    assert t1.cell("administrative_fees", "amount_10k_yuan").value == Decimal("7730.28")


def test_a_short_grid_row_is_left_unread(linter):
    text = ("二、主动公开政府信息情况\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n"
            "| 规章 | 22 | 235 |\n| 行政规范性文件 | 34 | 0 | 189 |\n")
    report = linter.parse(text)
    t1 = report.tables["active_disclosure"]
    assert all(c.status == "missing" for c in t1.rows["regulations"].cells.values())
    assert t1.rows["regulations"].present  # the label is there: "cells unreadable", not "row missing"
    assert [c.value for c in t1.rows["normative_documents"].cells.values()] == [34, 0, 189]
    assert any("规章" in n and "无法确定" in n for n in report.notes)


def test_a_group_given_as_one_row_of_zeros(linter):
    """（六）其他处理 written as one row of zeros (洪泽区 2024): its three items are 0."""
    rows = ["一、本年新收政府信息公开申请数量  1  0  0  0  0  0  1",
            "（五）不予处理  5.要求行政机关确认或重新出具已获取信息  0  0  0  0  0  0  0",
            "（六）其他处理                0    0    0    0    0    0    0",
            "（七）总计                    1    0    0    0    0    0    1"]
    report = linter.parse("三、收到和处理政府信息公开申请情况\n" + "\n".join(rows) + "\n")
    apps = report.tables["applications"]
    for key in ("other_overdue_correction", "other_overdue_fee", "other_other"):
        cell = apps.cell(key, "total")
        assert cell.value == 0 and cell.inferred == "zero-group-total"
    rows[2] = "（六）其他处理                2    0    0    0    0    0    2"
    report = linter.parse("三、收到和处理政府信息公开申请情况\n" + "\n".join(rows) + "\n")
    assert report.tables["applications"].cell("other_other", "total").status == "missing"


def test_table_three_numbers_mixed_with_header_words_are_not_guessed(linter):
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n结果\n维持\n\n"
            + "\n\n".join(["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0"])
            + "\n\n总计\n\n0\n\n五、存在的主要问题及改进情况\n")
    report = linter.parse(text)
    assert all(c.status == "missing" for c in report.tables["review_litigation"].cells())
    assert any("交错" in n for n in report.notes)


def test_table_three_as_three_small_tables_is_read(linter):
    text = ("四、政府信息公开行政复议、行政诉讼情况\n### 行政复议\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
            "|---|---|---|---|---|\n| 27 | 10 | 9 | 15 | 61 |\n### 行政诉讼（未经复议直接起诉）\n"
            "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n| 3 | 0 | 0 | 0 | 3 |\n"
            "### 行政诉讼（复议后起诉）\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n"
            "| 8 | 0 | 1 | 1 | 11 |\n")
    report = linter.parse(text)
    t3 = report.tables["review_litigation"]
    assert [c.value for c in t3.rows["litigation_after_review"].cells.values()] == [8, 0, 1, 1, 11]
    assert all(c.inferred == "" for c in t3.cells())  # read as written: CN204 checks it


@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data(), st.sampled_from(["pdf", "html"]))
def test_one_changed_cell_is_found_in_real_layouts(linter, settings, data, layout):
    """A report that does not add up is reported as such: placing numbers never hides an error."""
    tables = _tables(data)
    row = data.draw(st.sampled_from(list(tables["applications"])))
    col = data.draw(st.sampled_from(list(tables["applications"][row])))
    tables["applications"][row][col] += data.draw(st.integers(min_value=1, max_value=9))
    text = REAL_LAYOUTS[layout](tables)
    source = SourceText.from_text(text, path="report.html" if layout == "html" else "report.txt")
    found = {d.code for d in linter.check(source, settings) if d.code in ("CN201", "CN202", "CN203")}
    expected = {"CN203"}
    if row in ("new_received", "carried_over", "carried_forward"):
        expected.add("CN201")
    elif row == "results_total":
        expected |= {"CN201", "CN202"}
    else:
        expected.add("CN202")
    assert found == expected
