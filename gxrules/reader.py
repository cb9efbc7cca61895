"""Classified lines -> the report model.

The line grammar says what each line looks like; this module says what it
means: the title and dates, the six sections with their paragraphs, and the
three tables, rebuilt by matching labels against the template (never by
position on the page) and reading the numbers that belong to each label.

The reader works on *blocks*: for plain text and Markdown a block is a
physical line that is not blank (a block after blank lines has ``gap`` set:
they end a paragraph); a crawler's one-line report is cut into several blocks
(:mod:`gxrules.inline`); an HTML page gives one block per paragraph or table
row (:mod:`gxrules.html_input`). Every block, fragment and cell keeps its
offsets in the file.

Tables are read in two steps. First every label and every run of numbers is
routed to the table it belongs to (by its label, or by the section it stands
in). Then each table is assembled: a label with its numbers on the same line
(or grid row) fixes a row; numbers that stand apart from their label -- PDF
text prints values before labels, wraps labels around them, or prints whole
columns one number per line -- are placed between the fixed rows only when
the count leaves no doubt. Numbers that run together are split with the
table's own arithmetic (:mod:`gxrules.runtogether`). Whatever cannot be placed
without guessing stays ``missing`` with a note in ``Report.notes``.
"""
from __future__ import annotations

import bisect
import operator
import re
from typing import TYPE_CHECKING, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

from .cells import RawCell, looks_like_value, read_value, split_delimited, split_words
from .diagnostics import Span
from .labels import CN_NUMERALS, AliasIndex, LabelMatch, split_label
from .model import Cell, Field, LabelUse, Line, Paragraph, Report, Row, Section, Table, line_span
from .parser import parse_lines
from .source import SourceText, normalise
from .templates import TableSpec, Template

if TYPE_CHECKING:
    from . import runtogether as rt

PROSE_MARKS = ("。", "；", "！", "？")
TEXT_KINDS = frozenset(("text", "heading", "subheading", "bold", "md_heading"))
HEADING_KINDS = frozenset(("heading", "md_heading", "bold", "subheading", "text", "html_block", "inline_heading"))
ZERO_GROUP = "zero-group-total"  # Cell.inferred: a group row given as one row of zeros
ORDER_BY_ROW_TOTAL = "order-by-row-total"  # Cell.inferred: an uncertain order accepted because totals add up


# ---------------------------------------------------------------- blocks
class Block:
    """A unit of the file the reader looks at: a line, part of a long line, an HTML element.

    ``line`` and ``start`` are the line it starts on and its offset in the file. Given no
    ``span``, a block is the one-line text at offset ``start`` of line ``number`` (a line of
    the file), and its span is worked out when first read.
    """

    __slots__ = ("number", "kind", "text", "line", "start", "_span", "plain", "fragments", "hard", "gap")

    def __init__(self, number: int, kind: str, text: str, span: Optional[Span] = None, plain: Optional[str] = None,
                 fragments: Optional[List["Fragment"]] = None, hard: bool = False, gap: bool = False,
                 start: int = 0):
        self.number = number  # 1-based, in file order
        self.kind = kind  # a line kind, or html_block / html_row / inline_heading / inline_text
        self.text = text  # == source.text[span]
        if span is None:  # one line of the file, at offset ``start`` of line ``number``: span made when read
            self.line = number
            self.start = start
        else:
            self.line, _, self.start = span.start  # the line it starts on, its offset in the file
        self._span = span
        self.plain = plain  # the text to read (decoded HTML); None: same as text
        self.fragments = fragments  # cut by the input module (HTML rows)
        self.hard = hard  # a paragraph of its own (HTML <p>): never joined to the next block
        self.gap = gap  # blank lines before it (they end a paragraph; blank lines make no block)

    @property
    def span(self) -> Span:
        span = self._span
        if span is None:
            span = self._span = line_span(self.line, self.start, self.text)
        return span

    @property
    def reading(self) -> str:
        return self.text if self.plain is None else self.plain


def blocks_from_lines(lines: Sequence[Line]) -> List[Block]:
    """A block for each line but the blank ones (the line after them has ``gap`` set)."""
    out: List[Block] = []
    gap = False
    for ln in lines:
        if ln.kind == "blank":
            gap = True
        else:
            out.append(Block(ln.number, ln.kind, ln.text, None, None, None, False, gap, ln.start))
            gap = False
    return out


# ---------------------------------------------------------------- fragments
class Fragment:
    """A piece of a block: a label, a run of values, packed digits, a break or a section start.

    Routed to a table, it is one of the table's events: a label's kind becomes row, group or
    other, with ``match`` the template item it names.
    """

    __slots__ = ("kind", "line", "cells", "grid", "row", "block", "section", "match")

    def __init__(self, kind: str, line: int, cells: Optional[List[RawCell]] = None, grid: bool = False,
                 row: int = 0, block: int = 0, section: int = 0):
        self.kind = kind  # label | run | packed | break | section; routed: row | group | other for labels
        self.line = line
        self.cells: List[RawCell] = [] if cells is None else cells
        self.grid = grid  # from a tab, pipe or HTML row: empty cells keep their place
        self.row = row  # fragments of one line, one grid row, or one label with its glued digits share it
        self.block = block
        self.section = section  # kind "section": the section number
        self.match: Optional[LabelMatch] = None  # a routed label: what it names in the template

    @property
    def cell(self) -> RawCell:
        return self.cells[0]


def is_prose(text: str) -> bool:
    """More than 100 characters (white space around aside), or a sentence mark."""
    return "。" in text or "；" in text or "！" in text or "？" in text or \
        (len(text) > 100 and len(text.strip()) > 100)


_TEXT = operator.attrgetter("text")


def grid_fragments(cells: Sequence[RawCell], line: int, row: int, block: int) -> List[Fragment]:
    """Fragments of one grid row (tab row, pipe row, HTML table row).

    The cells between two labels (values and empty cells) make a run; a run
    of empty cells only counts after a label (it keeps the columns' places).
    """
    out: List[Fragment] = []
    start = 0  # first cell of the run before the next label
    after_label = False
    for i, cell in enumerate(cells):
        text = cell.text
        if not text or text.isdigit() and text.isascii() or looks_like_value(text):
            continue  # (plain digits, the usual value, need no call)
        if i > start:
            run = cells[start:i]
            if after_label or any(map(_TEXT, run)):
                out.append(Fragment("run", line, run, True, row, block))
        start = i + 1
        if is_prose(text):
            out.append(Fragment("break", line, None, False, row, block))
            after_label = False
        else:
            out.append(Fragment("label", line, [cell], False, row, block))
            after_label = True
    if start < len(cells):
        run = cells[start:]
        if after_label or any(map(_TEXT, run)):
            out.append(Fragment("run", line, run, True, row, block))
    return out


_UNIT_CHARS = "年月日件条个次人篇期项家名余万亿元%"


