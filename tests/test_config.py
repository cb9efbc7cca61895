"""Configuration discovery, validation and resolution (SPEC §5)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gxrules.config import (
    DEFAULT_EXCLUDE,
    DEFAULT_INCLUDE,
    ConfigError,
    OptionSpec,
    Settings,
    discover_settings,
    find_config,
    load_config,
    parse_size,
    resolve_settings,
)
from gxrules.diagnostics import Severity

SPECS = {
    "CN307": {"tolerance": OptionSpec(Decimal, Decimal("0.01"), "允许的百分比误差")},
    "CN404": {"unit": OptionSpec(int, 10), "mode": OptionSpec(str, "strict", choices=("strict", "loose"))},
    "CN101": {},
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- find_config -------------------------------------------------------------------

def test_find_pyproject_with_table(tmp_path):
    cfg = write(tmp_path / "pyproject.toml", "[tool.gxrules]\nselect = ['CN']\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert find_config(tmp_path / "a" / "b") == cfg
    assert find_config(tmp_path) == cfg


def test_find_skips_pyproject_without_table(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    cfg = write(tmp_path / "gxrules.toml", "select = ['CN']\n")
    assert find_config(tmp_path) == cfg


def test_find_skips_pyproject_that_only_mentions_gxrules(tmp_path):
    write(tmp_path / "pyproject.toml", "[project]\nname = 'gxrules-reports'\n")
    cfg = write(tmp_path / ".gxrules.toml", "")
    assert find_config(tmp_path) == cfg


def test_find_priority_in_one_directory(tmp_path):
    write(tmp_path / ".gxrules.toml", "")
    plain = write(tmp_path / "gxrules.toml", "")
    assert find_config(tmp_path) == plain
    pyproject = write(tmp_path / "pyproject.toml", "[tool.gxrules]\n")
    assert find_config(tmp_path) == pyproject


def test_find_nearest_directory_wins(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.gxrules]\n")
    inner = write(tmp_path / "reports" / ".gxrules.toml", "ignore = ['CN3']\n")
    report = write(tmp_path / "reports" / "2023" / "a.txt", "x")
    assert find_config(report) == inner  # a file starts at its directory


def test_find_none(tmp_path):
    (tmp_path / "x").mkdir()
    assert find_config(tmp_path / "x") is None


def test_find_broken_pyproject_with_table_is_an_error(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.gxrules\nselect = \n")
    with pytest.raises(ConfigError, match="TOML"):
        find_config(tmp_path)


# -- load_config -----------------------------------------------------------------

FULL_CONFIG = """
[tool.gxrules]
select = ["CN", "NX"]
extend-select = ["CN9"]
ignore = ["CN305"]
include = ["reports/**/*.txt"]
exclude = ["reports/archive/**"]
fail-on = "warning"
output-format = "concise"
require-plugins = ["gxrules-ningxia"]
max-file-size = "2MB"

[tool.gxrules.per-file-ignores]
"reports/2019/*.txt" = ["CN1", "CN307"]

[tool.gxrules.rules.CN307]
tolerance = "0.05"

[tool.gxrules.jurisdiction]
department-deadline = "02-15"
kind = "department"

