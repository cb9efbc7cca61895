"""The plugin manager: built-ins and entry-point plugins, the same way."""
from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from importlib import metadata
from typing import Dict, Iterable, List, Optional, Sequence

import pluggy

from . import hookspecs

hookimpl = pluggy.HookimplMarker("gxrules")

ENTRY_POINT_GROUP = "gxrules"
AUTOLOAD_ENV = "GXRULES_DISABLE_PLUGIN_AUTOLOAD"

# The built-in plugins: registered directly, like pytest's default plugins.
BUILTIN_PLUGINS = ("gxrules.builtin",)


class PluginLoadError(Exception):
    """A plugin could not be loaded: exit code 2, naming the plugin."""

    def __init__(self, name: str, dist: str, version: str, exc: BaseException):
        self.name, self.dist, self.version, self.exc = name, dist, version, exc
        super().__init__(f"插件 {name}（{dist} {version}）加载失败：{type(exc).__name__}: {exc}")


@dataclass
class PluginInfo:
    name: str  # entry-point name, or the module name of a built-in
    dist: str  # distribution name ("gxrules" for built-ins)
    version: str
    module: object = field(repr=False, default=None)

    @property
    def hooks(self) -> List[str]:
        return sorted(n for n in dir(self.module) if n.startswith("gxrules_"))


def get_plugin_manager(load_entrypoints: Optional[bool] = None, blocked: Sequence[str] = (),
                       extra: Iterable[object] = ()) -> "PluginManager":
    """Build a plugin manager: built-ins, then entry points sorted by name, then ``extra``.

    ``blocked`` names plugins not to load (``-p no:NAME``). Entry-point
    loading is off when ``load_entrypoints`` is False or when the
    environment variable GXRULES_DISABLE_PLUGIN_AUTOLOAD is set.
    """
    pm = PluginManager()
    for name in blocked:
        pm.set_blocked(name)
    for modname in BUILTIN_PLUGINS:
        module = importlib.import_module(modname)
        pm.register(module, name=modname)
        pm.infos.append(PluginInfo(modname, "gxrules", _version("gxrules"), module))
    if load_entrypoints is None:
        load_entrypoints = not os.environ.get(AUTOLOAD_ENV)
    if load_entrypoints:
        for ep in sorted(_entry_points(), key=lambda e: e.name):
            if pm.is_blocked(ep.name):
                continue
            dist = ep.dist.name if getattr(ep, "dist", None) else ep.name
            version = ep.dist.version if getattr(ep, "dist", None) else "?"
            if dist in blocked:
                continue
            try:
                module = ep.load()
                pm.register(module, name=ep.name)
            except Exception as exc:  # each plugin in its own try block
                raise PluginLoadError(ep.name, dist, version, exc) from exc
            pm.infos.append(PluginInfo(ep.name, dist, version, module))
    for obj in extra:
        name = getattr(obj, "__name__", None) or type(obj).__name__
        pm.register(obj, name=name)
        # a plugin module registered directly (tests, embedding) may name its
        # distribution (``dist_name = "gxrules-ningxia"``) so that rules and
        # ``[plugins.NAME]`` options are named as when loaded by entry point
        pm.infos.append(PluginInfo(name, getattr(obj, "dist_name", name),
                                   str(getattr(obj, "__version__", "") or ""), obj))
    pm.check_pending()
    return pm


class PluginManager(pluggy.PluginManager):
    def __init__(self) -> None:
        super().__init__(ENTRY_POINT_GROUP)
        self.add_hookspecs(hookspecs)
        self.infos: List[PluginInfo] = []

    def dist_of(self, plugin: object) -> str:
        for info in self.infos:
            if info.module is plugin:
                return info.dist
        return "?"

    def collect(self, hook_name: str) -> List[tuple]:
        """Call a hook on every plugin; return (dist name, result) pairs in registration order."""
        out = []
        # get_hookimpls() lists implementations in registration order (pluggy
        # *calls* them last-registered-first): built-ins first, then entry
        # points, then extra plugins, so later plugins override earlier defaults
        for impl in getattr(self.hook, hook_name).get_hookimpls():
            result = impl.function()
            if result is not None:
                out.append((self.dist_of(impl.plugin), result))
        return out


def _entry_points():
    eps = metadata.entry_points()
    if hasattr(eps, "select"):
        return list(eps.select(group=ENTRY_POINT_GROUP))
    return list(eps.get(ENTRY_POINT_GROUP, []))  # pragma: no cover - Python < 3.10


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        from . import __version__

        return __version__
