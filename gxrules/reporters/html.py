"""``--output-format html``: one self-contained page for a reviewer.

The page opens with a summary of every report checked (findings per report
and per rule, in tables sorted by a click on a column head), then, per
report, its three tables drawn as HTML tables -- the template's labels, the
values read, missing cells shown as missing -- with the cells a finding
concerns highlighted and the finding (with its equation and every operand's
value) beside the table; every other finding is listed with its line and the
source line it points at.

Nothing is loaded from the network: the CSS and the few lines of JavaScript
are inline, fonts are the system's (a CJK font-family list). All text from
reports and findings is HTML-escaped. The tables come from
``RunResult.reports[path]`` (:func:`gxrules.extract.report_summary`, filled
by the runner for this format); a file without one (not read, skipped) gets
its findings only.
"""
from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Set, TextIO, Tuple

from ..diagnostics import Diagnostic, Severity, _jsonable
from .base import Reporter, RunResult, summary_lines, tool_version

__all__ = ["HtmlReporter", "HIGHLIGHT_CLASS", "HIGHLIGHT_COLOUR"]

HIGHLIGHT_CLASS = "hl"  # a cell a finding is about
OPERAND_CLASS = "hl-op"  # a cell that is an operand of a failing equation
HIGHLIGHT_COLOUR = (255, 179, 179)  # background of an error cell: #ffb3b3 (tests look for it)

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
TABLE_NUMBERS = {"active_disclosure": "表一", "applications": "表二", "review_litigation": "表三"}
STATUS_ZH = {"ok": "", "blank": "空白", "invalid": "无法识别", "missing": "缺失"}
_KEY = re.compile(r"\b([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\b")
# characters HTML must not carry (C0 controls but tab/newline, lone surrogates, non-characters)
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def esc(value: Any) -> str:
    """Text for HTML: escaped, with characters HTML cannot carry replaced by U+FFFD."""
    return html.escape(_INVALID.sub("\ufffd", "" if value is None else str(value)), quote=True)


