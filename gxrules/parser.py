"""The line layer: text -> classified lines, by the Lark grammar ``grammars/report.lark``.

This is the only module that knows Lark. Every line of the grammar is one
terminal anchored at the end of the line, and any line may follow any other,
so classifying the lines is lexing: Lark's basic lexer tries the terminals,
in its priority order, as one combined regular expression at each position.

:func:`line_scanner` runs exactly that regular expression — the one Lark
compiles from the grammar — without making a Lark ``Token`` per line (a third
of the cost of reading a report, before). The combined expression is
taken from Lark once and kept, with the grammar's hash, in a per-version user
cache directory (never the package directory), so a new process that finds
it does not import Lark at all. :func:`parse_lines` matches it once at the
start of each non-empty line (the line breaks need no scanning).
``tests/test_parser.py`` holds :func:`scan` equal to ``Lark.lex`` and
:func:`parse_lines` equal to the lines of :func:`scan`'s tokens, on arbitrary
text. :func:`get_parser` gives the Lark parser itself
(``get_parser().parse(text)`` is the parse tree).
"""
from __future__ import annotations

import functools
import re
from importlib import resources
from typing import List, Tuple

from .model import Line
from . import usercache
from .source import SourceText
from .usercache import cached_json, file_stamp

GRAMMAR = "report.lark"
_OPTIONS = dict(parser="lalr", lexer="basic", propagate_positions=False, maybe_placeholders=False)


def _grammar_text() -> str:
    return resources.files("gxrules.grammars").joinpath(GRAMMAR).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def get_parser():
    """Build (once per process) the Lark parser of the line grammar, with Lark's own cache."""
    import lark

    grammar = _grammar_text()
    cache_dir = usercache.cache_dir()
    if cache_dir is not None:
        try:
            return lark.Lark(grammar, cache=str(cache_dir / f"report-lark{lark.__version__}.cache"), **_OPTIONS)
        except (OSError, EOFError, ValueError):
            pass
    return lark.Lark(grammar, **_OPTIONS)


def lark_scanner_patterns() -> List[List]:
    """The combined regular expressions (pattern, flags) that Lark's basic lexer matches, in order.

    Lark splits them only past Python's limit of 100 named groups; the line
    grammar has a dozen terminals, so this is one expression.
    """
    parser = get_parser()
    lexer = getattr(parser, "lexer", None) or parser._build_lexer()  # what Lark.lex uses
    if getattr(lexer, "callback", None):  # string terminals that Lark re-checks: not in this grammar
        raise RuntimeError("the line grammar must define its terminals as regular expressions only")
    return [[m.pattern, int(m.flags)] for m in lexer.scanner._mres]


def _lark_stamp() -> str:
    """Identifies the installed Lark (its ``__init__.py``'s size and time) without importing it."""
    from importlib.util import find_spec

    spec = find_spec("lark")
    return (file_stamp(spec.origin) or "") if spec is not None and spec.origin else ""


@functools.lru_cache(maxsize=None)
def line_scanner() -> "re.Pattern":
    """Lark's combined terminal expression of the line grammar, compiled (once per process).

    Taken from Lark once and kept in the user cache, keyed by the grammar's
    text, gxrules' version and the installed Lark.
    """
    grammar = _grammar_text()
    patterns = cached_json("lines", f"{grammar}\0{_lark_stamp()}", lark_scanner_patterns)
    if len(patterns) != 1:
        raise RuntimeError("the line grammar must have fewer than 100 terminals")
    pattern, flags = patterns[0]
    return re.compile(pattern, flags)


def scan(text: str) -> List[Tuple[str, int, int]]:
    """(terminal name, start, end) of every token of ``text``, as ``get_parser().lex(text)`` gives them."""
    match = line_scanner().match
    out = []
    pos, n = 0, len(text)
    while pos < n:
        m = match(text, pos)
        if m is None or m.end() == pos:  # cannot happen: TEXT and _NL cover every character
            raise ValueError(f"no terminal of the line grammar matches at offset {pos}")
        out.append((m.lastgroup, pos, m.end()))
        pos = m.end()
    return out


def parse_lines(source: SourceText) -> List[Line]:
    """Classify every physical line of ``source``.

    Lines are scanned on the normalised view (same length as the text), so
    offsets are offsets into the file. Lines that produce no token (empty
    lines, folded into the line break before them) are ``blank``.

    What :func:`scan` gives, without scanning the line breaks: every terminal
    but ``_NL`` ends at the end of its line, so each token starts a line, and
    ``_NL`` (a line break with the white-space-only lines after it that end
    in a line break) folds exactly the lines that are empty or, past the
    first line and before the last, white space only — which ``BLANK``, the
    first terminal, matches.
    """
    text = source.text
    normalised = source.normalised
    starts = source._line_starts
    last = len(starts) - 1
    match = line_scanner().match
    kinds = _kinds()
    n = len(text)
    lines: List[Line] = []
    append = lines.append
    for number, start in enumerate(starts, 1):
        # an empty line: it is the empty end of the text, or its first character is a line break
        # (one character taken by index: no slice object made, as ``[start:start + 1]`` would)
        m = None if start == n or normalised[start] in "\r\n" else match(normalised, start)
        if m is not None:
            kind = kinds[m.lastgroup]
            if kind != "blank" or number == 1 or number > last:  # not folded into a line break
                append(Line(number, kind, text[start:m.end()], None, start))  # (its span made when read)
                continue
        append(Line(number, "blank", "", None, start))
    return lines


@functools.lru_cache(maxsize=None)
def _kinds() -> dict:
    """The line kind of each terminal of the scanner: its name in lower case."""
    return {name: name.lower() for name in line_scanner().groupindex}


__all__ = ["get_parser", "line_scanner", "lark_scanner_patterns", "parse_lines", "scan"]
