"""Configuration: finding, reading, validating and resolving settings (SPEC §5).

Where settings come from, lowest priority first:

1. plugin defaults (``plugin_defaults``, same keys as the file);
2. the config file: ``[tool.gxrules]`` in ``pyproject.toml``, else the top
   level of ``gxrules.toml`` or ``.gxrules.toml``, found from a directory
   upward (the nearest directory with one wins; inside one directory
   ``pyproject.toml`` > ``gxrules.toml`` > ``.gxrules.toml``);
3. the command line (``cli_values``; ``None`` means "not given").

Keys are kebab-case in files (``extend-select``); CLI values may use either
kebab-case or snake_case. Unknown keys and bad values raise
:class:`ConfigError`, whose message names the key (the CLI turns it into exit
code 2). Relative globs are relative to the config file's directory
(``Settings.root``), or to the working directory without a config file.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Union

from .diagnostics import Severity
from .selection import RuleSelection, parse_selector

__all__ = [
    "ConfigError",
    "OptionSpec",
    "Settings",
    "CONFIG_FILENAMES",
    "DEFAULT_INCLUDE",
    "DEFAULT_EXCLUDE",
    "DEFAULT_MAX_FILE_SIZE",
    "DEFAULT_JURISDICTION",
    "OUTPUT_FORMATS",
    "find_config",
    "load_config",
    "validate_config",
    "parse_size",
    "resolve_settings",
    "discover_settings",
]

CONFIG_FILENAMES = ("pyproject.toml", "gxrules.toml", ".gxrules.toml")
DEFAULT_INCLUDE = ("**/*.txt", "**/*.md", "**/*.markdown", "**/*.html", "**/*.htm")
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "__pycache__",
    "node_modules", "build", "dist", ".mypy_cache", ".pytest_cache", ".ruff_cache",
)
DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024
DEFAULT_JURISDICTION = {"department_deadline": "01-31", "government_deadline": "03-31", "kind": "auto"}
OUTPUT_FORMATS = ("full", "concise", "json", "json-lines", "sarif", "github", "junit", "html")
SEVERITY_NAMES = ("error", "warning", "info")
JURISDICTION_KINDS = ("department", "government", "auto")


# where values came from: the config file, or a label such as "命令行参数"
Where = Union[Path, str, None]
CLI_SOURCE = "命令行参数"
PLUGIN_SOURCE = "插件默认配置"


class ConfigError(Exception):
    """A configuration problem; the message names the key and where it came from.

    ``key`` is the dotted key (``rules.CN307.tolerance``); ``path`` is the
    config file, a label (``"命令行参数"``) or None.
    """

    def __init__(self, message: str, key: Optional[str] = None, path: Where = None) -> None:
        self.key = key
        self.path = path
        prefix = f"{path}: " if path is not None else ""
        super().__init__(prefix + message)


@dataclass(frozen=True)
class OptionSpec:
    """One option a rule accepts under ``[tool.gxrules.rules.CODE]``."""

    type: type
    default: object
    help: str = ""
    choices: tuple = ()


@dataclass
class Settings:
    """Resolved settings with every default filled in."""

    select: Optional[List[str]] = None  # None: all default-enabled rules
    extend_select: List[str] = field(default_factory=list)
    ignore: List[str] = field(default_factory=list)
    per_file_ignores: Dict[str, List[str]] = field(default_factory=dict)
    include: List[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: List[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    fail_on: str = "error"
    output_format: str = "full"
    require_plugins: List[str] = field(default_factory=list)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    rule_options: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    jurisdiction: Dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_JURISDICTION))
    plugin_options: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    config_path: Where = None
    root: Path = field(default_factory=Path.cwd)
    selection: RuleSelection = field(default_factory=RuleSelection)

    @property
    def fail_level(self) -> Severity:
        return Severity.parse(self.fail_on)

    def rule_enabled(self, code: str, default_on: bool = True) -> bool:
        return self.selection.is_enabled(code, default_on)


# -- reading -------------------------------------------------------------------

def _read_toml(path: Path) -> dict:
    if sys.version_info >= (3, 11):  # imported here: a run without a config file reads no TOML
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11 only
        import tomli as tomllib
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"无法读取配置文件：{exc.strerror or exc}", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件不是有效的 TOML：{exc}", path=path) from None


def _gxrules_table(path: Path, data: dict) -> Optional[dict]:
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    if not isinstance(tool, dict) or "gxrules" not in tool:
        return None
    table = tool["gxrules"]
    if not isinstance(table, dict):
        raise ConfigError("配置项“tool.gxrules”应为表（table）", key="tool.gxrules", path=path)
    return table


def find_config(start: Path) -> Optional[Path]:
    """The nearest config file from ``start`` (a directory or a file) upward, or None."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        for name in CONFIG_FILENAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    text = candidate.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                if "gxrules" not in text or _gxrules_table(candidate, _read_toml(candidate)) is None:
                    continue
            return candidate
    return None


