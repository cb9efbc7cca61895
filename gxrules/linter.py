"""The Linter: plugins, templates, aliases and rules, built once and reused."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Union

from .model import Report
from .source import SourceText


class Linter:
    """Everything needed to read and check reports, built once.

    ``plugins``: extra plugin objects to register (tests, embedding);
    ``load_entrypoints``: load installed plugins (default: yes, unless
    GXRULES_DISABLE_PLUGIN_AUTOLOAD is set); ``blocked``: plugin names not to load.
    """

    def __init__(self, config=None, *, plugins: Sequence[object] = (), load_entrypoints: Optional[bool] = None,
                 blocked: Sequence[str] = ()):
        from .plugin import get_plugin_manager

        self.pm = get_plugin_manager(load_entrypoints=load_entrypoints, blocked=blocked, extra=plugins)
        self.config = config
        self._templates = None
        self._aliases = None
        self._rules = None
        self._index_cache: dict = {}

    # -- data from plugins ---------------------------------------------------
    @property
    def templates(self):
        if self._templates is None:
            from .templates import build_templates

            raw = []
            for dist, items in self.pm.collect("gxrules_templates"):
                for item in items:
                    item = dict(item)
                    item.setdefault("plugin", dist)
                    raw.append(item)
            self._templates = build_templates(raw)
        return self._templates

    @property
    def aliases(self) -> Dict[str, List[str]]:
        if self._aliases is None:
            merged: Dict[str, List[str]] = {}
            for _dist, mapping in self.pm.collect("gxrules_label_aliases"):
                for target, words in mapping.items():
                    merged.setdefault(target, []).extend(words)
            self._aliases = merged
        return self._aliases

    # -- reading ----------------------------------------------------------------
    def source(self, text_or_path: Union[str, os.PathLike, bytes]) -> SourceText:
        if isinstance(text_or_path, bytes):
            return SourceText.from_bytes(text_or_path)
        if isinstance(text_or_path, os.PathLike) or (
                isinstance(text_or_path, str) and "\n" not in text_or_path and len(text_or_path) < 4096
                and Path(text_or_path).is_file()):
            path = Path(text_or_path)
            return SourceText.from_bytes(path.read_bytes(), path=str(text_or_path))
        return SourceText.from_text(str(text_or_path))

    def parse(self, text_or_path, template: Optional[str] = None) -> Report:
        """Read a report from a path, bytes or text."""
        source = text_or_path if isinstance(text_or_path, SourceText) else self.source(text_or_path)
        return self.read(source, template=template)

    def read(self, source: SourceText, template: Optional[str] = None) -> Report:
        from .formats import read_any

        return read_any(source, self.templates, self.aliases, template, self._index_cache)
