"""Cells: splitting lines into cells and reading a cell's value."""
from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from typing import List, NamedTuple, Optional, Tuple

from .source import normalise

NULL_MARKS = {"—", "——", "-", "--", "－", "–", "/", "／", "\\", "无", "空", "…"}

_NUMBER = re.compile(
    r"^(?P<sign>[+-]?)\s*(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<frac>\.[0-9]+)?\s*"
    r"(?P<unit>万元|元|件|个|条|项|次|人|%)?$"
)


class RawCell(NamedTuple):
    """A cell's text as written with its file offsets (a named tuple: a report makes hundreds)."""

    text: str  # as written (stripped of surrounding white space)
    start: int  # offset into the file
    end: int

    @property
    def empty(self) -> bool:
        return not self.text


# RawCell((text, start, end)) without the Python-level __new__ of a named tuple: the reader makes
# one per cell and per word
_raw_cell = functools.partial(tuple.__new__, RawCell)


class CellValue(NamedTuple):
    value: object  # int, Decimal or None
    status: str  # ok | blank | invalid
    unit: str = ""
    negative: bool = False


@functools.lru_cache(maxsize=4096)
def read_value(raw: str, decimal: bool = False) -> CellValue:
    """Read the value of a table cell as written (memoised: a pure function of short text)."""
    if raw.isdigit() and raw.isascii() and not decimal:
        return CellValue(int(raw), "ok")  # the common case, fast
    text = normalise(raw).strip()
    if not text:
        return CellValue(None, "blank")
    if text in NULL_MARKS or set(text) <= {"-", "—", "–", "/", " "}:
        return CellValue(None, "blank")
    m = _NUMBER.match(text)
    if not m:
        return CellValue(None, "invalid")
    digits = m.group("int").replace(",", "")
    frac = m.group("frac") or ""
    sign = m.group("sign")
    unit = m.group("unit") or ""
    if decimal or frac:
        try:
            value = Decimal(sign + digits + frac)
        except InvalidOperation:  # pragma: no cover - the regex guarantees digits
            return CellValue(None, "invalid")
        if not decimal:
            # a fraction in a count cell: keep the number, the cell is not valid
            return CellValue(value, "invalid", unit, sign == "-")
        return CellValue(value, "ok", unit, sign == "-")
    return CellValue(int(sign + digits), "ok", unit, sign == "-")


@functools.lru_cache(maxsize=4096)
def looks_like_value(text: str) -> bool:
    """Whether a cell's text is a number or a null mark rather than a label (memoised)."""
    if text.isdigit() and text.isascii():
        return True
    t = normalise(text).strip()
    if not t:
        return False
    if t in NULL_MARKS or set(t) <= {"-", "—", "–", "/"}:
        return True
    return bool(_NUMBER.match(t))


def split_delimited(line_text: str, line_start: int, sep: str) -> List[RawCell]:
    """Split a tab or pipe row into cells with their offsets (white space trimmed)."""
    if sep == "\t":
        cells = _split_tabs(line_text, line_start)
        if cells is not None:
            return cells
    pos = 0
    end = len(line_text)
    if sep == "|":
        # drop the outer pipes of a markdown row
        body = line_text.lstrip()
        if body.startswith("|"):
            pos = end - len(body) + 1
        body = line_text.rstrip()
        end = len(body)
        if body.endswith("|") and end - 1 >= pos:
            end -= 1
    at = line_start + pos
    cells: List[RawCell] = []
    new = tuple.__new__  # (what _raw_cell calls, without the partial)
    for piece in line_text[pos:end].split(sep):
        text = piece.strip()
        n = len(piece)
        s = at + n - len(piece.lstrip())  # after the white space in front (the end of an empty cell)
        cells.append(new(RawCell, (text, s, s + len(text))))
        at += n + 1
    return cells


def _split_tabs(line_text: str, line_start: int) -> Optional[List[RawCell]]:
    """:func:`split_delimited` of a tab row without white space around any cell (the usual
    row): each cell as split, at the running length; None for a row that has some."""
    at = line_start
    cells: List[RawCell] = []
    new = tuple.__new__  # (what _raw_cell calls, without the partial: ~9 cells a row)
    for piece in line_text.split("\t"):
        if piece.strip() != piece:
            return None
        end = at + len(piece)
        cells.append(new(RawCell, (piece, at, end)))
        at = end + 1
    return cells


def split_words(line_text: str, line_start: int, norm: Optional[str] = None) -> List[Tuple[str, RawCell]]:
    """Split a text line into label runs and value tokens.

    Value tokens (numbers, null marks) stand alone; consecutive other tokens
    are joined into one label run (``结 果 维 持`` is one label) unless two
    or more spaces stand between them (the column gap of PDF text).
    Returns a list of ("label" | "value", RawCell). ``norm`` is ``line_text`` normalised, when
    the caller has it (a slice of ``SourceText.normalised``).
    """
    if norm is None:
        norm = normalise(line_text)
    tokens = norm.split()
    if len(tokens) == 1 and len(tokens[0]) == len(norm):  # one word, no space: most lines of a table
        kind = "value" if looks_like_value(norm) else "label"
        return [(kind, _raw_cell((line_text, line_start, line_start + len(line_text))))]
    out: List[Tuple[str, RawCell]] = []
    label_start: Optional[int] = None
    label_end = e = 0
    find = norm.find
    for token in tokens:
        s = find(token, e)  # (only white space stands between the word before and this one)
        e = s + len(token)
        if label_start is not None and s - label_end >= 2:
            # two spaces or more: a column gap of PDF text, not a space inside a label
            out.append(("label", _raw_cell((line_text[label_start:label_end], line_start + label_start,
                                            line_start + label_end))))
            label_start = None
        if looks_like_value(token):
            if label_start is not None:
                out.append(("label", _raw_cell((line_text[label_start:label_end], line_start + label_start,
                                                line_start + label_end))))
                label_start = None
            out.append(("value", _raw_cell((line_text[s:e], line_start + s, line_start + e))))
        else:
            if label_start is None:
                label_start = s
            label_end = e
    if label_start is not None:
        out.append(("label", _raw_cell((line_text[label_start:label_end], line_start + label_start,
                                        line_start + label_end))))
    return out
