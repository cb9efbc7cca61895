"""Classified lines -> the report model.

The line grammar says what each line looks like; this module says what it
means: the title and dates, the six sections with their paragraphs, and the
three tables, rebuilt by matching labels against the template (never by
position on the page) and reading the numbers that follow each label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .cells import RawCell, looks_like_value, read_value, split_delimited, split_words
from .labels import AliasIndex, LabelMatch, split_label
from .model import Cell, Field, LabelUse, Line, Paragraph, Report, Row, Section, Table
from .parser import parse_lines
from .source import NORMALISE, SourceText
from .templates import Template

PROSE_MARKS = ("。", "；", "！", "？")
TEXT_KINDS = ("text", "heading", "subheading", "bold", "md_heading")


# ---------------------------------------------------------------- fragments
@dataclass
class Fragment:
    kind: str  # label | run | break
    line: int
    cells: List[RawCell] = field(default_factory=list)
    grid: bool = False  # from a tab or pipe row: empty cells keep their place

    @property
    def cell(self) -> RawCell:
        return self.cells[0]


def is_prose(text: str) -> bool:
    t = text.strip()
    return len(t) > 100 or any(m in t for m in PROSE_MARKS)


def line_fragments(line: Line, source: SourceText) -> List[Fragment]:
    """Cut one line into label and value-run fragments."""
    start = line.span.start.offset
    if line.kind in ("tab_row", "pipe_row"):
        cells = split_delimited(line.text, start, "\t" if line.kind == "tab_row" else "|")
        out: List[Fragment] = []
        run: List[RawCell] = []
        after_label = False
        for c in cells:
            if c.empty or looks_like_value(c.text):
                run.append(c)
                continue
            if run and (after_label or any(not x.empty for x in run)):
                out.append(Fragment("run", line.number, run, grid=True))
            run = []
            if is_prose(c.text):
                out.append(Fragment("break", line.number))
                after_label = False
                continue
            out.append(Fragment("label", line.number, [c]))
            after_label = True
        if run and (after_label or any(not x.empty for x in run)):
            out.append(Fragment("run", line.number, run, grid=True))
        return out
    if line.kind in TEXT_KINDS:
        text = line.text
        if line.kind == "md_heading":
            body = text.lstrip(" \t#")
            start += len(text) - len(body)
            text = body
        if is_prose(text):
            return [Fragment("break", line.number)]
        out = []
        for kind, cell in split_words(text, start):
            if kind == "label":
                out.append(Fragment("label", line.number, [cell]))
            elif out and out[-1].kind == "run":
                out[-1].cells.append(cell)
            else:
                out.append(Fragment("run", line.number, [cell]))
        return out
    return []


# ---------------------------------------------------------------- tables
@dataclass
class _Pending:
    table: str
    slots: List[Tuple[str, str]]  # (row key, column key)
    label: Optional[RawCell]
    found_label: str = ""
    row_key: str = ""
    label_line: int = 0
    filled: List[RawCell] = field(default_factory=list)
    lines: List[int] = field(default_factory=list)

    @property
    def remaining(self) -> int:
        return len(self.slots) - len(self.filled)

    @property
    def started(self) -> bool:
        return bool(self.filled)


class TableAssembler:
    """Consumes fragments; fills the template's tables."""

    def __init__(self, template: Template, index: AliasIndex, report: Report):
        self.template = template
        self.index = index
        self.report = report
        self.pending: Optional[_Pending] = None
        self.context: Optional[str] = None
        self.rows_seen: Dict[str, int] = {}
        self.filled_rows: set = set()
        self.table_lines: set = set()
        for spec in template.tables.values():
            table = Table(name=spec.name, title=spec.title)
            for r in spec.rows:
                row = Row(table=spec.name, key=r.key, label=r.label)
                for col in r.columns:
                    row.cells[col] = Cell(table=spec.name, row=r.key, column=col)
                table.rows[r.key] = row
            report.tables[spec.name] = table

    # -- label handling --------------------------------------------------
    def _choose(self, text: str) -> Optional[LabelMatch]:
        split, matches = self.index.lookup(text)
        if not matches:
            return None
        if not split.ordinal:
            plain = [m for m in matches if not m.ordinal]
            if plain:
                matches = plain
        if self.context:
            in_ctx = [m for m in matches if m.table == self.context]
            if in_ctx:
                return in_ctx[0]
        return matches[0]

    def label(self, frag: Fragment) -> None:
        cell = frag.cell
        m = self._choose(cell.text)
        if m is None:
            if self.pending and self.pending.started:
                self.finish()
            return
        self.table_lines.add(frag.line)
        self._record(m, cell)
        spec = self.template.tables[m.table]
        self.context = m.table
        if spec.one_row:
            if self.pending and self.pending.table == m.table and not self.pending.started:
                return
            if m.table in self.filled_rows:
                if self.pending and self.pending.started:
                    self.finish()
                return
            self.finish()
            slots = [(r.key, c) for r in spec.rows for c in r.columns]
            self.pending = _Pending(m.table, slots, None)
            return
        if m.kind == "row":
            if (self.pending and self.pending.row_key == m.key and self.pending.table == m.table
                    and not self.pending.started):
                self.pending.label = cell
                self.pending.found_label = cell.text
                self.pending.label_line = frag.line
                return
            self.finish()
            row = spec.row(m.key)
            self.pending = _Pending(m.table, [(m.key, c) for c in row.columns], cell,
                                    found_label=cell.text, row_key=m.key, label_line=frag.line)
            return
        if self.pending and self.pending.started:
            self.finish()

    def _record(self, m: LabelMatch, cell: RawCell) -> None:
        span = self.report.source.span(cell.start, cell.end)
        self.report.labels.append(LabelUse(table=m.table, kind=m.kind, key=m.key, official=m.official,
                                           found=cell.text, span=span, variant=m.variant))

    # -- values -------------------------------------------------------------
    def run(self, frag: Fragment) -> None:
        p = self.pending
        if p is None:
            return
        cells = list(frag.cells)
        if frag.grid and all(c.empty for c in cells):
            # Empty cells right after a row's label are that row's blank values;
            # anywhere else (header rows of table 3) they are padding.
            if p.label is None or p.started or frag.line != p.label_line:
                return
        elif frag.grid:
            # Tab and pipe rows pad merged label columns with empty cells, before
            # and after the values: drop leading padding first, then trailing.
            while len(cells) > p.remaining and cells[0].empty:
                cells.pop(0)
            while len(cells) > p.remaining and cells[-1].empty:
                cells.pop()
        take = cells[: p.remaining]
        if take:
            self.table_lines.add(frag.line)
        p.filled.extend(take)
        p.lines.append(frag.line)
        if p.remaining == 0:
            self.finish()

    def finish(self) -> None:
        p = self.pending
        self.pending = None
        if p is None:
            return
        table = self.report.tables[p.table]
        spec = self.template.tables[p.table]
        if p.row_key:
            row = table.rows[p.row_key]
            if p.row_key in self.filled_rows:
                if p.filled:
                    self.report.notes.append(f"第{p.lines[0]}行：重复的表格行 {row.label}，已忽略")
                return
            if p.label is not None and (row.span is None or p.filled):
                row.found_label = p.found_label
                row.span = self.report.source.span(p.label.start, p.label.end)
        if not p.filled:
            return
        for (row_key, col), raw in zip(p.slots, p.filled):
            rspec = spec.row(row_key)
            cell = table.rows[row_key].cells[col]
            value = read_value(raw.text, decimal=rspec.decimal)
            cell.raw = raw.text
            cell.value = value.value
            cell.status = value.status
            cell.unit = value.unit
            cell.span = self.report.source.span(raw.start, raw.end)
        self.filled_rows.add(p.table if spec.one_row else p.row_key)
        first = table.rows[p.slots[0][0]]
        span = first.span or first.cells[p.slots[0][1]].span
        if span is not None and (table.span is None or span.start.offset < table.span.start.offset):
            table.span = span if table.span is None else self.report.source.span(span.start.offset,
                                                                                  table.span.end.offset)
        last_cell = table.rows[p.slots[len(p.filled) - 1][0]].cells[p.slots[len(p.filled) - 1][1]]
        if last_cell.span and table.span and last_cell.span.end.offset > table.span.end.offset:
            table.span = self.report.source.span(table.span.start.offset, last_cell.span.end.offset)

    def feed(self, fragments: Iterable[Fragment]) -> None:
        for frag in fragments:
            if frag.kind == "label":
                self.label(frag)
            elif frag.kind == "run":
                self.run(frag)
            else:
                if self.pending and self.pending.started:
                    self.finish()
        self.finish()


