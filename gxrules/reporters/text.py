"""Human-readable formats: ``concise`` (one line per finding) and ``full`` (with source and carets)."""
from __future__ import annotations

import unicodedata
from typing import Any, List, Mapping, Optional, TextIO, Tuple

from ..diagnostics import Diagnostic
from .base import Reporter, RunResult, summary_lines

__all__ = ["ConciseReporter", "FullReporter", "char_width", "render_snippet"]

TAB_WIDTH = 4
MAX_LINE_WIDTH = 100  # longer source lines are cut to a window around the span
CONTEXT_BEFORE = 30
ELLIPSIS = "..."


def _one_line(text: str) -> str:
    return " ".join(str(text).split("\n")).replace("\r", " ")


def _head(d: Diagnostic, marker: bool) -> str:
    star = " [*]" if marker and d.fix is not None else ""
    return f"{d.path}:{d.span.start.line}:{d.span.start.column}: {d.code}{star} {_one_line(d.message)}"


def char_width(ch: str) -> int:
    """Terminal columns for one character: 2 for East Asian wide/fullwidth, 4 for a tab."""
    if ch < "\u0300":  # Latin and controls: no combining mark, nothing wide below U+0300
        return TAB_WIDTH if ch == "\t" else 1
    if "\u4e00" <= ch <= "\u9fff":  # CJK unified ideographs: all wide
        return 2
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _width(text: str) -> int:
    """Terminal columns of a piece of text (the sum of its characters' :func:`char_width`)."""
    if text.isascii():
        return len(text) + (TAB_WIDTH - 1) * text.count("\t")
    return sum(map(char_width, text))


def _shown(ch: str) -> str:
    if ch == "\t":
        return " " * TAB_WIDTH
    if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
        return " "  # control and zero-width characters: keep the column, show a space
    return ch


def _shown_text(text: str) -> str:
    """The text as :func:`_shown` shows each character (printable text: as it is)."""
    if text.isprintable():  # no control, format or separator character other than the space
        return text
    return "".join(map(_shown, text))


def _wider_than(line: str, limit: int) -> bool:
    """Whether the line's width exceeds ``limit`` (stops reading at the first column past it)."""
    if len(line) * TAB_WIDTH <= limit:  # no character is wider than a tab
        return False
    total = 0
    for ch in line:
        total += char_width(ch)
        if total > limit:
            return True
    return False


def render_snippet(line: str, start_col: int, end_col: Optional[int]) -> Tuple[str, int, int]:
    """Return (shown line, caret indent, caret count) for columns ``start_col``..``end_col``.

    Columns are 1-based code points; ``end_col`` is exclusive, ``None`` means
    "to the end of the line" (multi-line spans). Widths follow East Asian
    Width; tabs are shown as four spaces. Only the shown window of a long line
    is measured, so a finding on a line of a megabyte costs no more than one
    on a short line.
    """
    n = len(line)
    start = max(0, min(start_col - 1, n))
    end = n if end_col is None else max(start, min(end_col - 1, n))
    if end == start and start < n:
        end = start + 1  # an empty span points at the character it is before
    lo, hi = 0, n
    if _wider_than(line, MAX_LINE_WIDTH):
        lo, before = start, 0
        while lo > 0:
            width = char_width(line[lo - 1])
            if before + width > CONTEXT_BEFORE:
                break
            before += width
            lo -= 1
        hi, shown_width = lo, 0
        while hi < n:
            width = char_width(line[hi])
            if shown_width + width > MAX_LINE_WIDTH:
                break
            shown_width += width
            hi += 1
        hi = max(hi, min(start + 1, n))
    prefix = ELLIPSIS if lo > 0 else ""
    suffix = ELLIPSIS if hi < n else ""
    shown = prefix + _shown_text(line[lo:hi]) + suffix
    indent = len(prefix) + _width(line[lo:start])
    count = max(1, _width(line[start:min(end, hi)]))
    return shown, indent, count


def _value(value: Any) -> str:
    return "空" if value is None else str(value)


def _data_lines(data: Mapping[str, Any]) -> List[str]:
    lines = []
    if "equation" in data:
        lines.append(f"算式：{data['equation']}")
    actual = next((data[k] for k in ("actual", "found", "written") if data.get(k) is not None), None)
    if "expected" in data and actual is not None:
        lines.append(f"应为 {_value(data.get('expected'))}，实为 {_value(actual)}")
    operands = [op for op in data.get("operands") or () if isinstance(op, Mapping)]
    hidden = 0
    if len(operands) > 8:  # long sums: show what is not zero, count the zeros
        shown = [op for op in operands if op.get("value") not in (0, "0")]
        hidden = len(operands) - len(shown)
        operands = shown
    for op in operands:
        loc = op.get("location")
        where = ""
        if isinstance(loc, Mapping) and loc.get("row") is not None:
            where = f" (行 {loc.get('row')}, 列 {loc.get('column')})"
        elif loc is not None and hasattr(loc, "line"):
            where = f" (行 {loc.line}, 列 {loc.column})"
        name = f"{op['label']}（{op.get('key', '?')}）" if op.get("label") else op.get("key", "?")
        lines.append(f"  {name} = {_value(op.get('value'))}{where}")
    if hidden:
        lines.append(f"  其余 {hidden} 项均为 0")
    return lines


class ConciseReporter(Reporter):
    """``path:line:col: CODE message`` per finding, then the summary."""

    name = "concise"
    shows_source = False

    def write(self, run: RunResult, out: TextIO) -> None:
        for d in run.diagnostics:
            out.write(_head(d, marker=False) + "\n")
        for line in summary_lines(run):
            out.write(line + "\n")


class FullReporter(Reporter):
    """Like ruff's full output: header, source line with gutter, carets, facts, fix."""

    name = "full"

    def write(self, run: RunResult, out: TextIO) -> None:
        for d in run.diagnostics:
            out.write("\n".join(self.render(d, run)) + "\n\n")
        for line in summary_lines(run):
            out.write(line + "\n")

    def render(self, d: Diagnostic, run: RunResult) -> List[str]:
        lines = [_head(d, marker=True)]
        row = d.span.start.line
        gutter = len(str(row))
        pad = " " * gutter
        source = run.sources.get(d.path)
        if source is not None and 1 <= row <= source.line_count:
            end_col = d.span.end.column if d.span.end.line == row else None
            shown, indent, count = render_snippet(source.line_text(row), d.span.start.column, end_col)
            lines += [f"{pad} |", f"{row} | {shown}".rstrip(), f"{pad} | {' ' * indent}{'^' * count}", f"{pad} |"]
        extra = _data_lines(d.data or {})
        if d.fix is not None:
            unsafe = "（不安全，需 --unsafe-fixes）" if d.fix.applicability == "unsafe" else ""
            extra.append(f"修复：{_one_line(d.fix.message)}{unsafe}")
        lines += [f"{pad} = {_one_line(x)}" for x in extra]
        return lines
