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
import os
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


def _report_ranges(report) -> List[Tuple[str, int, int]]:
    """The report's :func:`disabled_ranges` (none but in Markdown and HTML), found once and kept
    on the report: the runner asks for every finding, and looking for the comments takes a
    scan of the whole text (~33 us for a 25,000-character page)."""
    cached = getattr(report, "_gxrules_disabled", None)
    if cached is None:
        text = report.source.text
        cached = disabled_ranges(text) if report.path.lower().endswith(MARKUP_SUFFIXES) and "gxrules" in text else []
        try:
            report._gxrules_disabled = cached
        except AttributeError:  # pragma: no cover - a report type without attributes
            pass
    return cached


def inline_suppressed(report, diagnostic: Diagnostic) -> bool:
    """Is the diagnostic inside a disable/enable comment range (Markdown and HTML only)?"""
    ranges = _report_ranges(report)
    if not ranges:
        return False
    offset = diagnostic.span.start.offset
    for code, start, end in ranges:
        if start <= offset <= end and (code == "ALL" or diagnostic.code.startswith(code)):
            return True
    return False


def _spellings(path: str) -> Set[str]:
    """The ways a later run may spell the same file: absolute, relative to the current
    directory, with or without ``./``."""
    out = {path}
    try:
        absolute = os.path.abspath(path)
        out.add(absolute)
        rel = os.path.relpath(absolute)
        out.update({rel, "./" + rel})
    except ValueError:  # pragma: no cover - another drive on Windows
        pass
    return {p.replace("\\", "/") for p in out}


def _fingerprint(code: str, path: str, key: str) -> str:
    from .diagnostics import Position, Span

    p = Position(1, 1, 0)
    return Diagnostic(code=code, name="", message=key, path=path, span=Span(p, p), fingerprint_key=key).fingerprint()


def write_baseline(path: Path, diagnostics: Iterable[Diagnostic]) -> int:
    """Write the fingerprints of ``diagnostics``. Each entry also keeps the absolute path and
    the finding's key, so the baseline still matches when the file is named another way
    (``reports/a.txt``, ``./reports/a.txt``, ``/abs/reports/a.txt``)."""
    entries = {}
    for d in diagnostics:
        shown = d.path.replace("\\", "/")
        entries[(shown, d.code, d.fingerprint())] = {
            "path": shown, "code": d.code, "fingerprint": d.fingerprint(),
            "abspath": os.path.abspath(d.path).replace("\\", "/") if d.path != "<text>" else shown,
            "key": d.fingerprint_key or d.message}
    data = {"version": 1, "tool": "gxrules", "findings": [entries[k] for k in sorted(entries)]}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8: keep it as JSON escapes
        raw = (json.dumps(data, ensure_ascii=True, indent=2) + "\n").encode("ascii")
    Path(path).write_bytes(raw)
    return len(entries)


def read_baseline(path: Path) -> Set[str]:
    """The fingerprints a baseline hides (for every spelling of each file's path)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "findings" not in data:
        raise ValueError(f"{path} 不是 gxrules 基线文件")
    known: Set[str] = set()
    for f in data["findings"]:
        known.add(f["fingerprint"])
        if "key" in f and "abspath" in f:
            for spelling in _spellings(f["abspath"]):
                known.add(_fingerprint(f["code"], spelling, f["key"]))
    return known
