"""Test helpers for rule authors: rule cases written as data.

A *rule case* is a report (its text, or a file) and the findings expected
from the selected rules, written ``CODE@LINE`` (or ``CODE@LINE:COLUMN``, or
just ``CODE`` for "somewhere"); an empty list means "no findings". Cases live
in TOML files, one or more per rule::

    # tests/cases/NX101.toml
    select = ["NX101"]          # optional: the rules these cases run (codes or prefixes);
                                # `rule = "NX101"` is the same. Default: the rules of the
                                # plugins under test, else every rule.

    [[case]]
    name = "六 without the 工作要点"
    text = '''
    某某局2023年政府信息公开工作年度报告
    ……
    六、其他需要报告的事项
    本年度未收取信息处理费。
    '''
    expect = ["NX101@9"]

    [[case]]
    name = "a real report"
    file = "data/report.txt"    # relative to this TOML file
    select = ["NX"]             # per case, overrides the file's
    config = { rules = { NX101 = { require-heading = true } } }   # like [tool.gxrules]
    expect = []

Run them with pytest, one test per case::

    from gxrules.testing import assert_rule_case, load_cases
    import gxrules_ningxia

    @pytest.mark.parametrize("case", load_cases(CASES_DIR), ids=str)
    def test_rule_case(case):
        assert_rule_case(case, plugins=[gxrules_ningxia])

or all at once: ``assert_rule_cases(CASES_DIR, plugins=[gxrules_ningxia])``.
The plugin is registered directly (as ``Linter(plugins=[...])``) and installed
plugins are not loaded, so the test sees exactly the national rules plus the
plugin under test, whether or not the plugin is installed.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python < 3.11
    import tomli as tomllib

__all__ = ["RuleCase", "Expectation", "CaseResult", "load_cases", "run_case", "assert_rule_case",
           "assert_rule_cases", "make_linter", "parse_expectation", "Venv"]

_EXPECT = re.compile(r"^\s*(?P<code>[A-Z]{1,3}[0-9]{3})\s*(?:@\s*(?P<line>[0-9]+)(?:\s*:\s*(?P<col>[0-9]+))?)?\s*$")
_CASE_KEYS = {"name", "text", "file", "expect", "select", "config", "skip"}
_FILE_KEYS = {"rule", "select", "case"}


@dataclass(frozen=True)
class Expectation:
    code: str
    line: Optional[int] = None
    column: Optional[int] = None

    def matches(self, code: str, line: int, column: int) -> bool:
        return (code == self.code and (self.line is None or line == self.line)
                and (self.column is None or column == self.column))

    def __str__(self) -> str:
        out = self.code
        if self.line is not None:
            out += f"@{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        return out


def parse_expectation(text: str) -> Expectation:
    """``"NX101@84"`` -> Expectation("NX101", 84); ``"NX101@84:3"``; ``"NX101"``."""
    m = _EXPECT.match(str(text))
    if not m:
        raise ValueError(f"expectation {text!r} should be CODE, CODE@LINE or CODE@LINE:COLUMN (e.g. NX101@84)")
    return Expectation(m.group("code"), int(m.group("line")) if m.group("line") else None,
                       int(m.group("col")) if m.group("col") else None)


@dataclass
class RuleCase:
    """One report and the findings expected from the selected rules."""

    name: str
    text: Optional[str] = None
    file: Optional[Path] = None
    expect: List[str] = field(default_factory=list)
    select: Optional[List[str]] = None
    config: Dict[str, Any] = field(default_factory=dict)
    skip: str = ""  # a reason: the case is skipped (pytest) or ignored (assert_rule_cases)
    source: str = ""  # the TOML file the case came from

    def __post_init__(self) -> None:
        if (self.text is None) == (self.file is None):
            raise ValueError(f"rule case {self.name!r}{self._where()}: give exactly one of text= or file=")
        if isinstance(self.select, str):
            self.select = [self.select]
        if isinstance(self.expect, str):
            self.expect = [self.expect]
        self.expectations = [parse_expectation(e) for e in self.expect]  # raises on a bad one
        if self.file is not None:
            self.file = Path(self.file)

    @property
    def id(self) -> str:
        stem = Path(self.source).stem if self.source else ""
        return f"{stem}::{self.name}" if stem else self.name

    def __str__(self) -> str:  # pytest ids (ids=str)
        return self.id

    def _where(self) -> str:
        return f" ({self.source})" if self.source else ""


@dataclass
class CaseResult:
    case: RuleCase
    findings: List[Any]  # Diagnostic
    missing: List[Expectation]
    unexpected: List[Any]  # Diagnostic
    skipped: str = ""  # why the text was not checked (not read as a report ...)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.unexpected and not self.skipped

    def explain(self) -> str:
        """A message that shows what was expected, what was found, and where."""
        case = self.case
        lines = [f"rule case {case.name!r}{case._where()} failed"]
        if case.select:
            lines[0] += f" (select {', '.join(case.select)})"
        if self.skipped:
            lines.append(f"  the report was not checked: {self.skipped}")
        lines.append(f"  expected: {', '.join(case.expect) or '(no findings)'}")
        found = [_show(d) for d in self.findings]
        lines.append(f"  found:    {', '.join(found) or '(no findings)'}")
        for e in self.missing:
            lines.append(f"  missing:    {e}")
        for d in self.unexpected:
            lines.append(f"  unexpected: {_show(d)} {d.message}")
            text = _line_text(case, d.span.start.line)
            if text is not None:
                lines.append(f"      {d.span.start.line:>4} | {text}")
        return "\n".join(lines)


def _show(d) -> str:
    return f"{d.code}@{d.span.start.line}:{d.span.start.column}"


def _line_text(case: RuleCase, line: int) -> Optional[str]:
    try:
        text = case.text if case.text is not None else Path(case.file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    all_lines = text.splitlines()
    return all_lines[line - 1].strip()[:80] if 1 <= line <= len(all_lines) else None


# ----------------------------------------------------------------- loading
def load_cases(path: Union[str, os.PathLike]) -> List[RuleCase]:
    """Rule cases from a TOML file, or from every ``*.toml`` in a directory (sorted).

    Relative ``file =`` paths are resolved against the TOML file's folder.
    Unknown keys, a missing name, duplicate names or a bad expectation raise
    ``ValueError`` naming the file and case.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.toml"))
        if not files:
            raise ValueError(f"no *.toml rule cases in {path}")
        return [case for f in files for case in load_cases(f)]
    with open(path, "rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path}: not valid TOML: {exc}") from exc
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise ValueError(f"{path}: unknown key(s) {', '.join(sorted(unknown))} (allowed: rule, select, case)")
    default_select = data.get("select", data.get("rule"))
    cases, names = [], set()
    raw_cases = data.get("case", [])
    if not isinstance(raw_cases, list) or not raw_cases:
        raise ValueError(f"{path}: no [[case]] tables")
    for i, raw in enumerate(raw_cases, 1):
        name = raw.get("name")
        if not name:
            raise ValueError(f"{path}: case #{i} has no name")
        if name in names:
            raise ValueError(f"{path}: two cases are named {name!r}")
        names.add(name)
        unknown = set(raw) - _CASE_KEYS
        if unknown:
            raise ValueError(f"{path}: case {name!r}: unknown key(s) {', '.join(sorted(unknown))} "
                             f"(allowed: {', '.join(sorted(_CASE_KEYS))})")
        if "expect" not in raw:
            raise ValueError(f"{path}: case {name!r}: no expect = [...] (use [] for no findings)")
        file = raw.get("file")
        try:
            cases.append(RuleCase(
                name=name, text=_dedent(raw["text"]) if "text" in raw else None,
                file=(path.parent / file) if file is not None else None,
                expect=list(raw["expect"]), select=raw.get("select", default_select),
                config=dict(raw.get("config") or {}), skip=str(raw.get("skip") or ""), source=str(path)))
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from exc
    return cases


