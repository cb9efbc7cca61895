"""Running a check over files: discovery, parallel work, cross-year rules, suppression.

One file goes through :func:`check_one` (in a worker process when ``-j`` > 1):
size limit (CN903), decoding (CN901), reading, the per-file rules, fixes and
per-file suppression. Cross-year rules (CN207, CN208) then run in the main
process for the files whose previous-year report is known.
"""
from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from .diagnostics import Diagnostic, Position, Span
from .model import Report
from .selection import path_matches, per_file_ignored
from .source import DecodeError, SourceText


@dataclass
class FileOutcome:
    path: str
    diagnostics: List[Diagnostic] = field(default_factory=list)
    skipped: Optional[str] = None  # why the file is not a report
    identity: Optional[Tuple[str, int]] = None  # (body, year) for cross-year rules
    lines: Dict[int, str] = field(default_factory=dict)  # source lines the diagnostics point at
    crashed: bool = False
    fixed: int = 0
    report: Optional[Report] = None  # kept only when asked (in process)
    summary: Optional[dict] = None  # the extract record, for reporters that draw tables
    diff: str = ""  # --diff: what the fixes would change


class LineSource:
    """The few source lines reporters need, without keeping whole files."""

    def __init__(self, path: str, lines: Dict[int, str]):
        self.path = path
        self._lines = lines
        self.line_count = max(lines, default=0)

    def line_text(self, n: int) -> str:
        return self._lines.get(n, "")


def _top() -> Span:
    p = Position(1, 1, 0)
    return Span(p, p)


def _engine_diagnostic(linter, code: str, path: str, message: str, data=None) -> Diagnostic:
    spec = linter.rules[code]
    return Diagnostic(code=code, name=spec.name, message=message, path=path, span=_top(),
                      severity=spec.severity, data=data or {}, plugin=spec.plugin, fingerprint_key=code)


def identity_of(report: Report) -> Optional[Tuple[str, int]]:
    if report.agency is None or report.year is None:
        return None
    body = re.sub(r"\s+", "", str(report.agency.value))
    return body, int(report.year.value)


def check_one(linter, target, settings, *, previous: Optional[Report] = None, fix=None,
              keep_report: bool = False, display_path: Optional[str] = None) -> FileOutcome:
    """Check one path (or text/bytes) with the per-file rules (and cross-year ones when ``previous``)."""
    is_path = isinstance(target, (os.PathLike,)) or (
        isinstance(target, str) and "\n" not in target and len(target) < 4096 and os.path.exists(target))
    path = display_path or (os.fspath(target) if is_path else "<text>")
    out = FileOutcome(path=path)

    def enabled(code):
        return code in linter.rules and settings.rule_enabled(code, linter.rules[code].default_enabled)

    if is_path:
        try:
            size = os.path.getsize(target)
            if size > settings.max_file_size:
                if enabled("CN903"):
                    out.diagnostics.append(_engine_diagnostic(
                        linter, "CN903", path,
                        f"文件大小 {size} 字节，超过上限 {settings.max_file_size} 字节，未检查",
                        {"size": size, "limit": settings.max_file_size}))
                return _finish(out, settings)
            with open(target, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            if enabled("CN901"):
                out.diagnostics.append(_engine_diagnostic(linter, "CN901", path, f"无法读取文件：{exc.strerror or exc}"))
            return _finish(out, settings)
        try:
            source = SourceText.from_bytes(data, path=path)
        except DecodeError as exc:
            if enabled("CN901"):
                out.diagnostics.append(_engine_diagnostic(linter, "CN901", path, f"文件无法解码：{exc}"))
            return _finish(out, settings)
    elif isinstance(target, SourceText):
        source = target
    elif isinstance(target, bytes):
        try:
            source = SourceText.from_bytes(target, path=path)
        except DecodeError as exc:
            out.diagnostics.append(_engine_diagnostic(linter, "CN901", path, f"文件无法解码：{exc}"))
            return _finish(out, settings)
    else:
        source = SourceText.from_text(str(target), path=path)

    report = linter.read(source)
    if not report.is_report:
        out.skipped = "不是政府信息公开工作年度报告"
        return out
    diagnostics, crashed = linter.run_rules(report, settings, previous=previous,
                                            cross_file=None if previous is not None else False)
    if fix is not None:
        report, diagnostics, crashed, out.fixed = fix(linter, report, diagnostics, crashed, settings, previous)
    out.diagnostics = diagnostics
    out.crashed = crashed
    out.identity = identity_of(report)
    if keep_report:
        out.report = report
    out.diff = getattr(report, "fix_diff", "")
    _finish(out, settings, report)
    return out


def _finish(out: FileOutcome, settings, report: Optional[Report] = None) -> FileOutcome:
    """Per-file suppression, stable order, and the source lines the reporters show."""
    from .suppress import inline_suppressed

    kept = []
    for d in out.diagnostics:
        if settings.per_file_ignores and per_file_ignored(d.code, d.path, settings.per_file_ignores,
                                                          settings.root):
            continue
        if report is not None and inline_suppressed(report, d):
            continue
        kept.append(d)
    kept.sort(key=Diagnostic.sort_key)
    out.diagnostics = kept
    if report is not None:
        for d in kept:
            for n in range(d.span.start.line, d.span.end.line + 1):
                if 1 <= n <= report.source.line_count:
                    out.lines[n] = report.source.line_text(n)
    return out


# ---------------------------------------------------------------- discovery
def discover(paths: Sequence[str], settings, force_exclude: bool = False) -> Iterator[str]:
    """Files to check: given files as they are, directories walked over include minus exclude."""
    seen = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not path_matches(os.path.join(root, d), settings.exclude,
                                                                     settings.root))
                for name in sorted(files):
                    full = os.path.join(root, name)
                    if full in seen:
                        continue
                    if path_matches(full, settings.exclude, settings.root):
                        continue
                    if not path_matches(full, settings.include, settings.root):
                        continue
                    seen.add(full)
                    yield full
        else:
            if force_exclude and path_matches(given, settings.exclude, settings.root):
                continue
            if given not in seen:
                seen.add(given)
                yield given


