"""Every table cell of the five seed reports, against values checked by hand (tests/data)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, seed_files

EXPECTED = json.loads((ROOT / "tests" / "data" / "seeds_expected.json").read_text(encoding="utf-8"))
SEEDS = {p.name: p for p in seed_files()}
pytestmark = pytest.mark.skipif(not SEEDS, reason="../shared/seeds not found")


@pytest.fixture(scope="module")
def reports(linter):
    return {name: linter.parse(path) for name, path in SEEDS.items()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata(reports, name):
    report, exp = reports[name], EXPECTED[name]
    got = report.to_json()
    assert got["title"] == exp["title"]
    assert got["agency"] == exp["agency"]
    assert got["year"] == exp["year"]
    assert got["published"] == exp["published"]
    assert got["period"] == exp["period"]
    assert [(s["number"], s["line"]) for s in got["sections"]] == \
        [(s["number"], s["line"]) for s in exp["sections"]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_cell(reports, name):
    got = reports[name].to_json()["tables"]
    for table, rows in EXPECTED[name]["tables"].items():
        assert got[table] == rows, table


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_row_source_lines(reports, name):
    report = reports[name]
    for table, rows in EXPECTED[name]["row_lines"].items():
        for row, line in rows.items():
            assert report.tables[table].rows[row].line == line, f"{table}.{row}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cells_point_at_their_text(reports, name):
    report = reports[name]
    text = report.source.text
    for cell in report.cells():
        assert cell.status != "missing", cell.key
        s, e = cell.span.start.offset, cell.span.end.offset
        assert text[s:e] == cell.raw
        assert report.source.line_text(cell.span.start.line)[cell.span.start.column - 1:].startswith(cell.raw)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_labels_and_rows_point_at_their_text(linter, name):
    """Labels and rows are placed by offsets; their spans, worked out when read, are the source's."""
    report = linter.parse(SEEDS[name])
    source = report.source
    placed = report.labels + [row for table in report.tables.values() for row in table.rows.values()
                              if row.offsets() is not None]
    offsets = [thing.offsets() for thing in placed]  # (read before any span is worked out)
    for thing, (s, e) in zip(placed, offsets):
        assert thing.span == source.span(s, e)
        assert thing.offsets() == (s, e)
        assert source.text[s:e] == (thing.found if hasattr(thing, "found") else thing.found_label)
    use = report.labels[0]
    copy = type(use)(use.table, use.kind, use.key, use.official, use.found, source.span(*use.offsets()), use.variant)
    assert copy == use and repr(copy) == repr(use)


def test_label_variants_are_recorded(reports):
    """Regional wording and typos are read as the official label, and remembered as variants."""
    r003 = reports["003_17306181f9b38851.txt"]
    variants = {(u.key, u.found, u.variant) for u in r003.labels if u.variant != "official"}
    assert ("commercial", "商业机构", "alias") in variants
    assert ("new_received", "一、本年接收政府信息公开数量", "alias") in variants
    assert any(k == "other_overdue_correction" and v == "typo" for k, _, v in variants)
    r000 = reports["000_3472a31f3b50a3b0.txt"]
    assert ("repealed", "本年度止件数", "typo") in {(u.key, u.found, u.variant) for u in r000.labels}


def test_missing_is_never_zero(linter):
    text = (SEEDS["001_ca7c6a4c8b1a7e82.txt"]).read_text(encoding="utf-8")
    cut = text.replace("(七) 总计\t\t8\t0\t0\t0\t0\t0\t8\t\n", "")
    report = linter.parse(cut)
    row = report.tables["applications"].rows["results_total"]
    assert not row.present
    assert all(c.status == "missing" and c.value is None for c in row.cells.values())
    blank = text.replace("(七) 总计\t\t8\t0\t0\t0\t0\t0\t8", "(七) 总计\t\t8\t0\t0\t—\t0\t0\t")
    cells = linter.parse(blank).tables["applications"].rows["results_total"].cells
    assert cells["social_welfare"].status == "blank" and cells["social_welfare"].value is None
    assert cells["total"].status == "blank" and cells["total"].value is None


def test_blank_lines_end_paragraphs(linter):
    """Blank lines make no block of their own, yet they still end a paragraph (a line wrapped by PDF
    extraction joins the paragraph only when no blank line stands between); a page number does not."""
    text = ("\n某某局2023年政府信息公开工作年度报告\n\n一、总体情况\n\n本局认真贯彻落实条例，\n主动公开各类信息\n"
            "\n\n空行之后另起一段，没有句号\n- 2 -\n仍是同一段\n\n（一）主动公开方面\n\n二、主动公开政府信息情况\n\n")
    report = linter.parse(text)
    assert [(s.number, [(p.text, p.kind) for p in s.paragraphs]) for s in report.sections] == [
        (1, [("本局认真贯彻落实条例，\n主动公开各类信息", "text"),
             ("空行之后另起一段，没有句号\n- 2 -\n仍是同一段", "text"),
             ("（一）主动公开方面", "subheading")]),
        (2, []),
    ]
    assert report.preamble == []
    for para in report.paragraphs():
        assert report.source.text[para.span.start.offset:para.span.end.offset] == para.text


def test_label_lookup_hands_out_the_index_unchanged(linter):
    """``AliasIndex.lookup`` hands out the index's own matches (no copy): they are tuples, so
    nothing a caller does changes what the next lookup finds."""
    from gxrules.labels import AliasIndex

    index = AliasIndex(linter.templates["2021"])
    text = "（二）部分公开"
    split, matches = index.lookup(text)
    assert matches and isinstance(matches, tuple)
    assert index.lookup(text) == (split, matches)
    assert index.lookup("没有这个标签")[1] == ()