def _numbers_in_prose(words, norm: str) -> bool:
    """A line of wrapped prose (PDF text), not a table row: a number inside a sentence.

    ``截至 2024 年 12 月``, ``发布政府信息 393 件，其中包``: a number followed by a
    unit word, or standing between words with single spaces. Table rows keep
    their numbers apart by a column gap (or stand on lines of their own).
    """
    last = len(words) - 1
    for n, (kind, cell) in enumerate(words):
        if kind != "value":
            continue
        nxt = words[n + 1] if n < last else None
        if nxt is None or nxt[0] != "label" or nxt[1].start - cell.end > 1:
            continue  # both cases need a word right after the number
        after = norm[cell.end:cell.end + 2]
        unit = after[1:2] if after[:1].isspace() else after[:1]  # one optional space, then a unit
        if unit and unit in _UNIT_CHARS:
            return True
        if n:
            prev = words[n - 1]
            if prev[0] == "label" and cell.start - prev[1].end <= 1:
                return True
    return False


def line_fragments(block: Block, source: SourceText, norm: Optional[str] = None) -> List[Fragment]:
    """Cut one block into label and value-run fragments (``norm``: ``source.normalised``)."""
    if block.fragments is not None:
        return block.fragments
    kind = block.kind
    if kind == "tab_row" or kind == "pipe_row":
        number = block.number
        line, start = block.line, block.start
        return grid_fragments(split_delimited(block.text, start, "\t" if kind == "tab_row" else "|"), line, number,
                              number)
    if kind not in TEXT_KINDS:
        return []
    text = block.text
    line, start = block.line, block.start
    number = block.number
    if kind == "md_heading":
        body = text.lstrip(" \t#")
        start += len(text) - len(body)
        text = body
    if is_prose(text):
        return [Fragment("break", line, None, False, number, number)]
    if norm is None:
        norm = source.normalised
    words = split_words(text, start, norm[start:start + len(text)])
    if len(words) > 1 and _numbers_in_prose(words, norm):  # (a number in a sentence has a word after it)
        return [Fragment("break", line, None, False, number, number)]
    if len(words) == 1:  # one label or one number: most lines of PDF text
        kind, cell = words[0]
        return [Fragment("label" if kind == "label" else "run", line, [cell], False, number, number)]
    out: List[Fragment] = []
    run: Optional[List[RawCell]] = None
    for kind, cell in words:
        if kind == "label":
            out.append(Fragment("label", line, [cell], False, number, number))
            run = None
        elif run is not None:
            run.append(cell)
        else:
            run = [cell]
            out.append(Fragment("run", line, run, False, number, number))
    return out


# ---------------------------------------------------------------- tables: routing
class _Val:
    """One value cell waiting for its place."""

    __slots__ = ("cell", "line", "piece", "piece_len", "grid", "stream")

    def __init__(self, cell: RawCell, line: int, piece: int, piece_len: int, grid: bool, stream: int):
        self.cell = cell
        self.line = line
        self.piece = piece  # the run it came in (index of the event)
        self.piece_len = piece_len
        self.grid = grid
        self.stream = stream  # runs with no label, text or break between them share a stream


_ORDINAL_AHEAD = re.compile(r"(?=[0-9]{1,2}\s*[.、．](?![0-9])|[（(][一二三四五六七八九十]{1,2}[)）])")
# what an ordinal starts with in a text before normalisation (most label cells hold none)
_ORDINAL_START = re.compile(r"[0-9０-９(（﹙]")


def _inner_ordinals(norm: str) -> Iterator[Tuple[int, int]]:
    """Where a merged cell's text runs into the ordinal of the next label: (end of the text before,
    start of the ordinal). The text before ends with a Chinese character or a closing bracket;
    white space may stand between; the ordinal is ``4.`` / ``4、`` or ``（二）``."""
    for m in _ORDINAL_AHEAD.finditer(norm):
        at = m.start()
        cut = at
        while cut and norm[cut - 1].isspace():
            cut -= 1
        if cut and ("\u4e00" <= norm[cut - 1] <= "\u9fff" or norm[cut - 1] in "）)"):
            yield cut, at


class _Layout:
    """What the reader needs to know of one table of the template, worked out once per template."""

    __slots__ = ("spec", "keys", "pos", "ncols", "columns", "labels", "decimal", "members", "constraints",
                 "all_constraints", "column_equations")

    def __init__(self, spec: TableSpec):
        self.spec = spec
        self.keys = [r.key for r in spec.rows]
        self.pos = {k: i for i, k in enumerate(self.keys)}
        self.ncols = [len(r.columns) for r in spec.rows]
        self.columns = {r.key: r.columns for r in spec.rows}
        self.labels = {r.key: r.label for r in spec.rows}
        self.decimal = {r.key: r.decimal for r in spec.rows}
        self.members = {g.key: self._members(g.key) for g in spec.groups}  # group key -> its rows
        self.constraints = {k: _row_constraints(spec, [k]) for k in self.keys}  # each row's own equations
        self.all_constraints = _row_constraints(spec, self.keys)  # the rows as one run (table 3)
        self.column_equations = [(eq.lhs, eq.rhs) for eq in spec.equations if eq.per == "column"]

    def _members(self, group: str) -> List[str]:
        """The rows of a group: their keys start with the group's key."""
        return [k for k in self.keys if k.startswith(group + "_")]

    def group_members(self, group: str) -> List[str]:
        members = self.members.get(group)
        return self._members(group) if members is None else members


def table_layouts(template: Template, index: AliasIndex) -> Dict[str, _Layout]:
    """The layouts of the template's tables, kept on its alias index (built once per template)."""
    layouts = index.derived.get("reader.tables")
    if layouts is None or index.template is not template:
        layouts = {name: _Layout(spec) for name, spec in template.tables.items()}
        if index.template is template:
            index.derived["reader.tables"] = layouts
    return layouts  # type: ignore[return-value]


_NO_OFFSET = 1 << 62  # above every offset in a file


