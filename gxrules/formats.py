"""Input formats: choose how to read a file by its kind."""
from __future__ import annotations

from typing import Mapping, Optional, Sequence

from .model import Report
from .reader import read_report
from .source import SourceText
from .templates import Template


def read_any(source: SourceText, templates: Mapping[str, Template],
             aliases: Optional[Mapping[str, Sequence[str]]] = None, template: Optional[str] = None,
             index_cache: Optional[dict] = None) -> Report:
    """Read a report of any supported kind: plain text, Markdown, PDF text, crawler text, HTML."""
    if _may_be_html(source):
        from .html_input import is_html, read_html  # imported only for what may be a page

        if is_html(source):
            return read_html(source, templates, aliases, template, index_cache)
    return read_report(source, templates, aliases, template, index_cache)


def _may_be_html(source: SourceText) -> bool:
    """What ``html_input.is_html`` may accept: an .htm*-like name, or text whose first character is ``<``."""
    return (source.path or "").lower().endswith(("htm", "html")) or \
        source.text[:2048].lstrip("\ufeff \t\r\n").startswith("<")
