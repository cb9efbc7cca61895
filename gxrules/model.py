"""The report model that rules see.

Rules never see Lark objects: they get a :class:`Report` made of plain
dataclasses. Every cell keeps its raw text, its value and its source span.
A cell the template expects but the file lacks has ``status == "missing"``
and ``value is None`` -- never 0.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Dict, Iterator, List, Optional, Union

from .diagnostics import Position, Span
from .source import SourceText

Value = Union[int, Decimal, None]

TABLE_NAMES = ("active_disclosure", "applications", "review_litigation")
_GOVERNMENT_BODY = re.compile(r"(?:人民政府|管委会|管理委员会|实验区|新区|开发区|[省市县区州旗盟])$")


@dataclass
class Cell:
    table: str
    row: str
    column: str
    raw: str = ""
    value: Value = None
    span: Optional[Span] = None
    # ok: a number was read; blank: the cell is there but empty, "—" or "/";
    # invalid: text that is not a number (units, words); missing: not in the file
    status: str = "missing"
    unit: str = ""  # a unit written inside the cell ("元", "件", ...)
    inferred: str = ""  # how the value was recovered when not read directly

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


@dataclass
class Row:
    table: str
    key: str
    label: str  # the official label
    found_label: str = ""  # the label as written in the file
    span: Optional[Span] = None  # span of the label as written
    cells: Dict[str, Cell] = field(default_factory=dict)

    @property
    def present(self) -> bool:
        return self.span is not None or any(c.present for c in self.cells.values())

    @property
    def line(self) -> Optional[int]:
        if self.span is not None:
            return self.span.start.line
        for cell in self.cells.values():
            if cell.span is not None:
                return cell.span.start.line
        return None


@dataclass
class Table:
    name: str
    title: str
    rows: Dict[str, Row] = field(default_factory=dict)
    span: Optional[Span] = None  # first to last thing read of the table

    @property
    def present(self) -> bool:
        return any(r.present for r in self.rows.values())

    def cell(self, row: str, column: str) -> Optional[Cell]:
        r = self.rows.get(row)
        return r.cells.get(column) if r else None

    def cells(self) -> Iterator[Cell]:
        for row in self.rows.values():
            yield from row.cells.values()


@dataclass
class LabelUse:
    """A row or column label met in the file, and how it matched the template."""

    table: str
    kind: str  # "row" | "column" | "group"
    key: str
    official: str
    found: str
    span: Span
    variant: str = "official"  # official | alias | typo


@dataclass
class Paragraph:
    text: str
    span: Span
    kind: str = "text"  # text | subheading | heading


@dataclass
class Section:
    number: int  # 1..6 as in the template
    title: str  # the official title
    found_title: str  # the heading as written
    span: Span  # the heading's span
    numeral: str = ""  # the ordinal as written (一, 二 ...)
    paragraphs: List[Paragraph] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.span.start.line

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass
class Field:
    """A fact read from the text (title, year, date ...) with where it was read."""

    value: object
    span: Optional[Span] = None


@dataclass
class Line:
    """One physical line as classified by the line grammar."""

    number: int
    kind: str  # blank, text, tab_row, pipe_row, pipe_sep, md_heading, section_heading, ...
    text: str
    span: Span


@dataclass
class Report:
    path: str
    source: SourceText
    lines: List[Line] = field(default_factory=list)
    title: Optional[Field] = None
    agency: Optional[Field] = None
    year: Optional[Field] = None
    published: Optional[Field] = None  # ISO date string
    period: Optional[Field] = None  # {"start": "2023-01-01", "end": "2023-12-31"}
    template: str = "2021"
    template_reason: str = ""
    sections: List[Section] = field(default_factory=list)
    preamble: List[Paragraph] = field(default_factory=list)  # prose before section 一
    tables: Dict[str, Table] = field(default_factory=dict)
    labels: List[LabelUse] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)  # what the reader could not place
    is_report: bool = True

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
        name = re.sub(r"\s+", "", str(self.agency.value)) if self.agency else ""
        if not name:
            return None
        if re.search(r"(?:办公室|办公厅)$", name):
            return False
        return bool(_GOVERNMENT_BODY.search(name))

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
