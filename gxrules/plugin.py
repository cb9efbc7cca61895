"""The plugin manager: built-ins and entry-point plugins, the same way."""
from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass, field
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
        load_entrypoints = os.environ.get(AUTOLOAD_ENV, "").strip().lower() in ("", "0", "false", "no")
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
        try:
            pm.register(obj, name=name)
        except Exception as exc:
            raise PluginLoadError(name, getattr(obj, "dist_name", name), "", exc) from exc
        # a plugin module registered directly (tests, embedding) may name its
        # distribution (``dist_name = "gxrules-ningxia"``) so that rules and
        # ``[plugins.NAME]`` options are named as when loaded by entry point
        pm.infos.append(PluginInfo(name, getattr(obj, "dist_name", name),
                                   str(getattr(obj, "__version__", "") or ""), obj))
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:  # e.g. a misspelt hook name
        plugin = exc.plugin
        info = next((i for i in pm.infos if i.module is plugin), None)
        raise PluginLoadError(info.name if info else str(plugin), info.dist if info else "?",
                              info.version if info else "?", exc) from exc
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
    """The installed entry points of the ``gxrules`` group.

    ``importlib.metadata`` costs tens of milliseconds at every start (it
    imports the e-mail parser and reads every installed distribution), so a
    quick look comes first: when no ``entry_points.txt`` on ``sys.path``
    names the group, there is no plugin and nothing more is read.
    """
    if _group_declared(ENTRY_POINT_GROUP) is False:
        return []
    from importlib import metadata

    if sys.version_info >= (3, 10):
        return list(metadata.entry_points().select(group=ENTRY_POINT_GROUP))
    # Python 3.9 (pragma: no cover): an entry point does not know its distribution (3.10's
    # EntryPoint.dist), so each is read with the distribution that declares it, the first
    # distribution of a name on sys.path only (as 3.10's entry_points())
    import re

    found, seen = [], set()
    for dist in metadata.distributions():  # pragma: no cover - Python < 3.10
        name = dist.metadata["Name"]
        key = re.sub(r"[-_.]+", "-", name or "").lower()
        if key in seen:
            continue
        seen.add(key)
        found += [_DistEntryPoint(ep, name, dist.version) for ep in dist.entry_points
                  if ep.group == ENTRY_POINT_GROUP]
    return found


class _DistEntryPoint:  # pragma: no cover - Python < 3.10
    """An entry point of Python 3.9 with its distribution, as 3.10 has it (``.dist.name``)."""

    class _Dist:
        def __init__(self, name: str, version: str):
            self.name, self.version = name, version

    def __init__(self, ep, dist_name: str, version: str):
        self.name, self._ep, self.dist = ep.name, ep, self._Dist(dist_name, version)

    def load(self):
        return self._ep.load()


def _group_declared(group: str) -> Optional[bool]:
    """Does an installed distribution declare entry points in ``group``? None when unsure.

    Looks at ``*.dist-info/entry_points.txt`` and ``*.egg-info/entry_points.txt``
    in the directories of ``sys.path``, as ``importlib.metadata`` does. Unsure
    (so ``importlib.metadata`` decides): a zip file or an ``.egg`` on the path,
    or an import hook other than the standard path finder that can find
    distributions.
    """
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is not PathFinder and hasattr(finder, "find_distributions"):
            return None
    header = f"[{group}]"
    for entry in sys.path:
        entry = entry or "."
        if entry.endswith(".egg"):
            return None
        try:
            names = os.listdir(entry)
        except NotADirectoryError:
            return None  # a zip file: it may hold distributions
        except OSError:
            continue  # a path entry that does not exist
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(entry, name, "entry_points.txt"), encoding="utf-8",
                          errors="replace") as fh:
                    if any(line.strip() == header for line in fh):
                        return True
            except OSError:
                continue
    return False


def _version(dist: str) -> str:
    from . import __version__

    if dist == "gxrules":
        return __version__  # the package's own version: no metadata to read
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return __version__
