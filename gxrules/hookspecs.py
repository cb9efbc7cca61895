"""The plugin API of gxrules: every hook a plugin may implement.

A plugin is a module (or object) with functions marked ``@gxrules.hookimpl``
and named like the specs below, registered through an entry point in the
group ``gxrules``::

    [project.entry-points.gxrules]
    ningxia = "gxrules_ningxia"

Hooks return *data* -- rules, aliases, templates, options, output formats --
so everything a plugin adds can be listed, documented and tested without
running it. Hooks are called with keyword arguments; an implementation may
accept none of them. Results of all plugins are collected in registration
order (built-ins first, then entry points sorted by name), so for defaults a
later plugin overrides an earlier one.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import pluggy

hookspec = pluggy.HookspecMarker("gxrules")


@hookspec
def gxrules_rules() -> Sequence[Any]:
    """Return the rules this plugin adds: functions decorated with ``@gxrules.rule``.

    Import rule modules inside the implementation so that starting gxrules
    stays cheap. Codes use the plugin's ISO 3166-2:CN letters (宁夏 ``NX``,
    江苏 ``JS`` ...) followed by three digits; a code may not be registered
    twice.
    """


@hookspec
def gxrules_label_aliases() -> Mapping[str, Sequence[str]]:
    """Return regional wordings of table labels.

    Keys name a template item as ``table.kind.key`` (kind is ``row``,
    ``column`` or ``group``); values are the wordings met in the province's
    reports. Prefix a wording with ``typo:`` when it is a misspelling rather
    than a regional variant. Example::

        {"applications.row.new_received": ["一、本年受理政府信息公开申请数量"],
         "applications.column.commercial": ["企业"]}

    Both kinds are read as the official row or column, and CN501 offers a fix
    to the official wording.
    """


@hookspec
def gxrules_templates() -> Sequence[Mapping[str, Any]]:
    """Return extra report templates, as dicts shaped like the TOML files in
    ``gxrules/templates/`` (``name``, ``base``, ``first_year``, ``sections``,
    ``tables`` ...). A template with ``base = "2021"`` lists only what differs.
    """


@hookspec
def gxrules_default_config() -> Mapping[str, Any]:
    """Return default configuration, with the keys of ``[tool.gxrules]``.

    Typical use: jurisdiction defaults (``{"jurisdiction": {"department-deadline":
    "01-25"}}``) or rule options (``{"rules": {"NX101": {"min-items": 3}}}``).
    The user's configuration file and the command line override these.
    """


@hookspec
def gxrules_config_options() -> Mapping[str, Any]:
    """Return the options this plugin accepts under ``[tool.gxrules.plugins.NAME]``,
    as a mapping of option name to :class:`gxrules.config.OptionSpec`.
    Unknown options are a configuration error.
    """


@hookspec
def gxrules_reporters() -> Mapping[str, Any]:
    """Return extra output formats: a mapping of format name to a class with a
    ``write(run, out)`` method (see :class:`gxrules.reporters.base.Reporter`).
    """
