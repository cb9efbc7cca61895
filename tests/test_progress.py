"""The progress bar (a terminal only, never pipes or CI logs) and ``--statistics`` (ruff's layout)."""
from __future__ import annotations

import io
import re
import shutil

import pytest

from conftest import seed_files, seed_path
from gxrules import cli
from gxrules.cli import _progress_bar, _statistics, main
from gxrules.diagnostics import Diagnostic, Edit, Fix, Position, Span


class Tty(io.StringIO):
    """A stream that says it is a terminal, and keeps every write."""

    def __init__(self):
        super().__init__()
        self.writes = []

    def isatty(self):
        if self.closed:
            raise ValueError("I/O operation on closed file")  # as real streams do
        return True

    def write(self, s):
        self.writes.append(s)
        return super().write(s)


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


NO_CI = {"TERM": "xterm-256color"}


def test_bar_on_a_terminal_draws_and_erases():
    tty = Tty()
    update = _progress_bar(tty, 4, env=NO_CI, delay=0, interval=0)
    assert update is not None
    for done in range(1, 5):
        update(done)
    assert tty.writes[0].startswith("\r检查 [") and tty.writes[0].rstrip().endswith("] 1/4")
    assert "[" + "#" * 30 + "] 4/4" in tty.writes[-1]
    assert "\n" not in tty.getvalue()  # one line, redrawn in place
    update(None)
    last = tty.writes[-1]
    assert re.fullmatch(r"\r +\r", last) and len(last) - 2 >= len(tty.writes[-2]) - 1


@pytest.mark.parametrize("env", [{"CI": "1"}, {"CI": "true"}, {"GITHUB_ACTIONS": "true"}, {"GITLAB_CI": "true"},
                                 {"TF_BUILD": "True"}, {"JENKINS_URL": "http://ci"}, {"TERM": "dumb"}])
def test_no_bar_in_ci_logs_or_dumb_terminals(env):
    assert _progress_bar(Tty(), 100, env=env) is None


@pytest.mark.parametrize("value", ["", "0", "false", "False"])
def test_ci_switched_off_is_not_ci(value):
    assert _progress_bar(Tty(), 100, env={"CI": value}, delay=0) is not None


def test_no_bar_in_pipes_files_or_for_one_file(tmp_path):
    assert _progress_bar(io.StringIO(), 100, env=NO_CI) is None  # not a terminal
    with open(tmp_path / "log", "w") as fh:
        assert _progress_bar(fh, 100, env=NO_CI) is None
    closed = Tty()
    closed.close()
    assert _progress_bar(closed, 100, env=NO_CI) is None
    assert _progress_bar(object(), 100, env=NO_CI) is None  # no isatty at all
    assert _progress_bar(Tty(), 1, env=NO_CI) is None


def test_quick_runs_show_nothing_and_redraws_are_throttled():
    clock, tty = Clock(), Tty()
    update = _progress_bar(tty, 1000, env=NO_CI, delay=0.5, interval=0.1, clock=clock)
    update(1)
    clock.now += 0.4
    update(2)
    assert tty.writes == []  # under the delay: nothing drawn
    update(None)
    assert tty.writes == []  # nothing to erase either
    clock.now += 0.2
    update(3)
    update(4)  # within the interval: skipped
    clock.now += 0.15
    update(5)
    update(1000)  # the last one is always drawn
    assert [w.split("] ")[1].strip() for w in tty.writes] == ["3/1000", "5/1000", "1000/1000"]


needs_seeds = pytest.mark.skipif(not seed_files(), reason="../shared/seeds not found")


@needs_seeds
def test_check_of_a_folder_draws_on_a_terminal_only(tmp_path, monkeypatch):
    for p in seed_files():
        shutil.copy(p, tmp_path / p.name)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for name in cli._CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cli, "_progress_bar", _no_delay(cli._progress_bar))
    out, err = io.StringIO(), Tty()
    main(["check", "--isolated", "--output-format", "concise", str(tmp_path)], stdout=out, stderr=err)
    assert any("] 5/5" in w for w in err.writes)
    assert re.fullmatch(r"\r +\r", err.writes[-1])  # erased before the findings are printed
    assert "\r" not in out.getvalue()
    # the same run in CI: nothing on the terminal
    monkeypatch.setenv("CI", "1")
    err = Tty()
    main(["check", "--isolated", "--output-format", "concise", str(tmp_path)], stdout=io.StringIO(), stderr=err)
    assert "\r" not in err.getvalue()
    # and never in a pipe
    monkeypatch.delenv("CI")
    err = io.StringIO()
    main(["check", "--isolated", "--output-format", "concise", str(tmp_path)], stdout=io.StringIO(), stderr=err)
    assert "\r" not in err.getvalue()