def load_config(path: Path) -> dict:
    """The raw (kebab-case) gxrules settings of one file, checked for unknown keys and types."""
    path = Path(path)
    table = _gxrules_table(path, _read_toml(path))
    if table is None:
        raise ConfigError("pyproject.toml 中没有 [tool.gxrules] 表", key="tool.gxrules", path=path)
    validate_config(table, path=path, jurisdiction_keys=None)
    return table


# -- validation ------------------------------------------------------------------

def _suggest(word: str, candidates: Iterable[str]) -> str:
    import difflib  # only when a key is misspelt

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if not close:
        folded = word.replace("_", "-").lower()
        close = [c for c in candidates if c.lower() == folded]
    return f"；你是不是想写“{close[0]}”？" if close else ""


def _type_name(value: Any) -> str:
    return {str: "字符串", int: "整数", float: "小数", bool: "布尔值", list: "列表",
            dict: "表", Decimal: "小数"}.get(type(value), type(value).__name__)


def _show(value: Any) -> str:
    """A value as it would be written in TOML (roughly)."""
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(value)


_OPTION_TYPES = {bool: "布尔值（true/false）", int: "整数", float: "数字", str: "字符串", list: "列表",
                 tuple: "列表", dict: "表", Decimal: "数字（小数可写成字符串，如 \"0.01\"）"}


def _err(key: str, msg: str, path: Where) -> ConfigError:
    return ConfigError(f"配置项“{key}”{msg}", key=key, path=path)


def _check_str_list(key: str, value: Any, path: Where) -> List[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _err(key, f"应为字符串列表，实际是{_type_name(value)}", path)
    return list(value)


def _check_selectors(key: str, value: Any, path: Where) -> List[str]:
    items = _check_str_list(key, value, path)
    out = []
    for item in items:
        try:
            out.append(parse_selector(item).text)
        except ValueError as exc:
            raise _err(key, f"有误：{exc}", path) from None
    return out


def _check_choice(key: str, value: Any, choices: Iterable[str], path: Where) -> str:
    choices = tuple(choices)
    if not isinstance(value, str):
        raise _err(key, f"应为字符串（{'、'.join(choices)} 之一），实际是{_type_name(value)}", path)
    if value not in choices:
        raise _err(key, f"的值 \"{value}\" 无效，应为 {'、'.join(choices)} 之一{_suggest(value, choices)}", path)
    return value


_SIZE_RE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGkmg]?)(?:i?[Bb])?\s*$")


def parse_size(value: Any, key: str = "max-file-size", path: Where = None) -> int:
    """Bytes from an int or a string like ``"5MB"``, ``"500 KB"``, ``"1.5MiB"`` (units of 1024)."""
    if isinstance(value, bool):
        raise _err(key, "应为字节数（整数）或带单位的字符串（如 \"5MB\"），实际是布尔值", path)
    if isinstance(value, int):
        size = value
    elif isinstance(value, str):
        m = _SIZE_RE.match(value)
        if m is None:
            raise _err(key, f"的值 \"{value}\" 无效，应为字节数或带单位的大小（如 \"5MB\"、\"500KB\"）", path)
        factor = 1024 ** " KMG".index(m.group(2).upper() or " ")
        size = int(Decimal(m.group(1)) * factor)
    else:
        raise _err(key, f"应为字节数（整数）或带单位的字符串（如 \"5MB\"），实际是{_type_name(value)}", path)
    if size <= 0:
        raise _err(key, "应大于 0", path)
    return size


