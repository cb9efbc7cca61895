"""The runner collects source lines only for output formats that show them; the full format
measures only what it shows.

A finding's source line (a crawler's one-line report: the whole file) travels
from the worker to the main process only when the reporter prints it
(``Reporter.shows_source``). These tests hold every output the same as when
the lines are always collected, through the CLI as users run it.
"""
from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import gxrules.reporters as reporters
from conftest import TextReadingCrossYearRule, seed_files, seed_path
from gxrules import runner
from gxrules.cli import main
from gxrules.linter import Linter
from gxrules.reporters import BUILTIN_REPORTERS, Reporter, text

pytestmark = pytest.mark.skipif(not seed_files(), reason="../shared/seeds not found")

FORMATS = ["full", "concise", "json", "json-lines", "sarif", "github", "junit", "html"]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _folder(tmp_path):
    """Two years of one body (2023's carried-over count disagrees with 2022's: CN207) and a report
    whose totals do not add up (CN2xx)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    base = seed_path("001").read_text(encoding="utf-8")
    old = base.replace("2023", "2022").replace(
        "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0", "四、结转下年度继续办理\t\t2\t0\t0\t0\t0\t0\t2")
    (tmp_path / "2022.txt").write_text(old, encoding="utf-8")
    (tmp_path / "2023.txt").write_text(base, encoding="utf-8")
    (tmp_path / "broken.txt").write_text(base.replace("(七) 总计\t\t8\t0\t0\t0\t0\t0\t8", "(七) 总计\t\t8\t0\t0\t0\t0\t0\t9"),
                                         encoding="utf-8")
    return tmp_path


def _always_lines(monkeypatch):
    monkeypatch.setattr(reporters, "shows_source", lambda name, extra=None: True)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_format_writes_what_it_wrote_with_the_lines_always_collected(tmp_path, monkeypatch, jobs):
    folder = _folder(tmp_path)
    args = ["check", "--isolated", "--exit-zero", "-j", jobs, str(folder)]
    now = {f: run(*args, "--output-format", f) for f in FORMATS}
    _always_lines(monkeypatch)
    before = {f: run(*args, "--output-format", f) for f in FORMATS}
    assert now == before
    full = now["full"][1]
    assert "56 | 二、上年结转政府信息公开申请数量" in full  # the cross-year finding's snippet
    assert "| (七) 总计" in full and "^" in full  # a per-file finding's snippet


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_library_keeps_the_lines_unless_told_not_to(tmp_path, jobs):
    folder = _folder(tmp_path)
    linter = Linter(load_entrypoints=False)
    settings = linter.settings(isolated=True)
    files = sorted(str(p) for p in folder.iterdir())
    kept = runner.check_paths(linter, files, settings, jobs=jobs)
    assert all(o.lines for o in kept) and any(d.code == "CN207" for o in kept for d in o.diagnostics)
    for o in kept:
        shown = {n for d in o.diagnostics for n in range(d.span.start.line, d.span.end.line + 1)}
        assert set(o.lines) == shown
    without = runner.check_paths(linter, files, settings, jobs=jobs, source_lines=False)
    assert [o.lines for o in without] == [{}] * len(files)
    assert [o.diagnostics for o in without] == [o.diagnostics for o in kept]


def test_formats_say_whether_they_show_source():
    shows = {name: reporters.shows_source(name) for name in BUILTIN_REPORTERS}
    assert shows == {"full": True, "concise": False, "json": False, "json-lines": False, "sarif": False,
                     "github": False, "junit": False, "html": True}
    assert reporters.shows_source("plugin", {"plugin": lambda: None})  # a format that does not say: shown


class _Lines(Reporter):
    """A plugin format that prints the source line of each finding (it does not say shows_source)."""

    name = "lines"

    def write(self, run, out):
        for d in run.diagnostics:
            out.write(f"{d.code} {run.sources[d.path].line_text(d.span.start.line)!r}\n")


class _NoLines(_Lines):
    shows_source = False


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_plugin_format_gets_the_lines_unless_it_says_it_shows_none(tmp_path, monkeypatch, jobs):
    folder = _folder(tmp_path)
    monkeypatch.setattr(Linter, "reporters", lambda self: {"lines": _Lines, "nolines": _NoLines})
    code, out, _ = run("check", "--isolated", "--exit-zero", "-j", jobs, "--output-format", "lines", str(folder))
    assert "CN207 '二、上年结转政府信息公开申请数量" in out and "''" not in out
    code, out, _ = run("check", "--isolated", "--exit-zero", "-j", jobs, "--output-format", "nolines", str(folder))
    assert "CN207 ''" in out


@pytest.mark.parametrize("fmt", ["concise", "full"])
def test_statistics_baselines_and_fixes_are_as_with_the_lines(tmp_path, monkeypatch, fmt):
    folder = _folder(tmp_path)
    args = ["check", "--isolated", "--exit-zero", "-j", "2", "--output-format", fmt]
    stats = run(*args, "--statistics", str(folder))
    assert "CN207" in stats[1]
    base = tmp_path.parent / f"{tmp_path.name}-baseline.json"
    assert run(*args, "--write-baseline", str(base), str(folder))[0] == 0
    assert run(*args[:-2], "--output-format", "json", "--baseline", str(base), str(folder))[1].strip() == "[]"
    diff = run(*args, "--diff", "--unsafe-fixes", str(folder))
    assert "+++ " in diff[1]
    _always_lines(monkeypatch)
    assert run(*args, "--statistics", str(folder)) == stats
    assert run(*args, "--diff", "--unsafe-fixes", str(folder)) == diff
    assert json.loads(base.read_text(encoding="utf-8"))  # the baseline holds the findings


def test_fix_writes_the_same_files_with_or_without_the_lines(tmp_path, monkeypatch):
    outputs = []
    for always in (False, True):
        if always:
            _always_lines(monkeypatch)
        folder = _folder(tmp_path / str(always))
        result = run("check", "--isolated", "--exit-zero", "-j", "2", "--fix", "--unsafe-fixes",
                     "--output-format", "concise", str(folder))
        texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}
        outputs.append((result[0], result[1].replace(str(folder), "DIR"), texts))
    assert outputs[0] == outputs[1] and "已自动修复" in outputs[0][1]


# ---------------------------------------------------------------- the full format's snippets
def _char_width_by_definition(ch):
    if ch == "\t":
        return 4
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def test_char_width_quick_ranges_hold_for_every_code_point():
    """char_width answers Latin and CJK ideographs without unicodedata: held to its definition."""
    for cp in range(0x110000):
        ch = chr(cp)
        assert text.char_width(ch) == _char_width_by_definition(ch), hex(cp)


_SOME_TEXT = st.text(alphabet=st.one_of(st.sampled_from("ab1 中文，\t\u0301\x00Ａ\u3000\u200b\u2028\x85"),
                                        st.characters()), max_size=40)


@settings(max_examples=300, deadline=None)
@given(piece=_SOME_TEXT)
def test_width_and_shown_text_are_those_of_each_character(piece):
    assert text._width(piece) == sum(text.char_width(c) for c in piece)
    assert text._shown_text(piece) == "".join(text._shown(c) for c in piece)
    assert text._wider_than(piece, 20) == (sum(text.char_width(c) for c in piece) > 20)


# ---------------------------------------------------------------- the cross-year pass in the pool
@pytest.mark.parametrize("plugins", [[], [TextReadingCrossYearRule()]], ids=["tables", "text"])
def test_the_cross_year_pass_finds_the_same_in_the_pool_as_in_process(tmp_path, plugins):
    folder = _folder(tmp_path)
    for year in (2019, 2020, 2021):  # more pairs than one chunk holds, some that agree
        (folder / f"{year}.txt").write_text(seed_path("001").read_text(encoding="utf-8").replace("2023", str(year)),
                                            encoding="utf-8")
    linter = Linter(plugins=plugins, load_entrypoints=False)
    settings = linter.settings({"select": ["CN2", "EX"]}, isolated=True)
    files = sorted(str(p) for p in folder.iterdir())
    found = [[(Path(o.path).name, d.code, d.span.start.line, d.span.start.column) for o in
              runner.check_paths(linter, files, settings, jobs=jobs) for d in o.diagnostics if d.code in ("CN207", "EX701")]
             for jobs in (1, 2)]
    assert found[0] == found[1]
    assert ("2023.txt", "CN207", 56, 19) in found[0] and ("broken.txt", "CN207", 56, 19) in found[0]
    assert bool(plugins) == any(code == "EX701" for _, code, _, _ in found[0])