class TableAssembler:
    """Routes fragments to the tables, then assembles each table."""

    def __init__(self, template: Template, index: AliasIndex, report: Report):
        self.template = template
        self.index = index
        self.report = report
        self.layouts = layouts = table_layouts(template, index)
        self.context: Optional[str] = None
        self.events: Dict[str, List[Fragment]] = {name: [] for name in template.tables}
        self.table_blocks: set = set()
        self.extent: Dict[str, List[int]] = {}  # per table: first and last offset written
        self.section_table = {spec.section: spec.name for spec in template.tables.values() if spec.section}
        # every row of the template; a row's cells are made as they are written, and the cells
        # not in the file by :meth:`finish`
        tables = report.tables
        for name, spec in template.tables.items():
            table = tables[name] = Table(name, spec.title)
            rows = table.rows
            for key, label in layouts[name].labels.items():
                rows[key] = Row(name, key, label)

    # -- labels ----------------------------------------------------------------
    def _pick(self, split, matches: Sequence[LabelMatch]) -> Optional[LabelMatch]:
        if len(matches) < 2:
            return matches[0] if matches else None
        if not split.ordinal:
            plain = [m for m in matches if not m.ordinal]
            if plain:
                matches = plain
        if self.context:
            for m in matches:
                if m.table == self.context:
                    return m
        return matches[0]

    def choose(self, text: str) -> Optional[LabelMatch]:
        split, matches = self.index.lookup(text)
        if not matches:
            split, matches = self.index.lookup_prefix(text)
        return matches[0] if len(matches) == 1 else self._pick(split, matches)

    def _glued_labels(self, cell: RawCell) -> List[Tuple[Optional[LabelMatch], RawCell]]:
        """A label cell that is no template label may hold one glued to the text before it."""
        # a merged cell's characters glued to the next label: "予处理4.无正当理由大量反复"
        if not _ORDINAL_START.search(cell.text):
            return [(None, cell)]
        for end, at in _inner_ordinals(normalise(cell.text)):
            tail = cell.text[at:]
            m = self.choose(tail)
            if m is not None:
                head = cell.text[:end]
                return [(None, RawCell(head, cell.start, cell.start + len(head))),
                        (m, RawCell(tail, cell.start + at, cell.end))]
        return [(None, cell)]

    def feed(self, fragments: Iterable[Fragment]) -> None:
        events = self.events
        source = self.report.source
        labels = self.report.labels
        lookup = self.index.lookup
        context = self.context  # (read here; written to self.context too, which _pick reads)
        for frag in fragments:
            kind = frag.kind
            if kind == "label":
                first = frag.cells[0]
                split, matches = lookup(first.text)
                if not matches:
                    split, matches = self.index.lookup_prefix(first.text)
                m = matches[0] if len(matches) == 1 else self._pick(split, matches) if matches else None
                for m, cell in ((m, first),) if m is not None else self._glued_labels(first):
                    # the event: the label's fragment, or a fragment for each piece of a glued label
                    ev = frag if cell is first else Fragment("label", frag.line, [cell], False, frag.row, frag.block)
                    if m is None or (context and m.table != context and m.kind in ("column", "header")):
                        # no template label, or a column word of another table ("其他", "总计"): not a new table
                        if context:
                            ev.kind = "other"
                            events[context].append(ev)
                        continue
                    # a label of the template: remember it (its span worked out when first read)
                    table, label_kind, key, official, variant, _ = m
                    text, start, end = cell
                    labels.append(LabelUse(table, label_kind, key, official, text, None, variant, (source, start, end)))
                    self.context = context = table
                    ev.kind = label_kind if label_kind == "row" or label_kind == "group" else "other"
                    ev.match = m
                    events[table].append(ev)
            elif kind == "section":
                self.context = context = self.section_table.get(frag.section)
                brk = Fragment("break", frag.line, None, False, frag.row, frag.block)
                for table_events in events.values():
                    table_events.append(brk)
            elif context:  # run, packed, break
                events[context].append(frag)

    # -- assembling ----------------------------------------------------------------
    def finish(self) -> None:
        for name, spec in self.template.tables.items():
            events = self.events[name]
            if not events:
                continue
            if spec.one_row:
                _OneRow(self, spec, events).resolve()
            else:
                _Rows(self, spec, events).resolve()
            self._extent(name, events)
        for name, table in self.report.tables.items():  # the cells not in the file
            columns = self.layouts[name].columns
            for key, row in table.rows.items():
                cells = row.cells
                if len(cells) != len(columns[key]):
                    row.cells = {col: cells[col] if col in cells else Cell(name, key, col) for col in columns[key]}

    def _extent(self, name: str, events: List[Fragment]) -> None:
        """The blocks of a table (not paragraphs), and the table's span."""
        if name not in self.extent:
            return
        first, last = self.extent[name]
        self.report.tables[name].span = self.report.source.span(first, last)
        blocks = self.table_blocks
        for ev in events:
            if ev.kind == "break" or ev.block in blocks:
                continue
            for c in ev.cells:  # (a label: its one cell)
                if first <= c.start <= last:
                    blocks.add(ev.block)
                    break

    def _extend(self, name: str, first: int, last: int) -> None:
        """Widen a table's extent to what was just written (every cell and label is written once)."""
        extent = self.extent.get(name)
        if extent is None:
            self.extent[name] = [first, last]
        else:
            if first < extent[0]:
                extent[0] = first
            if last > extent[1]:
                extent[1] = last

    # -- writing cells ---------------------------------------------------------------
    def set_cells(self, spec: TableSpec, row_key: str, columns: Sequence[str],
                  raws: Sequence[Tuple[str, int, int]], inferred: str = "") -> None:
        """Write the cells of one row, column by column (as far as both ``columns`` and ``raws`` go).

        ``raws``: (text, start, end) triples, raw cells or the parts of a split run."""
        name = spec.name
        decimal = self.layouts[name].decimal[row_key]
        cells = self.report.tables[name].rows[row_key].cells
        source = self.report.source
        first = _NO_OFFSET
        last = -1
        for col, (text, start, end) in zip(columns, raws):
            value, status, unit, _ = read_value(text, True) if decimal else read_value(text)
            cells[col] = Cell(name, row_key, col, text, value, None, status, unit, inferred, (source, start, end))
            if start < first:
                first = start
            if end > last:
                last = end
        if last >= 0:
            self._extend(name, first, last)

    def set_label(self, spec: TableSpec, row_key: str, cell: Optional[RawCell]) -> None:
        if cell is None:
            return
        row = self.report.tables[spec.name].rows[row_key]
        if row.offsets() is None:
            text, start, end = cell
            row.found_label = text
            row.place(self.report.source, start, end)
            self._extend(spec.name, start, end)  # (the span's offsets: a cell lies inside the text)

    def note(self, line: int, text: str) -> None:
        self.report.notes.append(f"第{line}行：{text}")


def _trim_grid(cells: List[RawCell], want: int) -> List[RawCell]:
    """Tab and pipe rows pad merged label columns with empty cells, before and after the values."""
    lo, hi = 0, len(cells)
    while hi - lo > want and not cells[lo].text:
        lo += 1
    while hi - lo > want and not cells[hi - 1].text:
        hi -= 1
    return cells[lo:hi]


def _row_constraints(spec: TableSpec, row_keys: Sequence[str]) -> List[Tuple[int, Tuple[int, ...]]]:
    """The table's per-row equations as constraints on the parts of a run that holds these rows."""
    out = []
    base = 0
    for key in row_keys:
        cols = list(spec.row(key).columns)
        for eq in spec.equations:
            if eq.per != "row" or len(eq.lhs) != 1 or not set(eq.lhs + eq.rhs) <= set(cols):
                continue
            i = base + cols.index(eq.lhs[0])
            js = tuple(base + cols.index(c) for c in eq.rhs)
            if all(j < i for j in js):
                out.append((i, js))
        base += len(cols)
    return out


_VALUE = operator.attrgetter("value")


