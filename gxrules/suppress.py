"""Suppression without touching the published text.

* ``per-file-ignores`` (config) -- applied by the runner;
* a baseline file of fingerprints (``--write-baseline`` / ``--baseline``):
  fingerprints name the rule, the file and what the finding is about, never
  its line, so they survive lines moving;
* in Markdown and HTML only, comment ranges that readers of the page never see::

      <!-- gxrules: disable=CN306 -->  ...  <!-- gxrules: enable=CN306 -->

  ``disable`` without ``enable`` runs to the end of the file;
  ``disable=all`` turns off every rule.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Dict, Iterable, List, Set, Tuple

from .diagnostics import Diagnostic

_COMMENT = re.compile(r"<!--\s*gxrules\s*:\s*(disable|enable)\s*=\s*([A-Za-z0-9_, ]+?)\s*-->")
MARKUP_SUFFIXES = (".md", ".markdown", ".html", ".htm")


def disabled_ranges(text: str) -> List[Tuple[str, int, int]]:
    """(code or "ALL", start offset, end offset) ranges turned off by comments."""
    open_: Dict[str, int] = {}
    ranges = []
    for m in _COMMENT.finditer(text):
        codes = [c.strip().upper() for c in m.group(2).split(",") if c.strip()]
        for code in codes:
            code = "ALL" if code == "ALL" else code
            if m.group(1) == "disable":
                open_.setdefault(code, m.end())
            elif code in open_:
                ranges.append((code, open_.pop(code), m.start()))
    for code, start in open_.items():
        ranges.append((code, start, len(text)))
    return ranges


def inline_suppressed(report, diagnostic: Diagnostic) -> bool:
    """Is the diagnostic inside a disable/enable comment range (Markdown and HTML only)?"""
    if not report.path.lower().endswith(MARKUP_SUFFIXES) or "gxrules" not in report.source.text:
        return False
    offset = diagnostic.span.start.offset
    for code, start, end in disabled_ranges(report.source.text):
        if start <= offset <= end and (code == "ALL" or diagnostic.code.startswith(code)):
            return True
    return False


def write_baseline(path: Path, diagnostics: Iterable[Diagnostic]) -> int:
    entries = sorted({(d.path.replace("\\", "/"), d.code, d.fingerprint()) for d in diagnostics})
    data = {"version": 1, "tool": "gxrules",
            "findings": [{"path": p, "code": c, "fingerprint": f} for p, c, f in entries]}
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(entries)


def read_baseline(path: Path) -> Set[str]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "findings" not in data:
        raise ValueError(f"{path} 不是 gxrules 基线文件")
    return {f["fingerprint"] for f in data["findings"]}
