"""SARIF 2.1.0 for code-scanning tools (GitHub, GitLab, Azure DevOps)."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List, TextIO
from urllib.parse import quote

from ..diagnostics import DOCS_URL, Diagnostic, Severity, Span
from .base import Reporter, RunResult, tool_version

__all__ = ["SarifReporter", "sarif_level", "artifact_uri"]

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://gxrules.readthedocs.io/"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def sarif_level(severity: Severity) -> str:
    return _LEVELS[Severity.parse(severity)]


def artifact_uri(path: str) -> str:
    """A relative POSIX URI reference for a path (absolute paths under the cwd become relative)."""
    posix = path.replace("\\", "/")
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            rel = None
        if rel is None or rel.startswith(".."):
            return Path(path).as_uri()
        posix = Path(rel).as_posix()
    while posix.startswith("./"):
        posix = posix[2:]
    return quote(posix, safe="/")


def _region(span: Span) -> Dict[str, int]:
    return {"startLine": span.start.line, "startColumn": span.start.column,
            "endLine": span.end.line, "endColumn": span.end.column}


def _rule_entry(code: str, info: Any, fallback: Diagnostic = None) -> Dict[str, Any]:
    name = getattr(info, "name", None) or (fallback.name if fallback else code)
    summary = getattr(info, "summary", None) or (fallback.message if fallback else name)
    severity = getattr(info, "severity", None) or (fallback.severity if fallback else Severity.ERROR)
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "helpUri": DOCS_URL.format(code=code),
        "defaultConfiguration": {"level": sarif_level(severity)},
        "properties": {
            "plugin": getattr(info, "plugin", None) or (fallback.plugin if fallback else "gxrules"),
            "fixable": bool(getattr(info, "fixable", False)),
        },
    }


def _result(d: Diagnostic, index: int, uri: str) -> Dict[str, Any]:
    result: Dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": index,
        "level": sarif_level(d.severity),
        "message": {"text": d.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(d.span)}}],
        "partialFingerprints": {"gxrules/v1": d.fingerprint()},
    }
    if d.fix is not None:
        result["fixes"] = [{
            "description": {"text": d.fix.message},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                "replacements": [{"deletedRegion": _region(e.span), "insertedContent": {"text": e.content}}
                                 for e in d.fix.edits],
            }],
        }]
    return result


class SarifReporter(Reporter):
    name = "sarif"
    shows_source = False

    def write(self, run: RunResult, out: TextIO) -> None:
        first: Dict[str, Diagnostic] = {}
        for d in run.diagnostics:
            first.setdefault(d.code, d)
        codes = sorted(set(run.rules) | set(first))
        rules: List[Dict[str, Any]] = [_rule_entry(c, run.rules.get(c), first.get(c)) for c in codes]
        index = {c: i for i, c in enumerate(codes)}
        uris = {path: artifact_uri(path) for path in {d.path for d in run.diagnostics}}  # per file, not per finding
        doc = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "gxrules",
                    "version": tool_version(run),
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }},
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index[d.code], uris[d.path]) for d in run.diagnostics],
            }],
        }
        # one string written once: json.dump with an indent writes each of its pieces (millions)
        out.write(json.dumps(doc, ensure_ascii=False, indent=2))
        out.write("\n")