class _Rows:
    """Assemble a table of labelled rows (tables 1 and 2)."""

    def __init__(self, asm: TableAssembler, spec: TableSpec, events: List[Fragment]):
        self.asm = asm
        self.spec = spec
        self.events = events
        self.layout = layout = asm.layouts[spec.name]
        self.keys = layout.keys
        self.pos = layout.pos
        self.ncols = layout.ncols
        self.assigned: Dict[int, List[RawCell]] = {}
        self.labels: Dict[int, RawCell] = {}
        self.packed: Dict[int, Tuple[List[RawCell], int]] = {}  # row -> (tokens, line)
        self.inferred_rows: Dict[int, str] = {}

    # -- step 1: what is fixed by a label on the same line
    def resolve(self) -> None:
        events = self.events
        anchors: List[Tuple[int, int, int]] = []  # (event index, first row, last row)
        consumed = set()
        weak: List[Tuple[int, int, RawCell]] = []  # (event index, row, label)
        groups = []
        anchored: set = set()
        pos = self.pos
        ncols = self.ncols
        n_events = len(events)
        for i, ev in enumerate(events):
            if ev.kind not in ("row", "group") or i in consumed:
                continue
            same = []
            j = i + 1
            while j < n_events and events[j].row == ev.row and events[j].kind in ("run", "packed"):
                same.append(j)
                j += 1
            if ev.kind == "group":
                members = self.layout.group_members(ev.match.key)
                if same and members and events[same[0]].kind == "run":
                    cells = [c for s in same for c in events[s].cells]
                    if events[same[0]].grid:
                        cells = _trim_grid(cells, self.ncols[self.pos[members[0]]])
                    if len(cells) == self.ncols[self.pos[members[0]]] and all(c.text for c in cells):
                        first, last = self.pos[members[0]], self.pos[members[-1]]
                        groups.append((i, first, last, members, cells, ev, same))
                continue
            r = pos[ev.match.key]
            want = ncols[r]
            if not same:
                weak.append((i, r, ev.cell))
                continue
            if r in anchored:
                self.asm.note(ev.line, f"重复的表格行「{ev.cell.text}」，已忽略")
                consumed.update(same)
                continue
            if events[same[0]].kind == "packed":
                tokens = [c for s in same for c in events[s].cells]
                consumed.update(same)
                self.packed[r] = (tokens, ev.line)
                self.labels[r] = ev.cell
                anchors.append((i, r, r))
                anchored.add(r)
                continue
            grid = events[same[0]].grid
            if len(same) == 1:  # the usual case: the row's numbers in one run
                cells = list(events[same[0]].cells)
            else:
                cells = [c for s in same if events[s].kind == "run" for c in events[s].cells]
            if grid:
                if len(cells) > want:
                    cells = _trim_grid(cells, want)
                if len(cells) != want and not any(c.text for c in cells):
                    weak.append((i, r, ev.cell))
                    continue
            if len(cells) > want and not grid:
                # more numbers than the row has: the first ones are the row's, the rest wait
                consumed.update(same)
                extra = _rest_of_run(cells[want:], events[same[-1]])
                events[same[-1]] = extra
                consumed.discard(same[-1])
                cells = cells[:want]
            elif len(cells) > want:
                cells = cells[:want]
            consumed.update(same)
            if len(cells) < want:
                if grid:
                    self.labels[r] = ev.cell
                    self.asm.note(ev.line, f"「{ev.cell.text}」行只有{len(cells)}个数，应有{want}个，"
                                                f"无法确定各数属于哪一列，未读取")
                    anchors.append((i, r, r))
                    anchored.add(r)
                    continue
                # a row cut short: its other numbers follow on the next lines
                k = j
                more: List[int] = []
                while k < n_events and events[k].kind == "run" and not events[k].grid \
                        and len(cells) < want:
                    more.append(k)
                    cells.extend(events[k].cells)
                    k += 1
                if len(cells) != want:
                    for s in same:
                        consumed.discard(s)
                    weak.append((i, r, ev.cell))
                    continue
                consumed.update(more)
            self.assigned[r] = cells
            self.labels[r] = ev.cell
            anchors.append((i, r, r))
            anchored.add(r)
        # a group given as one row (（六）其他处理 with its own numbers): only when its items are not there
        for i, first, last, members, cells, ev, same in groups:
            if any(first <= a[1] <= last for a in anchors) or any(first <= w[1] <= last for w in weak):
                self.asm.note(ev.line, f"「{ev.cell.text}」行的小计未读取（其下各项另有数）")
                continue
            consumed.update(same)
            anchors.append((i, first, last))
            self._group_total(members, cells, ev)
        anchors.sort()
        self.consumed = consumed
        self.weak = weak
        vals = self._values()
        if vals:  # (most tables: every number stood with its label)
            self._fill_gaps(anchors, vals)
        self._write()

    def _fill_gaps(self, anchors: List[Tuple[int, int, int]], vals: List[_Val]) -> None:
        """Place the numbers no row took in the gaps between the fixed rows (``anchors``, sorted)."""
        events = self.events
        weak = self.weak
        # the fixed rows that stand in template order bound the gaps; a row fixed out of order
        # (blocks of table 1 printed in another order) keeps its numbers but bounds nothing
        kept: List[Tuple[int, int, int]] = []
        fixed = set()
        last = -1
        for a in anchors:
            fixed.update(range(a[1], a[2] + 1))
            if a[1] > last:
                kept.append(a)
                last = a[2]
        val_pieces = [v.piece for v in vals]  # in event order
        bounds = [(-1, -1, -1)] + kept + [(len(events), len(self.keys), len(self.keys))]
        for (ia, _, ra), (ib, rb, _) in zip(bounds, bounds[1:]):
            gap_vals = vals[bisect.bisect_right(val_pieces, ia):bisect.bisect_left(val_pieces, ib)]
            if not gap_vals:
                continue
            rows = [r for r in range(ra + 1, rb) if r not in fixed]
            gap_weak = [w for w in weak if ia < w[0] < ib and ra < w[1] < rb]
            self._fill(rows, gap_vals, gap_weak)

    def _group_total(self, members: List[str], cells: List[RawCell], ev: Fragment) -> None:
        values = [read_value(c.text) for c in cells]
        label = ev.cell.text
        if all(v.status == "ok" and v.value == 0 for v in values):
            for key in members:
                self.assigned[self.pos[key]] = list(cells)
                self.inferred_rows[self.pos[key]] = ZERO_GROUP
            self.asm.note(ev.line, f"「{label}」只有合计一行且全为0，其下各项按0读取")
        else:
            self.asm.note(ev.line, f"「{label}」只有合计一行，其下各项无法区分，未读取")

    def _values(self) -> List[_Val]:
        """The value cells of the runs no row took, in event order."""
        out: List[_Val] = []
        stream = 0
        prev_piece = False
        consumed = self.consumed
        for i, ev in enumerate(self.events):
            kind = ev.kind
            if kind != "run" or i in consumed:
                if kind == "packed" and i not in consumed:
                    self.asm.note(ev.line, "连写的数字前没有可识别的行名，未读取")
                prev_piece = False
                continue
            if not prev_piece:
                stream += 1
            prev_piece = True
            grid = ev.grid
            cells = _trim_grid(ev.cells, 0) if grid else ev.cells  # padding around a grid row's values
            line = ev.line
            n = len(cells)
            for c in cells:
                out.append(_Val(c, line, i, n, grid, stream))
        return out

    # -- step 2: numbers standing apart from their labels
    def _fill(self, rows: List[int], vals: List[_Val], weak) -> None:
        """Place numbers that stand apart from their labels into the rows between two fixed rows."""
        if not vals:
            return
        if not rows:
            self.asm.note(vals[0].line, f"{len(vals)}个数不属于任何表格行，未读取")
            return
        need = [self.ncols[r] for r in rows]
        width = need[0] if len(set(need)) == 1 else None
        # (a) the numbers fill the rows exactly, in an order the lines agree with
        units = self._units(vals, need)
        if units is not None and self._consistent(rows, units, weak, vals):
            self._assign_units(rows, units)
            for _, r, label in weak:
                self.labels.setdefault(r, label)
            return
        # (b) as many complete lines as rows (stray numbers around them)
        if width is not None:
            pieces: Dict[int, List[_Val]] = {}
            for v in vals:
                pieces.setdefault(v.piece, []).append(v)
            complete = [p for p in pieces.values() if len(p) == width and p[0].piece_len == width]
            if complete and len(complete) == len(rows):
                for r, p in zip(rows, complete):
                    self.assigned[r] = [v.cell for v in p]
                stray = [v for p in pieces.values() if not (len(p) == width and p[0].piece_len == width)
                         for v in p]
                if stray:
                    self.asm.note(stray[0].line, f"{len(stray)}个零散的数不属于任何表格行，未读取")
                return
        # (c) labels right before their numbers fix more rows; then try again between them
        found = []
        val_pieces = [v.piece for v in vals]
        for ei, r, label in weak:
            stream = self._stream_after(ei, vals, val_pieces)
            if not stream:
                continue
            first = self._units(stream, [self.ncols[r]] * len(stream), prefix=True)
            if not first:
                continue
            kind, unit = first[0]
            if kind == "cols":
                k = len(unit[0])
                found.append((ei, [(r, r + k - 1), (r - k + 1, r)], unit, label, kind, r))
            else:
                found.append((ei, [(r, r)], unit, label, kind, r))
        if not found:
            self._unplaced(rows, vals)
            return
        lo, hi = rows[0], rows[-1]
        chosen = []
        for n, (ei, options, unit, label, how, r) in enumerate(found):
            ok = []
            for o in options:
                if o[0] < lo or o[1] > hi or not all(x in rows for x in range(o[0], o[1] + 1)):
                    continue
                if any(len(f[1]) == 1 and f[1][0][1] >= o[0] for f in found[:n]):
                    continue
                if any(len(f[1]) == 1 and f[1][0][0] <= o[1] for f in found[n + 1:]):
                    continue
                ok.append(o)
            if len(ok) == 1:
                chosen.append((ei, ok[0], unit, label, how, r))
        chain = []
        last = lo - 1
        for item in chosen:
            if item[1][0] > last:
                chain.append(item)
                last = item[1][1]
        if not chain:
            self._unplaced(rows, vals)
            return
        used = set()
        for ei, (a, b), unit, label, how, r in chain:
            flat = [v for block in unit for v in block] if how == "cols" else unit
            used.update(id(v) for v in flat)
            self._assign_units(list(range(a, b + 1)), [(how, unit)])
            self.labels.setdefault(r, label)
        rest = [v for v in vals if id(v) not in used]

        def last_piece(item):
            flat = [v for block in item[2] for v in block] if item[4] == "cols" else item[2]
            return max(v.piece for v in flat)

        marks = [(-1, lo - 1)] + [(last_piece(item), item[1][1]) for item in chain]
        ends = [(item[0], item[1][0]) for item in chain] + [(10 ** 9, hi + 1)]
        between = set()  # the numbers between two placed labels (or the ends of the gap)
        for (ea, ra), (eb, rb) in zip(marks, ends):
            sub_vals = [v for v in rest if ea < v.piece < eb]
            if not sub_vals:
                continue
            between.update(map(id, sub_vals))
            sub_rows = [x for x in rows if ra < x < rb]
            sub_weak = [w for w in weak if ea < w[0] < eb and ra < w[1] < rb]
            if len(sub_vals) < len(vals):
                self._fill(sub_rows, sub_vals, sub_weak)
            else:
                self._unplaced(sub_rows, sub_vals)
        left = [v for v in rest if id(v) not in between]
        if left:
            self.asm.note(left[0].line, f"{len(left)}个数无法确定属于哪些行，未读取")

    def _unplaced(self, rows: List[int], vals: List[_Val]) -> None:
        names = "、".join(self.layout.labels[self.keys[r]] for r in rows[:3]) + ("等" if len(rows) > 3 else "")
        self.asm.note(vals[0].line, f"{len(vals)}个数无法确定属于哪些行（{names}），未读取")

    def _stream_after(self, ei: int, vals: List[_Val], val_pieces: List[int]) -> List[_Val]:
        """The numbers right after event ``ei`` (nothing but numbers in between).

        ``vals`` are in event order (so are their streams); ``val_pieces`` is ``[v.piece for v in vals]``.
        """
        i = self._stream_start(ei, vals, val_pieces)
        if i is None:
            return []
        end = i + 1
        while end < len(vals) and vals[end].stream == vals[i].stream:
            end += 1
        return vals[i:end]

    def _stream_start(self, ei: int, vals: List[_Val], val_pieces: List[int]) -> Optional[int]:
        """Where in ``vals`` the numbers right after event ``ei`` start (None: no number follows)."""
        nxt = ei + 1
        if nxt >= len(self.events) or self.events[nxt].kind != "run" or nxt in self.consumed:
            return None
        i = bisect.bisect_left(val_pieces, nxt)
        if i == len(vals) or val_pieces[i] != nxt:
            return None
        return i

    @staticmethod
    def _blocks(vals: List[_Val], limit: Optional[int] = None) -> List[List[_Val]]:
        """Numbers grouped as printed: a line with several numbers, or lines of one number each
        that follow one another without a blank line. With ``limit``: the first ``limit`` blocks
        (and the start of the next one)."""
        blocks: List[List[_Val]] = []
        for v in vals:
            if blocks:
                prev = blocks[-1][-1]
                if v.piece == prev.piece:
                    blocks[-1].append(v)
                    continue
                if v.piece_len == 1 and prev.piece_len == 1 and not v.grid and not prev.grid \
                        and v.line == prev.line + 1:
                    blocks[-1].append(v)
                    continue
                if limit is not None and len(blocks) > limit:
                    break
            blocks.append([v])
        return blocks

    def _units(self, vals: List[_Val], need: List[int], prefix: bool = False):
        """Read ``vals`` as rows in order: each unit is one row (``row``) or several rows printed
        column by column (``cols``: one block of single-number lines per column). A block never
        crosses the end of a row. Returns None when the numbers do not make exactly these rows
        (with ``prefix``: the first unit only, which the first ``need[0]`` blocks make)."""
        blocks = self._blocks(vals, need[0] if prefix else None)
        units = []
        bi = 0
        ri = 0
        while bi < len(blocks) and ri < len(need):
            c = need[ri]
            group = blocks[bi:bi + c]
            k = len(group[0])
            if (len(group) == c and k >= 2 and k != c and all(len(g) == k for g in group)
                    and all(v.piece_len == 1 and not v.grid for g in group for v in g)
                    and all(n == c for n in need[ri:ri + k]) and len(need[ri:ri + k]) == k):
                units.append(("cols", group))
                bi += c
                ri += k
            else:
                row: List[_Val] = []
                while bi < len(blocks) and len(row) + len(blocks[bi]) <= c:
                    row.extend(blocks[bi])
                    bi += 1
                if len(row) != c:
                    return None if not (prefix and units) else units
                units.append(("row", row))
                ri += 1
            if prefix:
                return units
        if bi != len(blocks) or ri != len(need):
            return None
        return units

    def _assign_units(self, rows: List[int], units) -> None:
        ri = 0
        for kind, unit in units:
            if kind == "cols":
                for i in range(len(unit[0])):
                    self.assigned[rows[ri + i]] = [block[i].cell for block in unit]
                ri += len(unit[0])
            else:
                self.assigned[rows[ri]] = [v.cell for v in unit]
                ri += 1

    def _consistent(self, rows: List[int], units, weak, vals: List[_Val]) -> bool:
        """A label right before a number says where its row is: the placement must agree."""
        where: Dict[int, Tuple[int, int]] = {}  # id of a unit's first number -> rows it covers
        ri = 0
        for kind, unit in units:
            first = unit[0][0] if kind == "cols" else unit[0]
            span = len(unit[0]) if kind == "cols" else 1
            where[id(first)] = (rows[ri], rows[ri + span - 1])
            ri += span
        val_pieces = [v.piece for v in vals]
        for ei, r, _ in weak:
            start = self._stream_start(ei, vals, val_pieces)  # (the first number of the stream after the label)
            if start is None:
                continue
            hit = where.get(id(vals[start]))
            if hit is None or not (hit[0] <= r <= hit[1]):
                return False
        return True

    # -- step 3: write the cells
    def _write(self) -> None:
        spec = self.spec
        columns = self.layout.columns
        for r, cells in sorted(self.assigned.items()):
            key = self.keys[r]
            self.asm.set_cells(spec, key, columns[key], cells, self.inferred_rows.get(r, ""))
            self.asm.set_label(spec, key, self.labels.get(r))
        for r, label in self.labels.items():
            if r not in self.assigned:  # (done above)
                self.asm.set_label(spec, self.keys[r], label)
        if self.packed:
            self._split_packed()

    def _constraints(self, key: str) -> List[Tuple[int, Tuple[int, ...]]]:
        """The row's own equations."""
        return self.layout.constraints[key]

    def _split_packed(self) -> None:
        from . import runtogether as rt  # (only reports whose numbers ran together need it)

        spec = self.spec
        parts: Dict[str, List[rt.Split]] = {}
        how: Dict[str, str] = {}
        for r, (tokens, line) in sorted(self.packed.items()):
            key = self.keys[r]
            n = self.ncols[r]
            splits, found = rt.split_run([(t.text, t.start) for t in tokens], n,
                                         totals=self._constraints(key))
            if not splits:
                self.asm.note(line, f"「{self.layout.labels[key]}」的数字连在一起（{''.join(t.text for t in tokens)}），"
                                    f"没有一种拆分能使本行合计相符，未读取")
                continue
            parts[key] = splits
            how[key] = found if len(tokens) != n else ""
        # every split possible: what the column equations say when no row has a choice, or when
        # the table has none (table 1)
        ok = None
        if self.layout.column_equations and any(len(splits) > 1 for splits in parts.values()):
            candidates: Dict[str, List[Tuple]] = {key: [tuple(map(_VALUE, s)) for s in splits]
                                                  for key, splits in parts.items()}
            # rows read directly take part in the column equations too
            for r, cells in self.assigned.items():
                key = self.keys[r]
                if key in candidates:
                    continue
                vals = tuple(read_value(c.text).value for c in cells)
                if all(v is not None for v in vals):
                    candidates[key] = [vals]
            ok = rt.solve(candidates, self.layout.column_equations, max(self.ncols))
        for key, splits in parts.items():
            r = self.pos[key]
            line = self.packed[r][1]
            options = list(range(len(splits))) if ok is None else ok.get(key, list(range(len(splits))))
            label = self.layout.labels[key]
            if len(options) == 1:
                tag = how[key]
                if len(splits) > 1:
                    tag = rt.BY_ROW_TOTAL + "," + rt.BY_COLUMN_SUMS
                self.asm.set_cells(spec, key, self.layout.columns[key], splits[options[0]], tag)
            elif not options:
                self.asm.note(line, f"「{label}」的数字连在一起，各种拆分都不能使各列合计相符，未读取")
            else:
                shown = "；".join("、".join(p.text for p in splits[i]) for i in options[:3])
                why = "都符合表内合计关系" if self._constraints(key) else "（本行没有合计关系可以判断）"
                self.asm.note(line, f"「{label}」的数字连在一起（{''.join(t.text for t in self.packed[r][0])}），"
                                    f"有{len(options)}种拆分{why}"
                                    f"（{shown}{'……' if len(options) > 3 else ''}），未读取")


