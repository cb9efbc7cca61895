"""What every reporter gets (:class:`RunResult`) and what it must do (:class:`Reporter`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, TextIO

from ..diagnostics import Diagnostic, Severity
from ..source import SourceText

__all__ = ["RunResult", "Reporter", "summary_lines", "tool_version"]


@dataclass
class RunResult:
    """The outcome of one ``gxrules check`` run, as the reporters see it.

    ``rules`` maps a code to any object with the attributes ``code``,
    ``name``, ``summary``, ``severity`` (:class:`Severity`), ``plugin`` and
    ``fixable`` (the engine's rule info). ``sources`` may lack a path (then
    no source line is shown for it).
    """

    diagnostics: List[Diagnostic] = field(default_factory=list)  # already sorted
    files: List[str] = field(default_factory=list)  # paths checked
    sources: Dict[str, SourceText] = field(default_factory=dict)
    rules: Mapping[str, Any] = field(default_factory=dict)
    fixed: int = 0  # fixes applied in this run
    skipped: List[str] = field(default_factory=list)  # files skipped as not reports
    show_fixes_hint: bool = True
    version: Optional[str] = None  # gxrules version for SARIF; looked up when None
    quiet: bool = False  # -q: findings only, no summary lines
    reports: Dict[str, Any] = field(default_factory=dict)  # path -> extract record (for html)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def fixable(self, applicability: str = "safe") -> int:
        return sum(1 for d in self.diagnostics if d.fix is not None and d.fix.applicability == applicability)


class Reporter:
    """Writes a :class:`RunResult` in one output format.

    Subclasses set ``name`` and implement :meth:`write`. They are created
    with no arguments, write text only to ``out`` and keep no state between
    runs. Plugins contribute formats as ``{name: ReporterSubclass}``.

    ``shows_source``: whether the format shows the source lines findings point
    at (``run.sources``); a format that says False is given none, and the run
    does not collect them.
    """

    name: str = ""
    shows_source: bool = True

    def write(self, run: RunResult, out: TextIO) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def summary_lines(run: RunResult) -> List[str]:
    """The closing lines in Chinese, shared by the human-readable formats."""
    lines: List[str] = []
    if run.quiet:
        return lines
    if run.fixed:
        lines.append(f"已自动修复 {run.fixed} 个问题。")
    total = len(run.diagnostics)
    if total == 0:
        lines.append(f"未发现问题（已检查 {len(run.files)} 个文件）。")
    else:
        lines.append(
            f"共发现 {total} 个问题（错误 {run.count(Severity.ERROR)} 个，"
            f"警告 {run.count(Severity.WARNING)} 个，提示 {run.count(Severity.INFO)} 个）。"
        )
        if run.show_fixes_hint:
            safe, unsafe = run.fixable("safe"), run.fixable("unsafe")
            if safe:
                lines.append(f"其中 {safe} 个可用 --fix 自动修复。")
            if unsafe:
                lines.append(f"另有 {unsafe} 个可加 --unsafe-fixes 修复（请先核对）。")
    if run.skipped:
        lines.append(f"跳过 {len(run.skipped)} 个不是年度报告的文件（-v 显示文件名）。")
    return lines


def tool_version(run: RunResult) -> str:
    if run.version:
        return run.version
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover
        return "0+unknown"
    try:
        return version("gxrules")
    except PackageNotFoundError:
        return "0+unknown"
