"""Output formats for ``gxrules check --output-format``.

Built-in formats are listed in :data:`BUILTIN_REPORTERS`; plugins contribute
more as ``{name: ReporterSubclass}`` passed to :func:`get_reporter` as
``extra``. A plugin cannot replace a built-in format.
"""
from __future__ import annotations

import importlib
from typing import Dict, Iterator, Mapping, Optional, Tuple, Type

from .base import Reporter, RunResult, summary_lines

__all__ = ["BUILTIN_REPORTERS", "Reporter", "RunResult", "get_reporter", "shows_source", "summary_lines"]

# format name -> (module in this package, class): a run imports only the format it writes
_BUILTIN: Dict[str, Tuple[str, str]] = {
    "full": ("text", "FullReporter"),
    "concise": ("text", "ConciseReporter"),
    "json": ("json_formats", "JsonReporter"),
    "json-lines": ("json_formats", "JsonLinesReporter"),
    "sarif": ("sarif", "SarifReporter"),
    "github": ("github", "GithubReporter"),
    "junit": ("junit", "JunitReporter"),
    "html": ("html", "HtmlReporter"),
}


class _BuiltinReporters(Mapping[str, Type[Reporter]]):
    """Format name -> reporter class, importing a format's module when it is first asked for."""

    def __getitem__(self, name: str) -> Type[Reporter]:
        module, cls = _BUILTIN[name]
        return getattr(importlib.import_module(f"{__name__}.{module}"), cls)

    def __iter__(self) -> Iterator[str]:
        return iter(_BUILTIN)

    def __len__(self) -> int:
        return len(_BUILTIN)


BUILTIN_REPORTERS: Mapping[str, Type[Reporter]] = _BuiltinReporters()


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


def shows_source(name: str, extra: Optional[Mapping[str, object]] = None) -> bool:
    """Whether the format ``name`` shows source lines (its ``shows_source``; True when it does not say)."""
    factory = BUILTIN_REPORTERS.get(name)
    if factory is None and extra:
        factory = extra.get(name)
    return bool(getattr(factory, "shows_source", True))
