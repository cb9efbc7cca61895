"""Applying fixes: ``--fix`` (safe fixes), ``--unsafe-fixes``, ``--diff``.

Fixes are text edits on the decoded text. A fixed file is written back in
its own encoding, BOM and newline style, atomically (a temporary file in the
same directory, then ``os.replace``), and only when its text changed.
"""
from __future__ import annotations

import difflib
import os
import tempfile
from typing import Callable, List, Optional, Sequence, Tuple

from .diagnostics import Diagnostic, Edit

MAX_PASSES = 4


def applicable(diagnostics: Sequence[Diagnostic], unsafe: bool) -> List[Diagnostic]:
    return [d for d in diagnostics if d.fix is not None
            and (d.fix.applicability == "safe" or (unsafe and d.fix.applicability == "unsafe"))]


def apply_edits(text: str, diagnostics: Sequence[Diagnostic]) -> Tuple[str, int]:
    """Apply the fixes' edits that do not overlap (first come first served). Returns (text, fixes applied)."""
    chosen: List[Tuple[int, int, str]] = []
    applied = 0
    for d in sorted(diagnostics, key=lambda d: d.fix.edits[0].span.start.offset):
        edits = [(e.span.start.offset, e.span.end.offset, e.content) for e in d.fix.edits]
        if any(not (end <= s or start >= e) for start, end, _ in edits for s, e, _ in chosen):
            continue
        chosen.extend(edits)
        applied += 1
    out = text
    for start, end, content in sorted(chosen, reverse=True):
        out = out[:start] + content + out[end:]
    return out, applied


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename; the original stays intact on failure."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".gxrules-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        except OSError:
            pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff (as ``git diff`` writes it, including ``\\ No newline at end of file``)."""
    shown = path.replace("\\", "/").lstrip("/")
    out = []
    for line in difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                     fromfile=f"a/{shown}", tofile=f"b/{shown}"):
        if line.endswith(("\r\n", "\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def fixer_for(mode: Optional[str]) -> Optional[Callable]:
    """A fix step for the runner: mode is None, "fix", "unsafe-fix", "diff" or "unsafe-diff"."""
    if not mode:
        return None
    unsafe = mode.startswith("unsafe")
    write = not mode.endswith("diff")

    def fix(linter, report, diagnostics, crashed, settings, previous):
        from .source import SourceText

        original = report.source.text
        text = original
        total = 0
        for _ in range(MAX_PASSES):
            todo = applicable(diagnostics, unsafe)
            if not todo:
                break
            text, n = apply_edits(text, todo)
            if n == 0:
                break
            total += n
            source = SourceText(text=text, path=report.path, encoding=report.source.encoding,
                                bom=report.source.bom, newline=report.source.newline)
            report = linter.read(source)
            diagnostics, crashed = linter.run_rules(report, settings, previous=previous,
                                                    cross_file=None if previous is not None else False)
        if text != original:
            if write and report.path != "<text>":
                write_atomic(report.path, report.source.encode(text))
            else:
                report.fix_diff = unified_diff(report.path, original, text)  # type: ignore[attr-defined]
        return report, diagnostics, crashed, total

    return fix
