"""Bytes to text, and offsets to positions.

A :class:`SourceText` keeps the decoded text exactly as in the file (so
fixes can write it back in its own encoding, BOM and newline style) and a
*normalised view* of the same length: full-width digits, letters, brackets
and punctuation become ASCII and zero-width characters become spaces, one
code point for one code point, so an offset in the view is an offset in the
file.
"""
from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from typing import List, Optional

from .diagnostics import Position, Span


# Position(...) and Span(...) without the named tuples' own ``__new__`` (a Python function):
# the same tuples, built at half the cost (a report asks for thousands).
_new = tuple.__new__


class DecodeError(ValueError):
    """The bytes are not text in any encoding we read."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _build_normalisation_table() -> dict:
    table = {}
    # Full-width ASCII variants U+FF01..U+FF5E -> U+0021..U+007E
    for cp in range(0xFF01, 0xFF5F):
        table[cp] = cp - 0xFEE0
    table[0x3000] = " "  # ideographic space
    for zw in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00A0):
        table[zw] = " "
    # Bracket and punctuation variants met in reports
    table[ord("．")] = "."
    table[ord("﹙")] = "("
    table[ord("﹚")] = ")"
    table[ord("－")] = "-"
    return {k: v for k, v in table.items() if not (isinstance(v, str) and len(v) != 1)}


NORMALISE = _build_normalisation_table()

_NORMAL_FORM = {chr(k): (v if isinstance(v, str) else chr(v)) for k, v in NORMALISE.items()}
# One group: ``split`` gives the text between the characters to replace at even places, those
# characters at odd places.
_SPLIT_NORMALISE = re.compile("([" + "".join(re.escape(ch) for ch in sorted(_NORMAL_FORM)) + "])")
_normal_form = _NORMAL_FORM.__getitem__
# The full-width punctuation of Chinese prose, nearly all the characters a report has to
# replace: ``str.replace`` swaps each in one quick pass, and leaves the regex few to find.
_PUNCTUATION = tuple((ch, _NORMAL_FORM[ch]) for ch in "，（）：；")


def normalise(text: str) -> str:
    """``text.translate(NORMALISE)``, faster: Chinese text has few characters to replace, and
    ``str.translate`` looks every character up while ``str.replace`` swaps the common full-width
    punctuation and a regex finds the few others (and the pieces are mapped and joined without a
    Python call per character). A few characters (a cell, a label) are quicker to translate."""
    if text.isascii():
        return text  # nothing in the table is ASCII
    if len(text) < 10:
        return text.translate(NORMALISE)
    for ch, to in _PUNCTUATION:
        text = text.replace(ch, to)
    parts = _SPLIT_NORMALISE.split(text)
    if len(parts) == 1:
        return text
    parts[1::2] = map(_normal_form, parts[1::2])
    return "".join(parts)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> List[int]:
    """The offset of every line's first character (line breaks: ``\\r\\n``, ``\\r``, ``\\n``)."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):  # a lone \r: old Mac line breaks
        return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
    # Every line break ends with "\n": a line starts one past the end of the one before.
    starts = list(accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0))
    starts.pop()  # one past the end of the text
    return starts


@dataclass
class SourceText:
    """Decoded text with its encoding facts and a line index."""

    text: str
    path: str = "<text>"
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    _line_starts: List[int] = field(default_factory=list, repr=False)
    _norm: Optional[str] = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = line_starts(self.text)

    # -- construction -------------------------------------------------
    @classmethod
    def from_bytes(cls, data: bytes, path: str = "<bytes>", encoding: Optional[str] = None) -> "SourceText":
        text, enc, bom = decode_bytes(data, encoding)
        return cls(text=text, path=path, encoding=enc, bom=bom, newline=detect_newline(text))

    @classmethod
    def from_text(cls, text: str, path: str = "<text>") -> "SourceText":
        bom = text.startswith("\ufeff")
        if bom:
            text = text[1:]
        return cls(text=text, path=path, encoding="utf-8", bom=bom, newline=detect_newline(text))

    # -- views ----------------------------------------------------------
    @property
    def normalised(self) -> str:
        """Same length as :attr:`text`; ASCII digits and brackets."""
        if self._norm is None:
            self._norm = normalise(self.text)
        return self._norm

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_start(self, line: int) -> int:
        return self._line_starts[line - 1]

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def position(self, offset: int) -> Position:
        if offset < 0:
            offset = 0
        elif offset > len(self.text):
            offset = len(self.text)
        starts = self._line_starts
        idx = bisect_right(starts, offset) - 1
        return _new(Position, (idx + 1, offset - starts[idx] + 1, offset))

    def span(self, start: int, end: int) -> Span:
        n = len(self.text)
        if not 0 <= start <= end <= n:  # clamp to the text; an end before the start is the start
            start = min(max(start, 0), n)
            end = min(max(end, start), n)
        starts = self._line_starts
        i = bisect_right(starts, start)  # the 1-based line of start
        first = starts[i - 1]
        if i == len(starts) or end < starts[i]:  # most spans stay on one line
            return _new(Span, (_new(Position, (i, start - first + 1, start)),
                               _new(Position, (i, end - first + 1, end))))
        j = bisect_right(starts, end, i)
        return _new(Span, (_new(Position, (i, start - first + 1, start)),
                           _new(Position, (j, end - starts[j - 1] + 1, end))))

    def encode(self, text: Optional[str] = None) -> bytes:
        """Encode (possibly fixed) text back in this file's encoding and BOM."""
        text = self.text if text is None else text
        enc = self.encoding
        data = text.encode(enc)
        if self.bom:
            bom = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
                   "utf-16-be": codecs.BOM_UTF16_BE}.get(enc, b"")
            data = bom + data
        return data


def detect_newline(text: str) -> str:
    if "\r" not in text:
        return "\n"
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    best = max((crlf, "\r\n"), (lf, "\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def decode_bytes(data: bytes, encoding: Optional[str] = None):
    """Return (text, encoding, had_bom). Raises DecodeError for binary data."""
    if encoding:
        return data.decode(encoding), encoding, False
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc, True
            except UnicodeDecodeError as exc:
                raise DecodeError(f"BOM says {enc} but the bytes are not: {exc}") from None
    # A UTF-16 file without BOM is full of NUL bytes in every other place.
    if b"\x00" in data and data.count(b"\x00") > len(data) // 4:
        raise DecodeError("binary data (many NUL bytes)")
    try:
        text = data.decode("utf-8")
        return text, "utf-8", False
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.end == len(data) and "end of data" in str(exc.reason):
            # a download cut inside the last character: the text is UTF-8, its tail is lost
            try:
                return data[:exc.start].decode("utf-8") + "\ufffd", "utf-8", False
            except UnicodeDecodeError:
                pass
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        if declared in ("gb2312", "gbk", "gb18030"):
            declared = "gb18030"
        try:
            return data.decode(declared), declared, False
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise DecodeError("not UTF-8, UTF-16 or GB18030 text") from None
    # gb18030 decodes almost anything; reject text that is mostly control characters
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(8, len(text) // 50):
        raise DecodeError("binary data (control characters)")
    return text, "gb18030", False
