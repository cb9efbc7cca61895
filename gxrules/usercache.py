"""The user cache directory, and the data files gxrules reads through it.

gxrules keeps derived data in a per-version user cache directory, never in
the package directory: the line scanner taken from Lark (``parser.py``) and
JSON copies of the TOML data shipped with gxrules (templates, ``data/*.toml``).
TOML is parsed in pure Python; the JSON copy reads ten times faster, which
counts at every start of ``gxrules check``. Every entry records what it was
made from (file size and modification time, gxrules version) and is rebuilt
when that changes; without a writable cache a start is only slower.
``GXRULES_CACHE_DIR`` moves the cache, ``GXRULES_NO_CACHE`` turns it off.
"""
from __future__ import annotations

import json
import os
import sys
import zlib
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Optional


def cache_dir() -> Optional[Path]:
    """The per-version cache directory, created if needed; None when off or not writable."""
    if os.environ.get("GXRULES_NO_CACHE") is not None:
        return None
    base = os.environ.get("GXRULES_CACHE_DIR")
    if base:
        root = Path(base)
    elif sys.platform == "win32":
        root = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "gxrules" / "Cache"
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gxrules"
    try:
        from . import __version__

        path = root / __version__
        path.mkdir(parents=True, exist_ok=True)
        return path if os.access(path, os.W_OK) else None
    except OSError:
        return None


def file_stamp(path: Any) -> Optional[str]:
    """Size and modification time of a file on disk (None for a file inside a zip, say)."""
    try:
        st = os.stat(os.fspath(path))
    except (OSError, TypeError):
        return None
    return f"{st.st_size}:{st.st_mtime_ns}"


def cached_json(name: str, key: str, build: Callable[[], Any]) -> Any:
    """``build()``, or what it returned last time for the same ``key`` (kept as ``name-<crc>.json``).

    ``build`` must return plain JSON data; what JSON cannot hold is not cached.
    """
    directory = cache_dir()
    if directory is None:
        return build()
    from . import __version__

    key = f"{__version__}\0{key}"
    path = directory / f"{name}-{zlib.crc32(key.encode('utf-8')):08x}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry["key"] == key:
            return entry["data"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    data = build()
    try:
        text = json.dumps({"key": key, "data": data}, ensure_ascii=False)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)  # atomic: a reader sees the old entry or the new one
    except (OSError, TypeError, ValueError):
        pass
    return data


def load_toml(package: str, name: str) -> dict:
    """A TOML data file shipped in ``package`` (e.g. ``gxrules.templates``), through its JSON copy."""
    resource = resources.files(package).joinpath(name)

    def parse() -> dict:
        try:  # Python 3.11+
            import tomllib
        except ModuleNotFoundError:  # pragma: no cover - Python < 3.11
            import tomli as tomllib  # type: ignore[no-redef]
        return tomllib.loads(resource.read_text(encoding="utf-8"))

    stamp = file_stamp(resource)
    if stamp is None:
        return parse()
    return cached_json(f"{package}.{name}", f"{resource}\0{stamp}", parse)
