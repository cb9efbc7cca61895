"""Findings: positions, spans, fixes and diagnostics.

Positions are 1-based lines and 1-based columns counted in Unicode code
points, plus the 0-based character offset into the decoded text. Every span
slices back to the original text: ``text[span.start.offset:span.end.offset]``.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Mapping, NamedTuple, Optional, Tuple


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: "str | Severity") -> "Severity":
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (error, warning or info)") from None


class Position(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based, in code points
    offset: int  # 0-based character offset into the decoded text

    def to_json(self) -> dict:
        return {"row": self.line, "column": self.column}


class Span(NamedTuple):
    start: Position
    end: Position

    @property
    def line(self) -> int:
        return self.start.line

    def to_json(self) -> dict:
        return {"line": self.start.line, "column": self.start.column,
                "end_line": self.end.line, "end_column": self.end.column}


@dataclass(frozen=True)
class Edit:
    span: Span
    content: str

    def to_json(self) -> dict:
        return {"content": self.content, "location": self.span.start.to_json(),
                "end_location": self.span.end.to_json()}


@dataclass(frozen=True)
class Fix:
    message: str
    edits: Tuple[Edit, ...]
    applicability: str = "safe"  # "safe" | "unsafe"

    def to_json(self) -> dict:
        return {"applicability": self.applicability, "message": self.message,
                "edits": [e.to_json() for e in self.edits]}


DOCS_URL = "https://gxrules.readthedocs.io/rules/{code}"


@dataclass(frozen=True)
class Diagnostic:
    """One finding of one rule in one file."""

    code: str
    name: str
    message: str  # Chinese, for people
    path: str
    span: Span
    severity: Severity = Severity.ERROR
    fix: Optional[Fix] = None
    data: Mapping[str, Any] = field(default_factory=dict)  # structured facts
    plugin: str = "gxrules"
    fingerprint_key: str = ""  # stable identity that does not depend on line numbers

    @property
    def url(self) -> str:
        return DOCS_URL.format(code=self.code)

    def sort_key(self):
        return (self.path, self.span.start.offset, self.code, self.message)

    def fingerprint(self) -> str:
        """Identity for baselines: code, file name and what the finding is about, never its line."""
        basis = "\x1f".join([self.code, self.path.replace("\\", "/"), self.fingerprint_key or self.message])
        import hashlib  # only output formats and baselines ask for fingerprints

        return hashlib.sha1(basis.encode("utf-8", "surrogateescape")).hexdigest()[:16]

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.label,
            "message": self.message,
            "filename": self.path,
            "location": self.span.start.to_json(),
            "end_location": self.span.end.to_json(),
            "fix": self.fix.to_json() if self.fix else None,
            "url": self.url,
            "plugin": self.plugin,
            "fingerprint": self.fingerprint(),
            "data": _jsonable(self.data),
        }


def _jsonable(value: Any) -> Any:
    """Turn rule data into JSON values (Decimal as str, spans as dicts)."""
    from decimal import Decimal

    if isinstance(value, (Span, Position, Edit, Fix)):  # before tuple: Span/Position are NamedTuples
        return value.to_json()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value
