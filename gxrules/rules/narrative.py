"""CN3xx: what the prose says against what the tables say, and the prose's own arithmetic.

The claims are read by :mod:`gxrules.claims`; the rules here decide whether a
claim is about what a table cell counts (政府信息公开申请 / 行政复议 / 行政诉讼
of the report year, of the body the tables are about) and compare. A claim that
cannot be tied to one cell without guessing says nothing, and so does a claim
whose cell is missing, blank or does not add up with its own row (a cell the
reader may have misread).
"""
from __future__ import annotations

import bisect
import itertools
import operator
from decimal import Decimal
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

from ..claims import (
    ALL_CONCLUDED_WORDS, INTRO_WORDS, NEGATION, WINDOW, Claim, View, all_concluded_claims, breakdowns,
    compact_text, count_claims, count_positions, has_any, none_claims, percent_decimals, positions, rate_claims, regex,
)
from ..config import OptionSpec
from ..model import Cell
from . import rule

# -- context -----------------------------------------------------------------------------

# (lists of words are searched with has_any: a regex of Chinese words costs ~1 ms to compile)
TOPIC_APPLICATION = ("信息公开", "依申请", "公开申请")
TOPIC_CONTEXT = ("依申请公开", "信息公开申请", "公开政府信息的申请")
TOPIC_CASES = ("信息公开", "依申请")
#: the count is about something else than information-disclosure applications
OTHER_MATTERS = tuple("热线|12345|留言|咨询|转办|诉求|信箱|来信|来访|建议|提案|工单|来电|投诉|举报|信访件".split("|"))
#: a government report speaking of its office only (区政府办代表区政府受理…)
NARROWER = ("代表", "政府办", "办公室", "办公厅")
#: a department report speaking of the whole region
WIDER = tuple("全县|全市|全区|全省|全州|全盟|全旗|全镇|全乡|各级|各部门|各单位|各地|县直|市直|区直|"
              "各乡镇|各街道|全系统|系统内|我县|我市|我区|我省|本县|本市|本区|本省".split("|"))
YEAR = r"((?:19|20)[0-9]{2})年"
TITLE = r"《[^》]*》"