[tool.gxrules.plugins.ningxia]
strict = true
"""


def test_load_pyproject(tmp_path):
    cfg = write(tmp_path / "pyproject.toml", FULL_CONFIG)
    values = load_config(cfg)
    assert values["select"] == ["CN", "NX"]
    assert values["per-file-ignores"] == {"reports/2019/*.txt": ["CN1", "CN307"]}
    assert values["max-file-size"] == "2MB"  # raw values
    assert values["plugins"] == {"ningxia": {"strict": True}}


def test_load_plain_file_uses_top_level(tmp_path):
    cfg = write(tmp_path / "gxrules.toml", "ignore = ['CN3']\n[rules.CN307]\ntolerance = 0.1\n")
    assert load_config(cfg) == {"ignore": ["CN3"], "rules": {"CN307": {"tolerance": 0.1}}}


def test_load_pyproject_without_table(tmp_path):
    cfg = write(tmp_path / "pyproject.toml", "[project]\nname='x'\n")
    with pytest.raises(ConfigError, match="tool.gxrules"):
        load_config(cfg)


def test_load_missing_file(tmp_path):
    with pytest.raises(ConfigError):
        load_config(tmp_path / "gxrules.toml")


def test_unknown_key_suggests(tmp_path):
    cfg = write(tmp_path / "gxrules.toml", "extend_select = ['CN2']\n")
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    msg = str(info.value)
    assert "“extend_select”" in msg and "“extend-select”" in msg and "gxrules.toml" in msg
    assert info.value.key == "extend_select"
    cfg = write(tmp_path / "gxrules.toml", "selcet = ['CN2']\n")
    with pytest.raises(ConfigError, match="“select”"):
        load_config(cfg)


@pytest.mark.parametrize("text,key", [
    ("select = 'CN2'", "select"),
    ("ignore = [1]", "ignore"),
    ("select = ['cn2']", "select"),
    ("extend-select = ['CN2011']", "extend-select"),
    ("include = 'reports'", "include"),
    ("fail-on = 'fatal'", "fail-on"),
    ("fail-on = 3", "fail-on"),
    ("output-format = 3", "output-format"),
    ("require-plugins = 'x'", "require-plugins"),
    ("max-file-size = 'huge'", "max-file-size"),
    ("max-file-size = true", "max-file-size"),
    ("max-file-size = 0", "max-file-size"),
    ("per-file-ignores = ['x']", "per-file-ignores"),
    ("[per-file-ignores]\n'*.md' = 'CN5'", "per-file-ignores.\"*.md\""),
    ("rules = 1", "rules"),
    ("[rules]\nCN307 = 1", "rules.CN307"),
    ("[rules.cn307]\ntolerance = 1", "rules.cn307"),
    ("[rules.CN3]\ntolerance = 1", "rules.CN3"),
    ("[jurisdiction]\ndepartment-deadline = '1-31'", "jurisdiction.department-deadline"),
    ("[jurisdiction]\ngovernment-deadline = '02-30'", "jurisdiction.government-deadline"),
    ("[jurisdiction]\nkind = 'city'", "jurisdiction.kind"),
    ("[plugins]\nningxia = 1", "plugins.ningxia"),
])
def test_bad_values_name_the_key(tmp_path, text, key):
    cfg = write(tmp_path / "gxrules.toml", text + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    assert info.value.key == key
    assert f"“{key}”" in str(info.value)


def test_tool_gxrules_not_a_table(tmp_path):
    cfg = write(tmp_path / "pyproject.toml", "[tool]\ngxrules = 1\n")
    with pytest.raises(ConfigError, match="tool.gxrules"):
        load_config(cfg)


@pytest.mark.parametrize("value,size", [
    (1000, 1000), ("5MB", 5 * 1024 * 1024), ("500KB", 500 * 1024), ("500 kb", 500 * 1024),
    ("1.5MiB", 1572864), ("2G", 2 * 1024 ** 3), ("123", 123), ("10B", 10),
])
def test_parse_size(value, size):
    assert parse_size(value) == size


@pytest.mark.parametrize("value", ["5TB", "-1", "MB", "", 1.5, [1]])
def test_parse_size_rejects(value):
    with pytest.raises(ConfigError, match="max-file-size"):
        parse_size(value)


# -- resolve_settings -------------------------------------------------------------

def test_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = resolve_settings({}, {}, {}, SPECS)
    assert isinstance(s, Settings)
    assert s.select is None and s.extend_select == [] and s.ignore == []
    assert s.fail_on == "error" and s.fail_level is Severity.ERROR
    assert s.output_format == "full"
    assert s.include == list(DEFAULT_INCLUDE)
    assert {".git", ".venv", "node_modules"} <= set(s.exclude)
    assert s.max_file_size == 5 * 1024 * 1024
    assert s.rule_options == {"CN307": {"tolerance": Decimal("0.01")},
                              "CN404": {"unit": 10, "mode": "strict"}, "CN101": {}}
    assert s.jurisdiction == {"department_deadline": "01-31", "government_deadline": "03-31", "kind": "auto"}
    assert s.plugin_options == {} and s.require_plugins == [] and s.per_file_ignores == {}
    assert s.config_path is None and s.root == tmp_path.resolve()
    assert s.rule_enabled("CN201") and not s.rule_enabled("CN999", default_on=False)


def test_file_values_resolved(tmp_path):
    cfg = write(tmp_path / "pyproject.toml", FULL_CONFIG)
    s = resolve_settings(load_config(cfg), {}, {}, SPECS, config_path=cfg)
    assert s.select == ["CN", "NX"] and s.extend_select == ["CN9"] and s.ignore == ["CN305"]
    assert s.fail_on == "warning" and s.fail_level is Severity.WARNING
    assert s.output_format == "concise"
    assert s.include == ["reports/**/*.txt"]
    assert s.exclude == list(DEFAULT_EXCLUDE) + ["reports/archive/**"]
    assert s.max_file_size == 2 * 1024 * 1024
    assert s.require_plugins == ["gxrules-ningxia"]
    assert s.per_file_ignores == {"reports/2019/*.txt": ["CN1", "CN307"]}
    assert s.rule_options["CN307"] == {"tolerance": Decimal("0.05")}
    assert s.jurisdiction == {"department_deadline": "02-15", "government_deadline": "03-31", "kind": "department"}
    assert s.plugin_options == {"ningxia": {"strict": True}}
    assert s.config_path == cfg and s.root == tmp_path.resolve()
    assert not s.rule_enabled("CN305") and s.rule_enabled("NX101") and s.rule_enabled("CN901")


def test_priority_cli_over_file_over_plugin_defaults(tmp_path):
    plugin = {"fail-on": "info", "output-format": "json", "rules": {"CN404": {"unit": 100}},
              "jurisdiction": {"government-deadline": "04-30", "region-name": "宁夏"},
              "plugins": {"ningxia": {"strict": False, "level": 1}}}
    file_values = {"fail-on": "warning", "rules": {"CN404": {"mode": "loose"}},
                   "jurisdiction": {"region-name": "银川"}, "plugins": {"ningxia": {"strict": True}}}
    cli = {"fail_on": "error", "output_format": None, "select": None}
    s = resolve_settings(file_values, cli, plugin, SPECS)
    assert s.fail_on == "error"  # CLI
    assert s.output_format == "json"  # CLI not given, file silent: plugin default
    assert s.rule_options["CN404"] == {"unit": 100, "mode": "loose"}
    assert s.jurisdiction["government_deadline"] == "04-30"
    assert s.jurisdiction["region_name"] == "银川"  # a key the plugin declared
    assert s.plugin_options == {"ningxia": {"strict": True, "level": 1}}


def test_cli_selection_layers_over_file():
    s = resolve_settings({"select": ["CN"], "ignore": ["CN3"]}, {"ignore": "CN201,CN202"}, {}, {})
    assert not s.rule_enabled("CN201") and not s.rule_enabled("CN301") and s.rule_enabled("CN203")
    s = resolve_settings({"select": ["CN"], "ignore": ["CN3"]}, {"select": ["CN301"]}, {}, {})
    assert s.select == ["CN301"]
    assert s.rule_enabled("CN301") and not s.rule_enabled("CN201")
    s = resolve_settings({"ignore": ["CN3"]}, {"extend-select": ["CN305"]}, {}, {})
    assert s.rule_enabled("CN305") and not s.rule_enabled("CN301") and s.rule_enabled("CN101")


def test_cli_bad_selector_is_config_error():
    with pytest.raises(ConfigError, match="“select”"):
        resolve_settings({}, {"select": ["cn2"]}, {}, {})


def test_unknown_rule_option_names_full_key():
    with pytest.raises(ConfigError) as info:
        resolve_settings({"rules": {"CN307": {"tolerence": 0.1}}}, {}, {}, SPECS)
    assert info.value.key == "rules.CN307.tolerence"
    assert "“tolerance”" in str(info.value)


def test_rule_without_options_and_unknown_rule():
    with pytest.raises(ConfigError, match="rules.CN101.x"):
        resolve_settings({"rules": {"CN101": {"x": 1}}}, {}, {}, SPECS)
    with pytest.raises(ConfigError) as info:
        resolve_settings({"rules": {"CN308": {"tolerance": 1}}}, {}, {}, SPECS)
    assert info.value.key == "rules.CN308"
    assert "CN307" in str(info.value)


@pytest.mark.parametrize("options,key", [
    ({"CN404": {"unit": "10"}}, "rules.CN404.unit"),
    ({"CN404": {"unit": True}}, "rules.CN404.unit"),
    ({"CN404": {"mode": "lax"}}, "rules.CN404.mode"),
    ({"CN307": {"tolerance": "abc"}}, "rules.CN307.tolerance"),
    ({"CN307": {"tolerance": [1]}}, "rules.CN307.tolerance"),
    ({"CN307": {"tolerance": "nan"}}, "rules.CN307.tolerance"),
])
def test_rule_option_types(options, key):
    with pytest.raises(ConfigError) as info:
        resolve_settings({"rules": options}, {}, {}, SPECS)
    assert info.value.key == key


def test_rule_option_coercion_and_kebab_names():
    specs = {"CN307": {"tolerance": OptionSpec(float, 0.5), "max_gap": OptionSpec(int, 1)}}
    s = resolve_settings({"rules": {"CN307": {"tolerance": 1, "max-gap": 3}}}, {}, {}, specs)
    assert s.rule_options["CN307"] == {"tolerance": 1.0, "max_gap": 3}
    assert isinstance(s.rule_options["CN307"]["tolerance"], float)
    s = resolve_settings({"rules": {"CN307": {"tolerance": 0.05}}}, {}, {}, SPECS)
    assert s.rule_options["CN307"]["tolerance"] == Decimal("0.05")  # via str: no float noise


def test_output_format_checked_against_known_formats():
    with pytest.raises(ConfigError) as info:
        resolve_settings({"output-format": "jsonl"}, {}, {}, {})
    assert info.value.key == "output-format" and "“json”" in str(info.value)
    s = resolve_settings({"output-format": "csv"}, {}, {}, {}, output_formats=["full", "csv"])
    assert s.output_format == "csv"


def test_unknown_cli_key_is_error():
    with pytest.raises(ConfigError, match="fail-on"):
        resolve_settings({}, {"fail_onn": "error"}, {}, {})


def test_root_is_config_directory(tmp_path):
    cfg = write(tmp_path / "sub" / "gxrules.toml", "")
    s = resolve_settings({}, {}, {}, {}, config_path=cfg)
    assert s.root == (tmp_path / "sub").resolve()


def test_discover_settings(tmp_path):
    write(tmp_path / "gxrules.toml", "fail-on = 'warning'\n[rules.CN307]\ntolerance = '0.2'\n")
    (tmp_path / "r").mkdir()
    s = discover_settings(tmp_path / "r", {}, {}, SPECS)
    assert s.fail_on == "warning" and s.rule_options["CN307"]["tolerance"] == Decimal("0.2")
    assert s.config_path == tmp_path / "gxrules.toml"
    s = discover_settings(tmp_path / "r", {}, {}, SPECS, isolated=True)
    assert s.fail_on == "error" and s.config_path is None
    other = write(tmp_path / "other.toml", "fail-on = 'info'\n")
    s = discover_settings(tmp_path / "r", {"fail-on": "warning"}, {}, SPECS, config=other)
    assert s.fail_on == "warning" and s.config_path == other


def test_messages_say_where_values_came_from(tmp_path):
    with pytest.raises(ConfigError) as info:
        resolve_settings({}, {"ignore": ["cn1"]}, {}, {})
    assert str(info.value).startswith("命令行参数: ") and "CN1" in str(info.value)
    with pytest.raises(ConfigError) as info:
        resolve_settings({}, {}, {"fail-on": "fatal"}, {})
    assert str(info.value).startswith("插件默认配置: ")
    with pytest.raises(ConfigError) as info:
        resolve_settings({"rules": {"CN307": {"tolerance": "x"}}}, {}, {}, SPECS,
                         config_path=tmp_path / "gxrules.toml")
    assert str(info.value).startswith(str(tmp_path / "gxrules.toml"))
    assert '实际是 "x"' in str(info.value)


def test_plugin_declared_jurisdiction_key_through_load_config(tmp_path):
    cfg = write(tmp_path / "gxrules.toml", "[jurisdiction]\nregion-name = '银川'\n")
    values = load_config(cfg)  # plugins are not known yet: accepted
    s = resolve_settings(values, {}, {"jurisdiction": {"region-name": ""}}, {}, config_path=cfg)
    assert s.jurisdiction["region_name"] == "银川"
    with pytest.raises(ConfigError) as info:
        resolve_settings(values, {}, {}, {}, config_path=cfg)
    assert info.value.key == "jurisdiction.region-name"


def test_unknown_jurisdiction_key_suggests():
    with pytest.raises(ConfigError) as info:
        resolve_settings({"jurisdiction": {"departement-deadline": "01-31"}}, {}, {}, {})
    assert info.value.key == "jurisdiction.departement-deadline"
    assert "“department-deadline”" in str(info.value)


def test_plugin_options_checked_against_specs():
    specs = {"ningxia": {"strict": OptionSpec(bool, False), "min_items": OptionSpec(int, 3)}}
    s = resolve_settings({"plugins": {"ningxia": {"strict": True}}}, {}, {}, {}, plugin_option_specs=specs)
    assert s.plugin_options == {"ningxia": {"strict": True, "min_items": 3}}
    with pytest.raises(ConfigError) as info:
        resolve_settings({"plugins": {"ningxia": {"strcit": True}}}, {}, {}, {}, plugin_option_specs=specs)
    assert info.value.key == "plugins.ningxia.strcit" and "“strict”" in str(info.value)
    with pytest.raises(ConfigError) as info:
        resolve_settings({"plugins": {"ningxai": {}}}, {}, {}, {}, plugin_option_specs=specs)
    assert info.value.key == "plugins.ningxai" and "“ningxia”" in str(info.value)
    with pytest.raises(ConfigError, match="plugins.ningxia.min_items"):
        resolve_settings({"plugins": {"ningxia": {"min_items": "3"}}}, {}, {}, {}, plugin_option_specs=specs)
