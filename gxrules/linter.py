"""The Linter: plugins, templates, aliases and rules, built once and reused."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from .diagnostics import Diagnostic, Position, Span
from .model import Report
from .source import SourceText

if TYPE_CHECKING:  # pragma: no cover
    from .rules import RuleSpec


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
        self.has_extra_plugins = bool(plugins)
        self._templates = None
        self._aliases = None
        self._rules = None
        self._index_cache: dict = {}
        self._selected: Optional[Tuple[object, List["RuleSpec"]]] = None  # (rule selection, its rules)

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

    @property
    def rules(self) -> Dict[str, "RuleSpec"]:
        """Every registered rule by code (built-ins and plugins), sorted."""
        if self._rules is None:
            self._rules = _collect_rules(self.pm)
        return self._rules

    def prepare(self) -> "Linter":
        """Build now what is otherwise built on first use (rules, templates, aliases, the parser).

        The runner calls this before forking worker processes, so that they
        inherit it built instead of each building it again.
        """
        from .parser import get_parser

        self.rules, self.templates, self.aliases  # noqa: B018 - built and kept on the instance
        get_parser()
        return self

    def default_config(self) -> dict:
        """Plugin defaults merged in registration order (later plugins win)."""
        merged: dict = {}
        for _dist, values in self.pm.collect("gxrules_default_config"):
            for key, value in values.items():
                if isinstance(value, dict) and isinstance(merged.get(key), dict):
                    merged[key] = {**merged[key], **value}
                else:
                    merged[key] = value
        return merged

    def plugin_option_specs(self) -> Dict[str, dict]:
        out: Dict[str, dict] = {}
        for dist, specs in self.pm.collect("gxrules_config_options"):
            out.setdefault(_plugin_key(dist), {}).update(specs)
        return out

    def reporters(self) -> dict:
        extra: dict = {}
        for _dist, mapping in self.pm.collect("gxrules_reporters"):
            extra.update(mapping)
        return extra

    def settings(self, cli_values=None, *, start=None, config=None, isolated=False):
        """Resolve settings: CLI > config file (found from ``start`` upward) > plugin defaults."""
        from .config import OUTPUT_FORMATS, discover_settings

        return discover_settings(Path(start or Path.cwd()), cli_values, self.default_config(),
                                 {code: dict(spec.options) for code, spec in self.rules.items()},
                                 config=config, isolated=isolated,
                                 output_formats=tuple(OUTPUT_FORMATS) + tuple(self.reporters()),
                                 plugin_option_specs=self.plugin_option_specs() or None)

    # -- checking ---------------------------------------------------------------
    def selected_rules(self, settings) -> List["RuleSpec"]:
        """The rules ``settings`` turn on, in code order.

        Asked for every report: the answer for the last rule selection is kept (a
        ``RuleSelection`` does not change once made), since working it out takes
        longer than the rules of a small report."""
        selection = getattr(settings, "selection", None)
        if selection is not None and self._selected is not None and self._selected[0] is selection:
            return list(self._selected[1])
        selected = [spec for code, spec in self.rules.items()
                    if settings.rule_enabled(code, spec.default_enabled)]
        if selection is not None:
            self._selected = (selection, selected)
        return list(selected)

    def run_rules(self, report: Report, settings, *, previous: Optional[Report] = None,
                  cross_file: Optional[bool] = False) -> Tuple[List["Diagnostic"], bool]:
        """Run the selected rules on one report. Returns (diagnostics, crashed).

        ``cross_file``: False runs the per-file rules, True only the cross-year
        ones (with ``previous``), None both. A rule that raises becomes CN999.
        """
        from .rules import RuleContext

        template = self.templates.get(report.template)
        out: List[Diagnostic] = []
        crashed = False
        path, options = report.path, settings.rule_options
        for spec in self.selected_rules(settings):
            if cross_file is not None and spec.cross_file != cross_file:
                continue
            if spec.cross_file and previous is None:
                continue
            # (spec, path, options, settings, template, previous): by position, a little quicker
            ctx = RuleContext(spec, path, options.get(spec.code, {}), settings, template, previous)
            try:
                for d in spec.check(report, ctx) or ():
                    if not isinstance(d.span, Span):  # a rule bug must not stop the run: point at the top
                        d = _at_top(d)
                    out.append(d)
            except Exception as exc:  # a crashing rule must not stop the others
                crashed = True
                out.append(crash_diagnostic(report.path, spec, exc, self.rules.get("CN999")))
        return out, crashed

    def check(self, text_or_path, settings=None, previous=None) -> List["Diagnostic"]:
        """Check one report (path, bytes or text) with all selected rules, in process."""
        from .runner import check_one

        if settings is None:
            settings = self.config if self.config is not None else self.settings(isolated=True)
        if isinstance(settings, dict):
            settings = self.settings(settings, isolated=True)
        return check_one(self, text_or_path, settings, previous=previous).diagnostics

    # -- reading ----------------------------------------------------------------
    def source(self, text_or_path: Union[str, os.PathLike, bytes]) -> SourceText:
        if isinstance(text_or_path, bytes):
            return SourceText.from_bytes(text_or_path)
        if isinstance(text_or_path, os.PathLike) or (
                isinstance(text_or_path, str) and _is_file(text_or_path)):
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


class RuleRegistryError(Exception):
    """Two plugins claim the same rule code (a plugin error: exit 2)."""


def _collect_rules(pm) -> Dict[str, "RuleSpec"]:
    from dataclasses import replace

    from .rules import as_spec

    rules: Dict[str, RuleSpec] = {}
    for dist, items in pm.collect("gxrules_rules"):
        for item in items:
            spec = replace(as_spec(item), plugin=dist)
            if spec.code in rules:
                raise RuleRegistryError(f"规则代码 {spec.code} 被 {rules[spec.code].plugin} 和 {dist} 重复注册")
            rules[spec.code] = spec
    return dict(sorted(rules.items()))


def _plugin_key(dist: str) -> str:
    """``[tool.gxrules.plugins.NAME]``: the distribution name without a ``gxrules-`` prefix."""
    return dist[len("gxrules-"):] if dist.startswith("gxrules-") else dist


def _at_top(d: Diagnostic) -> Diagnostic:
    """A finding whose rule gave no location (``span=None``) points at the start of the file."""
    from dataclasses import replace

    p = Position(1, 1, 0)
    return replace(d, span=Span(p, p), fix=None)


def crash_diagnostic(path: str, spec, exc: BaseException, cn999=None) -> Diagnostic:
    """CN999 for a rule that raised: names the rule and its plugin."""
    from .diagnostics import Severity

    p = Position(1, 1, 0)
    return Diagnostic(code="CN999", name="rule-crashed",
                      message=f"规则 {spec.code}（{spec.name}，插件 {spec.plugin}）执行出错：{type(exc).__name__}: {exc}",
                      path=path, span=Span(p, p), severity=Severity.ERROR,
                      data={"rule": spec.code, "plugin": spec.plugin, "exception": type(exc).__name__,
                            "detail": str(exc)}, fingerprint_key=f"crash:{spec.code}")


def _is_file(text: str) -> bool:
    """Is this string the name of an existing file (rather than report text)?"""
    if "\n" in text or "\r" in text or "\x00" in text or len(text) >= 4096:
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # e.g. "File name too long"
        return False
