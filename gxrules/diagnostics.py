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

    def __reduce__(self):
        """Pickled flat, like :class:`Diagnostic`: the span as six numbers."""
        span = self.span
        if type(span) is not Span or type(span.start) is not Position or type(span.end) is not Position:
            return _restore, (Edit, self.__dict__)
        return _edit, (*span.start, *span.end, self.content)

    def to_json(self) -> dict:
        return {"content": self.content, "location": self.span.start.to_json(),
                "end_location": self.span.end.to_json()}


@dataclass(frozen=True)
class Fix:
    message: str
    edits: Tuple[Edit, ...]
    applicability: str = "safe"  # "safe" | "unsafe"

    def __reduce__(self):
        return _restore, (Fix, self.__dict__)

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

    def __reduce__(self):
        """Pickled flat (reports from worker processes come back pickled): the span as six
        numbers and the severity as its number, rebuilt without the named tuples' and the
        enum's own Python constructors."""
        span = self.span
        if type(span) is not Span or type(span.start) is not Position or type(span.end) is not Position:
            return _restore, (Diagnostic, self.__dict__)
        return _diagnostic, (self.code, self.name, self.message, self.path, *span.start, *span.end,
                             int(self.severity), self.fix, self.data, self.plugin, self.fingerprint_key)

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


# -- pickling: findings come back from worker processes pickled, many per file
_new = tuple.__new__
_SEVERITIES = {s.value: s for s in Severity}


def _restore(cls, fields: dict):
    """A frozen dataclass with these fields (in their order), without its ``__init__``."""
    obj = object.__new__(cls)
    obj.__dict__.update(fields)
    return obj


def _span(line, column, offset, end_line, end_column, end_offset) -> Span:
    return _new(Span, (_new(Position, (line, column, offset)), _new(Position, (end_line, end_column, end_offset))))


def _edit(line, column, offset, end_line, end_column, end_offset, content) -> Edit:
    """A pickled :class:`Edit` (see ``Edit.__reduce__``)."""
    return _restore(Edit, {"span": _span(line, column, offset, end_line, end_column, end_offset),
                           "content": content})


def _diagnostic(code, name, message, path, line, column, offset, end_line, end_column, end_offset, severity,
                fix, data, plugin, fingerprint_key) -> Diagnostic:
    """A pickled :class:`Diagnostic` (see ``Diagnostic.__reduce__``)."""
    return _restore(Diagnostic, {"code": code, "name": name, "message": message, "path": path,
                                 "span": _span(line, column, offset, end_line, end_column, end_offset),
                                 "severity": _SEVERITIES[severity], "fix": fix, "data": data,
                                 "plugin": plugin, "fingerprint_key": fingerprint_key})


_PLAIN = frozenset((str, int, float, bool, type(None)))


def _jsonable(value: Any) -> Any:
    """Turn rule data into JSON values (Decimal as str, spans as dicts)."""
    if type(value) in _PLAIN:  # most values: answered before the slower isinstance tests
        return value
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