@needs_seeds
def test_extract_draws_only_when_the_data_does_not_go_to_the_terminal(tmp_path, monkeypatch):
    for p in seed_files():
        shutil.copy(p, tmp_path / p.name)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for name in cli._CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cli, "_progress_bar", _no_delay(cli._progress_bar))
    err = Tty()
    assert main(["extract", "--format", "csv", "-o", str(tmp_path / "x.csv"), str(tmp_path)],
                stdout=io.StringIO(), stderr=err) == 0
    assert any("读取 [" in w and "] 5/5" in w for w in err.writes)
    assert re.fullmatch(r"\r +\r", err.writes[-1])
    err, out = Tty(), Tty()  # data to the terminal: no bar mixed into it
    main(["extract", "--format", "csv", str(tmp_path)], stdout=out, stderr=err)
    assert "\r" not in err.getvalue() and "\r" not in out.getvalue()


def _no_delay(make):
    def wrapped(stream, total, label="检查", **kw):
        kw.setdefault("delay", 0)
        kw.setdefault("interval", 0)
        return make(stream, total, label, **kw)
    return wrapped


# ---------------------------------------------------------------- --statistics
def _d(code, name, fix=None):
    p = Position(1, 1, 0)
    return Diagnostic(code=code, name=name, message="m", path="a.txt", span=Span(p, p), fix=fix)


def _fix(applicability="safe"):
    p = Position(1, 1, 0)
    return Fix("f", (Edit(Span(p, p), "x"),), applicability)


class _Linter:
    rules = {}


def stats(diagnostics, **kw):
    out = io.StringIO()
    _statistics(diagnostics, _Linter(), out, **kw)
    return out.getvalue().splitlines()


def test_statistics_layout_like_ruff():
    ds = [_d("CN201", "application-balance")] * 12 + [_d("CN501", "label-wording", _fix())] * 3 \
        + [_d("CN5", "short", _fix()), _d("CN5", "short")] + [_d("CN602", "malformed", _fix("unsafe"))]
    assert stats(ds) == [
        "12\tCN201\t[ ] application-balance",
        " 3\tCN501\t[*] label-wording",
        " 2\tCN5  \t[~] short",
        " 1\tCN602\t[ ] malformed",
    ]
    # with --unsafe-fixes an unsafe fix counts as fixable
    assert stats(ds, unsafe_fixes=True)[-1] == " 1\tCN602\t[*] malformed"
    # no marker at all when nothing can be fixed; ties in code order
    assert stats([_d("CN203", "row-total"), _d("CN202", "results-total")]) == [
        "1\tCN202\tresults-total", "1\tCN203\trow-total"]
    assert stats([]) == []


@needs_seeds
def test_statistics_from_the_command_line(tmp_path):
    text = seed_path("001").read_text(encoding="utf-8").replace(
        "(七) 总计\t\t8\t0\t0\t0\t0\t0\t8", "(七) 总计\t\t8\t0\t0\t0\t0\t0\t9")
    path = tmp_path / "broken.txt"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    main(["check", "--isolated", "--select", "CN2", "--statistics", "-o", str(tmp_path / "o.txt"), str(path)],
         stdout=out, stderr=io.StringIO())
    assert out.getvalue() == ""  # the statistics are the output: they go to -o
    lines = (tmp_path / "o.txt").read_text(encoding="utf-8").splitlines()
    assert lines == ["1\tCN201\tapplication-balance", "1\tCN202\tresults-total", "1\tCN203\trow-total"]
    out = io.StringIO()
    main(["check", "--isolated", "--statistics", str(path)], stdout=out, stderr=io.StringIO())
    rows = [line.split("\t") for line in out.getvalue().splitlines()]
    assert all(len(r) == 3 and r[0].strip().isdigit() for r in rows)
    marks = {r[1].strip(): r[2][:3] for r in rows}
    assert marks["CN201"] == "[ ]" and marks["CN501"] == "[*]"
