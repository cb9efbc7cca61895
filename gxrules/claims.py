"""Claims read from the prose of a report: counts, percentages, breakdowns, "none" statements.

This module knows Chinese report wording but nothing about tables: it turns
a paragraph into a :class:`View` (the normalised text without whitespace,
mapped back to file offsets, so that a sentence broken over PDF lines reads
as one), splits it into sentences and clauses, finds the numbers with their
units, and classifies the counts by the words that lead up to them
(:func:`count_claims`). The rules of :mod:`gxrules.rules.narrative` compare
the claims with the tables.

Everything here errs on the side of *not* reading a claim: approximate
counts (300余条, 约, 近, 多), counts inside another breakdown (其中…),
counts compared with another year (较上年增加…) and counts whose noun is
ambiguous are not claims.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator, List, Optional, Sequence, Tuple

# -- numbers -----------------------------------------------------------------------

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(text: str) -> Optional[int]:
    """Chinese numerals to int: 两 → 2, 十二 → 12, 二十一 → 21, 一百零五 → 105. None if not a number."""
    if not text:
        return None
    total, digit = 0, None
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None and digit != 0:  # 二三 is not a number
                return None
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        else:
            return None
    if digit:
        total += digit
    return total


#: units of the counts the rules compare (a table counts applications, cases, documents)
COUNT_UNITS = "件条篇个起宗项"
#: a number followed by one of these is a date or a number, never a count, and does not cut a lead
NOT_A_BOUNDARY = "年月日号时点"
APPROX_BEFORE = ("约", "近", "逾", "超", "超过", "大约", "将近", "接近", "不足", "不到", "上百", "上千", "几")
APPROX_AFTER = ("余", "多", "来")
APPROX_TAIL = ("左右", "以上", "以下", "以内", "上下")

def unit_in(unit: str, units: str) -> bool:
    """``unit`` is one of the characters of ``units`` (the empty unit is none of them)."""
    return len(unit) == 1 and unit in units


ARABIC_RE = re.compile(r"(?<![0-9.])([0-9]+(?:\.[0-9]+)?)(?![0-9])")
CHINESE_RE = re.compile(r"[零〇一二两三四五六七八九十百千]+")
#: Chinese numerals are read only before these units (一个 / 一项 are idioms far too often)
CHINESE_UNITS = "件起条篇宗"
CHINESE_NOT_AFTER = set("第每同逐任唯某统单这那哪此其各整头首之")
CHINESE_IDIOMS = ("一件事", "一件件", "一条龙", "一条心", "两件事", "一起", "一条一条")


@dataclass
class Number:
    """A number in a :class:`View`, with the unit that follows it (compact indices)."""

    value: object  # int, Decimal
    start: int  # first character of the number
    num_end: int  # end of the digits
    end: int  # end of the unit (== num_end when there is no unit)
    unit: str  # 件, 条, %, 年 ... ("" when none)
    approx: bool = False
    chinese: bool = False
    depth: int = 0  # parenthesis depth
    uncertain: bool = False  # e.g. 1,295 (a thousands separator we do not read)

    @property
    def is_count(self) -> bool:
        return (unit_in(self.unit, COUNT_UNITS) and not self.approx and not self.uncertain
                and isinstance(self.value, int))

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def is_boundary(self) -> bool:
        """Cuts the words leading to the next number (a date or a year does not)."""
        return not unit_in(self.unit, NOT_A_BOUNDARY)


# -- the compact view of a paragraph ---------------------------------------------------

PAGE_NO_LINE = re.compile(r"^\s*[-—–－]+\s*[0-9０-９]{1,3}\s*[-—–－]+\s*$")
PAGE_NO_MARK = re.compile(r"[-—–－]")  # a paragraph without a dash has no page-number line
_KEPT_RUN = re.compile(r"[^\s*]+")
_HAS_SPACE = re.compile(r"\s")
SENTENCE_END = "。!?"
CLAUSE_END = ",;:。!?"
OPEN, CLOSE = "(（[【", ")）]】"
_BRACKET = re.compile("[" + re.escape(OPEN + CLOSE) + "]")
_SENTENCE_END = re.compile("[" + re.escape(SENTENCE_END) + "]")
_CLAUSE_END = re.compile("[" + re.escape(CLAUSE_END) + "]")


class View:
    """A paragraph's normalised text with whitespace (and Markdown ``*``) removed.

    ``compact[i]`` stands at file offset ``offsets[i]``. Whitespace between two
    digits is kept as one space, so that two numbers never merge into one.
    """

    def __init__(self, normalised: str, original: str, base: int = 0):
        text = normalised
        # blank out page numbers of PDF text standing on their own line inside the paragraph
        if PAGE_NO_MARK.search(text):
            pieces = []
            for line in text.splitlines(keepends=True):
                pieces.append(" " * len(line) if PAGE_NO_LINE.match(line) else line)
            text = "".join(pieces)
        # keep the runs of characters between whitespace and "*"; whitespace between two digits
        # becomes one space (a "*" alone does not separate)
        chars: List[str] = []
        offsets: List[int] = []
        last_end = 0
        for m in _KEPT_RUN.finditer(text):
            s, e = m.span()
            run = m.group()
            if chars and chars[-1][-1].isdigit() and run[0].isdigit() and _HAS_SPACE.search(text, last_end, s):
                chars.append(" ")
                offsets.append(base + s - 1)
            chars.append(run)
            offsets.extend(range(base + s, base + e))
            last_end = e
        self.compact = "".join(chars)
        self.offsets = offsets
        self.previous = ""  # the end of the paragraph before, when the caller knows it (context only)
        self.original = original
        self.base = base
        self._numbers: Optional[List[Number]] = None
        self._depth: Optional[List[int]] = None
        self._sentences: Optional[List[Tuple[int, int]]] = None
        self._clause_marks: Optional[List[int]] = None
        self._sentence_starts: List[int] = []
        self._starts: Optional[List[int]] = None
        self._boundaries: List[Number] = []
        self._boundary_starts: List[int] = []

    @classmethod
    def of(cls, report, paragraph) -> "View":
        s, e = paragraph.span.start.offset, paragraph.span.end.offset
        return cls(report.source.normalised[s:e], report.source.text[s:e], base=s)

    @classmethod
    def of_text(cls, text: str) -> "View":
        """For tests and tools: a view of a bare string (offsets into the string)."""
        from .source import normalise

        return cls(normalise(text), text, 0)

    def __len__(self) -> int:
        return len(self.compact)

    def file_range(self, start: int, end: int) -> Tuple[int, int]:
        """File offsets [a, b) of compact[start:end]."""
        start = max(0, min(start, len(self.offsets) - 1))
        end = max(start + 1, min(end, len(self.offsets)))
        return self.offsets[start], self.offsets[end - 1] + 1

    def original_text(self, start: int, end: int) -> str:
        a, b = self.file_range(start, end)
        return self.original[a - self.base:b - self.base]

    # -- structure -------------------------------------------------------------
    @property
    def depth(self) -> List[int]:
        """Parenthesis depth at each compact index (an opening bracket is inside)."""
        if self._depth is None:
            d, out, last = 0, [], 0
            for m in _BRACKET.finditer(self.compact):
                i = m.start()
                out.extend([d] * (i - last))  # the characters since the last bracket
                if m.group() in OPEN:
                    d += 1
                out.append(d)
                if m.group() in CLOSE and d > 0:
                    d -= 1
                last = i + 1
            out.extend([d] * (len(self.compact) - last))
            self._depth = out
        return self._depth

    def sentences(self) -> List[Tuple[int, int]]:
        """[start, end) of each sentence (ends after 。!?)."""
        if self._sentences is None:
            out, start = [], 0
            for m in _SENTENCE_END.finditer(self.compact):
                out.append((start, m.end()))
                start = m.end()
            if start < len(self.compact):
                out.append((start, len(self.compact)))
            self._sentences = out
            self._sentence_starts = [s for s, _ in out]
        return self._sentences

    def sentence_of(self, index: int) -> Tuple[int, int]:
        sentences = self.sentences()
        i = bisect.bisect_right(self._sentence_starts, index) - 1
        if 0 <= i < len(sentences) and sentences[i][0] <= index < sentences[i][1]:
            return sentences[i]
        return 0, len(self.compact)

    def _marks(self) -> List[int]:
        if self._clause_marks is None:
            self._clause_marks = [m.start() for m in _CLAUSE_END.finditer(self.compact)]
        return self._clause_marks

    def clause_start(self, index: int, floor: int = 0) -> int:
        """Just after the last clause mark (,;:。!?) before ``index``, not before ``floor``."""
        marks = self._marks()
        i = bisect.bisect_left(marks, index) - 1
        return max(floor, marks[i] + 1) if i >= 0 else floor

    def clause_end(self, index: int, ceil: Optional[int] = None) -> int:
        """The first clause mark at or after ``index`` (or ``ceil``)."""
        ceil = len(self.compact) if ceil is None else min(ceil, len(self.compact))
        marks = self._marks()
        i = bisect.bisect_left(marks, index)
        return min(ceil, marks[i]) if i < len(marks) else ceil

    # -- numbers ---------------------------------------------------------------
    @property
    def numbers(self) -> List[Number]:
        if self._numbers is None:
            self._numbers = sorted(self._arabic() + self._chinese(), key=lambda n: n.start)
        return self._numbers

    def _unit_at(self, i: int) -> Tuple[str, int, bool]:
        """The unit after index i: (unit, end, approx) -- 余/多 and 万/亿 handled."""
        c = self.compact
        approx = False
        j = i
        if j < len(c) and c[j] in APPROX_AFTER:
            approx, j = True, j + 1
        if j < len(c) and c[j] in "万亿千百":  # 1.2万件: a rounded count
            approx, j = True, j + 1
            if j < len(c) and c[j] in APPROX_AFTER:
                j += 1
        if j < len(c) and c[j] == "%":
            return "%", j + 1, approx
        if j < len(c) and c[j] == "余":
            approx, j = True, j + 1
        if j < len(c) and not c[j].isascii() and c[j] not in CLAUSE_END and c[j] not in OPEN + CLOSE \
                and c[j] not in "、“”\"'‘’《》〈〉—…":
            unit = c[j]
            end = j + 1
            if c.startswith(APPROX_TAIL, end):
                approx = True
            return unit, end, approx
        return "", i, approx

    def _approx_before(self, start: int) -> bool:
        before = self.compact[max(0, start - 2):start]
        return before.endswith(APPROX_BEFORE)

    def _arabic(self) -> List[Number]:
        out = []
        c = self.compact
        for m in ARABIC_RE.finditer(c):
            raw = m.group(1)
            value = Decimal(raw) if "." in raw else int(raw)
            unit, end, approx = self._unit_at(m.end())
            approx = approx or self._approx_before(m.start())
            uncertain = False
            # 1,295件: a thousands separator (ASCII comma in the file) we do not read
            if m.start() >= 2 and c[m.start() - 1] == "," and c[m.start() - 2].isdigit() and len(raw) == 3:
                a, _ = self.file_range(m.start() - 1, m.start())
                if self.original[a - self.base] == ",":
                    uncertain = True
            if m.end() < len(c) - 1 and c[m.end()] == "," and c[m.end() + 1:m.end() + 4].isdigit():
                a, _ = self.file_range(m.end(), m.end() + 1)
                if self.original[a - self.base] == ",":
                    uncertain = True
            out.append(Number(value, m.start(), m.end(), end, unit, approx, False,
                              self.depth[m.start()] if c else 0, uncertain))
        return out

    def _chinese(self) -> List[Number]:
        out = []
        c = self.compact
        for m in CHINESE_RE.finditer(c):
            s, e = m.start(), m.end()
            if e >= len(c) or c[e] not in CHINESE_UNITS + "余多":
                continue
            if s > 0 and c[s - 1] in CHINESE_NOT_AFTER:
                continue
            if any(c.startswith(idiom, s) for idiom in CHINESE_IDIOMS):
                continue
            value = cn_to_int(m.group(0))
            if value is None:
                continue
            unit, end, approx = self._unit_at(e)
            if not unit_in(unit, CHINESE_UNITS):
                continue
            approx = approx or self._approx_before(s)
            out.append(Number(value, s, e, end, unit, approx, True, self.depth[s], False))
        return out

    def _index(self):
        if self._starts is None:
            numbers = self.numbers
            self._starts = [n.start for n in numbers]
            self._boundaries = [n for n in numbers if n.is_boundary]
            self._boundary_starts = [n.start for n in self._boundaries]
        return self._starts

    def numbers_in(self, start: int, end: int) -> List[Number]:
        starts = self._index()
        return self.numbers[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def iter_numbers(self, start: int, end: int) -> Iterator[Number]:
        """Like :meth:`numbers_in`, lazily (for loops that stop early)."""
        starts = self._index()
        numbers = self.numbers
        i = bisect.bisect_left(starts, start)
        while i < len(numbers) and numbers[i].start < end:
            yield numbers[i]
            i += 1

    def numbers_before(self, index: int, floor: int) -> Iterator[Number]:
        """The numbers that start before ``index`` and at or after ``floor``, nearest first."""
        starts = self._index()
        numbers = self.numbers
        i = bisect.bisect_left(starts, index) - 1
        while i >= 0 and numbers[i].start >= floor:
            yield numbers[i]
            i -= 1

    def lead(self, number: Number, floor: int = 0) -> Tuple[int, str]:
        """The words leading to ``number``: from the clause start or the previous number."""
        start = self.clause_start(number.start, floor)
        self._index()
        i = bisect.bisect_left(self._boundary_starts, number.start) - 1
        while i >= 0:
            n = self._boundaries[i]
            if n.end <= number.start:
                if n.end > start:
                    start = n.end
                break
            i -= 1
        return start, self.compact[start:number.start]

    def tail(self, number: Number, limit: int = 24) -> str:
        """The words after the unit of ``number`` up to the next number or the clause end."""
        end = self.clause_end(number.end, number.end + limit)
        self._index()
        i = bisect.bisect_left(self._boundary_starts, number.end)
        if i < len(self._boundaries):
            end = min(end, self._boundaries[i].start)
        return self.compact[number.end:min(end, number.end + limit)]


# -- classified counts ----------------------------------------------------------------

@dataclass
class Claim:
    """A count that a sentence states about something the tables also count."""

    kind: str  # received, concluded, handled, carried_forward, review, litigation,
    #            outcome:<group>, issued:<row>, in_force:<row>
    value: int
    number: Number
    start: int  # compact index where the claim's words start (its keyword)
    sentence: Tuple[int, int]

    @property
    def end(self) -> int:
        return self.number.end


#: how far back in a sentence the words about a claim are looked for
WINDOW = 300

COMPARISON = re.compile(r"同比|较上年|比上年|较去年|比去年|上年|去年|上一年|往年|增加|减少|增长|下降|上升|提高|降低|回落|翻")
SUBPART = re.compile(r"其中|涉及|包括|包含|含|分别|占")

OUTCOME_RES = (
    ("granted+partially_granted", re.compile(r"(?:予以公开|同意公开|准予公开)(?:及|和|与|、|或|以及)部分公开")),
    ("withheld", re.compile(r"不予(?:以)?公开")),
    ("granted", re.compile(r"(?<!不)(?:予以公开|同意公开|准予公开)")),
    ("partially_granted", re.compile(r"部分公开")),
    ("unable", re.compile(r"无法提供")),
    ("rejected", re.compile(r"不予处理")),
    ("other", re.compile(r"其他处理")),
)
OUTCOME_AFTER = re.compile(r"^(?:答复|决定|的|为|是|共|计|共计|合计|有|了|类|申请|件数|数量|:)*$")
#: the reason of one table row: a count qualified by one is a sub-row, not the group
SUBREASON = re.compile(r"国家秘密|法律行政法规|禁止公开|三安全|第三方|内部事务|过程性|执法案卷|行政查询|不掌握|"
                       r"另行制作|不明确|信访|举报|投诉|重复申请|出版物|反复申请|确认|重新出具|逾期|补正|缴纳|撤回")

CARRIED_FORWARD_LEAD = re.compile(
    r"(?:结转|转入|转至|转到|顺延|延至|延期)(?:至|到|入)?(?:下一?年度?|下年|次年|明年|[0-9]{4}年度?)(?:继续)?(?:办理|答复|处理)?(?:的)?(?:申请)?(?:有|为|共|计)*$"
    r"|转下一?年度?(?:继续)?(?:办理|答复|处理)?(?:答复)?(?:的)?(?:有|为|共|计)*$"
    r"|结转下一?年度?继续办理(?:的)?(?:有|为|共|计)*$")
CARRIED_FORWARD_TAIL = re.compile(
    r"^(?:申请)?(?:结转|转入|转至|转到|顺延|延至|延期)(?:至|到|入)?(?:下一?年度?|下年|次年|明年|[0-9]{4}年度?)"
    r"|^(?:申请)?转下一?年度?")
CARRIED_OVER = re.compile(r"上一?年度?结转|上年结转|去年结转|上一年度结转")

#: a channel, applicant kind or period named alone makes the count a subset (网上受理 5 件)
SUBSET = re.compile(r"网上|网络|在线|线上|线下|当面|现场|当场|信函|邮寄|传真|电子邮件|邮件|网站|平台|窗口|"
                    r"自然人|法人|企业|组织|律师|个人|公民|延期|延长|逾期|超期|电话|书面|口头|补正|告知|"
                    r"协助|会同|配合|指导|督办|联合|季度|上半年|下半年|[0-9]月")
#: a wider noun than information-disclosure applications (受理各类申请 100 件)
WIDER_NOUN = re.compile(r"各类|各项|行政许可|复议|诉讼|审批|服务|办件|事项")
CONCLUDED = re.compile(r"办结|答复|回复|办理完毕|处理完毕|办理完成|办理完结|作出答复|予以答复")
HANDLED = re.compile(r"办理|处理")
RECEIVED = re.compile(r"受理|收到|接收|收悉|新收|接到|接收到")
APPLICATION = re.compile(r"申请")

REVIEW = re.compile(r"行政复议")
LITIGATION = re.compile(r"行政诉讼|(?<![行])诉讼")
CASE_AFTER = re.compile(r"^(?:申请|案件|案|类案件|类|件|数量?|总数|共|共计|合计|计|为|是|有|达|:)*$")
CASE_EXCLUDE = re.compile(r"维持|纠正|纠错|败诉|胜诉|撤销|驳回|审结|结案|应诉|出庭|被告|其中|审理|受理|复议机关|"
                          r"化解|调解|和解|撤诉|终止|确认违法|责令")

ISSUED_VERB = r"(?:发布|出台|制发|印发|制定|新制定|新发布|新出台|新制发|新印发)(?:了)?"
#: what may stand between the verb and the noun: the body's own name, 新, 本年度 (not 涉企, 重大 …)
DOC_QUALIFIER = (r"(?:了|新|我|本|的|及|和|全年|本年度?|年度|制发|出台|印发|[市县区镇乡州省旗盟]|人民|政府|办公室|办公厅|政府办|"
                 r"管委会|机关|单位|局|委|办|中心)*")
ISSUED_RE = re.compile(ISSUED_VERB + r"(?P<qual>" + DOC_QUALIFIER + r")"
                       r"(?P<noun>行政规范性文件|规范性文件|政府规章|规章)(?:共计|共|合计|计|总计)?$")
IN_FORCE_RE = re.compile(r"(?:现行有效(?:的)?(?P<qual>" + DOC_QUALIFIER + r")(?P<noun1>行政规范性文件|规范性文件|政府规章|规章)"
                         r"|(?P<noun2>行政规范性文件|规范性文件|政府规章|规章)现行有效(?:的)?)(?:共计|共|合计|计|总计|为|有|数量为|数为|件数为)*$")
DOC_EXCLUDE = re.compile(r"清理|废止|修订|修改|审查|审核|备案|解读|征求|转发|起草|合法性|评估|部门|各单位|乡镇|街道|"
                         r"县直|市直|区直|上级|汇编|梳理|宣传|培训")


def _noun_row(noun: str) -> str:
    return "regulations" if "规章" in noun else "normative_documents"


def count_claims(view: View) -> Iterator[Claim]:
    """Every count of the paragraph that a rule could compare with a table cell, classified.

    The claim's kind comes from the words that lead up to the count (since the
    clause start or the previous number). A count inside another breakdown
    (其中/涉及/含…) or next to a comparison word (较上年增加…) is no claim.
    """
    for sentence in view.sentences():
        s0, s1 = sentence
        for num in view.numbers_in(s0, s1):
            if not num.is_count:
                continue
            lead_start, lead = view.lead(num, s0)
            tail = view.tail(num)
            for kind, start in _classify(view, num, lead_start, lead, tail):
                yield Claim(kind, num.value, num, start, sentence)


def _outcome(lead: str):
    """The outcome word that ends ``lead`` (予以公开, 不予公开 …): (kind, start) or None."""
    hits = [(m.end(), -m.start(), kind, m.start()) for kind, rx in OUTCOME_RES for m in rx.finditer(lead)]
    if not hits:
        return None
    _, _, kind, start = max(hits)
    end = start + len(next(rx for k, rx in OUTCOME_RES if k == kind).match(lead, start).group(0))
    if not OUTCOME_AFTER.match(lead[end:]):
        return None
    return kind, start


def _classify(view: View, num: Number, lead_start: int, lead: str, tail: str):
    # the sentence up to the lead, at most WINDOW characters of it (a run-on PDF "sentence" can be long)
    sentence_start = max(view.sentence_of(num.start)[0], lead_start - WINDOW)
    # outcome of applications: 予以公开 12 件, 因本机关不掌握等原因无法提供 564 件
    if num.unit == "件":
        found = _outcome(lead)
        if found:
            kind, start = found
            before = lead[:start]
            if (SUBREASON.search(before) and "等" not in before) or COMPARISON.search(lead):
                return
            yield "outcome:" + kind, lead_start + start
            return
    if COMPARISON.search(lead) or CARRIED_OVER.search(lead):
        return  # 较上年增加 3 件, 上年结转 2 件
    # carried forward to next year: 结转下一年 31 件, 1件结转下年度继续办理, 另有 103 件顺延到下年度答复
    m = CARRIED_FORWARD_LEAD.search(lead)
    if m:
        yield "carried_forward", lead_start + m.start()
        return
    if CARRIED_FORWARD_TAIL.match(tail) and not SUBPART.search(lead):
        yield "carried_forward", num.start
        return
    if SUBPART.search(lead) or num.depth > 0:
        return  # a part of a breakdown, or a count in brackets qualifying what stands before them
    # 行政复议 / 行政诉讼
    if unit_in(num.unit, "件起宗个"):
        case = _case_kind(lead, tail)
        if case:
            kind, offset = case
            yield kind, (lead_start + offset) if offset >= 0 else num.start
            return
    if num.unit != "件":
        return
    # documents: 发布规范性文件 2 件, 现行有效规范性文件 15 件
    m = ISSUED_RE.search(lead)
    if m:
        if not DOC_EXCLUDE.search(lead):
            yield "issued:" + _noun_row(m.group("noun")), lead_start + m.start()
        return
    m = IN_FORCE_RE.search(lead)
    if m:
        if not DOC_EXCLUDE.search(lead):
            yield "in_force:" + _noun_row(m.group("noun1") or m.group("noun2")), lead_start + m.start()
        return
    # applications received / concluded
    about_applications = (APPLICATION.search(lead)
                          or re.match(r"^(?:的)?(?:政府)?(?:信息)?(?:公开)?申请", tail)
                          or APPLICATION.search(view.compact[sentence_start:lead_start]))
    if not about_applications:
        return
    # 共受理申请 8 件，其中线上受理 5 件，信函受理 3 件: the 3 is a part, not the total
    before = view.compact[sentence_start:lead_start]
    if "其中" in before and ";" not in before[before.rindex("其中"):]:
        return
    if SUBSET.search(lead) and not re.search(r"等|、", lead):
        return
    if not re.search(r"信息公开|依申请|公开申请", lead) and WIDER_NOUN.search(lead):
        return
    # 受理申请 100 件，其中政府信息公开申请 10 件: the first count is of something wider
    after = view.compact[num.end:view.sentence_of(num.start)[1]]
    if re.match(r"^[^。]{0,6}其中[^。]{0,20}(?:信息公开|依申请)", after):
        return
    received = list(RECEIVED.finditer(lead))
    concluded = list(CONCLUDED.finditer(lead))
    handled = list(HANDLED.finditer(lead))
    if received and concluded:
        yield "handled", lead_start + min(received[0].start(), concluded[0].start())
    elif received:
        yield "received", lead_start + received[0].start()
    elif concluded:
        yield "concluded", lead_start + concluded[0].start()
    elif handled:
        yield "handled", lead_start + handled[0].start()


def _case_kind(lead: str, tail: str):
    """'review' / 'litigation' with the offset of the keyword in the lead (-1: the keyword is after)."""
    hits = [(m.start(), m.end(), "review") for m in REVIEW.finditer(lead)]
    hits += [(m.start(), m.end(), "litigation") for m in LITIGATION.finditer(lead)]
    if hits:
        kinds = {h[2] for h in hits}
        if len(kinds) > 1:
            # 行政复议、行政诉讼 12 件 (together), or 行政复议 2 件、行政诉讼 ... (a later clause)
            last = max(hits)
            between = lead[:last[0]]
            if re.search(r"(?:行政复议|诉讼)(?:案件)?(?:、|和|及|或|与|以及)$", between):
                return None
            hits = [last]
        start, end, kind = max(hits)
        rest = lead[end:]
        if not CASE_AFTER.match(rest) or CASE_EXCLUDE.search(lead[start:]):
            return None
        if CASE_EXCLUDE.search(lead[:start]):
            return None
        return kind, start
    # 有 1 件涉及政府信息公开工作的行政复议
    m = re.match(r"^(?:的)?(?:涉及|因|关于)?[^,;:。!?0-9]{0,20}?的?(行政复议|行政诉讼)(?:案件)?(?:申请)?$", tail)
    if m and not CASE_EXCLUDE.search(tail):
        return ("review" if m.group(1) == "行政复议" else "litigation"), -1
    return None


# -- "none" statements ---------------------------------------------------------------------

@dataclass
class NoneClaim:
    kind: str  # received | concluded | review | litigation
    start: int
    end: int
    sentence: Tuple[int, int]


NONE_APPLICATION = re.compile(
    r"(?:未|没有|无|暂无|尚未|均未)(?P<verb>收到|受理|接到|接收|办理)(?:过)?(?:到)?(?:任何)?"
    r"(?P<mid>[^,;:。!?0-9]{0,30}?)申请(?!人|书|表|渠道|方式|途径|流程|指南|引|产生|导致|材料|事项办理)")
NONE_CASES = re.compile(
    r"(?:未|没有|无(?![论需法关疑不须效])|暂无|均未)(?:发生|产生|出现|收到|有|涉及|被提起|被申请|接到)?(?:过)?(?:任何)?"
    r"(?P<mid>[^,;:。!?0-9]{0,30}?)(?P<first>行政复议|行政诉讼)"
    r"(?:(?:案件)?(?:、|和|或|及|以及|与)(?:被|提起)?(?P<second>行政复议|行政诉讼|诉讼))?")
NONE_EXCLUDE = re.compile(r"纠错|纠正|败诉|撤销|确认违法|被纠|改变|责令|重大影响|泄密|舆情|超期|逾期|针对|关于|对于")
NONE_AFTER_EXCLUDE = re.compile(r"^(?:案件)?(?:被|中)?(?:纠错|纠正|败诉|撤销|确认违法|改变)")


#: words that make a "none" statement speak of some applications only (未收到法人…的申请)
NONE_SUBSET = re.compile(r"涉及|关于|针对|除|以外|其中|重复|信访|第三方|商业|企业|律师|科研|社会公益|法律服务|"
                         r"复议后|直接|未经|当场|逾期|超期")
PERSONS = re.compile(r"公民|自然人|个人")
ORGANISATIONS = re.compile(r"法人|组织")
CHANNELS = re.compile(r"网上|网络|在线|线上|线下|当面|现场|信函|邮寄|传真|电子邮件|邮件|窗口")


def _subset(mid: str) -> bool:
    if NONE_SUBSET.search(mid):
        return True
    if bool(PERSONS.search(mid)) != bool(ORGANISATIONS.search(mid)):
        return True  # 未收到法人或其他组织的申请: natural persons may have applied
    if CHANNELS.search(mid) and not re.search(r"等|、", mid):
        return True  # 未收到信函申请
    return False


def none_claims(view: View) -> Iterator[NoneClaim]:
    """未收到…申请 / 未发生…行政复议、行政诉讼: statements that there were none."""
    c = view.compact
    for sentence in view.sentences():
        s0, s1 = sentence
        text = c[s0:s1]
        for m in NONE_APPLICATION.finditer(text):
            mid = m.group("mid")
            if NONE_EXCLUDE.search(mid) or "复议" in mid or "诉讼" in mid or "因" in mid or _subset(mid):
                continue
            kind = "concluded" if m.group("verb") == "办理" else "received"
            yield NoneClaim(kind, s0 + m.start(), s0 + m.end(), sentence)
        for m in NONE_CASES.finditer(text):
            mid = m.group("mid")
            after = text[m.end():m.end() + 12]
            if NONE_EXCLUDE.search(mid) or NONE_EXCLUDE.search(after) or NONE_AFTER_EXCLUDE.match(after) \
                    or NONE_SUBSET.search(mid):
                continue
            kinds = {m.group("first"), m.group("second")}
            for name, kind in (("行政复议", "review"), ("行政诉讼", "litigation"), ("诉讼", "litigation")):
                if name in kinds:
                    yield NoneClaim(kind, s0 + m.start(), s0 + m.end(), sentence)


# -- "all concluded" ------------------------------------------------------------------------

ALL_CONCLUDED = re.compile(
    r"(?:已全部|全部已|均已|全部|都已|均已按期|均已按时|已经全部)(?:依法)?(?:办结|办理完毕|处理完毕|办理完结)"
    r"|(?:所有|全部)[^,;:。!?0-9]{0,10}申请(?:均|都)?已[^,;:。!?0-9]{0,8}?(?:办结|办理完成|办理完毕|办理完结)")
SUBJECTS = re.compile(r"申请|复议|诉讼|诉求|事项|热线|建议|提案|留言|来信|来访|工单|案件|咨询")


def all_concluded_claims(view: View) -> Iterator[Tuple[int, int, Tuple[int, int]]]:
    """全部办结 / 均已办结 / 已全部办结 said of the applications: (start, end, sentence)."""
    c = view.compact
    for sentence in view.sentences():
        s0, s1 = sentence
        text = c[s0:s1]
        for m in ALL_CONCLUDED.finditer(text):
            before = text[max(0, m.start() - WINDOW):m.start()]
            subjects = [x.group(0) for x in SUBJECTS.finditer(before + m.group(0))]
            if not subjects or subjects[-1] != "申请" and "申请" not in m.group(0):
                continue
            clause = text[view.clause_start(s0 + m.start(), s0) - s0:m.start()]
            if CARRIED_OVER.search(before) or re.search(r"上一?年", clause):
                continue
            yield s0 + m.start(), s0 + m.end(), sentence


# -- breakdowns: 共 N 条，其中 a 条、b 条 -------------------------------------------------------

@dataclass
class Breakdown:
    total: Number
    parts: List[Number]
    exhaustive: bool  # 分别为, 其中…和…, a catch-all 其他 part
    intro: str  # 其中 / 分别为 ...
    sentence: Tuple[int, int]
    part_leads: List[str] = field(default_factory=list)


INTRO = re.compile(r"[,:;]?(?:\()?(?:其中|分别为|分别是|分别有|包括|具体为|具体是)(?:包括)?[,:]?")
PART_STOP = re.compile(r"另有|另外|此外|同比|较上年|比上年|增长|下降|减少|增加|其中|分别")
BREAKDOWN_UNITS = "件条篇个"
#: kinds of words: a part whose words are of a kind the first part's are not starts another statement
WORD_KINDS = (
    re.compile(r"予以公开|同意公开|部分公开|不予公开|无法提供|不予处理|其他处理"),
    re.compile(r"自然人|法人|商业企业|科研机构|社会公益|法律服务"),
    re.compile(r"复议|诉讼"),
    re.compile(r"受理|办理|办结|答复|开展|组织(?:开展|召开|举办)|召开|举办|接待|清理|整改|回复|解答|"
               r"(?<!不予)(?<!其他)处理|收到|征集|培训|撤回|转办|结转"),
)


def _same_unit(a: str, b: str) -> bool:
    """Units a breakdown may mix: 条 and 篇 (items published); otherwise the total's own."""
    return a == b or {a, b} <= {"条", "篇"}


