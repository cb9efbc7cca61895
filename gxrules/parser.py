"""The Lark line parser: text -> classified lines.

This is the only module that knows Lark. The parser is built on first use
(never at import) and cached in a per-version user cache directory, never in
the package directory.
"""
from __future__ import annotations

import bisect
import functools
import os
import sys
from importlib import resources
from pathlib import Path
from typing import List, Optional

from .diagnostics import Position, Span
from .model import Line
from .source import SourceText

GRAMMAR = "report.lark"


def _cache_dir() -> Optional[Path]:
    base = os.environ.get("GXRULES_CACHE_DIR")
    if base:
        root = Path(base)
    elif sys.platform == "win32":
        root = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "gxrules" / "Cache"
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gxrules"
    try:
        from . import __version__
        import lark

        path = root / f"{__version__}-lark{lark.__version__}"
        path.mkdir(parents=True, exist_ok=True)
        return path if os.access(path, os.W_OK) else None
    except OSError:
        return None


@functools.lru_cache(maxsize=None)
def get_parser():
    """Build (once) the line parser.

    Every line of the grammar is one terminal, anchored at the end of the
    line, and any line may follow any other: the basic lexer, which tries the
    terminals in priority order, classifies the lines exactly as the LALR
    parser would (``Lark.parse`` still works), at a third of the cost.
    """
    import lark

    grammar = resources.files("gxrules.grammars").joinpath(GRAMMAR).read_text(encoding="utf-8")
    options = dict(parser="lalr", lexer="basic", propagate_positions=False, maybe_placeholders=False)
    cache_dir = _cache_dir() if os.environ.get("GXRULES_NO_CACHE") is None else None
    if cache_dir is not None:
        try:
            return lark.Lark(grammar, cache=str(cache_dir / "report.lark.cache"), **options)
        except (OSError, EOFError, ValueError):
            pass
    return lark.Lark(grammar, **options)


def parse_lines(source: SourceText) -> List[Line]:
    """Classify every physical line of ``source``.

    Lines are lexed on the normalised view (same length as the text), so
    token offsets are offsets into the file. Blank lines that produce no
    token (empty lines) are filled in as ``blank``.
    """
    text = source.text
    starts = source._line_starts
    by_line = {}
    for token in get_parser().lex(source.normalised):
        kind = token.type
        if kind == "_NL":
            continue
        start = token.start_pos
        end = token.end_pos
        number = bisect.bisect_right(starts, start)
        first = starts[number - 1]
        by_line[number] = Line(number=number, kind=kind.lower(), text=text[start:end],
                               span=Span(Position(number, start - first + 1, start),
                                         Position(number, end - first + 1, end)))
    lines = []
    for n in range(1, source.line_count + 1):
        line = by_line.get(n)
        if line is None:
            start = starts[n - 1]
            pos = Position(n, 1, start)
            line = Line(number=n, kind="blank", text="", span=Span(pos, pos))
        lines.append(line)
    return lines