# ---------------------------------------------------------------- metadata
_YEAR = r"((?:19|20)[0-9]{2})"
_TITLE_YEAR = re.compile(_YEAR + r"\s*年")
_PUBLISHED = re.compile(r"(?:发布日期|发布时间|成文日期|公开日期)\s*[:：]\s*" + _YEAR +
                        r"\s*[-年/.]\s*([0-9]{1,2})\s*[-月/.]\s*([0-9]{1,2})")
_PERIOD = re.compile(_YEAR + r"\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日\s*(?:起)?\s*(?:至|到|—|-|~)\s*(?:"
                     + _YEAR + r"\s*年\s*)?([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")
_REPORT_WORDS = ("年度报告", "年报")


def _clean_title(text: str) -> str:
    t = text.strip().lstrip("#").strip()
    if t.startswith("**") and t.endswith("**"):
        t = t[2:-2].strip()
    return t


def read_meta(report: Report, lines: Sequence[Line], first_section_line: int) -> set:
    """Title, agency, year, publication date and statistical period. Returns title lines."""
    src = report.source
    title_lines: set = set()
    head = [ln for ln in lines if ln.number < first_section_line and ln.kind != "blank"][:40]
    title_line: Optional[Line] = None
    title_text = ""
    title_start = title_end = 0
    for ln in head:
        if ln.kind == "meta" and re.match(r"\s*标题\s*[:：]", ln.text):
            value = re.sub(r"^\s*标题\s*[:：]\s*", "", ln.text)
            title_line, title_text = ln, value.strip()
            title_start = ln.span.start.offset + ln.text.index(value)
            title_end = title_start + len(value.rstrip())
            break
    if title_line is None:
        for i, ln in enumerate(head):
            if ln.kind in ("meta", "page_no", "tab_row", "pipe_row", "pipe_sep"):
                continue
            t = _clean_title(ln.text)
            if len(t) > 80 or "。" in t:
                continue
            nxt = head[i + 1] if i + 1 < len(head) else None
            wrapped = (nxt is not None and "政府信息公开" in t and not any(w in t for w in _REPORT_WORDS)
                       and _clean_title(nxt.text).startswith(("年度报告", "年报", "工作年度报告")))
            if any(w in t for w in _REPORT_WORDS) or wrapped:
                title_line = ln
                title_start = ln.span.start.offset + ln.text.index(t)
                end_line = nxt if wrapped else ln
                end_text = _clean_title(end_line.text)
                title_end = end_line.span.start.offset + end_line.text.index(end_text) + len(end_text)
                title_text = t + (end_text if wrapped else "")
                title_lines.update({ln.number, end_line.number})
                # a title that opens with its year may have the body's name on the line above
                if _TITLE_YEAR.match(t) and i > 0:
                    prev = head[i - 1]
                    pt = _clean_title(prev.text)
                    if 2 <= len(pt) <= 30 and not re.search(r"[。，,：:]", pt) and prev.kind in ("text", "md_heading", "bold"):
                        title_text = pt + title_text
                        title_start = prev.span.start.offset + prev.text.index(pt)
                        title_lines.add(prev.number)
                break
        if title_line is None:
            # a bare title such as "2023": the first short line before the text
            for ln in head:
                t = _clean_title(ln.text)
                if ln.kind in ("text", "md_heading", "bold", "heading") and t and len(t) <= 40 \
                        and "。" not in t and (_TITLE_YEAR.search(t) or re.fullmatch(_YEAR, t)):
                    title_line = ln
                    title_text = t
                    title_start = ln.span.start.offset + ln.text.index(t)
                    title_end = title_start + len(t)
                    title_lines.add(ln.number)
                    break
    if title_line is not None:
        report.title = Field(title_text, src.span(title_start, title_end))
        compact = title_text
        m = re.search(_YEAR, compact)
        if m:
            ystart = title_start + _title_offset(src.text[title_start:title_end], m.start())
            report.year = Field(int(m.group(1)), src.span(ystart, ystart + 4))
            agency = compact[: m.start()].strip()
            if not agency:
                after = re.match(_YEAR + r"\s*年度?\s*(.*?)\s*(?:政府信息公开|政务公开)", compact)
                if after:
                    agency = after.group(2).strip()
            if agency:
                report.agency = Field(agency, None)
    text = src.normalised
    m = _PUBLISHED.search(text)
    if m:
        report.published = Field(f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}",
                                 src.span(m.start(), m.end()))
    for m in _PERIOD.finditer(text):
        before = text[max(0, m.start() - 40): m.start()]
        if "统计" not in before and "期限" not in before and "周期" not in before:
            continue
        y1 = int(m.group(1))
        y2 = int(m.group(4)) if m.group(4) else y1
        report.period = Field({"start": f"{y1:04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}",
                               "end": f"{y2:04d}-{int(m.group(5)):02d}-{int(m.group(6)):02d}"},
                              src.span(m.start(), m.end()))
        break
    if report.year is None and report.period is not None:
        report.year = Field(int(report.period.value["start"][:4]), report.period.span)
    return title_lines


