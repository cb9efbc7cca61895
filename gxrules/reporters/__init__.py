"""Output formats for ``gxrules check --output-format``.

Built-in formats are listed in :data:`BUILTIN_REPORTERS`; plugins contribute
more as ``{name: ReporterSubclass}`` passed to :func:`get_reporter` as
``extra``. A plugin cannot replace a built-in format.
"""
from __future__ import annotations

from typing import Dict, Mapping, Optional, Type

from .base import Reporter, RunResult, summary_lines
from .github import GithubReporter
from .html import HtmlReporter
from .json_formats import JsonLinesReporter, JsonReporter
from .junit import JunitReporter
from .sarif import SarifReporter
from .text import ConciseReporter, FullReporter

__all__ = ["BUILTIN_REPORTERS", "Reporter", "RunResult", "get_reporter", "summary_lines"]

BUILTIN_REPORTERS: Dict[str, Type[Reporter]] = {
    "full": FullReporter,
    "concise": ConciseReporter,
    "json": JsonReporter,
    "json-lines": JsonLinesReporter,
    "sarif": SarifReporter,
    "github": GithubReporter,
    "junit": JunitReporter,
    "html": HtmlReporter,
}


def get_reporter(name: str, extra: Optional[Mapping[str, object]] = None) -> Reporter:
    """A new reporter for ``name``; ``extra`` holds plugin formats (a class, factory or instance).

    Raises ValueError for an unknown name.
    """
    factory = BUILTIN_REPORTERS.get(name)
    if factory is None and extra:
        factory = extra.get(name)
    if factory is None:
        known = sorted(set(BUILTIN_REPORTERS) | set(extra or {}))
        raise ValueError(f"未知的输出格式 \"{name}\"，可用：{', '.join(known)}")
    if isinstance(factory, Reporter):
        return factory
    reporter = factory()
    if not hasattr(reporter, "write"):
        raise ValueError(f"输出格式 \"{name}\" 的实现没有 write() 方法")
    return reporter