class Prose:
    """The paragraphs of a report as :class:`View` objects, with where each stands.

    ``Prose.of(report)`` is shared by the rules of one report (it is kept on
    the report, and goes with it), so the paragraphs are read and classified once.
    A rule reads only the paragraphs that hold the words it looks for
    (:meth:`holding`): one search of the whole text instead of one per paragraph,
    and a paragraph's :class:`View` is made when a rule first reads it.
    """

    @classmethod
    def of(cls, report) -> "Prose":
        prose = report.__dict__.get("_gxrules_prose")
        if prose is None:
            prose = report.__dict__["_gxrules_prose"] = cls(report)
        return prose

    def __init__(self, report):
        self._claims: Optional[List[Tuple[int, View, Claim]]] = None
        self._with_count: Optional[Set[int]] = None
        self._count_positions: List[int] = []  # count_positions of the joined texts
        self._cells: Dict[Tuple[str, str, str], Optional[Cell]] = {}
        self.tables = report.tables  # (not the report: no reference cycle)
        self._normalised, self._original = report.source.normalised, report.source.text
        # each paragraph (headings aside): (its group: 0 = preamble, then the sections; section number; span)
        self._paragraphs: List[Tuple[int, int, int, int]] = []
        self._texts: List[str] = []  # and its compact text
        normalised = self._normalised
        groups = [(0, report.preamble)] + [(s.number, s.paragraphs) for s in report.sections]
        for group, (number, paragraphs) in enumerate(groups):
            for p in paragraphs:
                if p.kind != "heading":
                    a, b = p.span.start.offset, p.span.end.offset
                    self._paragraphs.append((group, number, a, b))
                    self._texts.append(compact_text(normalised[a:b]))
        self._views: List[Optional[View]] = [None] * len(self._texts)
        # the paragraphs' texts joined by a line break, which no word and no count holds, and where
        # each starts there (the lengths of the texts before it, and a line break after each)
        self._joined = "\n".join(self._texts)
        self._starts = list(map(operator.add, itertools.accumulate(map(len, self._texts), initial=0),
                                range(len(self._texts))))
        self.government = report.is_government_report
        self.year = report.year_value

    def claims(self) -> Iterator[Tuple[int, View, "Claim"]]:
        """Every classified count: (section, view, claim), computed once."""
        if self._claims is None:
            self._claims = [(section, view, claim) for section, view in map(self.item, sorted(self._counting()))
                            for claim in count_claims(view)]
        return iter(self._claims)

    def _counting(self) -> Set[int]:
        """The paragraphs where a count may stand (:func:`count_positions`)."""
        if self._with_count is None:
            self._count_positions = count_positions(self._joined)
            self._with_count = set(self._indices(self._count_positions))
        return self._with_count

    def cell(self, table: str, row: str, column: str = "total") -> Optional[Cell]:
        """:func:`_trusted` for this report, each cell worked out once."""
        key = (table, row, column)
        if key not in self._cells:
            self._cells[key] = _trusted(self.tables, table, row, column)
        return self._cells[key]

    def item(self, k: int) -> Tuple[int, View]:
        """The k-th paragraph: (section number, 0 = preamble; its view)."""
        group, number, a, b = self._paragraphs[k]
        view = self._views[k]
        if view is None:
            view = self._views[k] = View(self._normalised[a:b], self._original[a:b], a, self._texts[k])
            if k and self._paragraphs[k - 1][0] == group:
                view.previous = self._texts[k - 1][-WINDOW:]
            if self._with_count is not None:
                # the view's count positions are those of the joined text (a line break on each
                # side of a paragraph, as its start and end, is no digit and no numeral)
                start = self._starts[k]
                found = self._count_positions
                view.set_count_positions([i - start for i in found[bisect.bisect_left(found, start):
                                                                   bisect.bisect_left(found, start + len(view.compact))]])
        return number, view

    def __iter__(self) -> Iterator[Tuple[int, View]]:
        return (self.item(k) for k in range(len(self._texts)))

    def holding(self, words: Sequence[str], count: bool = False) -> List[Tuple[int, View]]:
        """The (section, view) items whose text holds one of ``words`` (and may hold a count), in order."""
        found = self._indices(positions(self._joined, words))
        if count:
            found = [k for k in found if k in self._counting()]
        return [self.item(k) for k in found]

    def _indices(self, offsets: Sequence[int]) -> List[int]:
        """The paragraphs holding these offsets of the joined text (sorted), each once."""
        out: List[int] = []
        for offset in offsets:
            k = bisect.bisect_right(self._starts, offset) - 1
            if not out or out[-1] != k:
                out.append(k)
        return out


def _context_before(view: View, index: int, width: int = WINDOW) -> str:
    """The text before ``index`` in the paragraph, and the end of the paragraph before it."""
    text = view.compact[max(0, index - width):index]
    if index < width:
        text = view.previous + text
    return text


def _about_applications(section: int, view: View, sentence: Tuple[int, int], upto: int) -> bool:
    """The sentence (up to the end of the claim's clause) or the text before it (in the paragraph
    and the paragraph before, e.g. a heading 「（二）依申请公开情况」) is about information-disclosure
    applications, or it stands in section 三."""
    s0, _ = sentence
    if has_any(view.compact[max(s0, upto - WINDOW):view.clause_end(upto)], TOPIC_APPLICATION):
        return True
    if section == 3:
        return True
    return has_any(_context_before(view, s0), TOPIC_CONTEXT)


def _about_cases(section: int, view: View, sentence: Tuple[int, int], upto: Optional[int] = None) -> bool:
    """The sentence names information disclosure before the claim's clause ends (so that
    「收到行政复议申请150件，其中涉及政府信息公开的10件」 is not about 150 disclosure cases),
    or it stands in section 四."""
    s0, s1 = sentence
    end = s1 if upto is None else view.clause_end(upto)
    return section == 4 or has_any(view.compact[max(s0, end - WINDOW):end], TOPIC_CASES)


