"""``gxrules extract``: the tables as data, one record per report (JSON) or one row per cell (CSV).

Output is streamed file by file, so memory stays flat over large folders.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterator, Sequence, TextIO

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


def reports(linter, paths: Sequence[str], err: TextIO) -> Iterator:
    from .config import Settings
    from .runner import discover
    from .source import DecodeError

    settings = Settings()
    for path in discover(paths, settings):
        try:
            report = linter.parse(Path(path))
        except (OSError, DecodeError) as exc:
            print(f"跳过 {path}：{exc}", file=err)
            continue
        report.path = path
        if not report.is_report:
            print(f"跳过 {path}：不是政府信息公开工作年度报告", file=err)
            continue
        yield report


def write_extract(linter, paths: Sequence[str], fmt: str, out: TextIO, err: TextIO) -> int:
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for report in reports(linter, paths, err):
            writer.writerows(cell_rows(report))
        return 0
    out.write("[")
    first = True
    for report in reports(linter, paths, err):
        out.write("\n" if first else ",\n")
        out.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        first = False
    out.write("\n]\n" if not first else "]\n")
    return 0
