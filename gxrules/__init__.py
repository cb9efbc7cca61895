"""gxrules: a linter for Chinese government information-disclosure annual reports.

Public API (importing this package has no side effects: no plugin loading,
no parser build)::

    import gxrules
    report = gxrules.parse("report.txt")          # or a str of report text
    for d in gxrules.check("report.txt"):
        print(d.code, d.message)
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "__version__", "parse", "check", "Linter", "Report", "Section", "Paragraph", "Table", "Row", "Cell",
    "Diagnostic", "Severity", "Span", "Position", "Fix", "Edit", "hookimpl", "rule", "RuleSpec", "RuleContext",
]

_LAZY = {
    "Linter": ("gxrules.linter", "Linter"),
    "Report": ("gxrules.model", "Report"),
    "Section": ("gxrules.model", "Section"),
    "Paragraph": ("gxrules.model", "Paragraph"),
    "Table": ("gxrules.model", "Table"),
    "Row": ("gxrules.model", "Row"),
    "Cell": ("gxrules.model", "Cell"),
    "Diagnostic": ("gxrules.diagnostics", "Diagnostic"),
    "Severity": ("gxrules.diagnostics", "Severity"),
    "Span": ("gxrules.diagnostics", "Span"),
    "Position": ("gxrules.diagnostics", "Position"),
    "Fix": ("gxrules.diagnostics", "Fix"),
    "Edit": ("gxrules.diagnostics", "Edit"),
    "hookimpl": ("gxrules.plugin", "hookimpl"),
    "rule": ("gxrules.rules", "rule"),
    "RuleSpec": ("gxrules.rules", "RuleSpec"),
    "RuleContext": ("gxrules.rules", "RuleContext"),
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'gxrules' has no attribute {name!r}")


def parse(text_or_path, linter=None):
    """Read a report (a path, or the text itself) into a :class:`Report`."""
    from .linter import Linter

    return (linter or Linter()).parse(text_or_path)


def check(text_or_path, config=None, linter=None):
    """Check a report (a path, or its text); returns a list of :class:`Diagnostic`."""
    from .linter import Linter

    return (linter or Linter(config=config)).check(text_or_path)
