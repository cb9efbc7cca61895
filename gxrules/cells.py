"""Cells: splitting lines into cells and reading a cell's value."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
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


@dataclass(frozen=True)
class CellValue:
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
    cells: List[RawCell] = []
    pos = 0
    body = line_text
    if sep == "|":
        # drop the outer pipes of a markdown row
        lstripped = len(body) - len(body.lstrip())
        if body.lstrip().startswith("|"):
            pos = lstripped + 1
        end = len(body.rstrip())
        if body.rstrip().endswith("|") and end - 1 >= pos:
            end -= 1
        body_end = end
    else:
        body_end = len(body)
    for piece in body[pos:body_end].split(sep):
        stripped = piece.strip()
        s = line_start + pos + (len(piece) - len(piece.lstrip()))
        cells.append(RawCell(stripped, s, s + len(stripped)))
        pos += len(piece) + 1
    return cells


_TOKEN = re.compile(r"\S+")


def split_words(line_text: str, line_start: int, norm: Optional[str] = None) -> List[Tuple[str, RawCell]]:
    """Split a text line into label runs and value tokens.

    Value tokens (numbers, null marks) stand alone; consecutive other tokens
    are joined into one label run (``结 果 维 持`` is one label) unless two
    or more spaces stand between them (the column gap of PDF text).
    Returns a list of ("label" | "value", RawCell). ``norm`` is ``line_text`` normalised, when
    the caller has it (a slice of ``SourceText.normalised``).
    """
    out: List[Tuple[str, RawCell]] = []
    if norm is None:
        norm = normalise(line_text)
    label_start: Optional[int] = None
    label_end = 0
    for m in _TOKEN.finditer(norm):
        tok = m.group()
        if label_start is not None and m.start() - label_end >= 2:
            # two spaces or more: a column gap of PDF text, not a space inside a label
            out.append(("label", RawCell(line_text[label_start:label_end], line_start + label_start,
                                         line_start + label_end)))
            label_start = None
        if looks_like_value(tok):
            if label_start is not None:
                out.append(("label", RawCell(line_text[label_start:label_end], line_start + label_start,
                                             line_start + label_end)))
                label_start = None
            out.append(("value", RawCell(line_text[m.start():m.end()], line_start + m.start(),
                                         line_start + m.end())))
        else:
            if label_start is None:
                label_start = m.start()
            label_end = m.end()
    if label_start is not None:
        out.append(("label", RawCell(line_text[label_start:label_end], line_start + label_start,
                                     line_start + label_end)))
    return out
