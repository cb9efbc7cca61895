"""Machine-readable formats: ``json`` (one array) and ``json-lines`` (one object per line)."""
from __future__ import annotations

import json
from typing import TextIO

from .base import Reporter, RunResult

__all__ = ["JsonReporter", "JsonLinesReporter"]


class JsonReporter(Reporter):
    """An array of ``Diagnostic.to_json()`` objects (ruff's keys plus ``name``, ``severity``, ``data``)."""

    name = "json"
    shows_source = False

    def write(self, run: RunResult, out: TextIO) -> None:
        # one string written once: json.dump with an indent writes each of its pieces (millions)
        out.write(json.dumps([d.to_json() for d in run.diagnostics], ensure_ascii=False, indent=2) + "\n")


class JsonLinesReporter(Reporter):
    """One compact JSON object per finding and line."""

    name = "json-lines"
    shows_source = False

    def write(self, run: RunResult, out: TextIO) -> None:
        for d in run.diagnostics:
            out.write(json.dumps(d.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n")
