"""CN4xx: 信息处理费 (the information-processing fee) and the 行政事业性收费 cell.

Two different fees appear in a report and must not be mixed up:

* 信息处理费 -- charged to applicants under 《条例》第四十二条 and the measures of
  国办函〔2020〕109号 (in force 2021-01-01); reported in prose in section 六;
* 行政事业性收费 -- the body's administrative fees of 第二十条第（八）项, a cell of
  table 1 in 万元. It has nothing to do with applications.

Fee statements are read from the prose only (never from table labels such
as 「申请人逾期未按收费通知要求缴纳费用」), with white space and PDF line
breaks ignored.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import List, NamedTuple, Optional

from ..claims import first_index, has_any
from . import rule
from .wording import compact, compact_range, narrative_paragraphs

# Word lists, searched with ``str.find`` (``has_any`` / ``first_index``: a regular expression would be
# compiled in every process).
# A mention of the fee: the statutory term and its common variants (CN503 reports the variants).
FEE_TERMS = ("信息处理费", "信息公开处理费", "处理费")
# Fee words strong enough to make a clause about the fee (with 信息公开/申请 nearby for the generic ones).
_GENERIC_FEE = ("收费", "费用")
_APPLICATION_CONTEXT = ("信息公开", "依申请", "公开申请", "申请")
_ADMIN_FEE = "行政事业性收费"
_NOTICE = ("收费通知", "缴费通知")
_NEGATION = ("未", "没有", "无", "不存在", "免收", "免予", "零收费")
_PAYMENT = ("缴纳", "缴费", "逾期", "缴款")
_COMPARISON = ("上年", "去年", "上一年", "同比", "较", "比上", "增长", "减少", "下降")
_BREAKDOWN = ("其中", "分别", "包括")
_COLLECT = ("收取", "收缴", "收到", "收入", "实收", "征收", "共计", "合计", "总计", "总额")
# a rate, not an amount: 每件100元, 标准为100元 (and 100元/件, 100元每页)
_RATE_BEFORE = ("每", "每件", "每页", "每份", "每条", "每次", "标准", "标准为", "标准是", "按", "单价", "单价为")
# sentence and clause marks of normalised text (full-width ！？；，： are ASCII there); the clause
# marks inside a sentence are a class of ASCII only (one that mixes ASCII with other characters
# takes a millisecond to compile)
_SENTENCE_MARKS = "。!?;"
_CLAUSE_MARK = re.compile("[,:]")


@lru_cache(maxsize=1)
def _amount() -> "re.Pattern[str]":
    """An amount: 3940元, 3,940元, 0.5万元. Compiled for the first clause about the fee with 元 in it."""
    return re.compile(r"(?P<num>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)(?P<wan>万)?元")


class Amount(NamedTuple):
    """An amount of money in a fee statement."""

    value: Decimal  # in 元
    start: int  # file offsets of the number and its unit
    end: int
    text: str
    kind: str  # collected | notice | other
    part: bool  # inside a breakdown (其中 …) or a comparison with last year


class FeeFacts:
    """What the prose says about 信息处理费."""

    __slots__ = ("mentions", "none", "amounts")

    def __init__(self):
        self.mentions: List[int] = []  # file offsets of fee mentions
        self.none: List[tuple] = []  # (start, end) of statements that no fee was collected
        self.amounts: List[Amount] = []


def _fee_sentences(text: str):
    """[start, end) of each sentence of ``text`` that holds 费 (every fee word has it); a sentence
    ends at 。 ! ? or ; (the mark is not in it). Only these sentences are read: a long paragraph
    holds a few, and its other sentences need not be split into clauses."""
    lo = 0
    at = text.find("费")
    while at >= 0:
        start, end = lo, len(text)
        for mark in _SENTENCE_MARKS:
            i = text.rfind(mark, start, at)
            if i >= 0:
                start = i + 1
            i = text.find(mark, at, end)
            if i >= 0:
                end = i
        yield start, end
        lo = end + 1
        at = text.find("费", lo)


def _clauses(text: str):
    """Split compact text (one sentence) into clauses: yields (clause start, clause end)."""
    start = 0
    for m in _CLAUSE_MARK.finditer(text):
        i = m.start()
        if m.group() == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            continue  # a thousands separator: 3,940元
        if i > start:
            yield start, i
        start = i + 1
    if start < len(text):
        yield start, len(text)


def _is_fee_clause(clause: str) -> bool:
    if "费" not in clause:  # every fee word below has it
        return False
    if has_any(clause, FEE_TERMS) or has_any(clause, _NOTICE):
        return True
    if _ADMIN_FEE in clause:
        return False
    return has_any(clause, _GENERIC_FEE) and has_any(clause, _APPLICATION_CONTEXT)


def fee_facts(report, sections=None) -> FeeFacts:
    """Read the fee statements of the prose (all of it, or only ``sections``). Cached per report."""
    cache = report.__dict__.setdefault("_gxrules_fee_facts", {})
    key = tuple(sections) if sections is not None else None
    if key not in cache:
        cache[key] = _read_fee_facts(report, sections)
    return cache[key]


def _read_fee_facts(report, sections) -> FeeFacts:
    facts = FeeFacts()
    # each paragraph is read once: section 六 for CN401, then the rest for the other rules
    read = report.__dict__.setdefault("_gxrules_fee_paragraphs", {})
    for para in narrative_paragraphs(report, sections, containing="费"):  # every fee word has it
        where = (para.span.start.offset, para.span.end.offset)
        if where not in read:
            read[where] = _paragraph_fee_facts(report, para)
        one = read[where]
        facts.mentions.extend(one.mentions)
        facts.none.extend(one.none)
        facts.amounts.extend(one.amounts)
    return facts


def _paragraph_fee_facts(report, para) -> FeeFacts:
    """The fee statements of one paragraph: those of its sentences that hold a fee clause."""
    facts = FeeFacts()
    norm = report.source.normalised[para.span.start.offset:para.span.end.offset]
    for start, end in _fee_sentences(norm):
        # white space inside a sentence is ignored, e.g. the line breaks of PDF text
        text, index = compact(norm[start:end], start)
        clauses = [(a, b, _is_fee_clause(text[a:b])) for a, b in _clauses(text)]
        if any(fee_clause for _, _, fee_clause in clauses):
            _sentence_fee_facts(report, para.span.start.offset, norm, text, index, clauses, facts)
    return facts


def _sentence_fee_facts(report, base: int, norm: str, text: str, index, clauses, facts: FeeFacts) -> None:
    """The fee statements of one sentence (``text``, compact, with its ``index`` into ``norm``, the
    paragraph's normalised text starting at file offset ``base``) that holds a fee clause."""
    earlier_breakdown = False
    for a, b, fee_clause in clauses:
        clause = text[a:b]
        fee = -1  # where the first of FEE_TERMS stands in a fee clause
        if fee_clause:
            at = fee = first_index(clause, FEE_TERMS)
            if at < 0:
                at = first_index(clause, _NOTICE)
            if at < 0:
                at = first_index(clause, _GENERIC_FEE)
            facts.mentions.append(base + index[a + at])
        breakdown = first_index(clause, _BREAKDOWN)
        in_breakdown = earlier_breakdown
        if breakdown >= 0:
            earlier_breakdown = True
        if _ADMIN_FEE in clause:
            continue
        amounts = []
        comparison = "元" in clause and has_any(clause, _COMPARISON)  # (only asked of an amount)
        for m in _amount().finditer(clause) if "元" in clause else ():
            before = clause[:m.start()]
            if clause.startswith(("/", "每"), m.end()) or before.endswith(_RATE_BEFORE):
                continue  # a rate such as 100元/件, 每件100元
            try:
                value = Decimal(m.group("num").replace(",", ""))
            except InvalidOperation:  # pragma: no cover - the regex gives digits
                continue
            if m.group("wan"):
                value *= 10000
            if has_any(before, _NOTICE) or "应收" in before or "通知" in before:
                kind = "notice"
            elif has_any(before, _COLLECT) and fee_clause:
                kind = "collected"
            elif has_any(before, FEE_TERMS):
                kind = "collected"
            else:
                kind = "other"
            part = in_breakdown or comparison or 0 <= breakdown < m.start()
            s, e = compact_range(index, a + m.start(), a + m.end())
            amounts.append(Amount(value, base + s, base + e, norm[s:e], kind, part))
        facts.amounts.extend(amounts)
        if fee_clause and not has_any(clause, _PAYMENT):
            neg = first_index(clause, _NEGATION)
            if fee < 0:
                fee = first_index(clause, _GENERIC_FEE)
            zero = amounts and all(x.value == 0 for x in amounts)
            if (neg >= 0 and fee >= 0 and neg < fee and not amounts) or zero:
                s, e = compact_range(index, a, b)
                facts.none.append((base + s, base + e))


def _collected(facts: FeeFacts) -> List[Amount]:
    return [x for x in facts.amounts if x.kind == "collected" and not x.part]


def _total(report, row: str) -> Optional[int]:
    table = report.tables.get("applications")
    cell = table.cell(row, "total") if table else None
    if cell is None or cell.status != "ok" or cell.value is None:
        return None
    return cell.value


def _yuan(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


@rule("CN401", "fee-statement-missing", severity="warning",
      summary="未说明信息处理费收取情况（2021年起应在第六部分说明）")
def fee_statement_missing(report, ctx):
    """Section 六 says nothing about 信息处理费.

    Why: since 2021-01-01 bodies may charge 信息处理费 (《条例》第四十二条, 国办函〔2020〕109号),
    and the format of 国办公开办函〔2021〕30号 asks for the fees charged to be
    reported under 六、其他需要报告的事项; provinces require the same (河南:
    「信息处理费收取情况……纳入政府信息公开工作年度报告」). A report for 2021 or later
    that is silent leaves readers unable to tell "none" from "not reported".

    Any statement counts: an amount (``收取信息处理费3940元``), none (``未收取信息处理费``,
    ``无收取信息处理费情况``), or the non-standard ``信息公开处理费`` (CN503 reports the term).

    Example: a 2023 report whose section 六 lists only the 政务公开工作要点.

    Correct: add a sentence to section 六, e.g. ``本年度未收取信息处理费。``
    """
    year = report.year_value
    if year is None or year < 2021:
        return
    six = report.section(6)
    if six is None:
        return  # CN101 reports the missing section
    facts = fee_facts(report, sections=(6,))
    if facts.mentions or facts.none or facts.amounts:
        return
    yield ctx.diagnostic(six.span, "第六部分未说明信息处理费收取情况（如「本年度未收取信息处理费」）",
                         data={"year": year}, key="no-fee-statement")


@rule("CN402", "fee-without-applications", severity="error",
      summary="未办理任何政府信息公开申请却收取了信息处理费")
def fee_without_applications(report, ctx):
    """信息处理费 was collected although the table shows no application at all.

    Why: the fee is charged only on applications (按件 or 按量, 国办函〔2020〕109号第四、五条).
    A report with 一、本年新收 = 0 and 三（七）总计 = 0 cannot have collected any; one of
    the two statements is wrong.

    Example: the applications table all 0, and section 六 ``收取信息处理费200元``.

    Correct: fix the table or the fee statement.
    """
    received = _total(report, "new_received")
    handled = _total(report, "results_total")
    if received != 0 or handled != 0:
        return
    for amount in _collected(fee_facts(report)):
        if amount.value > 0:
            yield ctx.diagnostic(report.span(amount.start, amount.end),
                                 f"表格显示本年未收到、未办理政府信息公开申请，却收取了信息处理费{_yuan(amount.value)}元",
                                 data={"amount": amount.value, "new_received": received, "results_total": handled},
                                 key=f"fee-{amount.value}")
            return


@rule("CN403", "fee-contradiction", severity="error",
      summary="信息处理费的说法前后矛盾（既称未收取又有金额，或两个金额不同）")
def fee_contradiction(report, ctx):
    """The report contradicts itself about 信息处理费.

    Why: a reader cannot tell which statement is true: ``未收取信息处理费`` in one place
    and ``收取信息处理费300元`` in another, or two different totals (``共收取200元`` …
    ``收取信息处理费500元``). Amounts of a breakdown (``其中……``), of fee notices
    (``发出收费通知……金额``) and of last year are not compared.

    Example: ``本年度未收取信息处理费。`` and later ``全年收取信息处理费120元。``

    Correct: keep one statement, with the right amount.
    """
    facts = fee_facts(report)
    collected = _collected(facts)
    positive = [x for x in collected if x.value > 0]
    if facts.none and positive:
        x = positive[0]
        none_text = report.source.text[facts.none[0][0]:facts.none[0][1]]
        yield ctx.diagnostic(report.span(x.start, x.end),
                             f"既称「{none_text}」，又称收取信息处理费{_yuan(x.value)}元，前后矛盾",
                             data={"amount": x.value, "none_statement": none_text,
                                   "none_line": report.position(facts.none[0][0]).line},
                             key=f"none-and-{x.value}")
    values = []
    for x in collected:
        if values and x.value not in values:
            yield ctx.diagnostic(report.span(x.start, x.end),
                                 f"收取信息处理费金额前后不一：{_yuan(values[0])}元与{_yuan(x.value)}元",
                                 data={"amounts": [values[0], x.value]}, key=f"amounts-{values[0]}-{x.value}")
            return
        values.append(x.value)


@rule("CN404", "fee-not-multiple-of-ten", severity="warning",
      summary="信息处理费金额不是10元的整数倍")
def fee_not_multiple_of_ten(report, ctx):
    """A 信息处理费 amount that the fee schedule cannot produce.

    Why: the measures of 国办函〔2020〕109号 charge 按件 100元/件 and more in steps of
    100元, or 按量 10, 20 or 40元/页 -- every amount, and every sum of amounts, is a
    multiple of 10元. ``收取信息处理费125元`` is a typo or a miscount.

    Example: ``全年收取信息处理费 395 元``.

    Correct: check the amount against the fee notices.
    """
    for x in fee_facts(report).amounts:
        if x.value % 10 != 0:
            yield ctx.diagnostic(report.span(x.start, x.end),
                                 f"信息处理费金额{_yuan(x.value)}元不是10元的整数倍（按件、按量计收的金额均为10元的整数倍）",
                                 data={"amount": x.value, "kind": x.kind}, key=f"amount-{x.value}")


@rule("CN405", "fee-default-without-notice", severity="warning",
      summary="表中「逾期未按收费通知要求缴纳费用」不为0，但正文未提及收费通知或信息处理费")
def fee_default_without_notice(report, ctx):
    """Table row （六）2 counts applications dropped for an unpaid fee, but the text never
    mentions a fee notice.

    Why: an application ends in （六）2 「申请人逾期未按收费通知要求缴纳费用」 only after
    the body sent a 收费通知 (国办函〔2020〕109号); the report should then say how many
    notices were sent and what was collected, in section 六.

    Example: （六）2 总计 = 3 and section 六 without any word on 信息处理费.

    Correct: report the fee notices and the fees (``发出收费通知3件……实际收取0元``), or fix
    the row if those applications belong elsewhere.
    """
    table = report.tables.get("applications")
    cell = table.cell("other_overdue_fee", "total") if table else None
    if cell is None or cell.status != "ok" or not cell.value or cell.value <= 0 or cell.span is None:
        return
    facts = fee_facts(report)
    if facts.mentions:
        return
    text = "".join(compact(p.text)[0] for p in narrative_paragraphs(report))
    if has_any(text, ("收费通知", "缴费", "缴纳费用", "处理费")):
        return
    yield ctx.diagnostic(cell.span, f"表中有{cell.value}件申请因逾期未缴费而不再处理，但正文未提及收费通知或信息处理费",
                         data={"cell": cell.key, "value": cell.value}, key="overdue-fee-no-notice")


@rule("CN406", "administrative-fee-unit", severity="warning",
      summary="行政事业性收费金额应以万元为单位填写数字，不应写成元或在格内带单位")
def administrative_fee_unit(report, ctx):
    """The 行政事业性收费 cell of table 1 is written in 元, or carries a unit.

    Why: the column is 「本年收费金额（单位：万元）」: the cell holds a number of 万元.
    ``251000元`` (the 上海 2019 report) is 25.1万元 written in 元 -- read as 万元 it is
    ten thousand times too large; ``25.1万元`` repeats the unit the header gives.
    This is the body's administrative fees, not 信息处理费.

    Example: ``行政事业性收费	251000元``.

    Correct: write the number of 万元 only: ``25.1``.
    """
    table = report.tables.get("active_disclosure")
    row = table.rows.get("administrative_fees") if table else None
    if row is None:
        return
    for column, cell in row.cells.items():
        if cell.span is None or not cell.present or not (cell.unit or "元" in cell.raw):
            continue  # no unit: nothing to say
        raw = cell.raw.translate({0x3000: " "}).strip()
        unit = cell.unit or ("万元" if "万元" in raw else "元" if "元" in raw else "")
        if not unit:
            continue
        money_column = column == "amount_10k_yuan"
        if unit == "元":
            value = cell.value
            hint = ""
            if money_column and value is not None:
                hint = f"（{value}元应填为{_yuan(Decimal(value) / 10000)}）"
            message = (f"行政事业性收费「{raw}」以元为单位，应以万元为单位填写数字{hint}" if money_column
                       else f"行政事业性收费格内「{raw}」带有金额单位（本栏填写项目数量）")
        else:
            message = f"行政事业性收费「{raw}」格内带有单位，应只填写数字（单位：万元）"
        yield ctx.diagnostic(cell.span, message, data={"cell": cell.key, "raw": cell.raw, "unit": unit},
                             key=f"{cell.key}:{unit}")
