"""Suppression: baselines that survive moved lines, and disable/enable comments in Markdown and HTML."""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from gxrules.cli import main
from gxrules.suppress import disabled_ranges, read_baseline

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GXRULES_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"

SELECT = "CN4,CN5,CN6"


def seed(prefix: str) -> str:
    found = sorted(SEEDS.glob(prefix + "*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not found under {SEEDS}")
    return found[0].read_text(encoding="utf-8")


def check(*args: str):
    out, err = io.StringIO(), io.StringIO()
    rc = main(["check", "--isolated", "--select", SELECT, "--output-format", "json", *args],
              stdout=out, stderr=err)
    return rc, (json.loads(out.getvalue()) if out.getvalue().strip() else None), err.getvalue()


def found(data):
    return sorted((d["code"], d["location"]["row"]) for d in data)


# ---------------------------------------------------------------- baseline
def test_baseline_hides_the_same_findings_after_lines_move(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(seed("003"), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    rc, _, err = check("--write-baseline", str(baseline), str(report))
    assert rc == 0 and baseline.exists()
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert len(entries) == 6  # CN501 ×4, CN502, CN503
    assert {e["fingerprint"] for e in entries} <= read_baseline(baseline)
    rc, data, _ = check("--baseline", str(baseline), str(report))
    assert data == []
    # three lines inserted above everything: the findings move, the baseline still hides them
    report.write_text("说明：转载自门户网站。\n\n\n" + seed("003"), encoding="utf-8")
    rc, data, _ = check(str(report))
    assert (("CN502", 72) in found(data)) and len(data) == 6
    rc, data, _ = check("--baseline", str(baseline), str(report))
    assert data == []


def test_baseline_does_not_hide_new_findings(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(seed("003"), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    check("--write-baseline", str(baseline), str(report))
    text = seed("003").replace("本年废止件数", "本年度止件数")  # a new typo
    report.write_text("\n" + text, encoding="utf-8")
    rc, data, _ = check("--baseline", str(baseline), str(report))
    assert [(d["code"], d["data"]["found"]) for d in data] == [("CN501", "本年度止件数")]


def test_baseline_file_format(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(seed("001"), encoding="utf-8")
    baseline = tmp_path / "b.json"
    check("--write-baseline", str(baseline), str(report))
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["tool"] == "gxrules"
    assert sorted(f["code"] for f in data["findings"]) == ["CN501", "CN601"]
    assert all("line" not in f and len(f["fingerprint"]) == 16 for f in data["findings"])


def test_bad_baseline_is_a_usage_error(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(seed("001"), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    rc, _, err = check("--baseline", str(bad), str(report))
    assert rc == 2 and "基线" in err


# ---------------------------------------------------------------- inline comments (Markdown / HTML)
TABLE_START = "### 三、收到和处理政府信息公开申请情况\n"
TABLE_END = "#### 四、申请行政复议、提起行政诉讼情况\n"


def commented(text: str, codes: str, enable: bool = True) -> str:
    text = text.replace(TABLE_START, TABLE_START + f"\n<!-- gxrules: disable={codes} -->\n", 1)
    if enable:
        text = text.replace(TABLE_END, f"<!-- gxrules: enable={codes} -->\n\n" + TABLE_END, 1)
    return text


def test_markdown_disable_enable_range(tmp_path):
    md = tmp_path / "r.md"
    md.write_text(commented(seed("003"), "CN501"), encoding="utf-8")
    rc, data, _ = check(str(md))
    # the four CN501 labels of table 2 are inside the range; the heading (CN502) and the term
    # (CN503) are not
    assert sorted(d["code"] for d in data) == ["CN502", "CN503"]


def test_markdown_disable_without_enable_runs_to_the_end(tmp_path):
    md = tmp_path / "r.md"
    md.write_text(commented(seed("003"), "CN5", enable=False), encoding="utf-8")
    rc, data, _ = check(str(md))
    assert data == []


def test_markdown_disable_all(tmp_path):
    md = tmp_path / "r.md"
    text = "<!-- gxrules: disable=all -->\n" + seed("003")
    md.write_text(text, encoding="utf-8")
    rc, data, _ = check(str(md))
    assert data == []


def test_markdown_range_for_another_code_hides_nothing(tmp_path):
    md = tmp_path / "r.md"
    md.write_text(commented(seed("003"), "CN306"), encoding="utf-8")
    rc, data, _ = check(str(md))
    assert len(data) == 6


def test_comments_in_plain_text_are_not_suppressions(tmp_path):
    txt = tmp_path / "r.txt"
    txt.write_text(commented(seed("003"), "CN501"), encoding="utf-8")
    rc, data, _ = check(str(txt))
    assert sorted(d["code"] for d in data).count("CN501") == 4


def test_suppressed_findings_are_not_fixed(tmp_path):
    md = tmp_path / "r.md"
    md.write_text(commented(seed("003"), "CN501"), encoding="utf-8")
    out = io.StringIO()
    main(["check", "--isolated", "--select", SELECT, "--fix", str(md)], stdout=out, stderr=io.StringIO())
    text = md.read_text(encoding="utf-8")
    assert "商业机构" in text and "一、本年接收政府信息公开数量" in text  # suppressed: left alone
    assert "#### 四、政府信息公开行政复议、行政诉讼情况" in text       # not suppressed: fixed
    assert "信息公开处理费" not in text


def test_per_file_ignores_are_not_fixed_either(tmp_path):
    (tmp_path / "gxrules.toml").write_text('[per-file-ignores]\n"*.txt" = ["CN501"]\n', encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(seed("003"), encoding="utf-8")
    out = io.StringIO()
    main(["check", "--config", str(tmp_path / "gxrules.toml"), "--select", SELECT, "--fix", str(report)],
         stdout=out, stderr=io.StringIO())
    text = report.read_text(encoding="utf-8")
    assert "商业机构" in text
    assert "信息公开处理费" not in text


def test_disabled_ranges():
    text = "甲<!-- gxrules: disable=CN501, CN6 -->乙<!--gxrules:enable=CN501-->丙"
    ranges = disabled_ranges(text)
    assert ("CN501", text.index("乙"), text.index("<!--gxrules:enable")) in ranges
    assert ("CN6", text.index("乙"), len(text)) in ranges


def test_baseline_matches_however_the_path_is_spelled(tmp_path, monkeypatch):
    (tmp_path / "reports").mkdir()
    report = tmp_path / "reports" / "r.txt"
    report.write_text(seed("003"), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    monkeypatch.chdir(tmp_path)
    check("--write-baseline", str(baseline), "reports/r.txt")
    for spelling in ("reports/r.txt", "./reports/r.txt", str(report), "reports"):
        rc, data, _ = check("--baseline", str(baseline), spelling)
        assert data == [], spelling
    monkeypatch.chdir(tmp_path / "reports")
    rc, data, _ = check("--baseline", str(baseline), "r.txt")
    assert data == []
    # another file with the same findings is not hidden
    other = tmp_path / "reports" / "other.txt"
    other.write_text(seed("003"), encoding="utf-8")
    rc, data, _ = check("--baseline", str(baseline), "other.txt")
    assert len(data) == 6


def test_baseline_with_a_non_utf8_file_name(tmp_path):
    name = os.fsdecode(b"r\xff.txt")  # a file name from a GBK system, not UTF-8
    try:
        (tmp_path / name).write_text(seed("003"), encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses non-UTF-8 names")
    baseline = tmp_path / "b.json"
    rc, _, err = check("--write-baseline", str(baseline), str(tmp_path / name))
    assert rc == 0, err
    rc, data, _ = check("--baseline", str(baseline), str(tmp_path / name))
    assert data == []