def _check_deadline(key: str, value: Any, path: Where) -> str:
    import datetime  # only to check a date given in a config file

    if isinstance(value, str):
        m = re.match(r"^([0-9]{2})-([0-9]{2})$", value)
        if m:
            try:
                datetime.date(2000, int(m.group(1)), int(m.group(2)))
                return value
            except ValueError:
                pass
    raise _err(key, f"应为 \"MM-DD\" 形式的日期（如 \"01-31\"），实际是 {_show(value)}", path)


def _check_table(key: str, value: Any, path: Where) -> dict:
    if not isinstance(value, dict):
        raise _err(key, f"应为表（table），实际是{_type_name(value)}", path)
    return value


def _check_per_file_ignores(key: str, value: Any, path: Where) -> Dict[str, List[str]]:
    table = _check_table(key, value, path)
    return {glob: _check_selectors(f"{key}.\"{glob}\"", codes, path) for glob, codes in table.items()}


def _check_rules(key: str, value: Any, path: Where) -> dict:
    table = _check_table(key, value, path)
    for code, options in table.items():
        try:
            sel = parse_selector(code)
        except ValueError:
            sel = None
        if sel is None or len(sel.digits) != 3:
            raise _err(f"{key}.{code}", "不是规则代码（应为完整代码，如 CN307）", path)
        _check_table(f"{key}.{code}", options, path)
    return table


def _check_plugins(key: str, value: Any, path: Where) -> dict:
    table = _check_table(key, value, path)
    for name, options in table.items():
        _check_table(f"{key}.{name}", options, path)
    return table


def _check_jurisdiction(key: str, value: Any, path: Where,
                        extra_keys: Optional[Iterable[str]] = ()) -> dict:
    """Known keys are checked; others are errors unless a plugin declared them.

    ``extra_keys=None`` defers the unknown-key check (plugins not known yet).
    """
    table = _check_table(key, value, path)
    known = {"department-deadline", "government-deadline", "kind"}
    known.update(k.replace("_", "-") for k in (extra_keys or ()))
    out = {}
    for written, item in table.items():
        full = f"{key}.{written}"
        name = written.replace("_", "-")
        if name not in known and extra_keys is not None:
            raise _err(full, f"未知{_suggest(written, sorted(known))}", path)
        if name.endswith("-deadline"):
            item = _check_deadline(full, item, path)
        elif name == "kind":
            item = _check_choice(full, item, JURISDICTION_KINDS, path)
        out[name.replace("-", "_")] = item
    return out


def _check_output_format(key: str, value: Any, path: Where) -> str:
    if not isinstance(value, str) or not re.match(r"^[a-z0-9][a-z0-9_-]*$", value):
        raise _err(key, f"应为输出格式名（如 {'、'.join(OUTPUT_FORMATS)}），实际是 {_show(value)}", path)
    return value


_CHECKS: Dict[str, Callable[..., Any]] = {
    "select": _check_selectors,
    "extend-select": _check_selectors,
    "ignore": _check_selectors,
    "per-file-ignores": _check_per_file_ignores,
    "include": _check_str_list,
    "exclude": _check_str_list,
    "fail-on": lambda k, v, p: _check_choice(k, v, SEVERITY_NAMES, p),
    "output-format": _check_output_format,
    "require-plugins": _check_str_list,
    "max-file-size": lambda k, v, p: parse_size(v, k, p),
    "rules": _check_rules,
    "jurisdiction": _check_jurisdiction,
    "plugins": _check_plugins,
}
KNOWN_KEYS = tuple(_CHECKS)


