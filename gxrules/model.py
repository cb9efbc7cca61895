"""The report model that rules see.

Rules never see Lark objects: they get a :class:`Report` made of plain
records (fields, value equality and a repr, like dataclasses, but cheaper to
define and to build). Every cell keeps its raw text, its value and its
source span.
A cell the template expects but the file lacks has ``status == "missing"``
and ``value is None`` -- never 0.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Dict, Iterator, List, Optional, Tuple, Union

from .diagnostics import Position, Span
from .source import SourceText

Value = Union[int, Decimal, None]

TABLE_NAMES = ("active_disclosure", "applications", "review_litigation")
_GOVERNMENT_SUFFIXES = ("人民政府", "管委会", "管理委员会", "实验区", "新区", "开发区", "省", "市", "县", "区", "州", "旗", "盟")


class _Record:
    """A plain record: its fields in ``_fields``, value equality and a readable repr, as a
    dataclass would give (cheaper to define at import, and to build: a report makes hundreds)."""

    __slots__ = ()
    _fields: Tuple[str, ...] = ()

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._fields)

    def __repr__(self) -> str:
        fields = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__qualname__}({fields})"


class _Placed(_Record):
    """A record with a ``span`` that may be set lazily: :meth:`place` keeps the offsets, and the
    span is worked out when first read (a report places hundreds of things; rules point at few)."""

    __slots__ = ("_span", "_where")

    @property
    def span(self) -> Optional[Span]:
        """Where the thing is written (None if not in the file)."""
        if self._where is not None:
            source, start, end = self._where
            self._span = source.span(start, end)
            self._where = None
        return self._span

    @span.setter
    def span(self, value: Optional[Span]) -> None:
        self._span = value
        self._where = None

    def place(self, source: SourceText, start: int, end: int) -> None:
        """Set where the thing is written: ``span`` becomes ``source.span(start, end)``, worked
        out when first asked for."""
        self._span = None
        self._where = (source, start, end)

    def offsets(self) -> Optional[Tuple[int, int]]:
        """(start, end) in the file, without working out the span; None if not in the file."""
        if self._where is not None:
            return self._where[1], self._where[2]
        if self._span is not None:
            return self._span.start.offset, self._span.end.offset
        return None


class Cell(_Placed):
    """One cell of a table: its raw text, its value and where it is written.

    ``status`` is ok (a number was read), blank (the cell is there but empty,
    "—" or "/"), invalid (text that is not a number: units, words) or missing
    (not in the file). ``unit`` is a unit written inside the cell ("元", "件",
    ...); ``inferred`` tells how the value was recovered when not read directly.
    ``where`` (source, start, end) places the cell as :meth:`place` does.
    """

    _fields = ("table", "row", "column", "raw", "value", "span", "status", "unit", "inferred")
    __slots__ = ("table", "row", "column", "raw", "value", "status", "unit", "inferred")

    def __init__(self, table: str, row: str, column: str, raw: str = "", value: Value = None,
                 span: Optional[Span] = None, status: str = "missing", unit: str = "", inferred: str = "",
                 where: Optional[Tuple[SourceText, int, int]] = None):
        self.table = table
        self.row = row
        self.column = column
        self.raw = raw
        self.value = value
        self._span = span
        self._where = where
        self.status = status
        self.unit = unit
        self.inferred = inferred

    @property
    def key(self) -> str:
        return f"{self.table}.{self.row}.{self.column}"

    def inferred_by(self, per: str) -> bool:
        """Whether the value was recovered with the table's own ``per="row"`` or ``per="column"``
        equations (numbers that ran together, split so that the row or the columns add up).

        Such a cell satisfies that equation by construction: checking it again proves nothing.
        Tags in :attr:`inferred` (comma-separated): ``split-by-digits`` (the only split there is),
        ``split-by-row-total``, ``split-by-column-sums``, ``order-by-row-total`` (numbers whose
        order the text does not keep, accepted because each block adds up), ``zero-group-total``
        (a group given as one row of zeros: every item under it is 0).
        """
        if not self.inferred:
            return False
        tags = self.inferred.split(",")
        if per == "row":
            return "split-by-row-total" in tags or "order-by-row-total" in tags
        return "split-by-column-sums" in tags

    @property
    def present(self) -> bool:
        return self.status != "missing"

    def to_json_value(self):
        if self.value is None:
            return None
        if isinstance(self.value, Decimal):
            return str(self.value)
        return self.value


class Row(_Placed):
    """A row of a table: its official label, the label as written and where, its cells by column."""

    _fields = ("table", "key", "label", "found_label", "span", "cells")
    __slots__ = ("table", "key", "label", "found_label", "cells")

    def __init__(self, table: str, key: str, label: str, found_label: str = "", span: Optional[Span] = None,
                 cells: Optional[Dict[str, Cell]] = None):
        self.table = table
        self.key = key
        self.label = label  # the official label
        self.found_label = found_label  # the label as written in the file
        self._span = span  # span of the label as written
        self._where: Optional[Tuple[SourceText, int, int]] = None
        self.cells: Dict[str, Cell] = {} if cells is None else cells

    @property
    def present(self) -> bool:
        return self.offsets() is not None or any(c.present for c in self.cells.values())

    @property
    def line(self) -> Optional[int]:
        if self.span is not None:
            return self.span.start.line
        for cell in self.cells.values():
            if cell.span is not None:
                return cell.span.start.line
        return None


class Table(_Record):
    """One of the three tables: its rows by key, and ``span`` from the first to the last thing read."""

    _fields = __slots__ = ("name", "title", "rows", "span")

    def __init__(self, name: str, title: str, rows: Optional[Dict[str, Row]] = None, span: Optional[Span] = None):
        self.name = name
        self.title = title
        self.rows: Dict[str, Row] = {} if rows is None else rows
        self.span = span  # first to last thing read of the table

    @property
    def present(self) -> bool:
        return any(r.present for r in self.rows.values())

    def cell(self, row: str, column: str) -> Optional[Cell]:
        r = self.rows.get(row)
        return r.cells.get(column) if r else None

    def cells(self) -> Iterator[Cell]:
        for row in self.rows.values():
            yield from row.cells.values()


class LabelUse(_Placed):
    """A row or column label met in the file, and how it matched the template.

    ``where`` (source, start, end) places the label as :meth:`place` does."""

    _fields = ("table", "kind", "key", "official", "found", "span", "variant")
    __slots__ = ("table", "kind", "key", "official", "found", "variant")

    def __init__(self, table: str, kind: str, key: str, official: str, found: str, span: Optional[Span],
                 variant: str = "official", where: Optional[Tuple[SourceText, int, int]] = None):
        self.table = table
        self.kind = kind  # "row" | "column" | "group" | "header"
        self.key = key
        self.official = official
        self.found = found
        self._span = span  # None when placed
        self._where = where
        self.variant = variant  # official | alias | typo


class Paragraph(_Record):
    """A paragraph: ``text == source.text[span.start.offset:span.end.offset]``."""

    _fields = __slots__ = ("text", "span", "kind")

    def __init__(self, text: str, span: Span, kind: str = "text"):
        self.text = text
        self.span = span
        self.kind = kind  # text | subheading | heading


class Section(_Record):
    """One of the six sections: its number, official title, heading as written and paragraphs."""

    _fields = __slots__ = ("number", "title", "found_title", "span", "numeral", "paragraphs")

    def __init__(self, number: int, title: str, found_title: str, span: Span, numeral: str = "",
                 paragraphs: Optional[List[Paragraph]] = None):
        self.number = number  # 1..6 as in the template
        self.title = title  # the official title
        self.found_title = found_title  # the heading as written
        self.span = span  # the heading's span
        self.numeral = numeral  # the ordinal as written (一, 二 ...)
        self.paragraphs: List[Paragraph] = [] if paragraphs is None else paragraphs

    @property
    def line(self) -> int:
        return self.span.start.line

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


class Field(_Record):
    """A fact read from the text (title, year, date ...) with where it was read."""

    _fields = __slots__ = ("value", "span")

    def __init__(self, value: object, span: Optional[Span] = None):
        self.value = value
        self.span = span


def line_span(number: int, start: int, text: str) -> Span:
    """The span of ``text`` written at offset ``start`` of line ``number``, on that one line."""
    begin = Position(number, 1, start)
    if not text:
        return Span(begin, begin)
    return Span(begin, Position(number, len(text) + 1, start + len(text)))


class Line(_Record):
    """One physical line as classified by the line grammar.

    ``start`` is its offset in the file. ``Line(number, kind, text, start=offset)`` leaves the
    span to be worked out when first read (a report has hundreds of lines; few are pointed at).
    """

    _fields = ("number", "kind", "text", "span")
    __slots__ = ("number", "kind", "text", "start", "_span")

    def __init__(self, number: int, kind: str, text: str, span: Optional[Span] = None, start: int = 0):
        self.number = number
        self.kind = kind  # blank, text, tab_row, pipe_row, pipe_sep, md_heading, section_heading, ...
        self.text = text
        self.start = start if span is None else span.start.offset
        self._span = span

    @property
    def span(self) -> Span:
        span = self._span
        if span is None:
            span = self._span = line_span(self.number, self.start, self.text)
        return span


class Report:
    """A report as read: metadata, sections with paragraphs, the three tables, the labels met.

    Rules may cache per-report facts on it (``report.__dict__``): it keeps a ``__dict__``.
    """

    _fields = ("path", "source", "lines", "title", "agency", "year", "published", "period", "template",
               "template_reason", "sections", "preamble", "tables", "labels", "notes", "is_report")

    def __init__(self, path: str, source: SourceText, lines: Optional[List[Line]] = None,
                 title: Optional[Field] = None, agency: Optional[Field] = None, year: Optional[Field] = None,
                 published: Optional[Field] = None, period: Optional[Field] = None, template: str = "2021",
                 template_reason: str = "", sections: Optional[List[Section]] = None,
                 preamble: Optional[List[Paragraph]] = None, tables: Optional[Dict[str, Table]] = None,
                 labels: Optional[List[LabelUse]] = None, notes: Optional[List[str]] = None,
                 is_report: bool = True):
        self.path = path
        self.source = source
        self.lines: List[Line] = [] if lines is None else lines
        self.title = title
        self.agency = agency
        self.year = year
        self.published = published  # ISO date string
        self.period = period  # {"start": "2023-01-01", "end": "2023-12-31"}
        self.template = template
        self.template_reason = template_reason
        self.sections: List[Section] = [] if sections is None else sections
        self.preamble: List[Paragraph] = [] if preamble is None else preamble  # prose before section 一
        self.tables: Dict[str, Table] = {} if tables is None else tables
        self.labels: List[LabelUse] = [] if labels is None else labels
        self.notes: List[str] = [] if notes is None else notes  # what the reader could not place
        self.is_report = is_report

    __eq__ = _Record.__eq__
    __repr__ = _Record.__repr__
    __hash__ = None  # type: ignore[assignment]

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def year_value(self) -> Optional[int]:
        return self.year.value if self.year else None  # type: ignore[return-value]

    def section(self, number: int) -> Optional[Section]:
        for s in self.sections:
            if s.number == number:
                return s
        return None

    def paragraphs(self) -> Iterator[Paragraph]:
        yield from self.preamble
        for s in self.sections:
            yield from s.paragraphs

    def table(self, name: str) -> Table:
        return self.tables[name]

    def span(self, start: int, end: int) -> Span:
        return self.source.span(start, end)

    @property
    def is_government_report(self) -> Optional[bool]:
        """Is this a government's own report (人民政府, 管委会, or a region named by itself such as
        平潭综合实验区 or 某某县) rather than a department's? None when the body is unknown.

        CN106 gives such reports the later deadline; narrative rules read 全县/全市 as their scope."""
        name = "".join(str(self.agency.value).split()) if self.agency else ""
        if not name:
            return None
        if name.endswith(("办公室", "办公厅")):
            return False
        return name.endswith(_GOVERNMENT_SUFFIXES)

    def top_span(self) -> Span:
        """Where to point at something the report lacks: its title, else its first non-blank line."""
        if self.title and self.title.span:
            return self.title.span
        for line in self.lines:
            if line.text.strip():
                return line.span
        p = Position(1, 1, 0)
        return Span(p, p)

    def position(self, offset: int) -> Position:
        return self.source.position(offset)

    def cells(self) -> Iterator[Cell]:
        for t in self.tables.values():
            yield from t.cells()

    def to_json(self) -> dict:
        """The extract record of SPEC §2."""
        return {
            "path": self.path,
            "title": self.title.value if self.title else None,
            "agency": self.agency.value if self.agency else None,
            "year": self.year.value if self.year else None,
            "template": self.template,
            "published": self.published.value if self.published else None,
            "period": self.period.value if self.period else None,
            "encoding": self.source.encoding,
            "sections": [{"number": s.number, "title": s.title, "line": s.line} for s in self.sections],
            "tables": {
                name: {row.key: {c.column: c.to_json_value() for c in row.cells.values()}
                       for row in table.rows.values()}
                for name, table in self.tables.items()
            },
        }