def _other_years(prose: Prose, text: str, allow: Sequence[int] = ()) -> bool:
    """``text`` names a year other than the report year (titles in 《》 aside)."""
    if "年" not in text:
        return False
    if "《" in text:
        text = regex(TITLE).sub("", text)
    if prose.year is None:
        return bool(regex(YEAR).search(text))
    for m in regex(YEAR).finditer(text):
        y = int(m.group(1))
        if y != prose.year and y not in allow:
            return True
    return False


def _scope_differs(prose: Prose, text: str) -> bool:
    """The sentence speaks of a wider (department report) or narrower (government report) body."""
    if prose.government is True:
        return has_any(text, NARROWER)
    return has_any(text, WIDER) or "代表" in text


def _claim_ok(prose: Prose, view: View, claim_start: int, claim_end: int, sentence: Tuple[int, int],
              allow_years: Sequence[int] = ()) -> bool:
    """The common gates: no other year, same body, no other matter in the clause."""
    s0, _ = sentence
    before = view.compact[max(s0, claim_start - WINDOW):claim_end]
    if _other_years(prose, before, allow_years):
        return False
    if _scope_differs(prose, before):
        return False
    clause = view.compact[view.clause_start(claim_start, s0):view.clause_end(claim_end)]
    if has_any(clause, OTHER_MATTERS):
        return False
    return True


# -- cells ----------------------------------------------------------------------------------

ROW_PARTS = {
    "applications": ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"),
    "review_litigation": ("upheld", "corrected", "other", "pending"),
}


def _trusted(tables, table: str, row: str, column: str = "total") -> Optional[Cell]:
    """The cell if it was read as an integer and agrees with the rest of its row, else None.

    A 总计 that differs from the sum of its own row is not used: either the
    table is wrong (CN203/CN204 say so) or the reader misread the row, and in
    both cases comparing the prose with it would be guessing.
    """
    t = tables.get(table)
    cell = t.cell(row, column) if t else None
    if cell is None or cell.status != "ok" or not isinstance(cell.value, int) or cell.value < 0:
        return None
    if column == "total" and table in ROW_PARTS:
        cells = t.rows[row].cells
        total = 0
        for c in ROW_PARTS[table]:
            part = cells.get(c)
            if part is None or part.status != "ok" or not isinstance(part.value, int):
                break  # a part not read: the row cannot be checked
            total += part.value
        else:
            if total != cell.value:
                return None
    return cell


def _cell_json(cell: Cell) -> dict:
    return {"key": cell.key, "value": cell.to_json_value(),
            "location": cell.span.start.to_json() if cell.span else None}


def _span(report, view: View, start: int, end: int):
    a, b = view.file_range(start, end)
    return report.span(a, b)


def _sentence_text(view: View, sentence: Tuple[int, int]) -> str:
    return view.original_text(*sentence).strip()


def _data(view: View, sentence, start: int, end: int, claimed, table_value, cells, **extra) -> dict:
    data = {"sentence": _sentence_text(view, sentence), "claim": view.original_text(start, end),
            "claimed": claimed, "table": table_value, "cells": [_cell_json(c) for c in cells]}
    data.update(extra)
    return data


APPLICATION_LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "results_total": "三、本年度办理结果（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}


# -- CN301 -----------------------------------------------------------------------------------

@rule("CN301", "application-count-mismatch", severity="error",
      summary="正文所述收到、办结政府信息公开申请的件数与表格不符")