def validate_config(values: Mapping[str, Any], path: Where = None,
                    jurisdiction_keys: Optional[Iterable[str]] = ()) -> Dict[str, Any]:
    """Check keys and value types; return the values normalised (kebab-case keys kept).

    ``jurisdiction_keys`` are extra ``[jurisdiction]`` keys declared by
    plugins; ``None`` accepts any (used before plugins are loaded).
    """
    out: Dict[str, Any] = {}
    for key, value in values.items():
        check = _CHECKS.get(key)
        if check is None:
            raise ConfigError(f"未知的配置项“{key}”{_suggest(key, KNOWN_KEYS)}", key=key, path=path)
        if key == "jurisdiction":
            out[key] = _check_jurisdiction(key, value, path, jurisdiction_keys)
        else:
            out[key] = check(key, value, path)
    return out


def _normalise_cli(cli_values: Mapping[str, Any]) -> Dict[str, Any]:
    """CLI values: snake_case or kebab-case keys, ``None`` = not given, "A,B" lists split."""
    out: Dict[str, Any] = {}
    list_keys = {"select", "extend-select", "ignore", "include", "exclude", "require-plugins"}
    for key, value in cli_values.items():
        if value is None:
            continue
        key = key.replace("_", "-")
        if key in list_keys and isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        elif key in list_keys and isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out


# -- option specs ------------------------------------------------------------------

def _coerce_option(key: str, spec: OptionSpec, value: Any, path: Where) -> Any:
    want = spec.type
    bad = False
    if want is bool:
        bad = not isinstance(value, bool)
    elif isinstance(value, bool):
        bad = True
    elif want is int:
        bad = not isinstance(value, int)
    elif want is float:
        bad = not isinstance(value, (int, float))
        value = value if bad else float(value)
    elif want is Decimal:
        if isinstance(value, (int, float, str, Decimal)):
            try:
                value = Decimal(str(value).strip())
                bad = not value.is_finite()
            except InvalidOperation:
                bad = True
        else:
            bad = True
    elif want in (list, tuple):
        bad = not isinstance(value, (list, tuple))
        value = value if bad else want(value)
    elif not isinstance(value, want):
        bad = True
    if bad:
        raise _err(key, f"应为{_OPTION_TYPES.get(want, getattr(want, '__name__', str(want)))}，实际是 {_show(value)}", path)
    if spec.choices and value not in spec.choices:
        choices = "、".join(str(c) for c in spec.choices)
        raise _err(key, f"的值 {_show(value)} 无效，应为 {choices} 之一", path)
    return value


def _resolve_options(
    section: str,
    layers: List[tuple],
    specs: Mapping[str, Mapping[str, OptionSpec]],
) -> Dict[str, Dict[str, Any]]:
    """Defaults from ``specs`` overridden layer by layer by ``[section.NAME]`` tables."""
    result = {owner: {name: spec.default for name, spec in options.items()}
              for owner, options in specs.items()}
    unknown_owner = ("不是已知规则，或该规则没有可配置的选项" if section == "rules"
                     else "不是已加载的插件，或该插件没有可配置的选项")
    for values, path in layers:
        for owner, options in (values.get(section) or {}).items():
            if owner not in specs:
                raise _err(f"{section}.{owner}", unknown_owner + _suggest(owner, sorted(specs)), path)
            for name, value in options.items():
                key = f"{section}.{owner}.{name}"
                attr = name.replace("-", "_")
                spec = specs[owner].get(attr)
                if spec is None:
                    known = sorted(specs[owner])
                    hint = _suggest(attr, known) or (f"；可用选项：{'、'.join(known)}" if known else "；没有可配置的选项")
                    raise _err(key, f"未知{hint}", path)
                result[owner][attr] = _coerce_option(key, spec, value, path)
    return result


# -- resolving -------------------------------------------------------------------

