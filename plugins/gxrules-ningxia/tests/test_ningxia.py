"""Tests of the 宁夏 plugin: rule cases, the seed reports, hooks and data."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import gxrules_ningxia
from gxrules.linter import Linter
from gxrules.testing import RuleCase, assert_rule_case, assert_rule_cases, load_cases

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
# The five 宁夏 seed reports live in the project's shared folder, next to the repository.
SEEDS = Path(os.environ.get("GXRULES_SHARED", HERE.parents[3] / "shared")) / "seeds"


@pytest.fixture(scope="module")
def linter():
    return Linter(plugins=[gxrules_ningxia], load_entrypoints=False)


@pytest.mark.parametrize("case", load_cases(CASES), ids=str)
def test_rule_case(case, linter):
    assert_rule_case(case, plugins=[gxrules_ningxia], linter=linter)


# What the plugin finds on the seed reports, rule by rule (see the rules' docstrings):
# 004 has no 工作要点 in 六 and cites only the 条例; 002 reports the 要点 in prose
# and cites the notice with a malformed number (CN602's business).
SEED_EXPECT = {
    "000": [],
    "001": [],
    "002": [],
    "003": [],
    "004": ["NX101@84", "NX102@5"],
}


def _seed(prefix):
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed {prefix} not found under {SEEDS}")
    return found[0]


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECT))
def test_seed(prefix, linter):
    case = RuleCase(name=f"seed {prefix}", file=_seed(prefix), expect=SEED_EXPECT[prefix], select=["NX"])
    assert_rule_case(case, plugins=[gxrules_ningxia], linter=linter)


def test_require_heading_on_seed_002(linter):
    case = RuleCase(name="seed 002 strict", file=_seed("002"), expect=["NX101@611"], select=["NX101"],
                    config={"rules": {"NX101": {"require-heading": True}}})
    assert_rule_case(case, plugins=[gxrules_ningxia], linter=linter)


def test_all_cases_at_once():
    results = assert_rule_cases(CASES, plugins=[gxrules_ningxia])
    assert len(results) == len(load_cases(CASES))


def test_rules_are_registered_under_the_plugin_name(linter):
    nx = {code: spec for code, spec in linter.rules.items() if code.startswith("NX")}
    assert sorted(nx) == ["NX101", "NX102", "NX103"]
    assert {spec.plugin for spec in nx.values()} == {"gxrules-ningxia"}
    for spec in nx.values():
        assert spec.doc and spec.summary and spec.name


def test_hooks():
    info = [i for i in Linter(plugins=[gxrules_ningxia], load_entrypoints=False).pm.infos
            if i.dist == "gxrules-ningxia"][0]
    assert info.hooks == ["gxrules_config_options", "gxrules_default_config", "gxrules_label_aliases",
                          "gxrules_rules"]
    assert info.version == gxrules_ningxia.__version__


def test_alias_targets_exist_in_the_national_template(linter):
    """A misspelt target (table.kind.key) would be skipped silently by the reader."""
    from gxrules.labels import _official  # noqa: PLC2701 - the same lookup the reader uses

    template = linter.templates["2021"]
    for target in gxrules_ningxia.LABEL_ALIASES:
        table, kind, key = target.split(".")
        assert table in template.tables, target
        assert _official(template.tables[table], kind, key), target


def test_regional_wordings_are_read(linter):
    """The wordings of seeds 002 and 003 are read as the official rows (CN501 offers the fix)."""
    text = _seed("003").read_text(encoding="utf-8")
    report = linter.parse(text)
    uses = {(u.table, u.kind, u.key): u for u in report.labels if u.variant != "official"}
    assert uses[("applications", "row", "new_received")].found.endswith("本年接收政府信息公开数量")
    assert uses[("applications", "column", "commercial")].found == "商业机构"
    assert report.tables["applications"].cell("new_received", "total").value == 1


def test_config_defaults_and_options(linter, tmp_path):
    settings = linter.settings({}, isolated=True)
    assert settings.jurisdiction["key_points_section"] == 6
    assert settings.plugin_options["ningxia"]["key_points_words"] == gxrules_ningxia.KEY_POINTS_WORDS
    from gxrules.config import ConfigError

    with pytest.raises(ConfigError, match="plugins.ningxia.no-such-option"):
        linter.settings({"plugins": {"ningxia": {"no-such-option": 1}}}, isolated=True)
    with pytest.raises(ConfigError, match="key-points-words"):
        linter.settings({"plugins": {"ningxia": {"key-points-words": "工作要点"}}}, isolated=True)


def test_config_file(linter, tmp_path):
    (tmp_path / "gxrules.toml").write_text(
        '[plugins.ningxia]\nkey-points-words = ["重点工作"]\n[rules.NX101]\nrequire-heading = true\n',
        encoding="utf-8")
    settings = linter.settings({}, start=tmp_path)
    assert settings.plugin_options["ningxia"]["key_points_words"] == ["重点工作"]
    assert settings.rule_options["NX101"]["require_heading"] is True
