"""Plugins: registering, loading, blocking, failing, listing; the 宁夏 plugin installed for real."""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

import gxrules
import gxrules.plugin
from gxrules.cli import main
from gxrules.linter import Linter, RuleRegistryError

ROOT = Path(__file__).resolve().parents[1]
NINGXIA = ROOT / "plugins" / "gxrules-ningxia"
SEEDS = Path(os.environ.get("GXRULES_SHARED", ROOT.parent / "shared")) / "seeds"

REPORT = """某某局2023年政府信息公开工作年度报告

一、总体情况

2023年，我局主动公开信息12条。{marker}

六、其他需要报告的事项

本年度未收取信息处理费。
"""


def run(argv, cwd=None):
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        code = main(list(argv), stdout=out, stderr=err)
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


# ----------------------------------------------------------------- plugins used by the tests
class ExamplePlugin:
    """A plugin object (not a module): its methods are the hook implementations."""

    dist_name = "gxrules-example"
    __version__ = "1.2.3"

    @gxrules.hookimpl
    def gxrules_rules(self):
        return [marker_rule, crash_rule]

    @gxrules.hookimpl
    def gxrules_label_aliases(self):
        return {"applications.row.new_received": ["一、本年收到申请数量"]}


@gxrules.rule("EX101", "marker-found", severity="error", summary="正文含有“标记”")
def marker_rule(report, ctx):
    """Fires on the word 标记 (for tests)."""
    for p in report.paragraphs():
        i = p.text.find("标记")
        if i >= 0:
            start = p.span.start.offset + i
            yield ctx.diagnostic(report.source.span(start, start + 2), "发现标记", key="marker")


@gxrules.rule("EX102", "crash-on-boom", severity="error", summary="遇到“崩溃”时出错（测试用）")
def crash_rule(report, ctx):
    """Raises on the word 崩溃 (for tests)."""
    if "崩溃" in report.source.text:
        raise RuntimeError("boom")
    return ()


class DuplicatePlugin:
    dist_name = "gxrules-duplicate"

    @gxrules.hookimpl
    def gxrules_rules(self):
        return [marker_rule]


class FakeDist:
    def __init__(self, name, version):
        self.name, self.version = name, version


class FakeEntryPoint:
    """What importlib.metadata gives for `[project.entry-points.gxrules] NAME = "module"`."""

    def __init__(self, name, target, dist="gxrules-example", version="1.2.3"):
        self.name, self.target, self.dist = name, target, FakeDist(dist, version)

    def load(self):
        if isinstance(self.target, BaseException):
            raise self.target
        return self.target


@pytest.fixture
def entry_points(monkeypatch):
    """Install fake entry points: ``entry_points(FakeEntryPoint(...), ...)``."""
    monkeypatch.delenv(gxrules.plugin.AUTOLOAD_ENV, raising=False)

    def install(*eps):
        monkeypatch.setattr(gxrules.plugin, "_entry_points", lambda: list(eps))

    install()
    return install