# ---------------------------------------------------------------- whole runs
_WORKER: dict = {}


def _worker_init(load_entrypoints, blocked, settings, fix_mode):
    from .linter import Linter

    _WORKER["linter"] = Linter(load_entrypoints=load_entrypoints, blocked=blocked)
    _WORKER["settings"] = settings
    _WORKER["fix"] = fix_mode


def _worker_check(path: str) -> FileOutcome:
    from .fixes import fixer_for

    return check_one(_WORKER["linter"], path, _WORKER["settings"], fix=fixer_for(_WORKER["fix"]))


def check_paths(linter, files: Sequence[str], settings, *, jobs: int = 1, fix_mode: Optional[str] = None,
                previous_path: Optional[str] = None, progress=None, load_entrypoints=None,
                blocked: Sequence[str] = ()) -> List[FileOutcome]:
    """Check files (in order), in ``jobs`` processes; then the cross-year rules."""
    from .fixes import fixer_for

    fixer = fixer_for(fix_mode)
    outcomes: List[FileOutcome] = []
    if jobs > 1 and len(files) > 1 and not linter.has_extra_plugins:
        import multiprocessing

        ctx = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init,
                                 initargs=(load_entrypoints, tuple(blocked), settings, fix_mode)) as pool:
            chunk = max(1, min(64, len(files) // (jobs * 8) or 1))
            for outcome in pool.map(_worker_check, files, chunksize=chunk):
                outcomes.append(outcome)
                if progress:
                    progress(len(outcomes))
    else:
        for path in files:
            outcomes.append(check_one(linter, path, settings, fix=fixer))
            if progress:
                progress(len(outcomes))
    _cross_year(linter, outcomes, settings, previous_path)
    return outcomes


def _cross_year(linter, outcomes: List[FileOutcome], settings, previous_path: Optional[str]) -> None:
    cross = [s for s in linter.selected_rules(settings) if s.cross_file]
    if not cross:
        return
    by_identity = {o.identity: o.path for o in outcomes if o.identity}
    given_previous = None
    if previous_path:
        try:
            given_previous = linter.parse(Path(previous_path))
        except (OSError, DecodeError):
            given_previous = None
    for o in outcomes:
        if o.identity is None and given_previous is None:
            continue
        prev = given_previous
        if prev is None:
            body, year = o.identity
            prev_path = by_identity.get((body, year - 1))
            if prev_path is None:
                continue
            try:
                prev = linter.parse(Path(prev_path))
            except (OSError, DecodeError):
                continue
        try:
            report = linter.parse(Path(o.path))
        except (OSError, DecodeError):
            continue
        found, crashed = linter.run_rules(report, settings, previous=prev, cross_file=True)
        o.crashed = o.crashed or crashed
        if found:
            extra = FileOutcome(path=o.path, diagnostics=found)
            _finish(extra, settings, report)
            o.diagnostics = sorted(o.diagnostics + extra.diagnostics, key=Diagnostic.sort_key)
            o.lines.update(extra.lines)