def _kinds(text: str) -> set:
    return {i for i, rx in enumerate(WORD_KINDS) if rx.search(text)}


def breakdowns(view: View) -> Iterator[Breakdown]:
    """共 N 条（件/篇/个），其中 a 条、b 条… and N 件，分别为 a 件、b 件…

    The parts are the counts after the introducing word at the same bracket
    depth, up to the end of the sentence, a count of another unit (人, 次 …),
    a second 其中, or a part whose words are of another kind than the first
    part's (其中网上申请 40 件，予以公开 50 件: the second count is no part).
    Once the parts reach the total exactly, the breakdown ends there.
    """
    c = view.compact
    sentences = view.sentences()
    for idx, (s0, s1) in enumerate(sentences):
        for total in view.numbers_in(s0, s1):
            if not unit_in(total.unit, BREAKDOWN_UNITS) or total.approx or total.uncertain or total.chinese:
                continue
            # the noun may follow the count: 共发布380条财政资金信息，其中…
            after = c[total.end:total.end + 16]
            noun = re.match(r"^[^,;:。!?()0-9、“”]{0,14}?(?=[,;:]?\(?(?:其中|分别))", after)
            k = total.end + (len(noun.group(0)) if noun else 0)
            scope_end = s1
            m = INTRO.match(c, k, s1)
            if not m and k == s1 - 1 and c[k] == "。" and idx + 1 < len(sentences):
                # 主动公开政府信息 516 条。其中，……
                n0, n1 = sentences[idx + 1]
                m2 = INTRO.match(c, n0, n1)
                if m2 and "其中" in m2.group(0):
                    m, k, scope_end = m2, n0, n1
            if not m:
                continue
            intro = re.sub(r"[,:;(]", "", m.group(0))
            start = m.end()
            depth = view.depth[start - 1] if start > 0 else 0
            parts: List[Number] = []
            leads: List[str] = []
            first_kinds: set = set()
            prev_end = start
            running = 0
            skipped = False
            for n in view.iter_numbers(start, scope_end):
                if n.depth != depth:
                    if n.depth < depth:
                        break  # the bracket of the breakdown closed
                    continue  # a sub-breakdown in brackets: 预决算公开197条（政府预决算32条…）
                between = c[prev_end:n.start]
                if not unit_in(n.unit, BREAKDOWN_UNITS):
                    if n.is_boundary and n.unit != "%":
                        break
                    prev_end = n.end
                    continue
                if parts and (PART_STOP.search(between) or _kinds(between) - first_kinds):
                    break
                if not _same_unit(total.unit, n.unit):
                    # 新媒体70个。其中微博29个，共发布信息1992条；…: the 条 count is about the part
                    skipped = True
                    prev_end = n.end
                    continue
                if n.approx or n.uncertain or n.chinese:
                    parts = []
                    break
                if not parts:
                    first_kinds = _kinds(between)
                parts.append(n)
                leads.append(between)
                prev_end = n.end
                running += n.value
                if running == total.value:
                    break
            if not parts:
                continue
            catch_all = len(leads) > 1 and re.match(r"^[,、;]?(?:和|及|以及)?(?:其他|其余|其它)", leads[-1])
            exhaustive = not skipped and (intro.startswith("分别") or _joined_by_and(c, parts) or bool(catch_all))
            yield Breakdown(total, parts, exhaustive, intro, (s0, s1), leads)


