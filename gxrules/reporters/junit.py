"""JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Dict, List, TextIO

from ..diagnostics import Diagnostic
from .base import Reporter, RunResult

__all__ = ["JunitReporter"]

# characters XML 1.0 does not allow, even escaped
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", str(text))


class JunitReporter(Reporter):
    """One testsuite ``gxrules``: a failing testcase per finding, a passing one per clean file."""

    name = "junit"
    shows_source = False

    def write(self, run: RunResult, out: TextIO) -> None:
        by_file: Dict[str, List[Diagnostic]] = {}
        for d in run.diagnostics:
            by_file.setdefault(d.path, []).append(d)
        cases: List[ET.Element] = []
        for d in run.diagnostics:
            where = f"{d.span.start.line}:{d.span.start.column}"
            case = ET.Element("testcase", classname=_clean(d.path), name=f"{d.code} {where}")
            failure = ET.SubElement(case, "failure", message=_clean(d.message), type=d.code)
            failure.text = _clean(f"{d.path}:{where}: {d.code} {d.message}\n{d.url}")
            cases.append(case)
        skipped = [p for p in run.skipped if p not in by_file]
        for path in run.files:
            if path not in by_file and path not in skipped:
                cases.append(ET.Element("testcase", classname=_clean(path), name="gxrules"))
        for path in skipped:
            case = ET.Element("testcase", classname=_clean(path), name="gxrules")
            ET.SubElement(case, "skipped", message="不是年度报告，已跳过")
            cases.append(case)
        counts = {"tests": str(len(cases)), "failures": str(len(run.diagnostics)), "errors": "0"}
        root = ET.Element("testsuites", name="gxrules", **counts)
        suite = ET.SubElement(root, "testsuite", name="gxrules", **counts, skipped=str(len(skipped)))
        suite.extend(cases)
        if hasattr(ET, "indent"):
            ET.indent(root)
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(ET.tostring(root, encoding="unicode"))
        out.write("\n")