def _title_offset(raw: str, index_in_compact: int) -> int:
    """Map an index in the joined title text back to the raw slice (line breaks)."""
    seen = 0
    for i, ch in enumerate(raw):
        if ch in "\r\n":
            continue
        if seen == index_in_compact:
            return i
        seen += 1
    return min(index_in_compact, len(raw))


# ---------------------------------------------------------------- sections
def section_number(text: str, index: AliasIndex, template: Template) -> Optional[Tuple[int, str, str]]:
    """If the line is a section heading, return (number, numeral as written, title as written)."""
    t = _clean_title(text)
    split = split_label(t)
    if not split.ordinal.endswith("、") or len(split.key) > 40 or not split.key:
        return None
    if index.lookup(t)[1]:
        return None  # a table label such as 一、本年新收政府信息公开申请数量
    candidates = [s for s in template.sections if any(k in split.key for k in s.keywords)]
    if not candidates:
        return None
    numeral = split.ordinal[:-1]
    written = "一二三四五六七八九十".find(numeral) + 1 if len(numeral) == 1 else 0
    best = next((s for s in candidates if s.number == written), candidates[0])
    return best.number, numeral, t


# ---------------------------------------------------------------- template choice
_MARKERS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "政府集中采购")
_MARKERS_2021 = ("本年制发件数", "现行有效件数", "逾期未按收费通知", "本年处理决定数量")


