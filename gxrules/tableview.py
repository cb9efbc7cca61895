"""A report's tables without its text, small enough to keep for every file of a run.

The cross-year rules (CN207, CN208 and plugins' ``cross_file`` rules) compare
a report with last year's. Which file is last year's is known only once every
file has been read, so the runner keeps, for each report with a body and a
year, its tables packed into a few kilobytes (:func:`pack`). After the first
pass it runs the cross-year rules on these views (:func:`unpack`) and reads
the two files again only where a rule finds something there (to point at the
exact cell) or needs more than the tables (the view has no text, sections or
paragraphs: asking for them raises ``AttributeError``).

A view holds every table, row and cell with its value, status, raw text, unit
and inferred tags; spans are a placeholder (the top of the file).

What the template fixes is not packed: a row's official label and columns, a
table's title (the template's, unless the report's differ). A cell read as
written (a whole number, its raw text the number, no unit, not inferred) is
packed as its value alone, a cell not in the file as None. A view's rows are
made when first read (the cross-year rules read four rows of 34).
"""
from __future__ import annotations

import pickle
from collections.abc import Mapping as _Mapping
from operator import attrgetter
from typing import Iterator, Mapping, Optional

from .diagnostics import Position, Span
from .model import Cell, Field, Row, Table

__all__ = ["TablesOnly", "pack", "unpack"]

_TOP = Span(Position(1, 1, 0), Position(1, 1, 0))
_FIELDS = attrgetter("status", "value", "raw", "unit", "inferred")
_SAME = None  # packed for a label, title or columns as the template gives them (a found label: as the label)


class TablesOnly:
    """What a cross-year rule may read of a report in the first, text-free run."""

    __slots__ = ("path", "template", "agency", "year", "tables", "is_report")

    def __init__(self, path, template, agency, year, tables):
        self.path = path
        self.template = template
        self.agency = agency
        self.year = year
        self.tables = tables
        self.is_report = True


def pack(report, template=None) -> bytes:
    """The report's tables and identity as bytes (a few KB); ``template`` is the report's."""
    specs = template.tables if template is not None else {}
    tables = []
    for name, table in report.tables.items():
        spec = specs.get(name)
        rows_by_key = _rows_by_key(spec)
        rows = {}
        for key, row in table.rows.items():
            row_spec = rows_by_key.get(key)
            label = _SAME if row_spec is not None and row.label == row_spec.label else row.label
            found = _SAME if row.found_label == row.label else row.found_label
            columns = tuple(row.cells)
            if row_spec is not None and columns == row_spec.columns:
                columns = _SAME
            cells = []
            for c in row.cells.values():
                status, value, raw, unit, inferred = _FIELDS(c)
                if status == "ok" and not unit and not inferred and type(value) is int and raw == str(value) \
                        and c.offsets() is not None:
                    cells.append(value)  # read as written
                elif status == "missing" and value is None and not raw and not unit and not inferred \
                        and c.offsets() is None:
                    cells.append(None)  # not in the file
                else:
                    cells.append((raw, value, status, unit, inferred, c.offsets() is not None))
            rows[key] = (label, found, row.offsets() is not None, columns, cells)
        title = _SAME if spec is not None and table.title == spec.title else table.title
        tables.append((name, title, table.span is not None, rows))
    meta = (report.path, report.template,
            None if report.agency is None else report.agency.value,
            None if report.year is None else report.year.value)
    return pickle.dumps((meta, tables), pickle.HIGHEST_PROTOCOL)


def unpack(data: Optional[bytes], templates: Optional[Mapping[str, object]] = None) -> Optional[TablesOnly]:
    """The view :func:`pack` made (None for None); ``templates`` by name, as given to :func:`pack`."""
    if data is None:
        return None
    (path, template_name, agency, year), packed = pickle.loads(data)
    template = (templates or {}).get(template_name)
    specs = template.tables if template is not None else {}
    tables = {}
    for name, title, placed, rows in packed:
        spec = specs.get(name)
        tables[name] = Table(name, spec.title if title is _SAME else title, _PackedRows(name, spec, rows),
                             _TOP if placed else None)
    return TablesOnly(path, template_name, None if agency is None else Field(agency, None),
                      None if year is None else Field(year, None), tables)


def _rows_by_key(spec) -> dict:
    return {} if spec is None else {r.key: r for r in spec.rows}


def _unpack_cell(table: str, row: str, column: str, packed) -> Cell:
    if packed is None:
        return Cell(table, row, column)
    if type(packed) is int:
        return Cell(table, row, column, str(packed), packed, _TOP, "ok")
    raw, value, status, unit, inferred, placed = packed
    return Cell(table, row, column, raw, value, _TOP if placed else None, status, unit, inferred)


class _PackedRows(_Mapping):
    """A view's table rows by key, in the report's order: a row is made when first read."""

    __slots__ = ("_table", "_spec", "_packed", "_made")

    def __init__(self, table: str, spec, packed: dict):
        self._table = table
        self._spec = spec  # the template's table (None when the view has no template)
        self._packed = packed  # key -> (label, found label, placed, columns, cells) as pack() wrote them
        self._made: dict = {}

    def __getitem__(self, key: str) -> Row:
        row = self._made.get(key)
        if row is None:
            label, found, placed, columns, cells = self._packed[key]
            if label is _SAME or columns is _SAME:
                row_spec = self._spec.row(key)
                if label is _SAME:
                    label = row_spec.label
                if columns is _SAME:
                    columns = row_spec.columns
            table = self._table
            row = self._made[key] = Row(table, key, label, label if found is _SAME else found,
                                        _TOP if placed else None,
                                        {col: _unpack_cell(table, key, col, c) for col, c in zip(columns, cells)})
        return row

    def __contains__(self, key) -> bool:
        return key in self._packed

    def get(self, key, default=None):
        return self[key] if key in self._packed else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def __repr__(self) -> str:
        return repr(dict(self.items()))