CSS = """
:root { --hl: #ffb3b3; --hl-line: #c62828; --hl-warn: #ffe08a; --hl-warn-line: #b26a00;
  --hl-info: #cfe3ff; --hl-info-line: #1e5bb8; --op: #fff4d6; --muted: #6b6b6b; --rule: #d9d9d9; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; padding: 16px 24px 48px; max-width: 1400px; color: #1b1b1b; background: #fff;
  font: 14px/1.55 "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
  "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei", "Droid Sans Fallback",
  "Heiti SC", SimHei, system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #333; word-break: break-all; }
h3 { font-size: 15px; margin: 18px 0 6px; }
a { color: #0b57a4; }
code, .src { font-family: "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC", "Liberation Mono", monospace; }
.meta, .where, .found, .muted { color: var(--muted); }
.where { font-weight: normal; font-size: 13px; margin-left: 8px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--rule); padding: 3px 7px; vertical-align: top; }
thead th { background: #f2f2f2; font-weight: 600; text-align: center; }
table.list td.num, table.list th.num { text-align: right; }
table.sortable thead th { cursor: pointer; user-select: none; white-space: nowrap; }
table.sortable thead th::after { content: " \\2195"; color: #aaa; font-size: 11px; }
table.sortable thead th[aria-sort=ascending]::after { content: " \\25B2"; color: #333; }
table.sortable thead th[aria-sort=descending]::after { content: " \\25BC"; color: #333; }
.sev-error { color: #b71c1c; font-weight: 600; } .sev-warning { color: #8a5300; font-weight: 600; }
.sev-info { color: #1e5bb8; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0 10px; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; }
.pair { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.grid-wrap { flex: 0 1 auto; max-width: 100%; overflow-x: auto; }
.notes { flex: 1 1 320px; min-width: 300px; max-width: 640px; }
table.grid td.v { text-align: right; min-width: 3.4em; white-space: nowrap; }
table.grid th.label { text-align: left; font-weight: normal; max-width: 24em; }
table.grid th .found { display: block; font-size: 12px; font-weight: normal; }
table.grid tr.sub th.label { padding-left: 1.8em; }
table.grid tr.group th { text-align: left; background: #fafafa; font-weight: 600; }
table.grid td.ln { color: var(--muted); font-size: 12px; text-align: right; }
table.grid td.na { background: #f7f7f7; }
td.missing { background: repeating-linear-gradient(135deg, #fff, #fff 4px, #eee 4px, #eee 8px);
  color: var(--muted); text-align: center !important; }
td.blank { color: var(--muted); }
td.invalid { color: #a14d00; font-style: italic; }
td.hl-op, th.hl-op { background: var(--op); }
td.hl, th.hl { background: var(--hl); outline: 2px solid var(--hl-line); outline-offset: -2px; font-weight: 700; }
td.hl.hl-warning, th.hl.hl-warning { background: var(--hl-warn); outline-color: var(--hl-warn-line); }
td.hl.hl-info, th.hl.hl-info { background: var(--hl-info); outline-color: var(--hl-info-line); }
sup.fn { font-size: 10px; margin-left: 2px; } sup.fn a { text-decoration: none; }
.finding { border: 1px solid var(--rule); border-left: 4px solid #999; border-radius: 3px;
  padding: 6px 10px; margin: 0 0 10px; background: #fff; }
.finding.error { border-left-color: var(--hl-line); } .finding.warning { border-left-color: #e0a100; }
.finding.info { border-left-color: var(--hl-info-line); }
.finding .head { font-size: 13px; } .finding .no { display: inline-block; min-width: 1.6em; font-weight: 700; }
.finding p { margin: 4px 0; }
.finding .eq { margin: 4px 0; padding: 4px 6px; background: #f6f6f6; word-break: break-all; }
.finding table.ops { margin: 4px 0; font-size: 13px; }
.finding table.ops td { padding: 1px 6px; }
.finding table.ops tr.subject td { background: var(--hl); }
.finding .fix { color: #1b5e20; }
.src { display: block; white-space: pre-wrap; word-break: break-all; background: #f6f6f6; padding: 3px 6px;
  margin: 4px 0; font-size: 13px; }
.src .ln { color: var(--muted); user-select: none; margin-right: 8px; }
.src mark { background: var(--hl); outline: 1px solid var(--hl-line); }
.legend span.sw { display: inline-block; width: 1.2em; height: 1em; vertical-align: -2px; margin: 0 4px 0 12px;
  border: 1px solid var(--rule); }
.ok-badge { color: #1b5e20; font-weight: 600; }
ol.findings { padding-left: 0; list-style: none; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .no-print, table.sortable thead th::after { display: none; content: none; }
  section.report { break-before: page; }
  .table-block, .finding, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .grid-wrap { overflow: visible; }
  table.grid { font-size: 9pt; }
  table.grid th.label { max-width: 16em; }
  .notes { max-width: none; }
}
"""

JS = """
(function () {
  function key(cell, num) {
    var v = cell.getAttribute('data-v');
    if (v === null) { v = cell.textContent.trim(); }
    if (num) { var n = parseFloat(v); return isNaN(n) ? -Infinity : n; }
    return v;
  }
  function sortBy(table, index, th) {
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    var num = th.getAttribute('data-type') === 'num';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    rows.sort(function (a, b) {
      var x = key(a.cells[index], num), y = key(b.cells[index], num);
      var c = num ? (x < y ? -1 : x > y ? 1 : 0) : String(x).localeCompare(String(y), 'zh-CN');
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.tabIndex = 0;
      th.title = '点击排序';
      th.addEventListener('click', function () { sortBy(table, i, th); });
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(table, i, th); }
      });
    });
  });
})();
"""


class _Finding:
    """A diagnostic as the page shows it: its number in the report and what it points at."""

    def __init__(self, number: int, d: Diagnostic):
        self.number = number
        self.d = d
        self.data: Mapping[str, Any] = _jsonable(d.data or {})
        self.subjects: Set[str] = set()  # cell keys the finding is about
        self.operands: Set[str] = set()  # cell keys in its equation
        self.labels: Set[str] = set()  # "table.row" / "table.@column" labels it is about
        self.tables: List[str] = []  # tables it concerns, first = where it is listed

    @property
    def severity(self) -> str:
        return self.d.severity.label

    def add_table(self, name: str) -> None:
        if name and name not in self.tables:
            self.tables.append(name)


