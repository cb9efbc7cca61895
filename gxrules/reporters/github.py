"""GitHub Actions workflow commands (annotations on the pull request)."""
from __future__ import annotations

from typing import TextIO

from ..diagnostics import Severity
from .base import Reporter, RunResult

__all__ = ["GithubReporter", "escape_data", "escape_property"]

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a message as GitHub's toolkit does: ``%``, ``\\r``, ``\\n``."""
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: the data escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    """``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE name::message``."""

    name = "github"
    shows_source = False

    def write(self, run: RunResult, out: TextIO) -> None:
        for d in run.diagnostics:
            props = {
                "file": d.path.replace("\\", "/"),
                "line": d.span.start.line,
                "col": d.span.start.column,
                "endLine": d.span.end.line,
                "endColumn": d.span.end.column,
                "title": f"{d.code} {d.name}",
            }
            joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
            out.write(f"::{_COMMANDS[d.severity]} {joined}::{escape_data(d.message)}\n")