def application_count_mismatch(report, ctx):
    """The prose's count of applications received or concluded equals the table's.

    Why: readers take the numbers of 总体情况 at their word; a count that
    differs from table 三 means one of the two is wrong (「发布内容不准确」).
    Received (收到/受理 N 件) is compared with 一、本年新收 (or 一 + 二 上年结转,
    which many reports count as received); concluded (办结/答复 N 件) with
    （七）总计. Counts of other matters (12345 热线, 留言, 咨询 …), of another
    year, or of another body (全县 in a department's report) are not compared.

    Example: 「共受理政府信息公开申请 9 件」 while 一、本年新收 总计 is 8.

    Correct: make the prose and the table say the same.
    """
    prose = Prose.of(report)
    claims = [item for item in prose.claims() if item[2].kind in ("received", "concluded", "handled")]
    if not claims:
        return
    new = prose.cell("applications", "new_received")
    over = prose.cell("applications", "carried_over")
    done = prose.cell("applications", "results_total")
    for section, view, claim in claims:
        c = claim.value
        if claim.kind == "received":
            if new is None:
                continue
            allowed = {new.value}
            cells = [new]
            if over is not None:
                allowed.add(new.value + over.value)
                cells.append(over)
            elif c > new.value:
                continue  # might be 一 + 二 with 二 unknown
            if c in allowed:
                continue
            desc = f"表格“{APPLICATION_LABELS['new_received']}”总计为 {new.value} 件"
            if over is not None:
                desc += f"（加上年结转为 {new.value + over.value} 件）"
            message = f"正文称收到（受理）政府信息公开申请 {c} 件，与表格不符：{desc}"
            table_value = new.value
        elif claim.kind == "concluded":
            if done is None or c == done.value:
                continue
            cells = [done]
            message = (f"正文称办结（答复）政府信息公开申请 {c} 件，与表格不符：表格“"
                       f"{APPLICATION_LABELS['results_total']}”为 {done.value} 件")
            table_value = done.value
        else:  # 办理 N 件: received or concluded, it matches neither
            if new is None or over is None or done is None:
                continue
            allowed = {new.value, new.value + over.value, done.value}
            if c in allowed:
                continue
            cells = [new, over, done]
            message = (f"正文称办理政府信息公开申请 {c} 件，与表格不符：本年新收 {new.value} 件，"
                       f"加上年结转为 {new.value + over.value} 件，办结（七）总计 {done.value} 件")
            table_value = done.value
        # (asked last: most counts agree with the table)
        if not _about_applications(section, view, claim.sentence, claim.end) or \
                not _claim_ok(prose, view, claim.start, claim.end, claim.sentence):
            continue
        yield ctx.diagnostic(_span(report, view, claim.start, claim.end), message,
                             key=f"{claim.kind}:{c}",
                             data=_data(view, claim.sentence, claim.start, claim.end, c, table_value, cells,
                                        kind=claim.kind))


# -- CN302 -----------------------------------------------------------------------------------

@rule("CN302", "none-but-table-has-some", severity="error",
      summary="正文称未收到申请或未发生行政复议、行政诉讼，但表格中有")
def none_but_table_has_some(report, ctx):
    """The prose says there were none (未收到政府信息公开申请, 未发生行政复议、行政诉讼)
    but the table counts some.

    Why: one of the two is wrong, and it is usually the sentence copied from
    last year's report. (The reverse -- a count in the prose while the table
    is all zero -- is reported by CN301 and CN303 as a count mismatch.)

    Example: 「本年度未收到政府信息公开申请」 with 一、本年新收 总计 3.

    Correct: update the sentence, or the table.
    """
    prose = Prose.of(report)
    counted = (prose.cell(table, row) for table, row in (
        ("applications", "new_received"), ("applications", "results_total"), ("review_litigation", "review"),
        ("review_litigation", "litigation_direct"), ("review_litigation", "litigation_after_review")))
    if not any(cell is not None and cell.value for cell in counted):
        return  # the table counts none of them: no "none" statement contradicts it
    for section, view in prose.holding(NEGATION):
        for claim in none_claims(view):
            if claim.kind in ("received", "concluded"):
                row = "new_received" if claim.kind == "received" else "results_total"
                cell = prose.cell("applications", row)
                if cell is None or cell.value == 0:
                    continue
                cells, value = [cell], cell.value
                what = "未收到政府信息公开申请" if claim.kind == "received" else "未办理政府信息公开申请"
                message = f"正文称{what}，但表格“{APPLICATION_LABELS[row]}”总计为 {value} 件"
            elif claim.kind == "review":
                review = prose.cell("review_litigation", "review")
                if review is None or review.value == 0:
                    continue
                cells, value = [review], review.value
                message = f"正文称未发生行政复议，但表格行政复议总计为 {value} 件"
            else:
                known = [c for c in (prose.cell("review_litigation", "litigation_direct"),
                                     prose.cell("review_litigation", "litigation_after_review"))
                         if c is not None]
                value = sum(c.value for c in known)
                if not known or value == 0:
                    continue
                cells = known
                message = f"正文称未发生行政诉讼，但表格行政诉讼（直接起诉与复议后起诉）总计为 {value} 件"
            # of this report's year and body, about disclosure (asked last: most statements agree with the table)
            s0, _ = claim.sentence
            before = view.compact[max(s0, claim.start - WINDOW):claim.end]
            if _other_years(prose, before) or _scope_differs(prose, before):
                continue
            if claim.kind in ("received", "concluded"):
                mid = view.compact[claim.start:claim.end]
                if "公开" not in mid and not _about_applications(section, view, claim.sentence, claim.end):
                    continue
            elif not _about_cases(section, view, claim.sentence):
                continue
            yield ctx.diagnostic(_span(report, view, claim.start, claim.end), message, key=f"none:{claim.kind}",
                                 data=_data(view, claim.sentence, claim.start, claim.end, 0, value, cells,
                                            kind=claim.kind))