def _cell_index(summary: Mapping[str, Any]) -> Dict[int, List[Tuple[int, int, str]]]:
    """line -> [(start column, end column, cell key)] for every cell read from that line."""
    index: Dict[int, List[Tuple[int, int, str]]] = defaultdict(list)
    for table, rows in (summary.get("cells") or {}).items():
        for row, cols in rows.items():
            for col, c in cols.items():
                if c.get("line") is not None and c.get("line") == c.get("end_line"):
                    index[c["line"]].append((c["column"], c["end_column"], f"{table}.{row}.{col}"))
    return index


def _place(f: _Finding, summary: Optional[Mapping[str, Any]], index) -> None:
    """Work out which cells, labels and tables a finding concerns."""
    if not summary:
        return
    cells = summary.get("cells") or {}

    def known(key: Any) -> bool:
        if not isinstance(key, str) or key.count(".") != 2:
            return False
        t, r, c = key.split(".")
        return c in (cells.get(t, {}).get(r) or {})

    data = f.data
    if known(data.get("cell")):
        f.subjects.add(data["cell"])
    for op in data.get("operands") or ():
        if isinstance(op, Mapping) and known(op.get("key")):
            f.operands.add(op["key"])
    start = f.d.span.start
    for col, end, key in index.get(start.line, ()):
        if col <= start.column < max(end, col + 1):
            f.subjects.add(key)
    table = data.get("table")
    if isinstance(table, str) and table in cells:
        row = data.get("row")
        kind = data.get("kind")
        if isinstance(row, str) and row in cells[table]:
            columns = data.get("columns")
            if isinstance(columns, (list, tuple)) and columns:
                f.subjects.update(f"{table}.{row}.{c}" for c in columns if known(f"{table}.{row}.{c}"))
            else:
                f.labels.add(f"{table}.{row}")
        elif kind == "row" and isinstance(data.get("key"), str) and data["key"] in cells[table]:
            f.labels.add(f"{table}.{data['key']}")
        elif kind == "column" and isinstance(data.get("key"), str):
            f.labels.add(f"{table}.@{data['key']}")
        f.add_table(table)
    for key in sorted(f.subjects) + sorted(f.operands):
        f.add_table(key.split(".")[0])
    for label in sorted(f.labels):
        f.add_table(label.split(".")[0])


