"""CN1xx, CN2xx and CN9xx: a seed changed in one place gives exactly the expected findings there."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from conftest import TextReadingCrossYearRule, seed_files, seed_path
from gxrules.cli import main

pytestmark = pytest.mark.skipif(not seed_files(), reason="../shared/seeds not found")


def run_cli(*args):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def findings(path, select="CN1,CN2,CN9", *extra):
    code, out, err = run_cli("check", "--isolated", "--disable-plugin-autoload", "--select", select,
                             "--output-format", "json", "--exit-zero", *extra, str(path))
    assert code == 0, err
    return sorted((d["code"], d["location"]["row"]) for d in json.loads(out))


def mutated(tmp_path, seed, old, new, name=None, count=1):
    text = seed_path(seed).read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path = tmp_path / (name or seed_path(seed).name)
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


BASELINE = {"000": [], "001": [], "002": [("CN105", 4)], "003": [], "004": [("CN103", 3)]}


@pytest.mark.parametrize("seed", sorted(BASELINE))
def test_unchanged_seeds(seed):
    """The seeds balance: no CN2xx; only 002's missing period and 004's bare title."""
    assert findings(seed_path(seed)) == BASELINE[seed]


CASES = [
    # (rule, seed, old text, new text, expected findings (code, line) added to the seed's baseline)
    ("CN101", "000", "五、存在的主要问题及改进情况\n", "\n", [("CN101", 84)]),
    ("CN102", "001", "二、主动公开政府信息情况", "一、主动公开政府信息情况", [("CN102", 33)]),
    ("CN103", "001", "隆德县人民政府办公室 2023 年政府信息公开工作年度报告\n", "2023 年政府信息公开工作年度报告\n",
     [("CN103", 3)]),
    ("CN104", "001", "2023 年 1 月 1 日至 12 月 31 日", "2022 年 1 月 1 日至 12 月 31 日", [("CN104", 5)]),
    ("CN105", "001", "2023 年 1 月 1 日至 12 月 31 日", "2023 年 1 月 1 日至 6 月 30 日", [("CN105", 5)]),
    ("CN106", "002", "发布日期:2024-01-31", "发布日期:2024-02-05", [("CN106", 6)]),
    ("CN201", "001", "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0", "四、结转下年度继续办理\t\t1\t0\t0\t0\t0\t0\t1",
     [("CN201", 78), ("CN201", 78)]),
    ("CN202", "001", "(一) 予以公开\t3\t0\t0\t0\t0\t0\t3", "(一) 予以公开\t4\t0\t0\t0\t0\t0\t4",
     [("CN202", 78), ("CN202", 78)]),
    ("CN203", "001", "(一) 予以公开\t3\t0\t0\t0\t0\t0\t3", "(一) 予以公开\t3\t0\t0\t0\t0\t0\t4",
     [("CN202", 78), ("CN203", 57)]),
    ("CN204", "001", "\n0\t0\t0\t0\t0\t0", "\n0\t0\t0\t0\t1\t0", [("CN204", 86)]),
    ("CN205", "001", "(一) 予以公开\t3\t", "(一) 予以公开\t3件\t", [("CN205", 57)]),
    ("CN205", "001", "(一) 予以公开\t3\t", "(一) 予以公开\t-3\t", [("CN202", 78), ("CN203", 57), ("CN205", 57)]),
    ("CN206", "001", "(一) 予以公开\t3\t0\t", "(一) 予以公开\t3\t—\t", [("CN206", 57)]),
    ("CN206", "001", "(七) 总计\t\t8\t0\t0\t0\t0\t0\t8\t\n", "", [("CN206", 55)]),
]


@pytest.mark.parametrize("rule,seed,old,new,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_one_change_one_finding(tmp_path, rule, seed, old, new, expected):
    path = mutated(tmp_path, seed, old, new)
    assert findings(path) == sorted(BASELINE[seed] + expected)


def test_cn107_tables_of_the_wrong_format(tmp_path):
    """A report for 2020 with tables in the 2021 format."""
    text = seed_path("001").read_text(encoding="utf-8").replace("2023", "2020")
    path = tmp_path / "r2020.txt"
    path.write_text(text, encoding="utf-8")
    assert findings(path) == [("CN107", 37)]


def test_arithmetic_finding_data(tmp_path):
    path = mutated(tmp_path, "001", "(一) 予以公开\t3\t0\t0\t0\t0\t0\t3", "(一) 予以公开\t3\t0\t0\t0\t0\t0\t4")
    code, out, _ = run_cli("check", "--isolated", "--select", "CN203", "--output-format", "json", str(path))
    assert code == 1
    (d,) = json.loads(out)
    assert d["data"]["expected"] == 3 and d["data"]["actual"] == 4
    assert d["location"] == {"row": 57, "column": 32}
    keys = [op["key"] for op in d["data"]["operands"]]
    assert keys[0] == "applications.granted.total" and len(keys) == 7
    assert all(op["location"]["row"] == 57 for op in d["data"]["operands"])


def test_missing_operand_gives_no_arithmetic_error(tmp_path):
    path = mutated(tmp_path, "001", "(一) 予以公开\t3\t0\t0\t0\t0\t0\t3", "(一) 予以公开\t3\t0\t0\t0\t0\t0\t")
    assert findings(path) == [("CN206", 57)]


def _pair(tmp_path, carried_forward_2022="0"):
    base = seed_path("001").read_text(encoding="utf-8")
    old = base.replace("2023", "2022").replace(
        "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0",
        f"四、结转下年度继续办理\t\t{carried_forward_2022}\t0\t0\t0\t0\t0\t{carried_forward_2022}")
    old = old.replace("(七) 总计\t\t8\t0\t0\t0\t0\t0\t8", "(七) 总计\t\t8\t0\t0\t0\t0\t0\t8")
    (tmp_path / "2022.txt").write_text(old, encoding="utf-8")
    (tmp_path / "2023.txt").write_text(base, encoding="utf-8")
    return tmp_path / "2022.txt", tmp_path / "2023.txt"


def test_cross_year_found_among_checked_files(tmp_path):
    prev, cur = _pair(tmp_path, carried_forward_2022="2")
    code, out, _ = run_cli("check", "--isolated", "--select", "CN207", "--output-format", "json", "--exit-zero",
                           str(tmp_path))
    found = [(Path(d["filename"]).name, d["code"], d["location"]["row"]) for d in json.loads(out)]
    assert found == [("2023.txt", "CN207", 56), ("2023.txt", "CN207", 56)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cross_year_finding_points_at_the_cell_with_any_jobs(tmp_path, jobs):
    _pair(tmp_path, carried_forward_2022="2")
    code, out, _ = run_cli("check", "--isolated", "--select", "CN207", "--output-format", "json", "--exit-zero",
                           "-j", jobs, str(tmp_path))
    found = [(Path(d["filename"]).name, d["location"]["row"], d["location"]["column"], d["data"]["expected"])
             for d in json.loads(out)]
    assert found == [("2023.txt", 56, 19, 2), ("2023.txt", 56, 31, 2)]  # the cells, not the top of the file


def _cross_year_reads(tmp_path, monkeypatch, carried_forward_2022, rules=(), select=("CN207",)):
    """Run the cross-year pass over a pair; return the files it read a second time and the findings."""
    import gxrules.runner as runner
    from gxrules.linter import Linter

    _pair(tmp_path, carried_forward_2022=carried_forward_2022)
    reads = []
    parse = runner._parse_quietly
    monkeypatch.setattr(runner, "_parse_quietly", lambda linter, path: reads.append(Path(path).name) or parse(linter, path))
    linter = Linter(plugins=list(rules), load_entrypoints=False)
    settings = linter.settings({"select": list(select)}, isolated=True)
    outcomes = runner.check_paths(linter, sorted(str(p) for p in tmp_path.iterdir()), settings)
    return sorted(reads), [(Path(o.path).name, d.code, d.span.start.line) for o in outcomes for d in o.diagnostics]


def test_cross_year_reads_files_again_only_where_the_tables_disagree(tmp_path, monkeypatch):
    reads, found = _cross_year_reads(tmp_path, monkeypatch, "0")
    assert reads == [] and found == []
    reads, found = _cross_year_reads(tmp_path, monkeypatch, "2")
    assert reads == ["2022.txt", "2023.txt"] and found == [("2023.txt", "CN207", 56)] * 2


def test_a_cross_year_rule_that_reads_more_than_tables_runs_on_the_full_reports(tmp_path, monkeypatch):
    reads, found = _cross_year_reads(tmp_path, monkeypatch, "0", rules=[TextReadingCrossYearRule()],
                                     select=("CN207", "EX"))
    assert reads == ["2022.txt", "2023.txt"]
    assert found == [("2023.txt", "EX701", 3)]  # the title line


def test_cross_year_with_previous_option(tmp_path):
    prev, cur = _pair(tmp_path, carried_forward_2022="2")
    code, out, _ = run_cli("check", "--isolated", "--select", "CN207", "--output-format", "json",
                           "--exit-zero", "--previous", str(prev), str(cur))
    assert {d["code"] for d in json.loads(out)} == {"CN207"}
    prev, cur = _pair(tmp_path, carried_forward_2022="0")
    code, out, _ = run_cli("check", "--isolated", "--select", "CN207", "--output-format", "json",
                           "--previous", str(prev), str(cur))
    assert json.loads(out) == [] and code == 0


def test_cn208_in_force_continuity(tmp_path):
    prev, cur = _pair(tmp_path)
    text = prev.read_text(encoding="utf-8").replace("行政规范性文件\t2\t1\t15", "行政规范性文件\t2\t1\t13")
    prev.write_text(text, encoding="utf-8")
    code, out, _ = run_cli("check", "--isolated", "--select", "CN208", "--output-format", "json",
                           "--previous", str(prev), str(cur))
    (d,) = json.loads(out)
    assert d["code"] == "CN208" and d["severity"] == "info" and d["data"]["expected"] == 14
    assert code == 0  # info does not fail the run by default


def test_cn901_binary_and_cn903_too_large(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02\xff" * 200)
    (tmp_path / "b.txt").write_text(seed_path("001").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run_cli("check", "--isolated", "--output-format", "json", "--max-file-size", "4KB",
                           str(tmp_path))
    found = sorted((Path(d["filename"]).name, d["code"]) for d in json.loads(out))
    assert found == [("a.txt", "CN901"), ("b.txt", "CN903")]
    assert code == 1


def test_cn902_report_without_tables(tmp_path):
    text = seed_path("001").read_text(encoding="utf-8")
    kept = "\n".join(line for line in text.splitlines() if "\t" not in line)
    path = tmp_path / "no-tables.txt"
    path.write_text(kept, encoding="utf-8")
    assert ("CN902", 3) in findings(path)


def test_not_a_report_is_skipped(tmp_path):
    (tmp_path / "README.txt").write_text("这是一个说明文件。\n与年度报告无关。\n", encoding="utf-8")
    code, out, err = run_cli("check", "--isolated", "-v", str(tmp_path))
    assert code == 0
    assert "README.txt" in err and "跳过" in err


@pytest.mark.parametrize("title,late", [
    ("兴庆区智慧城市运营中心2023年政府信息公开工作年度报告", True),   # a department: 1月31日
    ("兴庆区人民政府2023年政府信息公开工作年度报告", False),          # a government: 3月31日
    ("平潭综合实验区2023年政府信息公开工作年度报告", False),          # a region's own report
])
def test_cn106_deadline_depends_on_the_body(tmp_path, title, late):
    path = mutated(tmp_path, "002", "兴庆区智慧城市运营中心2023年政府信息公开工作年度报告\n", title + "\n")
    text = path.read_text(encoding="utf-8").replace("发布日期:2024-01-31", "发布日期:2024-02-08")
    path.write_text(text, encoding="utf-8")
    assert (("CN106", 6) in findings(path)) is late


def test_cn106_deadline_from_config(tmp_path):
    path = mutated(tmp_path, "002", "发布日期:2024-01-31", "发布日期:2024-01-29")
    (tmp_path / "gxrules.toml").write_text('[jurisdiction]\ndepartment-deadline = "01-28"\n', encoding="utf-8")
    code, out, err = run_cli("check", "--config", str(tmp_path / "gxrules.toml"), "--select", "CN106",
                             "--output-format", "json", str(path))
    assert [d["code"] for d in json.loads(out)] == ["CN106"], err