def _rest_of_run(cells: List[RawCell], frag: Fragment) -> Fragment:
    """What is left of a run after a row took its numbers."""
    return Fragment("run", frag.line, list(cells), frag.grid, -frag.row - 1, frag.block)


class _OneRow:
    """Assemble a one-row table (table 3: fifteen numbers under a three-line header)."""

    def __init__(self, asm: TableAssembler, spec: TableSpec, events: List[Fragment]):
        self.asm = asm
        self.spec = spec
        self.events = events
        self.layout = asm.layouts[spec.name]

    def resolve(self) -> None:
        want = sum(self.layout.ncols)
        width = max(self.layout.ncols)
        taken: List[RawCell] = []
        interrupted = False
        started = False
        line = 0
        packed: List[RawCell] = []
        for ev in self.events:
            if len(taken) >= want:
                break
            if ev.kind == "break":
                if started:
                    break
                continue
            if ev.kind in ("row", "group", "other"):
                # header words between two blocks (复议 | 直接起诉 | 复议后起诉 drawn as three small
                # tables) are fine; inside a block they mean the text lost the columns' order
                if started and len(taken) % width:
                    interrupted = True
                continue
            cells = list(ev.cells)
            if ev.kind == "packed":
                packed.extend(cells)
                line = line or ev.line
                started = True
                continue
            if ev.grid:
                if not any(c.text for c in cells):
                    continue
                cells = _trim_grid(cells, want - len(taken))
            if not started:
                line = ev.line
            started = True
            taken.extend(cells[: want - len(taken)])
        spec = self.spec
        constraints = self.layout.all_constraints
        if packed and not taken:
            from . import runtogether as rt  # (only reports whose numbers ran together need it)

            splits, how = rt.split_run([(t.text, t.start) for t in packed], want,
                                       totals=constraints)
            if len(splits) == 1:
                tag = how if len(packed) != want else ""
                self._write(splits[0], tag)  # (a Part is text, start, end like a RawCell)
            elif not splits:
                self.asm.note(line, f"{spec.title}的{want}个数连在一起，没有一种拆分能使各项合计相符，未读取")
            else:
                shown = "；".join("、".join(p.text for p in s) for s in splits[:2])
                self.asm.note(line, f"{spec.title}的{want}个数连在一起，有{len(splits)}种拆分都符合合计关系"
                                    f"（{shown}……），未读取")
            return
        if not taken:
            return
        if len(taken) < want:
            self.asm.note(line, f"{spec.title}只读到{len(taken)}个数，应有{want}个，无法确定各数属于哪一格，未读取")
            return
        tag = ""
        if interrupted:
            # header words between the numbers: the text does not keep the columns' order;
            # accept the order only if every block adds up
            values = [read_value(c.text).value for c in taken]
            ok = all(isinstance(values[i], int) and all(isinstance(values[j], int) for j in js)
                     and values[i] == sum(values[j] for j in js) for i, js in constraints)
            if not ok:
                self.asm.note(line, f"{spec.title}的数与表头文字交错，列的顺序不可靠，且按出现顺序各项合计不符，未读取")
                return
            tag = ORDER_BY_ROW_TOTAL
        self._write(taken, tag)

    def _write(self, raws: Sequence[Tuple[str, int, int]], tag: str) -> None:
        """The numbers in template order, row by row."""
        pos = 0
        for r in self.spec.rows:
            self.asm.set_cells(self.spec, r.key, r.columns, raws[pos:pos + len(r.columns)], tag)
            pos += len(r.columns)
