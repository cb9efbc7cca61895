"""CN6xx: the titles and numbers of the documents reports cite.

The documents are data (``gxrules/data/citations.toml``): the 条例, the two
format notices (国办公开办函〔2019〕60号, 〔2021〕30号) and the fee measures
(国办函〔2020〕109号). Titles are compared with white space and PDF line
breaks removed and full-width/half-width forms folded, so only real
misquotations are reported.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, Iterator, List, Optional, Tuple

from ..source import normalise
from . import rule
from .wording import compact, compact_range, make_fix, minimal_edits

# inner title brackets that should be 〈〉 inside 《》
_WRONG_INNER = {"<": "〈", ">": "〉", "《": "〈", "》": "〉"}
_GOOD_OPEN = "〔﹝"
_GOOD_CLOSE = "〕﹞"
_OPENERS = "〔﹝[(【<{〈"
_CLOSERS = "〕﹞])】>}〉"
# on normalised compact text: full-width （）［］＜＞ are ASCII here
_DOCNO = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{2,12}?)"
    r"(?P<open>[〔﹝\[(【<{〈]?)(?P<year>(?:19|20)[0-9]{2})(?P<close>[〕﹞\])】>}〉]?)"
    r"(?P<serial>[1-9][0-9]{0,3})号"
)
_YEAR_AHEAD = re.compile(r"(?=(?:19|20)[0-9]{2})")


def _find_doc_numbers(text: str) -> Iterator[re.Match]:
    """The matches of ``_DOCNO.finditer(text)``, trying only the starts near a year.

    A document number's year stands 2 to 13 characters after its start (the
    issuer, then an optional bracket), so the regex is tried only there and not
    at every Chinese character of the report.
    """
    starts = sorted({s for y in _YEAR_AHEAD.finditer(text) for s in range(max(0, y.start() - 13), y.start() - 1)})
    pos = 0
    for s in starts:
        if s < pos:
            continue
        m = _DOCNO.match(text, s)
        if m:
            yield m
            pos = m.end()


_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")  # HTML markup inside a title: not a bracket
_KNOWN_NO = re.compile(r"^(?P<org>.+?)〔(?P<year>[0-9]{4})〕(?P<serial>[0-9]+)号$")


@dataclass(frozen=True)
class Document:
    id: str
    titles: Tuple[str, ...]
    short: Tuple[str, ...] = ()
    number: str = ""
    org: str = ""
    year: int = 0
    serial: int = 0
    format_years: Optional[Tuple[int, int]] = None
    format_name: str = ""


def _n(text: str) -> str:
    return normalise(text)


def _canon(text: str) -> str:
    """Normalised, with inner title brackets canonical (〈〉)."""
    return "".join(_WRONG_INNER.get(ch, ch) for ch in _n(text))


@lru_cache(maxsize=1)
def documents() -> Tuple[Document, ...]:
    from ..data import load

    out = []
    for d in load("citations").get("documents", []):
        org, year, serial = "", 0, 0
        m = _KNOWN_NO.match(d.get("number", ""))
        if m:
            org, year, serial = m.group("org"), int(m.group("year")), int(m.group("serial"))
        fmt = d.get("format")
        out.append(Document(id=d["id"], titles=tuple(d.get("titles", ())), short=tuple(d.get("short", ())),
                            number=d.get("number", ""), org=org, year=year, serial=serial,
                            format_years=(fmt["first_year"], fmt["last_year"]) if fmt else None,
                            format_name=fmt.get("name", "") if fmt else ""))
    return tuple(out)


def levenshtein(a: str, b: str, limit: int = 99) -> int:
    """Edit distance (insert, delete, substitute), stopping early above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def max_distance(length: int) -> int:
    """How far a misquotation may be from a known title: 1 edit per 15 characters, at least 1."""
    return max(1, length // 15)


# ---------------------------------------------------------------- reading the text
@dataclass
class Quoted:
    """A 《…》 title in the text."""

    start: int  # file offset of the outer 《
    end: int  # file offset after the outer 》
    inner_start: int
    inner_end: int
    written: str  # the title as written (without the outer brackets, white space kept)
    compact: str  # the same without white space
    after: str  # normalised compact text right after the title (for a document number)
    identified: Optional[Tuple[Optional[Document], str, int]] = None  # identify()'s answer, once


@dataclass
class DocNo:
    start: int
    end: int
    org: str
    open: str
    year: int
    close: str
    serial: int
    open_at: Optional[int]  # file offsets of the brackets (None when missing)
    close_at: Optional[int]
    year_start: int  # file offsets of the year's first digit and right after its last
    year_end: int

    @property
    def text(self) -> str:
        return f"{self.org}{self.open}{self.year}{self.close}{self.serial}号"

    def is_doc(self, doc: Document) -> bool:
        return bool(doc.number) and self.org.endswith(doc.org) and (self.year, self.serial) == (doc.year, doc.serial)


_TITLE_MARKS = re.compile("[《》。]")


@dataclass
class Scan:
    quoted: List[Quoted] = field(default_factory=list)
    numbers: List[DocNo] = field(default_factory=list)


def scan(report) -> Scan:
    cached = getattr(report, "_gxrules_citations", None)
    if cached is not None:
        return cached
    text = report.source.text
    comp, index = compact(text)
    norm = _n(comp)
    out = Scan()
    i = 0
    while True:
        i = comp.find("《", i)
        if i < 0:
            break
        # the matching 》 within 120 characters, before any 。
        depth, j = 0, -1
        for m in _TITLE_MARKS.finditer(comp, i, i + 121):
            if m.group() == "《":
                depth += 1
            elif m.group() == "》":
                depth -= 1
                if depth == 0:
                    j = m.start()
                    break
            else:
                break
        if j > i + 1:
            s, e = compact_range(index, i, j + 1)
            inner_s, inner_e = compact_range(index, i + 1, j)
            out.quoted.append(Quoted(s, e, inner_s, inner_e, text[inner_s:inner_e], comp[i + 1:j],
                                     norm[j + 1:j + 40]))
            i = j + 1
        else:
            i += 1
    for m in _find_doc_numbers(norm):
        s, e = compact_range(index, m.start(), m.end())
        open_at = index[m.start("open")] if m.group("open") else None
        close_at = index[m.start("close")] if m.group("close") else None
        year_start, year_end = compact_range(index, m.start("year"), m.end("year"))
        out.numbers.append(DocNo(s, e, m.group("org"), m.group("open"), int(m.group("year")),
                                 m.group("close"), int(m.group("serial")), open_at, close_at,
                                 year_start, year_end))
    try:
        report._gxrules_citations = out
    except AttributeError:  # pragma: no cover - a report type without attributes
        pass
    return out


def _number_after(q: Quoted) -> Optional[re.Match]:
    """A document number right after a title: ``《…》（国办函〔2020〕109号）``."""
    m = _DOCNO.search(q.after)
    if m and m.start() <= 3:
        return m
    return None


@lru_cache(maxsize=1)
def _known_titles() -> Tuple[Tuple[Document, str, str, str, "Counter[str]"], ...]:
    """Every known title and short form: (document, title, normalised, canonical, its characters)."""
    return tuple((doc, title, _n(title), _canon(title), Counter(_canon(title)))
                 for doc in documents() for title in doc.titles + doc.short)


def identify(q: Quoted) -> Tuple[Optional[Document], str, int]:
    """(document, the known title it is closest to, edit distance) or (None, "", -1).

    Exact titles and accepted short forms give distance 0; HTML markup inside is ignored.
    The result is kept on the quoted title: three rules ask about the same titles."""
    if q.identified is None:
        q.identified = _identify(q)
    return q.identified


def _identify(q: Quoted) -> Tuple[Optional[Document], str, int]:
    bare = _TAG.sub("", q.compact)
    written = _n(bare)
    canon = _canon(bare)
    best: List[Tuple[int, Document, str]] = []
    known = _known_titles()
    for doc, title, normal, _, _ in known:
        if written == normal:
            return doc, title, 0
    chars = None
    for doc, title, _, t, t_chars in known:
        if len(t) < 6:
            continue
        limit = max_distance(len(t))
        if abs(len(t) - len(canon)) > limit:
            continue
        if chars is None:
            chars = Counter(canon)
        # the characters one has and the other lacks bound the edit distance from below
        if max(sum((chars - t_chars).values()), sum((t_chars - chars).values())) > limit:
            continue
        d = 0 if canon == t else levenshtein(canon, t, limit)
        if d <= limit:
            best.append((d, doc, title))
    if not best:
        return None, "", -1
    best.sort(key=lambda x: x[0])
    if len(best) > 1 and best[1][0] == best[0][0] and best[1][1].id != best[0][1].id:
        return None, "", -1  # two documents equally close: do not guess
    d, doc, title = best[0]
    num = _number_after(q)
    if num and doc.number and not (num.group("org").endswith(doc.org)
                                   and (int(num.group("year")), int(num.group("serial"))) == (doc.year, doc.serial)):
        return None, "", -1  # cites another document with a similar title
    return doc, title, max(d, 1)


# ---------------------------------------------------------------- CN601
@rule("CN601", "misquoted-title", severity="warning", fixable=True,
      summary="法规、文件名称引用有误（如《华人民共和国政府信息公开条例》）")
def misquoted_title(report, ctx):
    """The title of a law or document is quoted wrongly.

    Why: reports cite their legal basis by title; a title with a character
    missing or changed (``《华人民共和国政府信息公开条例》``, ``…管理办法〉通知》``
    without 的) names no existing document and looks careless in an official
    publication. Inside 《》 an inner title takes 〈〉, not ``<>`` or a second 《》
    (GB/T 15834).

    Known titles are data (``gxrules/data/citations.toml``); a title is taken
    for a known one only when it is a near miss (about one edit per 15
    characters) and any document number next to it is the known one. The
    accepted short forms 《条例》 and 《政府信息公开条例》 are fine.

    Example: ``《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉通知》``.

    Correct: ``《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》``. The fix
    edits only the characters that differ.
    """
    for q in scan(report).quoted:
        doc, title, dist = identify(q)
        markup = bool(_TAG.search(q.compact))
        bare = _TAG.sub("", q.compact)
        wrong_inner = [ch for ch in _n(bare) if ch in _WRONG_INNER]
        if doc is not None and dist > 0:
            target = title
        elif wrong_inner and doc is None:  # an unknown title: correct only its inner brackets
            target = "".join(_WRONG_INNER.get(_n(ch), ch) for ch in bare)
        else:
            continue
        if _n(target) == _n(bare):
            continue
        # with markup inside the title, say what is wrong but leave the rewriting to people
        fix = None if markup else make_fix(report, minimal_edits(q.written, target, base=q.inner_start),
                                           f"改为《{target}》")
        what = "书名号内的篇名号应为〈〉" if doc is None else f"应为《{target}》"
        yield ctx.diagnostic(report.span(q.start, q.end), f"文件名称《{bare}》引用有误，{what}",
                             data={"found": q.compact, "expected": target, "document": doc.id if doc else None},
                             key=f"title:{q.compact}", fix=fix)


# ---------------------------------------------------------------- CN602
def _known_for(num: DocNo) -> Optional[Document]:
    for doc in documents():
        if num.is_doc(doc):
            return doc
    return None


@rule("CN602", "malformed-document-number", severity="warning", fixable=True,
      summary="发文字号格式有误（如〔202130号、(2021)30号）")
def malformed_document_number(report, ctx):
    """A document number (发文字号) is malformed.

    Why: a 发文字号 is written 机关代字〔年份〕序号号 with the hexagonal brackets 〔〕
    (GB/T 9704《党政机关公文格式》). ``〔202130号`` (a bracket lost), ``(2021)30号``,
    ``[2021]30号`` or ``【2021】30号`` make the citation ambiguous or unsearchable.
    Also reported: a well-formed number that does not belong to the known
    document it follows (``《…管理办法〉的通知》（国办函〔2020〕190号）``).

    Example: ``国办公开办函〔202130号``.

    Correct: ``国办公开办函〔2021〕30号``. Bracket shapes are fixed safely; a lost
    bracket is restored safely when the result is a known number, otherwise
    the fix is offered as unsafe (``--unsafe-fixes``).
    """
    src = report.source
    for num in scan(report).numbers:
        good_open = num.open in _GOOD_OPEN and num.open != ""
        good_close = num.close in _GOOD_CLOSE and num.close != ""
        if good_open and good_close:
            continue
        if not num.open and not num.close:
            continue  # no bracket at all: too ambiguous to call it a document number
        if not num.open and num.close not in _GOOD_CLOSE:
            continue
        if not num.close and num.open not in _GOOD_OPEN:
            continue
        edits = []
        if num.open_at is None:
            edits.append((num.year_start, num.year_start, "〔"))
        elif not good_open:
            edits.append((num.open_at, num.open_at + 1, "〔"))
        if num.close_at is None:
            edits.append((num.year_end, num.year_end, "〕"))
        elif not good_close:
            edits.append((num.close_at, num.close_at + 1, "〕"))
        known = _known_for(num)
        missing = num.open_at is None or num.close_at is None
        applicability = "unsafe" if missing and known is None else "safe"
        fixed = f"〔{num.year}〕{num.serial}号"
        expect = known.number if known else fixed
        start = num.open_at if num.open_at is not None else num.year_start
        written = src.text[start:num.end]
        what = "缺少六角括号" if missing else "年份应使用六角括号〔〕"
        yield ctx.diagnostic(report.span(start, num.end), f"发文字号「{written.strip()}」格式有误（{what}），应为{expect}",
                             data={"found": written, "expected": expect, "known": known.id if known else None},
                             key=f"docno:{num.org}:{num.year}:{num.serial}",
                             fix=make_fix(report, edits, f"改为{fixed}", applicability))
    # a well-formed number after a known title that is not that title's number
    for q in scan(report).quoted:
        doc, title, dist = identify(q)
        if doc is None or not doc.number:
            continue
        m = _number_after(q)
        if m is None:
            continue
        for num in scan(report).numbers:
            if num.end <= q.end or num.start > q.end + 60:
                continue
            if not (num.open in _GOOD_OPEN and num.close in _GOOD_CLOSE and num.open and num.close):
                break
            if num.is_doc(doc) or not num.org.endswith(doc.org):
                break  # the right number, or another body's document: not ours to judge
            written = src.text[num.open_at:num.end]
            right = doc.number[len(doc.org):]
            fix = ctx.replace(report.span(num.open_at, num.end), right, f"改为{doc.number}", "unsafe")
            yield ctx.diagnostic(report.span(num.open_at, num.end),
                                 f"《{title}》的文号应为{doc.number}，此处写作「{written}」",
                                 data={"found": written, "expected": doc.number, "known": doc.id},
                                 key=f"docno-mismatch:{doc.id}:{num.year}:{num.serial}", fix=fix)
            break


# ---------------------------------------------------------------- CN603
def _format_citations(report) -> Iterator[Tuple[Document, int, int]]:
    sc = scan(report)
    for num in sc.numbers:
        doc = _known_for(num)
        if doc is not None and doc.format_years:
            yield doc, (num.open_at if num.open_at is not None else num.year_start), num.end
    for q in sc.quoted:
        doc, _title, _d = identify(q)
        if doc is not None and doc.format_years:
            yield doc, q.start, q.end


@rule("CN603", "format-notice-year", severity="info",
      summary="引用的年报格式通知与报告年度不符（2021年起应依据国办公开办函〔2021〕30号）")
def format_notice_year(report, ctx):
    """The report cites the format notice of another period.

    Why: reports for 2019 and 2020 follow the trial format of 国办公开办函〔2019〕60号;
    from the 2021 report on, the format of 国办公开办函〔2021〕30号 applies. A 2023
    report that names 〔2019〕60号 as its basis (or a 2020 report naming the 2021
    notice, which did not exist yet) was probably copied from an older report.

    Example: a 2023 report: ``根据……《国务院办公厅政府信息与政务公开办公室关于政府信息公开
    工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）要求``.

    Correct: cite the notice in force for the report's year.
    """
    year = report.year_value
    if year is None:
        return
    done = set()
    for doc, start, end in _format_citations(report):
        if doc.id in done:
            continue
        first, last = doc.format_years
        if first <= year <= last:
            continue
        done.add(doc.id)
        right = "国办公开办函〔2021〕30号" if year >= 2021 else "国办公开办函〔2019〕60号"
        applies = f"{first}年及以后" if last >= 9999 else f"{first}—{last}年"
        yield ctx.diagnostic(report.span(start, end),
                             f"{year}年度报告引用了{doc.format_name}（适用于{applies}的年度报告），应依据{right}",
                             data={"year": year, "document": doc.id, "expected": right},
                             key=f"format:{doc.id}")
