"""``gxrules extract DIR``: whole folders into one CSV or JSON file, streamed report by report."""
from __future__ import annotations

import csv
import gc
import io
import json
import weakref
from collections import Counter

import pytest

from conftest import CORPUS, SEEDS, seed_files
from gxrules.cli import main

pytestmark = pytest.mark.skipif(not seed_files(), reason="../shared/seeds not found")


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def folders():
    return [str(SEEDS)] + ([str(CORPUS)] if CORPUS.is_dir() else [])


def test_folders_to_one_csv_match_the_json(tmp_path):
    csv_path, json_path = tmp_path / "cells.csv", tmp_path / "reports.json"
    code, out, err = run("extract", "--format", "csv", "-o", str(csv_path), *folders())
    assert code == 0 and out == ""
    code, _, _ = run("extract", "--format", "json", "-o", str(json_path), *folders())
    assert code == 0
    with open(csv_path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames[:7] == ["path", "table", "row", "column", "value", "line", "column_in_line"]
        assert {"agency", "year"} <= set(reader.fieldnames)
        rows = list(reader)
    records = json.loads(json_path.read_text(encoding="utf-8"))
    # every report read is in both, with the same cells
    assert len(records) >= len(seed_files())
    per_file = Counter(r["path"] for r in rows)
    assert list(per_file) == [r["path"] for r in records]  # same order, one block per report
    for rec in records:
        cells = [(t, row, col, val) for t, table in rec["tables"].items() for row, cols in table.items()
                 for col, val in cols.items()]
        assert per_file[rec["path"]] == len(cells), rec["path"]
        mine = [r for r in rows if r["path"] == rec["path"]]
        assert [(r["table"], r["row"], r["column"]) for r in mine] == [c[:3] for c in cells]
        assert [r["value"] for r in mine] == ["" if c[3] is None else str(c[3]) for c in cells]
        assert {r["agency"] for r in mine} == {rec["agency"] or ""}
        assert {r["year"] for r in mine} == {"" if rec["year"] is None else str(rec["year"])}
    # a missing cell has no value and no position; a read one has both
    assert all((r["line"] == "") == (r["column_in_line"] == "") for r in rows)
    assert any(r["value"] and r["line"] for r in rows)
    assert sum(per_file.values()) == len(rows)


def test_files_that_are_not_reports_are_named_and_skipped(tmp_path):
    (tmp_path / "notes.txt").write_text("会议通知\n\n请按时参加。\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\xd8" * 10)
    for p in seed_files()[:2]:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    code, out, err = run("extract", "--format", "csv", str(tmp_path))
    assert code == 0
    assert "notes.txt" in err
    assert len({r["path"] for r in csv.DictReader(io.StringIO(out))}) == 2


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path):
    code, out, err = run("extract", str(tmp_path / "nope"))
    assert code == 2 and "路径不存在" in err and out == ""


def test_an_output_file_that_cannot_be_written_is_a_usage_error(tmp_path):
    code, _, err = run("extract", "-o", str(tmp_path / "no" / "such" / "dir.csv"), str(SEEDS))
    assert code == 2 and "无法写入" in err and "内部错误" not in err


def test_extract_streams_one_report_at_a_time(tmp_path):
    """Each report is written before the next is read, and none is kept: memory stays flat."""
    from gxrules.extract import write_extract
    from gxrules.linter import Linter

    for i in range(2):
        for p in seed_files():
            (tmp_path / f"{i}_{p.name}").write_bytes(p.read_bytes())
    linter = Linter(load_entrypoints=False)
    events = []
    alive = []
    parse = linter.parse

    def counting_parse(path, *a, **kw):
        gc.collect()
        events.append(("read", sum(1 for ref in alive if ref() is not None)))
        report = parse(path, *a, **kw)
        alive.append(weakref.ref(report))
        return report

    linter.parse = counting_parse

    class Out(io.StringIO):
        def write(self, s):
            if not events or events[-1][0] != "write":
                events.append(("write", 0))
            return super().write(s)

    for fmt in ("csv", "json"):
        events.clear()
        alive.clear()
        assert write_extract(linter, [str(tmp_path)], fmt, Out(), io.StringIO()) == 0
        reads = [n for kind, n in events if kind == "read"]
        assert len(reads) == 2 * len(seed_files())
        assert max(reads) <= 1  # at most the report just written is still alive when the next is read
        # reading and writing alternate
        kinds = [kind for kind, _ in events]
        assert kinds.count("write") >= len(reads)