# -- CN303 -----------------------------------------------------------------------------------

@rule("CN303", "review-litigation-count-mismatch", severity="error",
      summary="正文所述行政复议、行政诉讼件数与表格四不符")
def review_litigation_count_mismatch(report, ctx):
    """The prose's counts of 行政复议 and 行政诉讼 equal table 四.

    Why: 行政复议 N 件 is the 行政复议 总计 (column 5); 行政诉讼 N 件 is 未经复议直接起诉
    总计 plus 复议后起诉 总计 (columns 10 and 15). Only sentences about
    information disclosure (政府信息公开 / 依申请公开, or in section 四) are read.

    Example: 「政府信息公开行政复议 351 件…行政诉讼 46 件」 with 26 + 20 in the table is right;
    「行政诉讼 45 件」 would not be.

    Correct: make the prose and the table say the same.
    """
    prose = Prose.of(report)
    claims = [item for item in prose.claims() if item[2].kind in ("review", "litigation")]
    if not claims:
        return
    review = prose.cell("review_litigation", "review")
    direct = prose.cell("review_litigation", "litigation_direct")
    after = prose.cell("review_litigation", "litigation_after_review")
    for section, view, claim in claims:
        c = claim.value
        if claim.kind == "review":
            if review is None or c == review.value:
                continue
            cells, value = [review], review.value
            message = f"正文称行政复议 {c} 件，表格行政复议总计为 {value} 件"
        else:
            if direct is None or after is None:
                continue
            value = direct.value + after.value
            if c == value:
                continue
            cells = [direct, after]
            message = (f"正文称行政诉讼 {c} 件，表格未经复议直接起诉总计 {direct.value} 件与"
                       f"复议后起诉总计 {after.value} 件之和为 {value} 件")
        # (asked last: most counts agree with the table)
        if not _about_cases(section, view, claim.sentence, claim.end) or \
                not _claim_ok(prose, view, claim.start, claim.end, claim.sentence):
            continue
        yield ctx.diagnostic(_span(report, view, claim.start, claim.end), message, key=f"{claim.kind}:{c}",
                             data=_data(view, claim.sentence, claim.start, claim.end, c, value, cells,
                                        kind=claim.kind))


# -- CN304 -----------------------------------------------------------------------------------

DOC_NAMES = {"regulations": "规章", "normative_documents": "行政规范性文件"}


@rule("CN304", "document-count-mismatch", severity="warning",
      summary="正文所述制发、现行有效的规章、规范性文件件数与表格二不符")
