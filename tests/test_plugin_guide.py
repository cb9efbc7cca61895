"""docs/plugins.md builds a working plugin: the guide's files, installed into a fresh venv, run.

Each code block preceded by `<!-- file: PATH -->` is one file of the example
plugin. The package is written to a temporary folder from the guide alone,
pip-installed next to gxrules (from this repository), and then: `gxrules
plugins` and `gxrules rules` name it, `gxrules check` runs its rule, and its own
tests (written with gxrules.testing) pass.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "plugins.md"
FILE_BLOCK = re.compile(r"<!-- file: (?P<path>[^>\s]+) -->\s*\n```[\w-]*\n(?P<body>.*?)\n```", re.S)

REPORT_WITHOUT_PHONE = """某某局2023年政府信息公开工作年度报告

一、总体情况

2023年，我局主动公开信息12条。

六、其他需要报告的事项

本年度未收取信息处理费。
"""


def guide_files():
    return {m.group("path"): m.group("body") + "\n" for m in FILE_BLOCK.finditer(GUIDE.read_text(encoding="utf-8"))}


def test_guide_marks_the_example_files():
    files = guide_files()
    assert set(files) == {"pyproject.toml", "src/gxrules_jiangsu_example/__init__.py",
                          "src/gxrules_jiangsu_example/rules.py", "tests/cases/JS101.toml",
                          "tests/test_rules.py"}
    for path in files:
        assert not Path(path).is_absolute() and ".." not in Path(path).parts


def test_guide_has_the_sections_a_province_needs():
    text = GUIDE.read_text(encoding="utf-8")
    for heading in ("Package layout", "entry point", "The hooks", "A rule", "label aliases", "Templates",
                    "defaults and options", "gxrules.testing", "Publishing", "## pre-commit"):
        assert heading in text, heading
    assert "additional_dependencies" in text and "require-plugins" in text


@pytest.fixture(scope="session")
def example(venv, tmp_path_factory):
    """The example plugin, written from the guide and installed."""
    folder = tmp_path_factory.mktemp("guide") / "gxrules-jiangsu-example"
    for rel, body in guide_files().items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(body, encoding="utf-8")
    venv.install(str(folder))
    return folder


def test_example_plugin_is_listed(venv, example):
    rules = {r["code"]: r for r in json.loads(venv.run("gxrules", "rules", "--output-format", "json",
                                                       check=True).stdout)}
    assert rules["JS101"]["plugin"] == "gxrules-jiangsu-example"
    assert rules["JS101"]["name"] == "contact-phone" and rules["JS101"]["severity"] == "warning"
    plugins = {p["name"]: p for p in json.loads(venv.run("gxrules", "plugins", "--output-format", "json",
                                                         check=True).stdout)}
    js = plugins["gxrules-jiangsu-example"]
    assert js["entry_point"] == "jiangsu-example" and js["version"] == "0.1.0" and js["rules"] == ["JS101"]
    assert js["hooks"] == ["gxrules_config_options", "gxrules_default_config", "gxrules_label_aliases",
                           "gxrules_rules"]
    assert "contact-phone" in venv.run("gxrules", "explain", "JS101", check=True).stdout


def test_example_plugin_runs_in_gxrules_check(venv, example, tmp_path):
    (tmp_path / "report.txt").write_text(REPORT_WITHOUT_PHONE, encoding="utf-8")
    result = venv.run("gxrules", "check", "--select", "JS", "--output-format", "concise", "report.txt",
                      cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # a warning: below the default fail level
    assert "report.txt:1:1: JS101 报告未写明咨询联系电话" in result.stdout
    # its option, its plugin option, and its jurisdiction default are live
    (tmp_path / "gxrules.toml").write_text(
        'require-plugins = ["jiangsu-example"]\n[plugins.jiangsu-example]\nphone-words = ["主动公开"]\n'
        '[rules.JS101]\nmin-digits = 2\n', encoding="utf-8")
    quiet = venv.run("gxrules", "check", "--select", "JS", "-q", "--output-format", "concise", "report.txt",
                     cwd=tmp_path)
    assert quiet.returncode == 0 and "JS101" not in quiet.stdout, quiet.stdout + quiet.stderr
    (tmp_path / "gxrules.toml").write_text('[plugins.jiangsu-example]\nphone-word = ["电话"]\n', encoding="utf-8")
    bad = venv.run("gxrules", "check", "report.txt", cwd=tmp_path)
    assert bad.returncode == 2 and "phone-word" in bad.stderr
    blocked = venv.run("gxrules", "check", "--select", "JS", "-p", "no:jiangsu-example", "report.txt",
                       cwd=tmp_path / "..")
    assert "JS101" not in blocked.stdout


def test_example_plugin_own_tests_pass(example):
    """The guide's tests, run as a plugin author would: pytest in the plugin folder, module on the path.
    (With this interpreter and gxrules; the installed venv is covered above.)"""
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    env["PYTHONPATH"] = os.pathsep.join([str(example / "src"), str(ROOT)])
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                            cwd=example, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert result.returncode == 0, result.stdout
    assert "4 passed" in result.stdout
