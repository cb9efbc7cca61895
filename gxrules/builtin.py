"""The built-in plugin: national templates and rules, through the same hooks as any plugin."""
from __future__ import annotations

from .plugin import hookimpl

RULE_MODULES = (
    "gxrules.rules.structure",
    "gxrules.rules.tables",
    "gxrules.rules.narrative",
    "gxrules.rules.fees",
    "gxrules.rules.wording",
    "gxrules.rules.citations",
    "gxrules.rules.input",
)


@hookimpl
def gxrules_templates():
    from .templates import load_builtin_template_data

    return load_builtin_template_data()


@hookimpl
def gxrules_rules():
    import importlib

    from .rules import rules_in

    specs = []
    for name in RULE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a rule group not written yet
                continue
            raise
        specs.extend(rules_in(module))
    return specs


@hookimpl
def gxrules_default_config():
    return {"jurisdiction": {"department-deadline": "01-31", "government-deadline": "03-31", "kind": "auto"}}
