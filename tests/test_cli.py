"""The command line as users call it: extract, check options, config, exit codes."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, seed_files, seed_path
from gxrules.cli import main

pytestmark = pytest.mark.skipif(not seed_files(), reason="../shared/seeds not found")


def run(*args, cwd=None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def broken(tmp_path, name="broken.txt"):
    text = seed_path("001").read_text(encoding="utf-8").replace(
        "(七) 总计\t\t8\t0\t0\t0\t0\t0\t8", "(七) 总计\t\t8\t0\t0\t0\t0\t0\t9")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_extract_json_keys_and_values():
    code, out, _ = run("extract", "--format", "json", str(seed_path("001")))
    assert code == 0
    (rec,) = json.loads(out)
    assert rec["year"] == 2023 and rec["template"] == "2021"
    assert rec["agency"] == "隆德县人民政府办公室"
    apps = rec["tables"]["applications"]
    assert list(apps) == ["new_received", "carried_over", "granted", "partially_granted",
                          "withheld_state_secret", "withheld_prohibited_by_law", "withheld_three_safeties",
                          "withheld_third_party", "withheld_internal_affairs", "withheld_process_info",
                          "withheld_enforcement_files", "withheld_query_matters", "unable_not_held",
                          "unable_needs_creation", "unable_unclear", "rejected_petition", "rejected_duplicate",
                          "rejected_publication", "rejected_excessive", "rejected_confirm",
                          "other_overdue_correction", "other_overdue_fee", "other_other", "results_total",
                          "carried_forward"]
    assert apps["new_received"] == {"natural_person": 8, "commercial": 0, "research": 0, "social_welfare": 0,
                                    "legal_services": 0, "other_org": 0, "total": 8}
    assert rec["tables"]["active_disclosure"]["administrative_fees"] == {"amount_10k_yuan": "0"}
    assert rec["tables"]["active_disclosure"]["normative_documents"] == {"issued": 2, "repealed": 1, "in_force": 15}
    assert rec["sections"][2] == {"number": 3, "title": "收到和处理政府信息公开申请情况", "line": 50}


def test_extract_csv_one_row_per_cell():
    code, out, _ = run("extract", "--format", "csv", *map(str, seed_files()))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5 * (10 + 25 * 7 + 15)  # 200 cells per report
    first = rows[0]
    assert list(first)[:7] == ["path", "table", "row", "column", "value", "line", "column_in_line"]
    cell = next(r for r in rows if r["path"].endswith("001_ca7c6a4c8b1a7e82.txt")
                and r["row"] == "granted" and r["column"] == "total")
    assert cell["value"] == "3" and cell["line"] == "57" and cell["column_in_line"] == "32"


def test_check_exit_codes(tmp_path):
    assert run("check", "--isolated", str(seed_path("001")))[0] == 0
    assert run("check", "--isolated", str(broken(tmp_path)))[0] == 1
    assert run("check", "--isolated", "--exit-zero", str(broken(tmp_path)))[0] == 0
    assert run("check", "--isolated", "--no-such-option", str(seed_path("001")))[0] == 2
    assert run("check", "--isolated", str(tmp_path / "does-not-exist.txt"))[0] == 2
    # warnings only fail with --fail-on warning
    assert run("check", "--isolated", str(seed_path("004")))[0] == 0
    assert run("check", "--isolated", "--fail-on", "warning", str(seed_path("004")))[0] == 1


def test_default_subcommand_and_module_entry(tmp_path):
    assert run("--isolated", str(broken(tmp_path)))[0] == 1
    proc = subprocess.run([sys.executable, "-m", "gxrules", "check", "--isolated", "--output-format", "concise",
                           str(broken(tmp_path))], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 1 and "CN202" in proc.stdout and "Traceback" not in proc.stderr


def test_select_ignore_prefixes(tmp_path):
    path = broken(tmp_path)
    codes = lambda *a: {d["code"] for d in json.loads(run("check", "--isolated", "--output-format", "json",
                                                          *a, str(path))[1])}
    assert codes("--select", "CN2") == {"CN201", "CN202", "CN203"}
    assert codes("--select", "CN2", "--ignore", "CN201") == {"CN202", "CN203"}
    assert codes("--select", "CN202") == {"CN202"}
    assert codes("--select", "C") == set()  # letters must match exactly
    assert run("check", "--isolated", "--select", "cn2", str(path))[0] == 2


def test_config_file_discovery_and_errors(tmp_path, monkeypatch):
    path = broken(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.gxrules]\nselect = ["CN2"]\nignore = ["CN201", "CN203"]\n',
                                           encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    monkeypatch.chdir(sub)
    found = {d["code"] for d in json.loads(run("check", "--output-format", "json", str(path))[1])}
    assert found == {"CN202"}
    # CLI beats file
    found = {d["code"] for d in json.loads(run("check", "--output-format", "json", "--select", "CN201",
                                               str(path))[1])}
    assert found == {"CN201"}
    # --isolated ignores the file
    assert "CN201" in {d["code"] for d in json.loads(run("check", "--isolated", "--output-format", "json",
                                                         "--select", "CN2", str(path))[1])}
    (tmp_path / "pyproject.toml").write_text('[tool.gxrules]\nignroe = ["CN201"]\n', encoding="utf-8")
    code, _, err = run("check", str(path))
    assert code == 2 and "ignroe" in err and "ignore" in err and "Traceback" not in err
    (tmp_path / "pyproject.toml").write_text('[tool.gxrules]\nfail-on = "fatal"\n', encoding="utf-8")
    code, _, err = run("check", str(path))
    assert code == 2 and "fail-on" in err


def test_per_file_ignores_and_gxrules_toml(tmp_path, monkeypatch):
    reports = tmp_path / "reports"
    reports.mkdir()
    broken(reports, "a.txt")
    broken(reports, "b.txt")
    (tmp_path / "gxrules.toml").write_text('select = ["CN2"]\n[per-file-ignores]\n"reports/a.txt" = ["CN2"]\n',
                                              encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = json.loads(run("check", "--output-format", "json", "reports")[1])
    assert {Path(d["filename"]).name for d in data} == {"b.txt"}


def test_parallel_output_is_stable(tmp_path):
    for i in range(6):
        broken(tmp_path, f"r{i}.txt")
    one = run("check", "--isolated", "--output-format", "concise", "-j", "1", str(tmp_path))
    two = run("check", "--isolated", "--output-format", "concise", "-j", "2", str(tmp_path))
    assert one == two and one[0] == 1


def test_statistics_and_output_file(tmp_path):
    path = broken(tmp_path)
    out_file = tmp_path / "out.json"
    code, out, _ = run("check", "--isolated", "--output-format", "json", "-o", str(out_file),
                       "--select", "CN2", str(path))
    assert code == 1 and out == ""
    assert {d["code"] for d in json.loads(out_file.read_text(encoding="utf-8"))} == {"CN201", "CN202", "CN203"}
    code, out, _ = run("check", "--isolated", "--statistics", "--select", "CN2", str(path))
    assert code == 1
    assert "CN202" in out and "results-total" in out and "(七)" not in out  # statistics instead of findings


def test_full_output_shows_the_cell_and_equation(tmp_path):
    code, out, _ = run("check", "--isolated", str(broken(tmp_path)))
    assert "(七) 总计" in out and "^" in out
    assert "applications.results_total.total" in out
    assert "共发现" in out


def test_quiet_prints_findings_only(tmp_path):
    code, out, _ = run("check", "--isolated", "-q", "--output-format", "concise", str(broken(tmp_path)))
    assert out.strip().splitlines()[-1].startswith(str(tmp_path))


def test_baseline_survives_line_shifts(tmp_path):
    path = broken(tmp_path)
    base = tmp_path / "baseline.json"
    assert run("check", "--isolated", "--write-baseline", str(base), str(path))[0] == 0
    path.write_text("\n\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("check", "--isolated", "--baseline", str(base), str(path))[0] == 0


def test_rules_and_explain():
    code, out, _ = run("rules", "--output-format", "json")
    rules = json.loads(out)
    assert code == 0 and {"CN101", "CN201", "CN999"} <= {r["code"] for r in rules}
    code, out, _ = run("explain", "CN201")
    assert code == 0 and "勾稽" in out
    assert run("explain", "CN000")[0] == 2


def test_library_api(tmp_path):
    import gxrules

    report = gxrules.parse(seed_path("001"))
    assert report.tables["applications"].rows["new_received"].cells["total"].value == 8
    diags = gxrules.check(str(broken(tmp_path)))
    assert {d.code for d in diags} >= {"CN202"}
    text = seed_path("001").read_text(encoding="utf-8")
    assert gxrules.parse(text).year_value == 2023


def test_import_has_no_side_effects():
    code = ("import sys, gxrules; "
            "assert 'lark' not in sys.modules and 'pluggy' not in sys.modules, sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_a_text_report_is_checked_without_the_html_reader(tmp_path):
    """Start-up cost: what a run does not need it does not import (the HTML reader, Lark with a warm
    cache, the output formats not asked for)."""
    code = ("import sys; from gxrules.cli import main; "
            f"main(['check', '--isolated', '-q', {str(seed_path('001'))!r}]); "
            "print(sorted(m for m in ('gxrules.html_input', 'lark', 'gxrules.reporters.html', "
            "'gxrules.reporters.junit', 'tomllib') if m in sys.modules))")
    env = dict(os.environ, GXRULES_CACHE_DIR=str(tmp_path), GXRULES_DISABLE_PLUGIN_AUTOLOAD="1")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, check=True)  # warm
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