# ---------------------------------------------------------------- metadata
_YEAR = r"((?:19|20)[0-9]{2})"
_TITLE_YEAR = re.compile(_YEAR + r"\s*年")
_DATE_WORDS = ("发布日期", "发布时间", "成文日期", "公开日期")
_PUBLISHED = re.compile(r"(?:发布日期|发布时间|成文日期|公开日期)\s*[:：]\s*" + _YEAR +
                        r"\s*[-年/.]\s*([0-9]{1,2})\s*[-月/.]\s*([0-9]{1,2})")
_PERIOD = re.compile(_YEAR + r"\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日\s*(?:起)?\s*(?:至|到|—|-|~)\s*(?:"
                     + _YEAR + r"\s*年\s*)?([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")
_REPORT_WORDS = ("年度报告", "年报")
_NOT_AGENCY = ("正文", "全文", "附件", "原文", "目录", "首页", "打印", "关闭")  # page furniture above a title


def _clean_title(text: str) -> str:
    t = text.strip().lstrip("#").strip()
    if t.startswith("**") and t.endswith("**"):
        t = t[2:-2].strip()
    return t


def read_meta(report: Report, lines: Sequence, first_section_line: int) -> set:
    """Title, agency, year, publication date and statistical period. Returns title lines."""
    src = report.source
    title_lines: set = set()
    head: List = []  # the first 40 lines (blocks) with text before the first section
    for ln in lines:
        if ln.number >= first_section_line or len(head) == 40:
            break
        if ln.kind != "blank":
            head.append(ln)
    title_line: Optional[Line] = None
    title_text = ""
    title_start = title_end = 0
    for ln in head:
        if ln.kind == "meta" and re.match(r"\s*标题\s*[:：]", ln.text):
            value = re.sub(r"^\s*标题\s*[:：]\s*", "", ln.text)
            title_line, title_text = ln, value.strip()
            title_start = ln.start + ln.text.index(value)
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
                title_start = ln.start + ln.text.index(t)
                end_line = nxt if wrapped else ln
                end_text = _clean_title(end_line.text)
                title_end = end_line.start + end_line.text.index(end_text) + len(end_text)
                title_text = t + (end_text if wrapped else "")
                title_lines.update({ln.number, end_line.number})
                # a title that opens with its year may have the body's name on the line above
                if _TITLE_YEAR.match(t) and i > 0:
                    prev = head[i - 1]
                    pt = _clean_title(prev.text)
                    if 2 <= len(pt) <= 30 and not re.search(r"[。，,：:]", pt) and pt not in _NOT_AGENCY \
                            and prev.kind in ("text", "md_heading", "bold", "html_block"):
                        title_text = pt + title_text
                        title_start = prev.start + prev.text.index(pt)
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
                    title_start = ln.start + ln.text.index(t)
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
    m = _search_published(text)
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