def _dedent(text: str) -> str:
    """TOML multi-line strings are often indented with the file: remove common indentation."""
    import textwrap

    return textwrap.dedent(text)


# ----------------------------------------------------------------- running
def make_linter(plugins: Sequence[object] = (), load_entrypoints: bool = False):
    """A Linter with the national rules and ``plugins`` registered directly."""
    from .linter import Linter

    return Linter(plugins=list(plugins), load_entrypoints=load_entrypoints)


def _plugin_codes(linter, plugins: Sequence[object]) -> List[str]:
    dists = {linter.pm.dist_of(p) for p in plugins}
    return [code for code, spec in linter.rules.items() if spec.plugin in dists]


def run_case(case: RuleCase, linter=None, plugins: Sequence[object] = ()) -> CaseResult:
    """Check the case's report with its selected rules and compare with ``expect``."""
    from .runner import check_one

    linter = linter or make_linter(plugins)
    select = case.select or _plugin_codes(linter, plugins) or None
    values = dict(case.config)
    if select:
        values["select"] = list(select)
    settings = linter.settings(values, isolated=True)
    if case.file is not None:
        if not Path(case.file).is_file():
            raise FileNotFoundError(f"rule case {case.name!r}{case._where()}: no such file {case.file}")
        outcome = check_one(linter, Path(case.file), settings)
    else:
        outcome = check_one(linter, case.text, settings)
    findings = list(outcome.diagnostics)
    # the most specific expectations first, so that "NX101" does not take the finding "NX101@84" needs
    expectations = sorted(case.expectations, key=lambda e: (e.line is None, e.column is None))
    left = list(findings)
    missing = []
    for e in expectations:
        hit = next((d for d in left if e.matches(d.code, d.span.start.line, d.span.start.column)), None)
        if hit is None:
            missing.append(e)
        else:
            left.remove(hit)
    return CaseResult(case, findings, missing, left, skipped=outcome.skipped or "")


