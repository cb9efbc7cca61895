"""Every report in ../shared/corpus/real, against cells checked by hand (tests/data/corpus_expected.json).

The expected values were read off the files by a person (PDF text, Markdown
pieces, crawler lines, the HTML page), not copied from the reader. A cell the
file does not let anyone read without guessing is ``null`` and listed under
``unread``; the reader must leave it missing and say why in ``Report.notes``.
``arithmetic`` lists the only CN201-CN204 findings: the reports that really do
not add up. Every other report is consistent and gets none.
"""
from __future__ import annotations

import json

import pytest

from conftest import CORPUS, ROOT, corpus_files

EXPECTED = json.loads((ROOT / "tests" / "data" / "corpus_expected.json").read_text(encoding="utf-8"))
FILES = {p.name: p for p in corpus_files()}
pytestmark = pytest.mark.skipif(not FILES, reason=f"{CORPUS} not found")


@pytest.fixture(scope="module")
def reports(linter):
    return {name: linter.parse(path) for name, path in FILES.items()}


def test_every_file_is_checked_by_hand():
    assert sorted(EXPECTED) == sorted(FILES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_cell(reports, name):
    got = reports[name].to_json()
    exp = EXPECTED[name]
    assert got["template"] == exp["template"]
    assert got["year"] == exp["year"]
    for table, rows in exp["tables"].items():
        assert got["tables"][table] == rows, table


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_unread_cells_are_missing_and_explained(reports, name):
    report = reports[name]
    unread = sorted(c.key for c in report.cells() if c.status == "missing")
    assert unread == EXPECTED[name]["unread"]
    if unread:
        assert report.notes, "cells left unread must be explained"
    for cell in report.cells():
        if cell.status == "missing":
            assert cell.value is None and cell.span is None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sections(reports, name):
    assert [s.number for s in reports[name].sections] == EXPECTED[name]["sections"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cells_point_at_their_text(reports, name):
    report = reports[name]
    text = report.source.text
    for cell in report.cells():
        if cell.span is None:
            continue
        assert text[cell.span.start.offset:cell.span.end.offset] == cell.raw, cell.key
    for para in report.paragraphs():
        assert text[para.span.start.offset:para.span.end.offset] == para.text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_only_real_arithmetic_errors(linter, settings, name):
    found = sorted({(d.code, d.data.get("cell")) for d in linter.check(FILES[name], settings)
                    if d.code in ("CN201", "CN202", "CN203", "CN204")})
    assert [list(x) for x in found] == EXPECTED[name]["arithmetic"]


def test_pingtan_2020_really_does_not_add_up(reports):
    """（七）总计 says 20 (自然人) and 21 (总计), its result rows add up to 26 and 27."""
    apps = reports["2020_pingtan-zone-admin-committee.txt"].tables["applications"]
    rows = ("granted", "partially_granted", "unable_not_held", "unable_unclear", "rejected_duplicate", "other")
    assert sum(apps.cell(r, "natural_person").value for r in rows) == 26
    assert apps.cell("results_total", "natural_person").value == 20


def test_run_together_rows_say_how_they_were_split(reports):
    apps = reports["2021_pingtan-zone-admin-committee.txt"].tables["applications"]
    new = apps.rows["new_received"]
    assert [c.value for c in new.cells.values()] == [64, 0, 0, 2, 0, 4, 70]
    assert all(c.inferred == "split-by-row-total" for c in new.cells.values())
    # 270020130 is 2/7/0/0/20/1/30 or 27/0/0/2/0/1/30 by its total: the columns decide
    granted = apps.rows["granted"]
    assert [c.value for c in granted.cells.values()] == [27, 0, 0, 2, 0, 1, 30]
    assert all("split-by-column-sums" in c.inferred for c in granted.cells.values())
    t1 = reports["2021_pingtan-zone-admin-committee.txt"].tables["active_disclosure"]
    assert all(c.status == "missing" for c in t1.rows["normative_documents"].cells.values())  # 693665


def test_pdf_values_before_labels_and_columns_printed_one_by_one(reports):
    report = reports["2023_huaian-hongze-district-gov.txt"]
    t1 = report.tables["active_disclosure"]
    assert t1.cell("licensing", "decisions").value == 550
    apps = report.tables["applications"]
    assert [c.value for c in apps.rows["unable_not_held"].cells.values()] == [10, 0, 0, 0, 0, 0, 10]
    assert [c.value for c in apps.rows["rejected_petition"].cells.values()] == [1, 0, 0, 0, 0, 0, 1]
    assert all(c.status == "missing" for c in report.tables["review_litigation"].cells())


def test_markdown_pieces_with_shifted_labels(reports):
    apps = reports["2025_shanghai-municipal-gov-office.md"].tables["applications"]
    assert [c.value for c in apps.rows["other_overdue_correction"].cells.values()] == [40, 1, 0, 0, 2, 0, 43]
    assert [c.value for c in apps.rows["partially_granted"].cells.values()] == [2, 0, 0, 0, 0, 0, 2]
    stcsm = reports["2024_shanghai-stcsm.md"].tables["applications"]
    assert [c.value for c in stcsm.rows["withheld_internal_affairs"].cells.values()] == [1, 0, 0, 0, 0, 0, 1]
    assert stcsm.cell("carried_forward", "total").status == "blank"