def choose_template(text: str, year: Optional[int], templates: Mapping[str, Template]) -> Tuple[str, str]:
    norm = text.translate(NORMALISE)
    has19 = sum(1 for m in _MARKERS_2019 if m in norm)
    has21 = sum(1 for m in _MARKERS_2021 if m in norm)
    if has19 > has21 and "2019" in templates:
        return "2019", "表格为2019年试行格式"
    if has21 > has19 and "2021" in templates:
        return "2021", "表格为2021年格式"
    for name, t in sorted(templates.items()):
        if year is not None and t.first_year <= year <= t.last_year and t.plugin == "gxrules":
            return name, f"按报告年度{year}选择"
    return ("2021" if "2021" in templates else sorted(templates)[0]), "默认"


# ---------------------------------------------------------------- entry point
def read_report(source: SourceText, templates: Mapping[str, Template],
                aliases: Optional[Mapping[str, Sequence[str]]] = None,
                template_name: Optional[str] = None, index_cache: Optional[dict] = None) -> Report:
    """Read a report. ``index_cache`` (a dict the caller keeps) saves rebuilding alias indexes."""
    cache = {} if index_cache is None else index_cache

    def index_for(t: Template) -> AliasIndex:
        if t.name not in cache:
            cache[t.name] = AliasIndex(t, aliases)
        return cache[t.name]

    lines = parse_lines(source)
    report = Report(path=source.path, source=source, lines=lines)
    # Section headings first (with the 2021 sections; both templates share them).
    base = templates.get("2021") or next(iter(templates.values()))
    base_index = index_for(base)
    heads: Dict[int, Tuple[int, str, str]] = {}
    for ln in lines:
        if ln.kind in ("heading", "md_heading", "bold", "subheading", "text"):
            hit = section_number(ln.text, base_index, base)
            if hit:
                heads[ln.number] = hit
    first_section_line = min(heads) if heads else (source.line_count + 1)
    title_lines = read_meta(report, lines, first_section_line)
    year = report.year.value if report.year else None
    if template_name:
        report.template, report.template_reason = template_name, "配置指定"
    else:
        report.template, report.template_reason = choose_template(source.text, year, templates)
    template = templates[report.template]
    index = index_for(template)

    assembler = TableAssembler(template, index, report)
    fragments: List[Fragment] = []
    for ln in lines:
        if ln.number in heads or ln.number in title_lines:
            fragments.append(Fragment("break", ln.number))
            continue
        fragments.extend(line_fragments(ln, source))
    assembler.feed(fragments)
    _build_sections(report, lines, heads, title_lines, assembler.table_lines, template)
    report.is_report = bool(report.title and any(w in report.title.value for w in _REPORT_WORDS)) \
        or len(report.sections) >= 2 or any(t.present for t in report.tables.values())
    return report


