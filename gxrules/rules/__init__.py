"""Rules: the ``@rule`` decorator, rule metadata and the context a rule runs in.

A rule is a small function that takes the report and a context and yields
diagnostics::

    @rule("CN201", "application-balance", severity="error", summary="……")
    def application_balance(report, ctx):
        \"\"\"Docstring: why it matters, an example, how to correct it.\"\"\"
        ...
        yield ctx.diagnostic(cell.span, "……", data={...})

The docstring is the rule's documentation (``gxrules explain CODE``).
Modules in this package hold the national rules by group: ``structure``
(CN1xx), ``tables`` (CN2xx), ``narrative`` (CN3xx), ``fees`` (CN4xx),
``wording`` (CN5xx), ``citations`` (CN6xx), ``input`` (CN9xx).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence

from ..diagnostics import Diagnostic, Edit, Fix, Severity, Span

CODE_RE = re.compile(r"^[A-Z]{1,3}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class RuleSpec:
    code: str
    name: str
    summary: str
    check: Callable[..., Iterable[Diagnostic]] = field(repr=False, compare=False)
    severity: Severity = Severity.ERROR
    fixable: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)  # name -> OptionSpec
    plugin: str = "gxrules"
    default_enabled: bool = True
    # rules that need the whole set of checked files (cross-year) get it in ctx.others
    cross_file: bool = False

    @property
    def doc(self) -> str:
        import inspect

        return inspect.cleandoc(self.check.__doc__ or self.summary)


def rule(code: str, name: str, *, summary: str, severity: str = "error", fixable: bool = False,
         options: Optional[Mapping[str, Any]] = None, default_enabled: bool = True,
         cross_file: bool = False):
    """Declare a rule: attach its :class:`RuleSpec` to the function as ``__gxrules_rule__``."""
    if not CODE_RE.match(code):
        raise ValueError(f"rule code {code!r} must be 1-3 capital letters and 3 digits")
    if not NAME_RE.match(name):
        raise ValueError(f"rule name {name!r} must be kebab-case ASCII")

    def decorate(fn):
        fn.__gxrules_rule__ = RuleSpec(code=code, name=name, summary=summary, check=fn,
                                       severity=Severity.parse(severity), fixable=fixable,
                                       options=dict(options or {}), default_enabled=default_enabled,
                                       cross_file=cross_file)
        return fn

    return decorate


def rules_in(module) -> List[RuleSpec]:
    """The rules declared in a module, in code order."""
    found = [obj.__gxrules_rule__ for obj in vars(module).values() if hasattr(obj, "__gxrules_rule__")]
    return sorted(found, key=lambda r: r.code)


def as_spec(obj) -> RuleSpec:
    if isinstance(obj, RuleSpec):
        return obj
    spec = getattr(obj, "__gxrules_rule__", None)
    if spec is None:
        raise TypeError(f"{obj!r} is not a rule (decorate it with @gxrules.rule)")
    return spec


@dataclass
class RuleContext:
    """What a rule gets besides the report: its options, the settings, other reports."""

    spec: RuleSpec
    path: str
    options: Mapping[str, Any] = field(default_factory=dict)
    settings: Any = None  # gxrules.config.Settings
    template: Any = None  # gxrules.templates.Template
    previous: Any = None  # last year's Report of the same body, when known

    def option(self, name: str, default: Any = None) -> Any:
        if name in self.options:
            return self.options[name]
        spec = self.spec.options.get(name)
        return spec.default if spec is not None else default

    def diagnostic(self, span: Span, message: str, *, data: Optional[Mapping[str, Any]] = None,
                   fix: Optional[Fix] = None, severity: Optional[Severity] = None,
                   key: str = "") -> Diagnostic:
        """Make a diagnostic of this rule. ``key`` identifies what it is about (a cell key,
        a phrase) for baselines: it must not contain line numbers."""
        spec = self.spec
        return Diagnostic(code=spec.code, name=spec.name, message=message, path=self.path, span=span,
                          severity=severity or spec.severity, fix=fix, data=dict(data) if data else {},
                          plugin=spec.plugin, fingerprint_key=key or message)

    @staticmethod
    def replace(span: Span, content: str, message: str, applicability: str = "safe") -> Fix:
        return Fix(message=message, edits=(Edit(span, content),), applicability=applicability)
