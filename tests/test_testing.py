"""gxrules.testing: rule cases in TOML, run against a Linter with the plugin under test."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import gxrules
from gxrules.testing import (Expectation, RuleCase, assert_rule_case, assert_rule_cases, load_cases,
                             parse_expectation, run_case)

REPORT = """某某局2023年政府信息公开工作年度报告

一、总体情况

2023年，我局主动公开信息12条。{marker}

六、其他需要报告的事项

本年度未收取信息处理费。
"""


@gxrules.rule("TS101", "marker-found", severity="warning", summary="正文含有“标记”")
def marker_rule(report, ctx):
    """Fires on each 标记 (for tests)."""
    for p in report.paragraphs():
        start = 0
        while (i := p.text.find("标记", start)) >= 0:
            off = p.span.start.offset + i
            yield ctx.diagnostic(report.source.span(off, off + 2), "发现标记", key=f"m{i}")
            start = i + 2


@gxrules.rule("TS102", "crash", summary="遇到“崩溃”时出错")
def crash_rule(report, ctx):
    """Raises on 崩溃 (for tests)."""
    if "崩溃" in report.source.text:
        raise ValueError("boom")
    return ()


class Plugin:
    dist_name = "gxrules-test"

    @gxrules.hookimpl
    def gxrules_rules(self):
        return [marker_rule, crash_rule]


PLUGIN = Plugin()


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


# ----------------------------------------------------------------- expectations
@pytest.mark.parametrize("text, expected", [
    ("NX101@84", Expectation("NX101", 84)),
    ("NX101@84:3", Expectation("NX101", 84, 3)),
    ("CN201", Expectation("CN201")),
    (" TS101 @ 5 ", Expectation("TS101", 5)),
])
def test_parse_expectation(text, expected):
    assert parse_expectation(text) == expected
    assert str(expected) in text.replace(" ", "")


@pytest.mark.parametrize("bad", ["nx101@84", "NX101@", "NX1@3", "NX101:84", ""])
def test_bad_expectation(bad):
    with pytest.raises(ValueError, match="CODE@LINE"):
        parse_expectation(bad)


# ----------------------------------------------------------------- loading
def test_load_cases_from_toml(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "r.txt").write_text(REPORT.format(marker="标记"), encoding="utf-8")
    write(tmp_path / "TS101.toml", '''
        rule = "TS101"

        [[case]]
        name = "inline"
        text = """
            某某局2023年政府信息公开工作年度报告
            一、总体情况
            """
        expect = []

        [[case]]
        name = "from a file"
        file = "data/r.txt"
        select = ["TS"]
        config = { fail-on = "warning" }
        expect = ["TS101@5"]

        [[case]]
        name = "later"
        text = "x"
        expect = []
        skip = "not written yet"
    ''')
    cases = load_cases(tmp_path / "TS101.toml")
    assert [c.name for c in cases] == ["inline", "from a file", "later"]
    assert cases[0].text.startswith("某某局") and cases[0].select == ["TS101"]  # dedented; file-level rule
    assert cases[1].file == tmp_path / "data" / "r.txt" and cases[1].select == ["TS"]
    assert cases[1].config == {"fail-on": "warning"}
    assert cases[2].skip == "not written yet"
    assert str(cases[1]) == "TS101::from a file"
    assert load_cases(tmp_path) == cases  # a folder: every *.toml
    assert_rule_cases(tmp_path, plugins=[PLUGIN])


@pytest.mark.parametrize("body, message", [
    ('[[case]]\nname = "a"\ntext = "x"\nexpect = []\nexpected = []\n', "unknown key.*expected"),
    ('[[case]]\nname = "a"\ntext = "x"\nexpect = []\n[[case]]\nname = "a"\ntext = "y"\nexpect = []\n',
     "two cases are named 'a'"),
    ('[[case]]\nname = "a"\ntext = "x"\n', "no expect"),
    ('[[case]]\nname = "a"\ntext = "x"\nfile = "y"\nexpect = []\n', "exactly one of text= or file="),
    ('[[case]]\nname = "a"\nexpect = []\n', "exactly one of text= or file="),
    ('[[case]]\nname = "a"\ntext = "x"\nexpect = ["NX101@x"]\n', "CODE@LINE"),
    ('[[case]]\ntext = "x"\nexpect = []\n', "case #1 has no name"),
    ('rules = "TS101"\n[[case]]\nname = "a"\ntext = "x"\nexpect = []\n', "unknown key.*rules"),
    ('select = ["TS101"]\n', "no \\[\\[case\\]\\]"),
    ('[[case]\n', "not valid TOML"),
])
def test_bad_case_files_name_the_file_and_case(tmp_path, body, message):
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        load_cases(path)
    assert "bad.toml" in str(info.value)


def test_empty_folder(tmp_path):
    with pytest.raises(ValueError, match="no \\*.toml"):
        load_cases(tmp_path)


# ----------------------------------------------------------------- running
def test_default_selection_is_the_plugins_rules():
    # CN101 would fire on this short report (sections missing); only TS rules are compared
    case = RuleCase(name="plugin rules only", text=REPORT.format(marker="标记"), expect=["TS101@5"])
    result = assert_rule_case(case, plugins=[PLUGIN])
    assert [d.code for d in result.findings] == ["TS101"]


def test_code_only_and_column_expectations():
    text = REPORT.format(marker="标记，又一个标记")
    assert_rule_case(RuleCase(name="any line", text=text, expect=["TS101", "TS101@5:25"]), plugins=[PLUGIN])
    with pytest.raises(AssertionError, match="missing:    TS101@5:1"):
        assert_rule_case(RuleCase(name="wrong column", text=text, expect=["TS101@5:1", "TS101"]),
                         plugins=[PLUGIN])


def test_failure_message_shows_expected_found_and_the_line():
    case = RuleCase(name="wrong line", text=REPORT.format(marker="标记"), expect=["TS101@4"])
    with pytest.raises(AssertionError) as info:
        assert_rule_case(case, plugins=[PLUGIN])
    message = str(info.value)
    assert "rule case 'wrong line' failed" in message
    assert "expected: TS101@4" in message
    assert "found:    TS101@5:19" in message
    assert "missing:    TS101@4" in message
    assert "unexpected: TS101@5:19 发现标记" in message
    assert "5 | 2023年，我局主动公开信息12条。标记" in message


def test_no_findings_expected_but_some_found():
    case = RuleCase(name="clean?", text=REPORT.format(marker="标记"), expect=[])
    result = run_case(case, plugins=[PLUGIN])
    assert not result.ok and result.unexpected and not result.missing
    assert "expected: (no findings)" in result.explain()


def test_a_crashing_rule_shows_as_cn999():
    case = RuleCase(name="crash", text=REPORT.format(marker="崩溃"), expect=[])
    with pytest.raises(AssertionError, match=r"CN999@1:1 规则 TS102（crash，插件 gxrules-test）执行出错：ValueError: boom"):
        assert_rule_case(case, plugins=[PLUGIN])


def test_text_that_is_not_read_as_a_report():
    case = RuleCase(name="not a report", text="今天天气很好。\n", expect=["TS101"])
    with pytest.raises(AssertionError, match="not checked: 不是政府信息公开工作年度报告"):
        assert_rule_case(case, plugins=[PLUGIN])


def test_config_reaches_the_rules():
    from gxrules.config import OptionSpec

    @gxrules.rule("TS201", "needs-words", severity="warning", summary="x",
                  options={"word": OptionSpec(str, "标记", "the word")})
    def word_rule(report, ctx):
        """Fires on the configured word."""
        if ctx.option("word") in report.source.text:
            yield ctx.diagnostic(report.sections[0].span, "found", key="w")

    class P:
        dist_name = "gxrules-words"

        @gxrules.hookimpl
        def gxrules_rules(self):
            return [word_rule]

    text = REPORT.format(marker="")
    assert_rule_cases([
        RuleCase(name="default word", text=text, expect=[]),
        RuleCase(name="configured word", text=text, expect=["TS201@3"],
                 config={"rules": {"TS201": {"word": "主动公开"}}}),
    ], plugins=[P()])


def test_all_failures_are_listed():
    cases = [RuleCase(name=f"c{i}", text=REPORT.format(marker="标记"), expect=[]) for i in range(3)]
    with pytest.raises(AssertionError, match="3 of 3 rule cases failed") as info:
        assert_rule_cases(cases, plugins=[PLUGIN])
    assert all(f"'c{i}'" in str(info.value) for i in range(3))


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        run_case(RuleCase(name="gone", file=tmp_path / "nope.txt", expect=[]), plugins=[PLUGIN])


def test_skipped_case_is_skipped_under_pytest():
    with pytest.raises(pytest.skip.Exception):
        assert_rule_case(RuleCase(name="later", text="x", expect=[], skip="todo"), plugins=[PLUGIN])
