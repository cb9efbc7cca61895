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
"""
from __future__ import annotations

import pickle
import zlib
from typing import Optional

from .diagnostics import Position, Span
from .model import Cell, Field, Row, Table

__all__ = ["TablesOnly", "pack", "unpack"]

_TOP = Span(Position(1, 1, 0), Position(1, 1, 0))


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


def pack(report) -> bytes:
    """The report's tables and identity as compressed bytes (a few KB)."""
    tables = []
    for name, table in report.tables.items():
        rows = []
        for row in table.rows.values():
            cells = [(c.column, c.raw, c.value, c.status, c.unit, c.inferred, c.offsets() is not None)
                     for c in row.cells.values()]
            rows.append((row.key, row.label, row.found_label, row.offsets() is not None, cells))
        tables.append((name, table.title, table.span is not None, rows))
    meta = (report.path, report.template,
            None if report.agency is None else report.agency.value,
            None if report.year is None else report.year.value)
    return zlib.compress(pickle.dumps((meta, tables), pickle.HIGHEST_PROTOCOL), 1)


def unpack(data: Optional[bytes]) -> Optional[TablesOnly]:
    """The view :func:`pack` made (None for None)."""
    if data is None:
        return None
    (path, template, agency, year), packed = pickle.loads(zlib.decompress(data))
    tables = {}
    for name, title, placed, rows in packed:
        table = Table(name, title, span=_TOP if placed else None)
        for key, label, found, row_placed, cells in rows:
            row = Row(name, key, label, found, _TOP if row_placed else None)
            for column, raw, value, status, unit, inferred, cell_placed in cells:
                row.cells[column] = Cell(name, key, column, raw, value, _TOP if cell_placed else None,
                                         status, unit, inferred)
            table.rows[key] = row
        tables[name] = table
    return TablesOnly(path, template, None if agency is None else Field(agency, None),
                      None if year is None else Field(year, None), tables)