def assert_rule_case(case: RuleCase, plugins: Sequence[object] = (), *, linter=None) -> CaseResult:
    """Run one case; raise AssertionError with a readable message when it fails.

    A case with ``skip = "reason"`` calls ``pytest.skip`` when pytest is running.
    """
    if case.skip:
        if "pytest" in sys.modules:
            import pytest

            pytest.skip(case.skip)
        return CaseResult(case, [], [], [])
    result = run_case(case, linter=linter, plugins=plugins)
    if not result.ok:
        raise AssertionError(result.explain())
    return result


def assert_rule_cases(cases: Union[str, os.PathLike, RuleCase, Iterable[RuleCase]],
                      plugins: Sequence[object] = (), *, linter=None) -> List[CaseResult]:
    """Run every case (a TOML file, a folder of them, or RuleCase objects) with one Linter.

    All cases run; the AssertionError lists every failing case.
    """
    if isinstance(cases, (str, os.PathLike)):
        cases = load_cases(cases)
    elif isinstance(cases, RuleCase):
        cases = [cases]
    cases = list(cases)
    if not cases:
        raise ValueError("no rule cases to run")
    linter = linter or make_linter(plugins)
    results = [run_case(c, linter=linter, plugins=plugins) for c in cases if not c.skip]
    failed = [r for r in results if not r.ok]
    if failed:
        raise AssertionError(f"{len(failed)} of {len(results)} rule cases failed\n\n"
                             + "\n\n".join(r.explain() for r in failed))
    return results


# ----------------------------------------------------------------- installed
class Venv:
    """A virtual environment for end-to-end tests of an installed plugin.

    Rule cases register the plugin module directly; this checks what users
    get: the package installs, its entry point loads, ``gxrules rules`` lists
    its rules under its name::

        venv = Venv(tmp_path_factory.getbasetemp() / "venv")   # shared by the session
        venv.install("path/to/gxrules", editable=True)         # or "gxrules" from the index
        venv.install("path/to/gxrules-jiangsu")
        out = venv.run("gxrules", "rules").stdout

    Creating and installing are idempotent (what was installed is recorded in
    the environment), so several test files can share one environment.
    """

    RECORD = "gxrules-testing-installed.txt"

    def __init__(self, path: Union[str, os.PathLike]):
        self.path = Path(path)

    def bin(self, name: str) -> Path:
        folder = self.path / ("Scripts" if os.name == "nt" else "bin")
        exe = folder / (name + (".exe" if os.name == "nt" else ""))
        return exe

    @property
    def python(self) -> Path:
        return self.bin("python")

    def create(self) -> "Venv":
        if not self.python.exists():
            import subprocess

            subprocess.run([sys.executable, "-m", "venv", str(self.path)], check=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return self

    def installed(self) -> List[str]:
        record = self.path / self.RECORD
        return record.read_text(encoding="utf-8").splitlines() if record.exists() else []

    def install(self, *requirements: str, editable: bool = False) -> "Venv":
        """``pip install [-e] REQ...`` unless already installed in this environment."""
        self.create()
        key = ("-e " if editable else "") + " ".join(str(r) for r in requirements)
        if key in self.installed():
            return self
        args = [str(self.python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        for req in requirements:
            args += (["-e", str(req)] if editable else [str(req)])
        result = self.run(*args, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"pip install failed in {self.path}:\n{result.stdout}\n{result.stderr}")
        with open(self.path / self.RECORD, "a", encoding="utf-8") as fh:
            fh.write(key + "\n")
        return self

    def env(self, **extra: str) -> Dict[str, str]:
        """The environment of an activated venv; no PYTHONPATH or plugin-autoload switch leaks in."""
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "PYTHONHOME", "GXRULES_DISABLE_PLUGIN_AUTOLOAD", "VIRTUAL_ENV")}
        env["PATH"] = str(self.bin("python").parent) + os.pathsep + env.get("PATH", "")
        env["VIRTUAL_ENV"] = str(self.path)
        env["PYTHONIOENCODING"] = "utf-8"
        env.update(extra)
        return env

    def run(self, program: str, *args: str, cwd=None, check: bool = False, env=None, timeout: float = 600):
        """Run a program of the environment (``"gxrules"``, ``"pre-commit"`` …) or any path."""
        import subprocess

        exe = self.bin(program)
        cmd = [str(exe) if exe.exists() else program, *map(str, args)]
        result = subprocess.run(cmd, cwd=cwd, env=env or self.env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
                                timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} exited {result.returncode}\n"
                                 f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}")
        return result