def _build_sections(report: Report, lines: Sequence[Line], heads, title_lines, table_lines,
                    template: Template) -> None:
    src = report.source
    current: Optional[Section] = None
    para_start: Optional[int] = None
    para_end = 0
    para_kind = "text"

    def flush():
        nonlocal para_start
        if para_start is None:
            return
        text = src.text[para_start:para_end]
        para = Paragraph(text=text, span=src.span(para_start, para_end), kind=para_kind)
        (current.paragraphs if current else report.preamble).append(para)
        para_start = None

    for ln in lines:
        if ln.number in heads:
            flush()
            number, numeral, written = heads[ln.number]
            spec = template.section(number)
            body = ln.text.strip()
            start = ln.span.start.offset + ln.text.index(body)
            current = Section(number=number, title=spec.title if spec else written, found_title=written,
                              span=src.span(start, start + len(body)), numeral=numeral)
            report.sections.append(current)
            continue
        if (ln.kind in ("blank", "page_no", "meta", "pipe_sep", "pipe_row", "tab_row")
                or ln.number in title_lines or ln.number in table_lines):
            if ln.kind != "page_no":
                flush()
            continue
        body = ln.text.strip()
        if not body:
            continue
        start = ln.span.start.offset + ln.text.index(body)
        end = start + len(body)
        starts_new = ln.kind in ("heading", "subheading", "bold", "md_heading")
        if para_start is not None and not starts_new and not src.text[para_start:para_end].rstrip().endswith(PROSE_MARKS + ("：", ":")):
            para_end = end  # a line wrapped by PDF extraction continues the paragraph
            continue
        flush()
        para_start, para_end = start, end
        para_kind = "subheading" if starts_new else "text"
    flush()