def resolve_settings(
    file_values: Optional[Mapping[str, Any]],
    cli_values: Optional[Mapping[str, Any]],
    plugin_defaults: Optional[Mapping[str, Any]],
    rule_option_specs: Optional[Mapping[str, Mapping[str, OptionSpec]]],
    *,
    config_path: Optional[Path] = None,
    root: Optional[Path] = None,
    output_formats: Optional[Iterable[str]] = None,
    plugin_option_specs: Optional[Mapping[str, Mapping[str, OptionSpec]]] = None,
) -> Settings:
    """Merge plugin defaults < file < CLI into :class:`Settings`.

    ``rule_option_specs`` maps every known rule code to its options (an empty
    mapping for a rule without options); ``[rules.CODE]`` tables are checked
    against it and ``Settings.rule_options`` gets every default filled in.
    ``config_path`` is the file ``file_values`` came from (its directory is the
    root for relative globs unless ``root`` is given). ``output_formats`` is
    the set of valid ``output-format`` names (built-ins plus plugin formats;
    defaults to :data:`OUTPUT_FORMATS`). ``plugin_option_specs`` (plugin name
    -> options) checks ``[plugins.NAME]`` tables the same way; without it
    they are passed through unchecked.
    """
    config_path = Path(config_path) if config_path is not None else None
    plugin_defaults = dict(plugin_defaults or {})
    jur_keys = [k for k in (plugin_defaults.get("jurisdiction") or {})]
    layers = [
        (validate_config(plugin_defaults, PLUGIN_SOURCE, jur_keys), PLUGIN_SOURCE),
        (validate_config(file_values or {}, config_path, jur_keys), config_path),
        (validate_config(_normalise_cli(cli_values or {}), CLI_SOURCE, jur_keys), CLI_SOURCE),
    ]

    if root is None:
        root = config_path.parent if config_path is not None else Path.cwd()
    settings = Settings(config_path=config_path, root=Path(root).resolve())

    selection = None
    for values, _ in layers:
        for key in ("include", "fail-on", "output-format", "require-plugins", "max-file-size",
                    "select", "extend-select", "ignore"):
            if key in values:
                setattr(settings, key.replace("-", "_"), values[key])
        if "exclude" in values:
            settings.exclude = list(DEFAULT_EXCLUDE) + [p for p in values["exclude"] if p not in DEFAULT_EXCLUDE]
        settings.per_file_ignores.update(values.get("per-file-ignores", {}))
        settings.jurisdiction.update(values.get("jurisdiction", {}))
        if plugin_option_specs is None:
            for name, options in values.get("plugins", {}).items():
                settings.plugin_options.setdefault(name, {}).update(options)
        if any(k in values for k in ("select", "extend-select", "ignore")):
            args = (values.get("select"), values.get("extend-select"), values.get("ignore"))
            selection = RuleSelection(*args) if selection is None else selection.layered(*args)
    settings.selection = selection or RuleSelection()

    formats = tuple(output_formats) if output_formats is not None else OUTPUT_FORMATS
    if settings.output_format not in formats:
        where = next((p for v, p in reversed(layers) if "output-format" in v), None)
        raise _err("output-format",
                   f"的值 \"{settings.output_format}\" 无效，应为 {'、'.join(formats)} 之一"
                   f"{_suggest(settings.output_format, formats)}", where)

    settings.rule_options = _resolve_options("rules", layers, rule_option_specs or {})
    if plugin_option_specs is not None:
        settings.plugin_options = _resolve_options("plugins", layers, plugin_option_specs)
    return settings


def discover_settings(
    start: Path,
    cli_values: Optional[Mapping[str, Any]] = None,
    plugin_defaults: Optional[Mapping[str, Any]] = None,
    rule_option_specs: Optional[Mapping[str, Mapping[str, OptionSpec]]] = None,
    *,
    config: Optional[Path] = None,
    isolated: bool = False,
    output_formats: Optional[Iterable[str]] = None,
    plugin_option_specs: Optional[Mapping[str, Mapping[str, OptionSpec]]] = None,
) -> Settings:
    """find_config + load_config + resolve_settings. ``config`` forces a file; ``isolated`` reads none."""
    path = None
    if not isolated:
        path = Path(config) if config is not None else find_config(Path(start))
    file_values = load_config(path) if path is not None else {}
    return resolve_settings(file_values, cli_values, plugin_defaults, rule_option_specs,
                            config_path=path, output_formats=output_formats,
                            plugin_option_specs=plugin_option_specs)