class HtmlReporter(Reporter):
    """One self-contained HTML page: summary tables, then each report's tables with findings."""

    name = "html"

    def write(self, run: RunResult, out: TextIO) -> None:
        by_file: Dict[str, List[Diagnostic]] = defaultdict(list)
        for d in run.diagnostics:
            by_file[d.path].append(d)
        paths = list(dict.fromkeys(run.files))
        known = set(paths)
        paths += [p for p in by_file if p not in known]  # findings for a path not in files (library use)
        anchors = {p: f"r{i}" for i, p in enumerate(paths, 1)}
        skipped = set(run.skipped)

        out.write("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"gxrules " + esc(tool_version(run)) + "\">\n"
                  "<title>gxrules 检查结果：政府信息公开工作年度报告</title>\n<style>" + CSS + "</style>\n"
                  "</head>\n<body>\n")
        out.write("<header>\n<h1>政府信息公开工作年度报告检查结果</h1>\n")
        out.write(f"<p class=\"meta\">gxrules {esc(tool_version(run))} · 检查 {len(run.files)} 个文件</p>\n")
        for line in summary_lines(run) or [f"共发现 {len(run.diagnostics)} 个问题。"]:
            out.write(f"<p>{esc(line)}</p>\n")
        out.write("</header>\n")
        self._overview(run, paths, by_file, anchors, skipped, out)
        for path in paths:
            self._report(run, path, anchors[path], by_file.get(path, []), path in skipped, out)
        out.write("<script>" + JS + "</script>\n</body>\n</html>\n")

    # ------------------------------------------------------------ overview
    def _overview(self, run: RunResult, paths, by_file, anchors, skipped, out: TextIO) -> None:
        out.write("<section id=\"overview\">\n<h2>概览</h2>\n<h3>各报告的问题</h3>\n")
        out.write("<table class=\"list sortable\" id=\"by-report\">\n<thead><tr><th>报告</th><th>机关</th>"
                  "<th data-type=\"num\" class=\"num\">年度</th><th data-type=\"num\" class=\"num\">错误</th>"
                  "<th data-type=\"num\" class=\"num\">警告</th><th data-type=\"num\" class=\"num\">提示</th>"
                  "<th data-type=\"num\" class=\"num\">合计</th><th>规则</th></tr></thead>\n<tbody>\n")
        for path in paths:
            diags = by_file.get(path, [])
            summary = run.reports.get(path) or {}
            sev = Counter(d.severity.label for d in diags)
            codes = Counter(d.code for d in diags)
            rules = " ".join(f"{c}×{n}" if n > 1 else c for c, n in sorted(codes.items()))
            if path in skipped:
                rules = rules or "（不是年度报告，已跳过）"
            elif not summary and not diags:
                rules = "（未读取表格）"
            year = summary.get("year")
            out.write(f"<tr><td><a href=\"#{anchors[path]}\">{esc(path)}</a></td>"
                      f"<td>{esc(summary.get('agency') or '')}</td>"
                      f"<td class=\"num\">{esc(year if year is not None else '')}</td>"
                      f"<td class=\"num\">{sev['error']}</td><td class=\"num\">{sev['warning']}</td>"
                      f"<td class=\"num\">{sev['info']}</td><td class=\"num\">{len(diags)}</td>"
                      f"<td>{esc(rules) if rules else '<span class=ok-badge>无问题</span>'}</td></tr>\n")
        out.write("</tbody>\n</table>\n")

        out.write("<h3>各规则的问题</h3>\n")
        if not run.diagnostics:
            out.write("<p class=\"ok-badge\">没有发现问题。</p>\n</section>\n")
            return
        counts = Counter(d.code for d in run.diagnostics)
        files = defaultdict(set)
        fixable = Counter()
        for d in run.diagnostics:
            files[d.code].add(d.path)
            if d.fix is not None:
                fixable[d.code] += 1
        out.write("<table class=\"list sortable\" id=\"by-rule\">\n<thead><tr><th>代码</th><th>名称</th><th>级别</th>"
                  "<th data-type=\"num\" class=\"num\">问题数</th><th data-type=\"num\" class=\"num\">涉及报告</th>"
                  "<th data-type=\"num\" class=\"num\">可修复</th><th>说明</th></tr></thead>\n<tbody>\n")
        first = {}
        for d in run.diagnostics:
            first.setdefault(d.code, d)
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            spec = run.rules.get(code)
            d = first[code]
            severity = d.severity.label
            summary_text = getattr(spec, "summary", "") if spec is not None else ""
            out.write(f"<tr><td><code>{esc(code)}</code></td><td>{esc(d.name)}</td>"
                      f"<td data-v=\"{int(d.severity)}\" class=\"sev-{esc(severity)}\">"
                      f"{esc(SEVERITY_ZH.get(severity, severity))}</td>"
                      f"<td class=\"num\">{n}</td><td class=\"num\">{len(files[code])}</td>"
                      f"<td class=\"num\">{fixable[code]}</td><td>{esc(summary_text)}</td></tr>\n")
        out.write("</tbody>\n</table>\n")
        out.write("<p class=\"legend\">图例：<span class=\"sw\" style=\"background:var(--hl);"
                  "outline:2px solid var(--hl-line)\"></span>问题所在单元格<span class=\"sw\" "
                  "style=\"background:var(--hl-warn)\"></span>警告<span class=\"sw\" style=\"background:var(--op)\">"
                  "</span>算式中的其他单元格<span class=\"sw\" style=\"background:repeating-linear-gradient(135deg,"
                  "#fff,#fff 3px,#ddd 3px,#ddd 6px)\"></span>缺失（文件中没有）</p>\n")
        out.write("</section>\n")

    # ------------------------------------------------------------ one report
    def _report(self, run: RunResult, path: str, anchor: str, diags: Sequence[Diagnostic], skipped: bool,
                out: TextIO) -> None:
        summary = run.reports.get(path)
        out.write(f"<section class=\"report\" id=\"{anchor}\">\n<h2>{esc(path)}</h2>\n")
        if summary:
            facts = [("标题", summary.get("title")), ("机关", summary.get("agency")), ("年度", summary.get("year")),
                     ("格式", summary.get("template")), ("发布日期", summary.get("published"))]
            out.write("<dl class=\"facts\">" + "".join(
                f"<dt>{k}</dt><dd>{esc(v) if v not in (None, '') else '<span class=muted>未读出</span>'}</dd>"
                for k, v in facts) + "</dl>\n")
        elif skipped:
            out.write("<p class=\"muted\">不是政府信息公开工作年度报告，已跳过。</p>\n")
        sev = Counter(d.severity.label for d in diags)
        if diags:
            out.write(f"<p>{len(diags)} 个问题：错误 {sev['error']}，警告 {sev['warning']}，提示 {sev['info']}。</p>\n")
        elif not skipped:
            out.write("<p class=\"ok-badge\">未发现问题。</p>\n")

        findings = [_Finding(i, d) for i, d in enumerate(diags, 1)]
        index = _cell_index(summary) if summary else {}
        for f in findings:
            _place(f, summary, index)
        listed: Set[int] = set()
        if summary:
            for table in (summary.get("layout") or {}):
                here = [f for f in findings if f.tables and f.tables[0] == table]
                listed.update(f.number for f in here)
                self._table(run, summary, table, anchor, findings, here, out)
        rest = [f for f in findings if f.number not in listed]
        if rest:
            out.write("<h3>" + ("其他问题" if summary else "问题") + "</h3>\n<ol class=\"findings\">\n")
            for f in rest:
                out.write("<li>")
                self._finding(run, summary, anchor, f, out)
                out.write("</li>\n")
            out.write("</ol>\n")
        out.write("</section>\n")

    def _table(self, run: RunResult, summary: Mapping[str, Any], table: str, anchor: str,
               findings: Sequence[_Finding], here: Sequence[_Finding], out: TextIO) -> None:
        layout = summary["layout"][table]
        cells = (summary.get("cells") or {}).get(table) or {}
        columns = [tuple(c) for c in layout.get("columns") or ()]
        groups = [tuple(g) for g in layout.get("groups") or ()]
        rows = [tuple(r) for r in layout.get("rows") or ()]
        used = [c for c in columns if any(c[0] in (cells.get(r[0]) or {}) for r in rows)]
        title = f"{TABLE_NUMBERS.get(table, '')} {layout.get('title') or table}".strip()
        where = f"第 {layout['line']} 行起" if layout.get("line") else "文件中未找到此表"
        out.write(f"<div class=\"table-block\">\n<h3>{esc(title)}<span class=\"where\">{esc(where)}</span></h3>\n"
                  "<div class=\"pair\">\n<div class=\"grid-wrap\">\n")

        marks: Dict[str, List[_Finding]] = defaultdict(list)  # key -> findings about it
        ops: Dict[str, List[_Finding]] = defaultdict(list)
        for f in findings:
            for k in f.subjects | f.labels:
                marks[k].append(f)
            for k in f.operands - f.subjects:
                ops[k].append(f)

        out.write(f"<table class=\"grid\" data-table=\"{esc(table)}\">\n<thead><tr><th>行</th><th>项目</th>")
        for key, label in used:
            about = marks.get(f"{table}.@{key}", ())
            cls, sups = self._marks(about, [], anchor)
            attr = f" class=\"{' '.join(cls)}\"" if cls else ""
            found = sorted({str(f.data["found"]) for f in about if f.data.get("found")
                            and _squash(f.data["found"]) != _squash(label)})
            found_html = "".join(f"<span class=\"found\">原文：{esc(x)}</span>" for x in found)
            out.write(f"<th data-column=\"{esc(key)}\"{attr}>{esc(label)}{found_html}{sups}</th>")
        out.write("</tr></thead>\n<tbody>\n")
        # a group (（三）不予公开 ...) is drawn as a heading row above the rows whose keys start with its key
        groups = [g for g in groups if sum(r[0].startswith(g[0] + "_") for r in rows) >= 2]
        shown_groups: Set[str] = set()
        for row_key, official, found, line in rows:
            group = next((g for g in groups if row_key.startswith(g[0] + "_")), None)
            if group is not None and group[0] not in shown_groups:
                shown_groups.add(group[0])
                out.write(f"<tr class=\"group\"><td class=\"ln\"></td><th colspan=\"{len(used) + 1}\">"
                          f"{esc(group[1])}</th></tr>\n")
            row_cells = cells.get(row_key) or {}
            cls, sups = self._marks(marks.get(f"{table}.{row_key}", ()), [], anchor)
            found_html = ""
            if found and _squash(found) != _squash(official):
                found_html = f"<span class=\"found\">原文：{esc(found)}</span>"
            elif not found and not any(c.get("status") != "missing" for c in row_cells.values()):
                found_html = "<span class=\"found\">（文件中没有此行）</span>"
            out.write(f"<tr data-row=\"{esc(row_key)}\"{' class=sub' if group else ''}>"
                      f"<td class=\"ln\">{esc(line if line is not None else '')}</td>"
                      f"<th class=\"{' '.join(['label'] + cls)}\">{esc(official)}{found_html}{sups}</th>")
            for col, _label in used:
                c = row_cells.get(col)
                if c is None:
                    out.write("<td class=\"na\"></td>")
                    continue
                key = f"{table}.{row_key}.{col}"
                out.write(self._cell(key, c, marks.get(key, ()), ops.get(key, ()), anchor))
            out.write("</tr>\n")
        out.write("</tbody>\n</table>\n</div>\n<div class=\"notes\">\n")
        for f in here:
            self._finding(run, summary, anchor, f, out)
        out.write("</div>\n</div>\n</div>\n")

    @staticmethod
    def _marks(about: Iterable[_Finding], operand_of: Iterable[_Finding], anchor: str) -> Tuple[List[str], str]:
        """(highlight classes, superscript links to the findings) for a cell or label."""
        about = list(about)
        operand_of = list(operand_of)
        classes = []
        if about:
            worst = max(f.d.severity for f in about)
            classes.append(HIGHLIGHT_CLASS)
            if worst != Severity.ERROR:
                classes.append(f"hl-{worst.label}")
        elif operand_of:
            classes.append(OPERAND_CLASS)
        numbers = sorted({f.number for f in about} | {f.number for f in operand_of})
        sups = ""
        if numbers:
            sups = "<sup class=\"fn\">" + ",".join(
                f"<a href=\"#{anchor}-f{n}\">{n}</a>" for n in numbers) + "</sup>"
        return classes, sups

    def _cell(self, key: str, c: Mapping[str, Any], about, operand_of, anchor: str) -> str:
        status = c.get("status") or "missing"
        cls, sups = self._marks(about, operand_of, anchor)
        classes = ["v", status] + cls
        raw = c.get("raw") or ""
        value = c.get("value")
        if status == "missing":
            shown = "缺"
        elif status == "ok":
            shown = esc(value)
            if raw and _squash(raw) != _squash(value):
                shown += f" <span class=\"found\">({esc(raw)})</span>"
        elif status == "blank":
            shown = esc(raw.strip() or "空")
        else:
            shown = esc(raw)
        tip = [key]
        if c.get("line") is not None:
            tip.append(f"第 {c['line']} 行第 {c['column']} 列")
        if status != "ok":
            tip.append(STATUS_ZH.get(status, status))
        tip += [f"{f.d.code} {f.d.message}" for f in list(about) + list(operand_of)]
        return (f"<td id=\"{esc(anchor)}-{esc(key)}\" data-key=\"{esc(key)}\" class=\"{' '.join(classes)}\" "
                f"title=\"{esc(chr(10).join(tip))}\">{shown}{sups}</td>")

    # ------------------------------------------------------------ one finding
    def _finding(self, run: RunResult, summary: Optional[Mapping[str, Any]], anchor: str, f: _Finding,
                 out: TextIO) -> None:
        d = f.d
        start = d.span.start
        sev = d.severity.label
        star = " [*]" if d.fix is not None else ""
        out.write(f"<div class=\"finding {esc(sev)}\" id=\"{anchor}-f{f.number}\">\n"
                  f"<div class=\"head\"><span class=\"no\">{f.number}</span><code>{esc(d.code)}</code>{esc(star)} "
                  f"{esc(d.name)} · <span class=\"sev-{esc(sev)}\">{esc(SEVERITY_ZH.get(sev, sev))}</span>"
                  f" · 第 {start.line} 行第 {start.column} 列</div>\n<p>{esc(d.message)}</p>\n")
        data = f.data
        if data.get("equation"):
            out.write(f"<div class=\"eq\">算式：{esc(_label_keys(str(data['equation']), summary))}</div>\n")
        if "expected" in data or "actual" in data:
            out.write(f"<p>应为 <b>{esc(_shown(data.get('expected')))}</b>，实为 "
                      f"<b>{esc(_shown(data.get('actual')))}</b></p>\n")
        operands = [op for op in data.get("operands") or () if isinstance(op, Mapping)]
        if operands:
            with_raw = any(_squash(op.get("raw") or "") != _squash(op.get("value")) for op in operands)
            out.write("<table class=\"ops\"><thead><tr><th>单元格</th><th>值</th>"
                      + ("<th>原文</th>" if with_raw else "") + "<th>位置</th></tr></thead><tbody>\n")
            for op in operands:
                key = op.get("key")
                loc = op.get("location") if isinstance(op.get("location"), Mapping) else {}
                where = f"{loc.get('row')}:{loc.get('column')}" if loc.get("row") is not None else "—"
                name = _label_keys(str(key), summary) if key else "?"
                link = (f"<a href=\"#{esc(anchor)}-{esc(key)}\">{esc(name)}</a>"
                        if summary and isinstance(key, str) and key.count(".") == 2 else esc(name))
                cls = " class=\"subject\"" if key in f.subjects else ""
                out.write(f"<tr{cls}><td>{link}</td><td class=\"num\">{esc(_shown(op.get('value')))}</td>"
                          + (f"<td>{esc(op.get('raw', ''))}</td>" if with_raw else "")
                          + f"<td>{esc(where)}</td></tr>\n")
            out.write("</tbody></table>\n")
        source = run.sources.get(d.path)
        if source is not None:
            text = source.line_text(start.line)
            if text:
                end = d.span.end.column if d.span.end.line == start.line else len(text) + 1
                out.write("<code class=\"src\">" + _marked_line(start.line, text, start.column, end) + "</code>\n")
        if d.fix is not None:
            unsafe = "（不安全修复，需 --unsafe-fixes，请先核对）" if d.fix.applicability == "unsafe" else ""
            out.write(f"<p class=\"fix\">修复：{esc(d.fix.message)}{esc(unsafe)}</p>\n")
        out.write("</div>\n")