def document_count_mismatch(report, ctx):
    """The prose's counts of 规章 / 规范性文件 issued this year (发布/出台/制发 N 件) or in
    force (现行有效 N 件) equal table 二 (本年制发件数, 现行有效件数).

    Why: both say how many rules the body made; they should agree. A warning:
    prose sometimes counts documents of other bodies or of several years, and
    such sentences (清理, 备案, 各部门 …) are not compared.

    Example: 「发布规范性文件 3 件」 with 行政规范性文件 本年制发件数 2.

    Correct: make the prose and the table say the same.
    """
    prose = Prose.of(report)
    issued_col = "issued" if report.template != "2019" else "made"
    for section, view, claim in prose.claims():
        if not claim.kind.startswith(("issued:", "in_force:")):
            continue
        what, row = claim.kind.split(":")
        column = issued_col if what == "issued" else "in_force"
        if what == "in_force" and report.template == "2019":
            continue
        cell = prose.cell("active_disclosure", row, column)
        if cell is None or cell.value == claim.value:
            continue
        if not _claim_ok(prose, view, claim.start, claim.end, claim.sentence):
            continue
        label = "本年制发件数" if what == "issued" else "现行有效件数"
        verb = "制发" if what == "issued" else "现行有效"
        message = f"正文称{verb}{DOC_NAMES[row]} {claim.value} 件，表格“{DOC_NAMES[row]}”{label}为 {cell.value} 件"
        yield ctx.diagnostic(_span(report, view, claim.start, claim.end), message,
                             key=f"{claim.kind}:{claim.value}",
                             data=_data(view, claim.sentence, claim.start, claim.end, claim.value, cell.value,
                                        [cell], kind=claim.kind))


# -- CN305 -----------------------------------------------------------------------------------

@rule("CN305", "carried-forward-mismatch", severity="warning",
      summary="正文称申请全部办结，但表格有结转下年度的申请；或所述结转件数与表格不符")
def carried_forward_mismatch(report, ctx):
    """「全部办结」 while table 三 carries applications forward, or a stated 结转 count that
    differs from 四、结转下年度继续办理.

    Why: 四、结转下年度继续办理 > 0 means some applications were not concluded in
    the year. A warning, since 「全部办结」 is sometimes said of the ones due.

    Example: 「收到申请 8 件，已全部办结」 with 四、结转下年度继续办理 总计 1.

    Correct: say how many were concluded and how many carried forward.
    """
    prose = Prose.of(report)
    forward = prose.cell("applications", "carried_forward")
    if forward is None:
        return
    next_year = [prose.year + 1] if prose.year else []
    said_concluded = prose.holding(ALL_CONCLUDED_WORDS) if forward.value > 0 else []
    for section, view in said_concluded:
        for start, end, sentence in all_concluded_claims(view):
            if not _about_applications(section, view, sentence, end) or \
                    not _claim_ok(prose, view, start, end, sentence):
                continue
            message = (f"正文称申请已全部办结，但表格“{APPLICATION_LABELS['carried_forward']}”"
                       f"总计为 {forward.value} 件")
            yield ctx.diagnostic(_span(report, view, start, end), message, key="all-concluded",
                                 data=_data(view, sentence, start, end, 0, forward.value, [forward],
                                            kind="all_concluded"))
    for section, view, claim in prose.claims():
        if claim.kind != "carried_forward" or claim.value == forward.value:
            continue
        if not _about_applications(section, view, claim.sentence, claim.end) or \
                not _claim_ok(prose, view, claim.start, claim.end, claim.sentence, next_year):
            continue
        message = (f"正文称结转下年度 {claim.value} 件，表格“{APPLICATION_LABELS['carried_forward']}”"
                   f"总计为 {forward.value} 件")
        yield ctx.diagnostic(_span(report, view, claim.start, claim.end), message,
                             key=f"carried-forward:{claim.value}",
                             data=_data(view, claim.sentence, claim.start, claim.end, claim.value,
                                        forward.value, [forward], kind="carried_forward"))


# -- CN306 -----------------------------------------------------------------------------------

COMPARISON_NEAR = ("同比", "较上年", "比上年", "较去年", "比去年", "增加", "减少", "增长", "下降")


@rule("CN306", "breakdown-sum", severity="warning",
      summary="分项之和与总数不符（共N条，其中a条、b条……）")