# the date words by their last character (期, 间), which ``str.find`` looks for
_DATE_ENDINGS = tuple((last, tuple(w for w in _DATE_WORDS if w[-1] == last))
                      for last in dict.fromkeys(w[-1] for w in _DATE_WORDS))


def _search_published(text: str) -> Optional["re.Match"]:
    """``_PUBLISHED.search(text)``, faster: a match starts with one of the date words, found
    where their last character stands (the regular expression would try every position of the
    text; ``str.find`` of one character is many times quicker on Chinese text than of a word)."""
    starts = []
    for last, words in _DATE_ENDINGS:
        i = text.find(last)
        while i >= 0:
            for word in words:
                at = i + 1 - len(word)
                if at >= 0 and text.startswith(word, at):
                    starts.append(at)
            i = text.find(last, i + 1)
    for i in sorted(starts):
        m = _PUBLISHED.match(text, i)
        if m:
            return m
    return None


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
# every character str.isspace() accepts (as the regular expression \s), then the marks that may stand
# before a heading's numeral (markdown, and what normalisation turns into them or into spaces)
_BEFORE_NUMERAL = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                   "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000" "#*＃＊\u200b\u200c\u200d\u2060\ufeff")
_NUMERALS = frozenset(CN_NUMERALS)


def _opens_with_numeral(text: str) -> bool:
    """Whether the first character after white space and markdown marks is a Chinese numeral."""
    first = text[:1]
    if first not in _BEFORE_NUMERAL:  # (most lines: nothing to strip; "" is in every string)
        return first in _NUMERALS
    return text.lstrip(_BEFORE_NUMERAL)[:1] in _NUMERALS


def section_number(text: str, index: AliasIndex, template: Template) -> Optional[Tuple[int, str, str]]:
    """If the line is a section heading, return (number, numeral as written, title as written)."""
    if not _opens_with_numeral(text):
        return None  # most lines: no ordinal such as 一、 (the checks below would say the same)
    t = _clean_title(text)
    split = split_label(t)
    key = split.key
    if not split.ordinal.endswith("、") or len(key) > 40 or not key:
        return None
    if index.lookup(t)[1]:
        return None  # a table label such as 一、本年新收政府信息公开申请数量
    numeral = split.ordinal[:-1]
    written = "一二三四五六七八九十".find(numeral) + 1 if len(numeral) == 1 else 0
    # the section the numeral names if its keywords are there, else the first whose keywords are
    first = None
    for s in template.sections:
        for k in s.keywords:
            if k in key:
                if s.number == written:
                    return s.number, numeral, t
                if first is None:
                    first = s
                break
    return None if first is None else (first.number, numeral, t)


# ---------------------------------------------------------------- template choice
_MARKERS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "政府集中采购")
_MARKERS_2021 = ("本年制发件数", "现行有效件数", "逾期未按收费通知", "本年处理决定数量")


def choose_template(text: str, year: Optional[int], templates: Mapping[str, Template]) -> Tuple[str, str]:
    # the markers are Chinese words, which normalisation leaves as they are: search the text itself
    has19 = sum(1 for m in _MARKERS_2019 if m in text)
    has21 = sum(1 for m in _MARKERS_2021 if m in text)
    if has19 > has21 and "2019" in templates:
        return "2019", "表格为2019年试行格式"
    if has21 > has19 and "2021" in templates:
        return "2021", "表格为2021年格式"
    for name, t in sorted(templates.items()):
        if year is not None and t.first_year <= year <= t.last_year and t.plugin == "gxrules":
            return name, f"按报告年度{year}选择"
    return ("2021" if "2021" in templates else sorted(templates)[0]), "默认"




# ---------------------------------------------------------------- long lines
def _section_tester(index: AliasIndex, template: Template):
    def test(candidate: str) -> bool:
        return section_number(candidate, index, template) is not None
    return test


