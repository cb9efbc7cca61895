"""Make the plugin importable when it is not installed (``pytest plugins/gxrules-ningxia/tests``
from the gxrules repository): the tests register the module directly, so an install is not needed."""
from __future__ import annotations

import sys
from pathlib import Path

try:
    import gxrules_ningxia  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