def breakdown_sum(report, ctx):
    """A breakdown adds up: 共 N 条，其中 a 条、b 条、c 条.

    Why: a total and its parts that disagree make the reader doubt every
    number around them. Parts that add up to more than the total are always
    reported; parts that add up to less only when they are given as the whole
    breakdown (分别为…, 其中…和…, or with a catch-all 其他 part), since 其中 often
    introduces a few examples only.

    Example: 「共公布政府信息2602条(其中…其他应主动公开政府信息1053条)」 whose eleven
    parts add up to 2603.

    Correct: recount the total or the part that is wrong.
    """
    prose = Prose.of(report)
    for _section, view in prose.holding(INTRO_WORDS, count=True):
        for b in breakdowns(view):
            total = b.total.value
            parts = [p.value for p in b.parts]
            s = sum(parts)
            if s == total or len(parts) < 2 and s <= total:
                continue
            if s < total and (not b.exhaustive or any(p.unit != b.total.unit for p in b.parts)):
                continue
            _, lead = view.lead(b.total, b.sentence[0])
            if has_any(lead, COMPARISON_NEAR):
                continue
            relation = "大于" if s > total else "小于"
            unit = b.total.unit
            expr = " + ".join(str(p) for p in parts)
            message = f"分项之和 {expr} = {s}{unit}，{relation}总数 {total}{unit}"
            start, end = b.total.start, b.total.end
            yield ctx.diagnostic(_span(report, view, start, end), message, key=f"breakdown:{total}:{s}",
                                 data={"sentence": _sentence_text(view, b.sentence),
                                       "claim": view.original_text(start, end),
                                       "claimed": total, "sum": s, "parts": parts, "intro": b.intro,
                                       "exhaustive": b.exhaustive})


# -- CN307 -----------------------------------------------------------------------------------

@rule("CN307", "percentage-mismatch", severity="warning",
      summary="所述百分比与其依据的数字之比不符（如办结率99.66%而81944/82292=99.58%）",
      options={"tolerance": OptionSpec(float, 0.0, "在所写精度（末位半个单位）之外再允许的误差，单位为百分点")})
def percentage_mismatch(report, ctx):
    """A stated percentage equals the ratio of the two numbers it is computed from.

    Why: a rate is checked by anyone with a calculator; a wrong one discredits
    the report. Only rates whose numerator and denominator stand unambiguously
    in the same sentence are checked: 「受理 82292 件，办结 81944 件，办结率 99.66%」
    (办结 / 受理), and the shares of a breakdown (「办结 81 件，其中：予以公开 42 件，
    占 51.85%」). The comparison is at the precision written (99.66% allows
    ±0.005), plus the ``tolerance`` option (percentage points, default 0).

    Example: 81944 / 82292 = 99.58%, not 99.66%.

    Correct: recompute the percentage.
    """
    tolerance = Decimal(str(ctx.option("tolerance") or 0))
    prose = Prose.of(report)
    for _section, view in prose.holding("%"):
        seen = set()
        for rc in rate_claims(view):
            if rc.percent.start in seen:
                continue
            seen.add(rc.percent.start)
            num, den = Decimal(rc.numerator.value), Decimal(rc.denominator.value)
            if den == 0:
                continue
            stated = Decimal(rc.percent.value)
            d = percent_decimals(rc.percent)
            actual = num * 100 / den
            allowed = Decimal(5) / (Decimal(10) ** (d + 1)) + tolerance
            if abs(actual - stated) <= allowed + Decimal("1e-9"):
                continue
            shown = actual.quantize(Decimal(1) / (Decimal(10) ** max(d, 2)))
            message = (f"{rc.label} {stated}% 与所依据的数字不符：{rc.numerator.value} ÷ {rc.denominator.value}"
                       f" = {shown}%")
            start, end = min(rc.start, rc.percent.start), rc.percent.end
            yield ctx.diagnostic(_span(report, view, start, end), message, key=f"percent:{stated}:{num}/{den}",
                                 data={"sentence": _sentence_text(view, rc.sentence),
                                       "claim": view.original_text(start, end),
                                       "claimed": str(stated), "computed": str(shown),
                                       "numerator": rc.numerator.value, "denominator": rc.denominator.value,
                                       "numerator_text": view.original_text(rc.numerator.start, rc.numerator.end),
                                       "denominator_text": view.original_text(rc.denominator.start,
                                                                              rc.denominator.end),
                                       "tolerance": float(tolerance)})


