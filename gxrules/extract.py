"""``gxrules extract``: the tables as data, one record per report (JSON) or one row per cell (CSV).

Output is streamed file by file (a report is read, written and dropped before
the next one is read), so memory stays flat over large folders.

:func:`report_summary` is the extract record plus what a reviewer's page
needs to draw the tables (labels, raw text and position of every cell); the
runner fills ``FileOutcome.summary`` with it for ``--output-format html``.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence, TextIO

CSV_FIELDS = ("path", "table", "row", "column", "value", "line", "column_in_line", "agency", "year")


def cell_rows(report) -> Iterator[dict]:
    """One CSV row per cell of the three tables, missing cells included (empty value, no line)."""
    agency = report.agency.value if report.agency else ""
    year = report.year.value if report.year else ""
    for table in report.tables.values():
        for row in table.rows.values():
            for cell in row.cells.values():
                value = cell.to_json_value()
                yield {"path": report.path, "table": table.name, "row": row.key, "column": cell.column,
                       "value": "" if value is None else value,
                       "line": cell.span.start.line if cell.span else "",
                       "column_in_line": cell.span.start.column if cell.span else "",
                       "agency": agency, "year": year}


def report_summary(report, template=None) -> dict:
    """The extract record (:meth:`Report.to_json`) plus, per table, what is needed to draw it.

    ``record["layout"][table]``: ``title``, ``line`` (first line of the table or
    None), ``columns`` ``[[key, label], ...]`` in template order, ``groups``
    ``[[key, label], ...]`` and ``rows`` ``[[key, official label, label as
    found, line], ...]``. ``record["cells"][table][row][column]``: ``value``
    (as in JSON), ``raw``, ``status`` (ok|blank|invalid|missing), ``unit`` and
    the span as ``line``, ``column``, ``end_line``, ``end_column`` (None for a
    missing cell). Only plain values: it is pickled across ``-j`` workers.
    """
    record = report.to_json()
    layout: dict = {}
    cells: dict = {}
    for name, table in report.tables.items():
        spec = template.tables.get(name) if template is not None else None
        if spec is not None:
            columns = [[c.key, c.label] for c in spec.columns.values()]
            groups = [[g.key, g.label] for g in spec.groups]
        else:
            seen: dict = {}
            for row in table.rows.values():
                for col in row.cells:
                    seen.setdefault(col, col)
            columns = [[k, v] for k, v in seen.items()]
            groups = []
        layout[name] = {
            "title": table.title,
            "line": table.span.start.line if table.span else None,
            "columns": columns,
            "groups": groups,
            "rows": [[row.key, row.label, row.found_label, row.line] for row in table.rows.values()],
        }
        cells[name] = {
            row.key: {cell.column: _cell_record(cell) for cell in row.cells.values()}
            for row in table.rows.values()
        }
    record["layout"] = layout
    record["cells"] = cells
    return record


def _cell_record(cell) -> dict:
    span = cell.span
    return {"value": cell.to_json_value(), "raw": cell.raw, "status": cell.status, "unit": cell.unit,
            "line": span.start.line if span else None, "column": span.start.column if span else None,
            "end_line": span.end.line if span else None, "end_column": span.end.column if span else None}


def extract_files(paths: Sequence[str]) -> list:
    """The files ``extract`` reads: given files, folders walked over the default include globs."""
    from .config import Settings
    from .runner import discover

    return list(discover(paths, Settings()))


def reports(linter, paths: Sequence[str], err: TextIO,
            progress: Optional[Callable[[Optional[int]], None]] = None,
            files: Optional[Sequence[str]] = None) -> Iterator:
    """The reports under ``paths``, read one at a time (files that are not reports are named on ``err``)."""
    from .source import DecodeError

    if files is None:
        from .config import Settings
        from .runner import discover

        files = discover(paths, Settings())
    for done, path in enumerate(files, 1):
        try:
            report = linter.parse(Path(path))
        except (OSError, DecodeError) as exc:
            _skip(err, progress, f"跳过 {path}：{exc}")
            report = None
        if report is not None:
            report.path = path
            if not report.is_report:
                _skip(err, progress, f"跳过 {path}：不是政府信息公开工作年度报告")
                report = None
        if progress:
            progress(done)
        if report is not None:
            yield report


def _skip(err: TextIO, progress, message: str) -> None:
    if progress:
        progress(None)  # clear the bar before writing a line of text
    print(message, file=err)


def write_extract(linter, paths: Sequence[str], fmt: str, out: TextIO, err: TextIO,
                  progress: Optional[Callable[[Optional[int]], None]] = None,
                  files: Optional[Sequence[str]] = None) -> int:
    """Write every report under ``paths`` to ``out`` as JSON (an array) or CSV (one row per cell)."""
    found = reports(linter, paths, err, progress, files)
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for report in found:
            writer.writerows(cell_rows(report))
        return 0
    out.write("[")
    first = True
    for report in found:
        out.write("\n" if first else ",\n")
        out.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        first = False
    out.write("\n]\n" if not first else "]\n")
    return 0
