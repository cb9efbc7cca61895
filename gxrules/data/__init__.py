"""Data tables the rules read: document titles and numbers (CN6xx), term pairs (CN503).

The files are TOML next to this module and are shipped as package data.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Load ``gxrules/data/<name>.toml``."""
    text = resources.files("gxrules.data").joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
