"""Data tables the rules read: document titles and numbers (CN6xx), term pairs (CN503).

The files are TOML next to this module and are shipped as package data.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Load ``gxrules/data/<name>.toml`` (through its JSON copy in the user cache)."""
    from ..usercache import load_toml

    return load_toml("gxrules.data", f"{name}.toml")