def _joined_by_and(c: str, parts: Sequence[Number]) -> bool:
    if len(parts) < 2:
        return False
    last = parts[-1]
    prev = parts[-2]
    between = c[prev.end:last.start]
    return bool(re.match(r"^[,、;]?(?:和|及|以及|与)", between))


# -- percentages ------------------------------------------------------------------------------

@dataclass
class RateClaim:
    percent: Number
    numerator: Number
    denominator: Number
    label: str  # 办结率, 占比 ...
    start: int  # where the label starts
    sentence: Tuple[int, int]


RATE = re.compile(r"(?P<verb>[按时期限内及依法]{0,4}(?:办结|答复|回复|办理|处理|完成|公开|受理|解决|反馈|回访))率"
                  r"(?:为|达|达到|是|:)?$")
DENOMINATOR_VERB = re.compile(r"受理|收到|接收|转办|接到|接收到|共|累计|合计|总计|总数")


def rate_claims(view: View) -> Iterator[RateClaim]:
    """办结率 99.66% with 受理 82292 件 and 办结 81944 件 in the same sentence; and 其中 a 件，占 p%."""
    c = view.compact
    for (s0, s1) in view.sentences():
        for pct in view.iter_numbers(s0, s1):
            if not pct.is_percent or pct.approx:
                continue
            _, lead = view.lead(pct, s0)
            m = RATE.search(lead)
            if not m:
                continue
            verb = m.group("verb")
            core = re.sub(r"^[按时期限内及依法]+", "", verb)
            counts = []
            looked = 0
            for n in view.numbers_before(pct.start, s0):
                looked += 1
                if looked > 40:
                    counts = []  # a sentence this long is not unambiguous
                    break
                if n.depth == pct.depth and unit_in(n.unit, COUNT_UNITS):
                    counts.insert(0, n)
                    if len(counts) > 2:
                        break
            if len(counts) != 2 or any(n.approx or n.uncertain for n in counts):
                continue
            num_cands, den_cands = [], []
            for n in counts:
                ls, nl = view.lead(n, s0)
                if re.search(re.escape(verb) + r"(?:了)?(?:的)?$", nl) or \
                        (verb == core and re.search(re.escape(core) + r"(?:了)?(?:的)?$", nl)):
                    num_cands.append(n)
                elif DENOMINATOR_VERB.search(nl) and not re.search(core, nl):
                    den_cands.append(n)
            if len(num_cands) != 1 or len(den_cands) != 1 or len(counts) != 2:
                continue
            num, den = num_cands[0], den_cands[0]
            if den.start > num.start or den.unit != num.unit:
                continue
            yield RateClaim(pct, num, den, m.group(0).rstrip("为达到是:"), view.lead(pct, s0)[0] + m.start(), (s0, s1))
    # 其中：予以公开 42 件，占 51.85%
    for b in breakdowns(view):
        for part in b.parts:
            for n in view.iter_numbers(part.end, b.sentence[1] + 200):
                if n.start - part.end > 8:
                    break
                if n.is_percent and not n.approx:
                    between = c[part.end:n.start]
                    if re.fullmatch(r"[,]?\(?(?:占|占比|占比为|占总数的|占总量的|占全部的)?", between):
                        yield RateClaim(n, part, b.total, "占比", n.start, b.sentence)
                    break
                if n.is_boundary:
                    break


def percent_decimals(pct: Number) -> int:
    value = pct.value
    if isinstance(value, Decimal):
        return max(0, -value.as_tuple().exponent)
    return 0