@pytest.fixture
def reports(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT.format(marker="标记"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(REPORT.format(marker="崩溃"), encoding="utf-8")
    (tmp_path / "c.txt").write_text(REPORT.format(marker="标记"), encoding="utf-8")
    return tmp_path


# ----------------------------------------------------------------- in process
def test_plugin_registered_in_the_test():
    linter = Linter(plugins=[ExamplePlugin()], load_entrypoints=False)
    assert linter.rules["EX101"].plugin == "gxrules-example"
    assert "CN101" in linter.rules  # the built-ins are there too
    found = linter.check(REPORT.format(marker="标记"), {"select": ["EX"]})
    assert [(d.code, d.span.start.line, d.plugin) for d in found] == [("EX101", 5, "gxrules-example")]
    assert "一、本年收到申请数量" in linter.aliases["applications.row.new_received"]
    info = [i for i in linter.pm.infos if i.dist == "gxrules-example"][0]
    assert info.version == "1.2.3" and info.hooks == ["gxrules_label_aliases", "gxrules_rules"]


def test_plugin_defaults_override_the_builtin_ones_and_config_overrides_both(tmp_path):
    class Hunan:
        dist_name = "gxrules-hunan"

        @gxrules.hookimpl
        def gxrules_default_config(self):
            return {"jurisdiction": {"department-deadline": "01-26"}}

    linter = Linter(plugins=[Hunan()], load_entrypoints=False)
    assert linter.settings(isolated=True).jurisdiction["department_deadline"] == "01-26"
    (tmp_path / "gxrules.toml").write_text('[jurisdiction]\ndepartment-deadline = "01-20"\n', encoding="utf-8")
    assert linter.settings(start=tmp_path).jurisdiction["department_deadline"] == "01-20"


def test_module_plugin_without_dist_name_is_named_after_the_module():
    import types

    module = types.ModuleType("my_rules")
    module.gxrules_rules = gxrules.hookimpl(lambda: [marker_rule])
    linter = Linter(plugins=[module], load_entrypoints=False)
    assert linter.rules["EX101"].plugin == "my_rules"


def test_duplicate_codes_are_an_error():
    linter = Linter(plugins=[ExamplePlugin(), DuplicatePlugin()], load_entrypoints=False)
    with pytest.raises(RuleRegistryError, match="EX101.*gxrules-example.*gxrules-duplicate"):
        linter.rules


def test_duplicate_code_from_an_entry_point_is_exit_2(entry_points, reports):
    entry_points(FakeEntryPoint("example", ExamplePlugin()),
                 FakeEntryPoint("dup", DuplicatePlugin(), dist="gxrules-duplicate"))
    code, out, err = run(["check", str(reports / "a.txt")])
    assert code == 2
    assert "EX101" in err and "gxrules-duplicate" in err


def test_a_plugin_may_not_take_a_national_code():
    class Thief:
        @gxrules.hookimpl
        def gxrules_rules(self):
            spec = gxrules.rule("CN101", "not-mine", summary="x")(lambda report, ctx: ())
            return [spec]

    with pytest.raises(RuleRegistryError, match="CN101"):
        Linter(plugins=[Thief()], load_entrypoints=False).rules


def test_misspelt_hook_is_reported():
    class Typo:
        @gxrules.hookimpl
        def gxrules_rule(self):  # not a hook: gxrules_rules
            return []

    with pytest.raises(Exception, match="gxrules_rule"):
        Linter(plugins=[Typo()], load_entrypoints=False)


# ----------------------------------------------------------------- entry points through the CLI
def test_entry_point_plugin_runs(entry_points, reports):
    entry_points(FakeEntryPoint("example", ExamplePlugin()))
    code, out, err = run(["check", "--select", "EX101", "--output-format", "concise", str(reports / "a.txt")])
    assert code == 1, err
    assert "EX101" in out


def test_plugin_that_fails_to_load_is_exit_2_naming_it(entry_points, reports):
    entry_points(FakeEntryPoint("broken", ImportError("No module named 'gxrules_broken'"),
                                dist="gxrules-broken", version="0.9"))
    for argv in (["check", str(reports / "a.txt")], ["rules"], ["plugins"], ["--version"]):
        code, out, err = run(argv)
        assert code == 2, argv
        assert "broken" in err and "gxrules-broken" in err and "0.9" in err, err
        assert "No module named" in err


def test_blocked_plugin_is_not_loaded(entry_points, reports):
    entry_points(FakeEntryPoint("broken", ImportError("nope"), dist="gxrules-broken"),
                 FakeEntryPoint("example", ExamplePlugin()))
    code, out, err = run(["rules", "-p", "no:broken"])
    assert code == 0, err
    assert "EX101" in out
    code, out, err = run(["rules", "-p", "no:gxrules-broken", "-p", "no:example"])  # by distribution too
    assert code == 0 and "EX101" not in out
    code, out, err = run(["check", "-p", "no:broken", "--select", "EX", str(reports / "a.txt")])
    assert code == 1 and "EX101" in out
    code, out, err = run(["rules", "-p", "broken"])
    assert code == 2 and "no:NAME" in err


def test_autoload_can_be_disabled(entry_points, monkeypatch, reports):
    entry_points(FakeEntryPoint("broken", ImportError("nope"), dist="gxrules-broken"))
    code, out, err = run(["rules", "--disable-plugin-autoload"])
    assert code == 0 and "CN101" in out
    code, out, err = run(["check", "--disable-plugin-autoload", "-q", str(reports / "a.txt")])
    assert code in (0, 1), err
    monkeypatch.setenv("GXRULES_DISABLE_PLUGIN_AUTOLOAD", "1")
    for argv in (["rules"], ["plugins"], ["--version"]):
        code, out, err = run(argv)
        assert code == 0, (argv, err)


def test_rule_that_raises_is_cn999_and_the_other_files_are_checked(entry_points, reports):
    entry_points(FakeEntryPoint("example", ExamplePlugin()))
    code, out, err = run(["check", "--select", "EX", "--output-format", "json",
                          str(reports / "a.txt"), str(reports / "b.txt"), str(reports / "c.txt")])
    assert code == 2
    found = json.loads(out)
    crash = [d for d in found if d["code"] == "CN999"]
    assert len(crash) == 1 and crash[0]["filename"].endswith("b.txt")
    assert "EX102" in crash[0]["message"] and "gxrules-example" in crash[0]["message"]
    assert crash[0]["data"]["exception"] == "RuntimeError"
    # the files before and after the crash were checked, and the crashing file's other rules ran
    assert {Path(d["filename"]).name for d in found if d["code"] == "EX101"} == {"a.txt", "c.txt"}


def test_rule_that_raises_with_jobs(entry_points, reports):
    entry_points(FakeEntryPoint("example", ExamplePlugin()))
    code, out, err = run(["check", "-j", "2", "--select", "EX", "--output-format", "concise", str(reports)])
    assert code == 2
    assert "CN999" in out and out.count("EX101") == 2


def test_plugins_command_lists_name_version_hooks_rules(entry_points):
    entry_points(FakeEntryPoint("example", ExamplePlugin()))
    code, out, err = run(["plugins", "--output-format", "json"])
    assert code == 0, err
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["gxrules"]["rules"][0] == "CN101"
    ex = rows["gxrules-example"]
    assert ex["version"] == "1.2.3" and ex["entry_point"] == "example"
    assert ex["hooks"] == ["gxrules_label_aliases", "gxrules_rules"]
    assert ex["rules"] == ["EX101", "EX102"]
    code, out, err = run(["plugins"])
    assert "gxrules-example 1.2.3" in out and "EX101, EX102" in out and "gxrules_rules" in out
    code, out, err = run(["--version"])
    assert code == 0 and "gxrules-example 1.2.3" in out
    code, out, err = run(["rules", "--output-format", "json"])
    assert {r["code"]: r["plugin"] for r in json.loads(out)}["EX101"] == "gxrules-example"


def test_require_plugins(entry_points, reports):
    entry_points(FakeEntryPoint("example", ExamplePlugin()))
    for name, expected in (("example", 0), ("gxrules-example", 0), ("gxrules_example", 0),
                           ("gxrules-jiangsu", 2)):
        (reports / "gxrules.toml").write_text(f'require-plugins = ["{name}"]\nselect = ["CN106"]\n',
                                              encoding="utf-8")
        code, out, err = run(["check", "-q", "a.txt"], cwd=reports)
        assert code == expected, (name, err)
        if expected == 2:
            assert "gxrules-jiangsu" in err and "require-plugins" in err
    (reports / "gxrules.toml").write_text('require-plugins = ["example"]\n', encoding="utf-8")
    code, out, err = run(["check", "-q", "-p", "no:example", "a.txt"], cwd=reports)
    assert code == 2 and "example" in err
    code, out, err = run(["check", "-q", "--disable-plugin-autoload", "a.txt"], cwd=reports)
    assert code == 2 and "example" in err


# ----------------------------------------------------------------- the 宁夏 plugin
def test_ningxia_plugin_own_tests():
    """plugins/gxrules-ningxia/tests (rule cases and seeds), as its own test run: CI runs `pytest` on tests/."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                            cwd=NINGXIA, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert result.returncode == 0, result.stdout
    assert " passed" in result.stdout and "failed" not in result.stdout


# ----------------------------------------------------------------- the 宁夏 plugin, installed
@pytest.fixture(scope="session")
def ningxia_venv(venv, tmp_path_factory):
    """...plus the 宁夏 plugin, a regular (non-editable) install, built from a copy (no build/ in the tree)."""
    import shutil

    copy = tmp_path_factory.getbasetemp() / "gxrules-ningxia-src"
    if not copy.exists():
        shutil.copytree(NINGXIA, copy, ignore=shutil.ignore_patterns(
            "build", "*.egg-info", "__pycache__", ".pytest_cache"))
    venv.install(str(copy))
    return venv


def test_ningxia_installed_through_its_entry_point(ningxia_venv, tmp_path):
    v = ningxia_venv
    out = v.run("gxrules", "plugins", "--output-format", "json", check=True).stdout
    rows = {r["name"]: r for r in json.loads(out)}
    nx = rows["gxrules-ningxia"]
    assert nx["entry_point"] == "ningxia" and nx["version"] == "0.1.0"
    assert nx["rules"] == ["NX101", "NX102", "NX103"]
    assert "gxrules_label_aliases" in nx["hooks"]
    rules = {r["code"]: r for r in json.loads(v.run("gxrules", "rules", "--output-format", "json",
                                                    check=True).stdout)}
    assert {rules[c]["plugin"] for c in ("NX101", "NX102", "NX103")} == {"gxrules-ningxia"}
    assert "gxrules-ningxia 0.1.0" in v.run("gxrules", "--version", check=True).stdout
    assert "NX101" not in v.run("gxrules", "rules", "-p", "no:ningxia", check=True).stdout
    assert "NX101" not in v.run("gxrules", "rules", env=v.env(GXRULES_DISABLE_PLUGIN_AUTOLOAD="1"),
                                check=True).stdout

    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found under {SEEDS}")
    result = v.run("gxrules", "check", "--select", "NX", "--output-format", "json", str(SEEDS), cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # NX rules are warnings
    found = sorted((Path(d["filename"]).name[:3], d["code"], d["location"]["row"])
                   for d in json.loads(result.stdout))
    assert found == [("004", "NX101", 84), ("004", "NX102", 5)]
    strict = v.run("gxrules", "check", "--select", "NX", "--fail-on", "warning", "-q",
                   "--output-format", "concise", str(SEEDS), cwd=tmp_path)
    assert strict.returncode == 1 and "NX101" in strict.stdout

    (tmp_path / "gxrules.toml").write_text('require-plugins = ["ningxia"]\n', encoding="utf-8")
    missing = v.run("gxrules", "check", "-q", "-p", "no:ningxia", str(SEEDS), cwd=tmp_path)
    assert missing.returncode == 2 and "ningxia" in missing.stderr
