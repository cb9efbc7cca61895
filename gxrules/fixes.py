"""Applying fixes: ``--fix`` (safe fixes), ``--unsafe-fixes``, ``--diff``.

Fixes are text edits on the decoded text. A fixed file is written back in
its own encoding, BOM and newline style, atomically (a temporary file in the
same directory, then ``os.replace``), and only when its text changed.
Findings suppressed in the file (``per-file-ignores``, ``<!-- gxrules: disable=… -->``)
are not fixed.
"""
from __future__ import annotations

import os
from typing import Callable, List, Optional, Sequence, Tuple

from .diagnostics import Diagnostic, Edit

MAX_PASSES = 8


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


class FileChangedError(OSError):
    """The file changed on disk while it was being checked: the fix is not written (it would undo that change)."""


def write_atomic(path: str, data: bytes, expected: Optional[bytes] = None) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename; the original stays intact on failure.

    ``expected``: the bytes the fix was computed from; when the file no longer
    holds them (an editor saved it meanwhile), nothing is written and
    :class:`FileChangedError` is raised.
    """
    import tempfile  # imported here: a check without --fix never writes

    path = os.path.realpath(path)  # through a symlink: replace the file, keep the link
    directory = os.path.dirname(path)
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
        if expected is not None:
            with open(path, "rb") as fh:
                if fh.read(len(expected) + 1) != expected:
                    raise FileChangedError(f"文件在检查期间被修改，未写入修复：{path}")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff (as ``git diff`` writes it, including ``\\ No newline at end of file``)."""
    import difflib

    shown = path.replace("\\", "/").lstrip("/")
    out = []
    for line in difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                     fromfile=f"a/{shown}", tofile=f"b/{shown}"):
        if line.endswith(("\r\n", "\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _suppressed(report, settings):
    """A predicate: is a diagnostic suppressed in this file (per-file-ignores, inline comments)?
    Suppressed findings are not fixed either."""
    from .selection import per_file_ignored
    from .suppress import inline_suppressed

    ignores = getattr(settings, "per_file_ignores", None)
    root = getattr(settings, "root", None)

    def suppressed(d: Diagnostic) -> bool:
        if ignores and per_file_ignored(d.code, d.path, ignores, root):
            return True
        return inline_suppressed(report, d)

    return suppressed


def fixer_for(mode: Optional[str]) -> Optional[Callable]:
    """A fix step for the runner: mode is None, "fix", "unsafe-fix", "diff" or "unsafe-diff".

    Fixes are applied in passes (re-reading and re-checking the text after each) until
    nothing fixable is left. The file is written once, at the end, and only if its text
    changed; if the fixed text cannot be encoded in the file's encoding, nothing is written
    and the findings stay as they were.
    """
    if not mode:
        return None
    unsafe = mode.startswith("unsafe")
    write = not mode.endswith("diff")

    def fix(linter, report, diagnostics, crashed, settings, previous):
        from .source import SourceText

        first = (report, diagnostics, crashed)
        first_source = report.source
        original = report.source.text
        text = original
        total = 0
        for _ in range(MAX_PASSES):
            suppressed = _suppressed(report, settings)
            todo = [d for d in applicable(diagnostics, unsafe) if not suppressed(d)]
            if not todo:
                break
            new_text, n = apply_edits(text, todo)
            if n == 0 or new_text == text:
                break
            text = new_text
            total += n
            source = SourceText(text=text, path=report.path, encoding=report.source.encoding,
                                bom=report.source.bom, newline=report.source.newline)
            report = linter.read(source)
            diagnostics, crashed = linter.run_rules(report, settings, previous=previous,
                                                    cross_file=None if previous is not None else False)
        if text == original:
            return report, diagnostics, crashed, total
        try:
            data = report.source.encode(text)
        except UnicodeEncodeError:
            report, diagnostics, crashed = first  # the fix needs characters the encoding lacks
            return report, diagnostics, crashed, 0
        if write and report.path != "<text>":
            try:
                expected = first_source.encode()
            except UnicodeEncodeError:  # pragma: no cover - the text was decoded from these bytes
                expected = None
            write_atomic(report.path, data, expected)
        else:
            report.fix_diff = unified_diff(report.path, original, text)  # type: ignore[attr-defined]
        return report, diagnostics, crashed, total

    return fix