def expand_long_lines(blocks: List[Block], source: SourceText, index: AliasIndex,
                      template: Template) -> List[Block]:
    """Cut the one-line reports of crawlers at their section headings."""
    if not blocks or max(map(len, map(_TEXT, blocks))) < 300:
        return blocks  # (no line long enough to be a crawler's whole report)
    from .inline import LONG_LINE, find_headings, is_run_together

    out: List[Block] = []
    test = _section_tester(index, template)
    for b in blocks:
        if b.kind not in TEXT_KINDS or len(b.text) < LONG_LINE:
            out.append(b)
            continue
        base = b.start
        norm = source.normalised[base:base + len(b.text)]  # the block's text, normalised
        if not is_run_together(b.text, norm):
            out.append(b)
            continue
        heads = find_headings(b.text, test, norm)
        pos = 0
        pieces: List[Tuple[str, int, int]] = []
        for s, e in heads:
            if s > pos:
                pieces.append(("inline_text", pos, s))
            pieces.append(("inline_heading", s, e))
            pos = e
        if pos < len(b.text):
            pieces.append(("inline_text", pos, len(b.text)))
        gap = b.gap  # (blank lines before the line stand before its first piece)
        for kind, s, e in pieces:
            seg = b.text[s:e]
            lead = len(seg) - len(seg.lstrip())
            body = seg.strip()
            if not body:
                continue
            start = base + s + lead
            out.append(Block(number=0, kind=kind, text=body, span=source.span(start, start + len(body)),
                             hard=True, gap=gap))
            gap = False
    for n, b in enumerate(out, 1):
        b.number = n
    return out


def inline_table_fragments(block: Block, source: SourceText, index: AliasIndex) -> List[Fragment]:
    from .inline import table_fragments

    start = block.start
    end = start + len(block.text)
    out: List[Fragment] = []
    line = block.line
    number = block.number
    for kind, cells, group in table_fragments(source.text, source.normalised, start, end, index):
        row = number * 100000 + group
        if kind == "other":
            frag_kind = "break" if is_prose(cells[0].text) and len(cells[0].text) > 40 else "label"
            out.append(Fragment(frag_kind, line, cells, False, row, number))
        else:
            out.append(Fragment(kind, line, cells, False, row, number))
    return out


def read_report(source: SourceText, templates: Mapping[str, Template],
                aliases: Optional[Mapping[str, Sequence[str]]] = None,
                template_name: Optional[str] = None, index_cache: Optional[dict] = None,
                blocks: Optional[List[Block]] = None, lines: Optional[List[Line]] = None) -> Report:
    """Read a report. ``index_cache`` (a dict the caller keeps) saves rebuilding alias indexes.

    ``blocks`` (with ``lines``) come from an input module that cut the file
    itself (HTML); by default the blocks are the lines of the line grammar.
    """
    cache = {} if index_cache is None else index_cache

    def index_for(t: Template) -> AliasIndex:
        if t.name not in cache:
            cache[t.name] = AliasIndex(t, aliases)
        return cache[t.name]

    if lines is None:
        lines = parse_lines(source)
    report = Report(path=source.path, source=source, lines=lines)
    if blocks is None:
        blocks = blocks_from_lines(lines)
    base = templates.get("2021") or next(iter(templates.values()))
    base_index = index_for(base)
    blocks = expand_long_lines(blocks, source, base_index, base)
    # Section headings first (with the 2021 sections; both templates share them).
    heads: Dict[int, Tuple[int, str, str]] = {}
    for b in blocks:
        if b.kind in HEADING_KINDS and _opens_with_numeral(b.text if b.plain is None else b.plain):
            hit = section_number(b.reading, base_index, base)
            if hit:
                heads[b.number] = hit
    first_section = min(heads) if heads else (blocks[-1].number + 1 if blocks else 1)
    title_blocks = read_meta(report, blocks, first_section)
    year = report.year.value if report.year else None
    if template_name:
        report.template, report.template_reason = template_name, "配置指定"
    else:
        report.template, report.template_reason = choose_template(source.text, year, templates)
    template = templates[report.template]
    index = index_for(template)

    assembler = TableAssembler(template, index, report)
    fragments: List[Fragment] = []
    table_sections = {spec.section for spec in template.tables.values()}
    norm = source.normalised
    current = 0
    for b in blocks:
        kind = b.kind
        if kind == "blank":
            continue
        number = b.number
        if number in heads:
            current = heads[number][0]
            fragments.append(Fragment("section", b.line, None, False, number, number, current))
        elif number in title_blocks:
            fragments.append(Fragment("break", b.line, None, False, number, number))
        elif kind == "inline_text":
            if current in table_sections:
                fragments.extend(inline_table_fragments(b, source, index))
            else:
                fragments.append(Fragment("break", b.line, None, False, number, number))
        else:
            fragments.extend(line_fragments(b, source, norm))
    assembler.feed(fragments)
    assembler.finish()
    _build_sections(report, blocks, heads, title_blocks, assembler.table_blocks, template)
    # a title with 年度报告 and a year, two sections, or a table: a README about reports has none
    report.is_report = bool(report.title and any(w in report.title.value for w in _REPORT_WORDS)
                            and (report.year is not None or report.sections)) \
        or len(report.sections) >= 2 or any(t.present for t in report.tables.values())
    return report


_SKIP_KINDS = frozenset(("blank", "page_no", "meta", "pipe_sep", "pipe_row", "tab_row", "html_row"))
_HEADING_LIKE = frozenset(("heading", "subheading", "bold", "md_heading"))  # a paragraph of their own
_PARAGRAPH_ENDS = "".join(PROSE_MARKS) + "：:"


def _build_sections(report: Report, blocks: Sequence[Block], heads, title_blocks, table_blocks,
                    template: Template) -> None:
    src = report.source
    text = src.text
    current: Optional[Section] = None
    para_start: Optional[int] = None
    para_end = 0
    para_kind = "text"
    para_hard = False

    def flush():
        nonlocal para_start
        para = Paragraph(text[para_start:para_end], src.span(para_start, para_end), para_kind)
        (current.paragraphs if current else report.preamble).append(para)
        para_start = None

    for b in blocks:
        if b.gap and para_start is not None:
            flush()  # a blank line ends a paragraph
        kind = b.kind
        if kind in _SKIP_KINDS:  # (no heading: headings are of HEADING_KINDS)
            if kind != "page_no" and para_start is not None:
                flush()
            continue
        number = b.number
        if number in heads:
            if para_start is not None:
                flush()
            number, numeral, written = heads[number]
            spec = template.section(number)
            body = b.text.strip()
            start = b.start + b.text.index(body) if body else b.start
            current = Section(number=number, title=spec.title if spec else written, found_title=written,
                              span=src.span(start, start + len(body)), numeral=numeral)
            report.sections.append(current)
            continue
        if number in title_blocks or number in table_blocks:
            if para_start is not None:
                flush()
            continue
        line_text = b.text
        body = line_text.lstrip()
        start = b.start + len(line_text) - len(body)  # (where the stripped text starts)
        body = body.rstrip()
        if not body or (b.plain is not None and not b.plain.strip()):
            continue
        end = start + len(body)
        heading = kind in _HEADING_LIKE
        # a line wrapped by PDF extraction continues the paragraph, unless the paragraph ends a
        # sentence (its last character: the text of a paragraph ends with a line's stripped text)
        if para_start is not None and not (heading or b.hard or para_hard) \
                and text[para_end - 1] not in _PARAGRAPH_ENDS:
            para_end = end
            continue
        if para_start is not None:
            flush()
        para_start, para_end = start, end
        para_hard = b.hard
        para_kind = "subheading" if heading else "text"
    if para_start is not None:
        flush()