# -- CN308 -----------------------------------------------------------------------------------

OUTCOME_GROUPS = {
    "granted": (("granted",), "（一）予以公开"),
    "partially_granted": (("partially_granted",), "（二）部分公开"),
    "granted+partially_granted": (("granted", "partially_granted"), "（一）予以公开与（二）部分公开"),
    "withheld": (("withheld_",), "（三）不予公开"),
    "unable": (("unable_",), "（四）无法提供"),
    "rejected": (("rejected_",), "（五）不予处理"),
    "other": (("other",), "（六）其他处理"),
}
OUTCOME_WORDS = {
    "granted": "予以公开", "partially_granted": "部分公开", "granted+partially_granted": "予以公开及部分公开",
    "withheld": "不予公开", "unable": "无法提供", "rejected": "不予处理", "other": "其他处理",
}


def _outcome_keys(rows, group: str) -> List[str]:
    """The keys of the rows of an outcome group, in order: those named by a prefix, those starting
    with one ending in _, and other_* with other."""
    prefixes, _ = OUTCOME_GROUPS[group]
    starts = tuple(p for p in prefixes if p.endswith("_")) + (("other_",) if "other" in prefixes else ())
    return [key for key in rows if key in prefixes or starts and key.startswith(starts)]


def _outcome_cells(report, group: str) -> Optional[List[Cell]]:
    table = report.tables.get("applications")
    if table is None:
        return None
    keys = _outcome_keys(table.rows, group)
    if not keys:
        return None
    cells = [_trusted(report.tables, "applications", k) for k in keys]
    if any(c is None for c in cells):
        return None
    return cells


@rule("CN308", "outcome-count-mismatch", severity="warning",
      summary="正文所述办理结果件数（予以公开、不予公开等）与表格各行之和不符")
def outcome_count_mismatch(report, ctx):
    """The prose's counts by outcome (予以公开 N 件, 部分公开, 不予公开, 无法提供, 不予处理,
    其他处理) equal the sum of the table's rows of that group (总计 column).

    Why: the table has no subtotal for （三）–（六）, so the prose's numbers are
    the only place where a reader sees them; they must add up from the rows.
    A count qualified by one reason (因本机关不掌握无法提供 N 件, without 等) is one
    row rather than the group and is not compared.

    Example: the Shanghai 2019 report: 「因本机关不掌握等原因无法提供265件」 while the
    three 无法提供 rows add up to 337.

    Correct: use the sum of the group's rows, or name the row you count.
    """
    prose = Prose.of(report)
    for section, view, claim in prose.claims():
        if not claim.kind.startswith("outcome:"):
            continue
        group = claim.kind.split(":", 1)[1]
        cells = _outcome_cells(report, group)
        if cells is None:
            continue
        value = sum(c.value for c in cells)
        if value == claim.value:
            continue
        # (asked last: most counts agree with the table)
        s0 = claim.sentence[0]
        context = view.compact[max(0, max(s0, claim.start - WINDOW) - 400):claim.end]
        if section != 3 and "申请" not in context:
            continue
        if not _claim_ok(prose, view, claim.start, claim.end, claim.sentence):
            continue
        _, label = OUTCOME_GROUPS[group]
        message = (f"正文称{OUTCOME_WORDS[group]} {claim.value} 件，表格“{label}”"
                   f"{'各行' if len(cells) > 1 else ''}总计为 {value} 件")
        yield ctx.diagnostic(_span(report, view, claim.start, claim.end), message,
                             key=f"{claim.kind}:{claim.value}",
                             data=_data(view, claim.sentence, claim.start, claim.end, claim.value, value, cells,
                                        kind=claim.kind))