def _shown(value: Any) -> str:
    return "空" if value is None else str(value)


def _squash(value: Any) -> str:
    """Compare labels and numbers loosely (spaces, bracket widths)."""
    s = "" if value is None else str(value)
    s = s.replace("（", "(").replace("）", ")").replace("，", ",").replace("：", ":")
    return re.sub(r"\s+", "", s)


def _label_keys(text: str, summary: Optional[Mapping[str, Any]]) -> str:
    """Replace cell keys (``applications.granted.total``) by their labels (「（一）予以公开·总计」)."""
    if not summary:
        return text
    layout = summary.get("layout") or {}

    def label(m: "re.Match[str]") -> str:
        t = layout.get(m.group(1))
        if not t:
            return m.group(0)
        rows = {r[0]: r[1] for r in t.get("rows") or ()}
        cols = {c[0]: c[1] for c in t.get("columns") or ()}
        if m.group(2) not in rows or m.group(3) not in cols:
            return m.group(0)
        return f"「{rows[m.group(2)]}·{cols[m.group(3)]}」"

    return _KEY.sub(label, text)


MAX_SOURCE_CHARS = 200  # longer source lines (PDF text, one-line files) are cut around the span
CONTEXT_CHARS = 60


def _marked_line(number: int, text: str, start: int, end: int) -> str:
    """A source line with the span (1-based code-point columns, end exclusive) in <mark>.

    A long line is cut to a window around the span, with an ellipsis where it was cut.
    """
    lo = max(0, min(start - 1, len(text)))
    hi = max(lo, min(end - 1, len(text)))
    if hi == lo and lo < len(text):
        hi = lo + 1
    first, last = 0, len(text)
    if len(text) > MAX_SOURCE_CHARS:
        hi = min(hi, lo + MAX_SOURCE_CHARS - CONTEXT_CHARS)
        first = max(0, lo - CONTEXT_CHARS)
        last = min(len(text), max(hi + CONTEXT_CHARS, first + MAX_SOURCE_CHARS))
    before, inside, after = (part.replace("\t", "    ") for part in (text[first:lo], text[lo:hi], text[hi:last]))
    return (f"<span class=\"ln\">{number}</span>" + ("…" if first > 0 else "") + esc(before)
            + (f"<mark>{esc(inside)}</mark>" if inside else "") + esc(after) + ("…" if last < len(text) else ""))
