"""CN6xx: the titles and numbers of the documents reports cite.

The documents are data (``gxrules/data/citations.toml``): the 条例, the two
format notices (国办公开办函〔2019〕60号, 〔2021〕30号) and the fee measures
(国办函〔2020〕109号). Titles are compared with white space and PDF line
breaks removed and full-width/half-width forms folded, so only real
misquotations are reported.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Dict, FrozenSet, Iterator, List, NamedTuple, Optional, Sequence, Tuple, Union

from ..source import normalise
from . import rule
from .wording import _is_space, compact, compact_range, make_fix, minimal_edits

# inner title brackets that should be 〈〉 inside 《》
_WRONG_INNER = {"<": "〈", ">": "〉", "《": "〈", "》": "〉"}
_GOOD_OPEN = "〔﹝"
_GOOD_CLOSE = "〕﹞"
# on normalised text: full-width （）［］＜＞ are ASCII there
_OPENERS = "〔﹝[(【<{〈"
_CLOSERS = "〕﹞])】>}〉"
@lru_cache(maxsize=1)
def _tag() -> "re.Pattern[str]":
    """HTML markup inside a title: not a bracket. Compiled when a title holds a ``<``."""
    return re.compile(r"</?[A-Za-z][^<>]{0,200}>")


def _has_markup(title: str) -> bool:
    return "<" in title and _tag().search(title) is not None


def _strip_tags(title: str) -> str:
    return _tag().sub("", title) if "<" in title else title


class Document(NamedTuple):
    """A document reports cite (``gxrules/data/citations.toml``)."""

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
    return _canonical_inner(_n(text))


def _canonical_inner(text: str) -> str:
    """Inner title brackets canonical (〈〉). (``str.translate`` with a dict is slow on Chinese text.)"""
    for wrong, right in _WRONG_INNER.items():
        if wrong in text:
            text = text.replace(wrong, right)
    return text


@lru_cache(maxsize=1)
def documents() -> Tuple[Document, ...]:
    from ..data import load

    out = []
    for d in load("citations").get("documents", []):
        org, year, serial = "", 0, 0
        # 机关代字〔年份〕序号号 (国务院令第711号 has no year)
        issuer, _, rest = d.get("number", "").partition("〔")
        digits, _, serial_no = rest.partition("〕")
        if issuer and len(digits) == 4 and (digits + serial_no[:-1]).isascii() and digits.isdigit() \
                and serial_no[:-1].isdigit() and serial_no.endswith("号"):
            org, year, serial = issuer, int(digits), int(serial_no[:-1])
        fmt = d.get("format")
        out.append(Document(id=d["id"], titles=tuple(d.get("titles", ())), short=tuple(d.get("short", ())),
                            number=d.get("number", ""), org=org, year=year, serial=serial,
                            format_years=(fmt["first_year"], fmt["last_year"]) if fmt else None,
                            format_name=fmt.get("name", "") if fmt else ""))
    return tuple(out)


def levenshtein(a: str, b: str, limit: int = 99) -> int:
    """Edit distance (insert, delete, substitute), stopping early above ``limit`` (then the
    answer is only "more than ``limit``")."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    # a common beginning and end do not change the distance: a misquotation differs in a few places
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a, b = a[head:len(a) - tail], b[head:len(b) - tail]
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
class Quoted:
    """A 《…》 title in the text."""

    __slots__ = ("start", "end", "inner_start", "inner_end", "written", "compact", "source", "identified",
                 "bare", "normal", "_after", "_number_after")

    def __init__(self, start: int, end: int, inner_start: int, inner_end: int, written: str, compact: str,
                 source: str):
        self.start = start  # file offset of the outer 《
        self.end = end  # file offset after the outer 》
        self.inner_start = inner_start
        self.inner_end = inner_end
        self.written = written  # the title as written (without the outer brackets, white space kept)
        self.compact = compact  # the same without white space
        self.source = source  # the whole text, for what follows the title
        self.bare = bare = _tag().sub("", compact) if "<" in compact else compact  # without HTML markup
        self.normal = normalise(bare)  # and normalised
        self.identified: Optional[Tuple[Optional[Document], str, int]] = None  # identify()'s answer, once
        self._after: Optional[str] = None
        self._number_after: Union[DocNo, None, bool] = False  # False: not read yet

    def __repr__(self) -> str:
        return f"Quoted({self.start}, {self.end}, {self.written!r})"

    @property
    def after(self) -> str:
        """Normalised compact text right after the title (for a document number), read when asked."""
        if self._after is None:
            comp, _ = _compact_from(self.source, self.end, _AFTER)
            self._after = _n(comp[:_AFTER])
        return self._after

    @property
    def number_after(self) -> Optional[DocNo]:
        """A document number right after the title: ``《…》（国办函〔2020〕109号）`` (offsets into
        :attr:`after`). Read once: CN601 and CN602 ask."""
        if self._number_after is False:
            self._number_after = None
            text = self.after
            end = text.find("号")
            while end >= 0:
                num = _docno_ending(text, end, range(len(text)))
                if num is not None:  # the first number in the text
                    self._number_after = num if num.start <= 3 else None
                    break
                end = text.find("号", end + 1)
        return self._number_after


class DocNo(NamedTuple):
    """A document number 机关代字〔年份〕序号号 in the text."""

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


_DIGITS = "0123456789"
_ISSUER_MAX = 12  # Chinese characters of the issuer of a document number, at most
_DOCNO_MAX = _ISSUER_MAX + 11  # characters of a document number: issuer, 〔, year, 〕, 4-digit serial, 号
_TITLE_MAX = 120  # characters from 《 to 》
_TITLE_WINDOW = 4 * _TITLE_MAX  # where to look for the 》 in the text as written
_AFTER = 39  # characters kept after a title, for its document number


def _digits_from(text: str, end: int) -> int:
    """Where the run of ASCII digits that ends at ``end`` starts."""
    start = end
    while start > 0 and text[start - 1] in _DIGITS:
        start -= 1
    return start


def _docno_ending(text: str, end: int, index: Sequence[int], lower: int = 0) -> Optional[DocNo]:
    """The document number 机关代字〔年份〕序号号 whose 号 is ``text[end]``, or None.

    ``text`` is normalised compact text and ``index`` gives the offset of each of its
    characters (the number's offsets are taken from it). Read backwards from the 号: a
    serial of 1 to 4 digits (no leading 0), the year's closing bracket (may be missing),
    a year 19xx or 20xx, its opening bracket (may be missing), and the issuer: the 2 to
    12 Chinese characters right before, starting no earlier than ``lower``. (A regular
    expression would need a class of all Chinese characters, slow to compile.)
    """
    digits_at = _digits_from(text, end)
    if digits_at == end:
        return None  # no serial
    close_at = digits_at - 1 if digits_at > 0 and text[digits_at - 1] in _CLOSERS else -1
    if close_at >= 0:  # 〔2021〕30号
        year_at, serial = close_at - 4, text[digits_at:end]
        if year_at < 0 or _digits_from(text, close_at) > year_at:
            return None
    else:  # 〔202130号: the year and the serial ran together
        year_at, serial = digits_at, text[digits_at + 4:end]
    if not (1 <= len(serial) <= 4 and serial[0] != "0" and text[year_at:year_at + 2] in ("19", "20")):
        return None
    open_at = year_at - 1 if year_at > 0 and text[year_at - 1] in _OPENERS else -1
    issuer_end = open_at if open_at >= 0 else year_at
    start = issuer_end
    floor = max(lower, issuer_end - _ISSUER_MAX)
    while start > floor and "\u4e00" <= text[start - 1] <= "\u9fff":  # a Chinese character
        start -= 1
    if issuer_end - start < 2:
        return None
    year_start, year_end = compact_range(index, year_at, year_at + 4)
    return DocNo(index[start], index[end] + 1, text[start:issuer_end], text[open_at] if open_at >= 0 else "",
                 int(text[year_at:year_at + 4]), text[close_at] if close_at >= 0 else "", int(serial),
                 index[open_at] if open_at >= 0 else None, index[close_at] if close_at >= 0 else None,
                 year_start, year_end)


def _compact_from(text: str, start: int, count: int) -> Tuple[str, List[int]]:
    """At least ``count`` characters of compact text from ``start`` (fewer at the end), with
    the offset of each."""
    width = count + count // 2
    while True:
        comp, index = compact(text[start:start + width], start)
        if len(comp) >= count or start + width >= len(text):
            return comp, index
        width *= 2


def _compact_to(text: str, end: int, count: int) -> Tuple[str, List[int]]:
    """At least ``count`` characters of compact text before ``end`` (fewer at the start), with
    the offset of each."""
    width = count + count // 2
    while True:
        start = max(0, end - width)
        comp, index = compact(text[start:end], start)
        if len(comp) >= count or start == 0:
            return comp, index
        width *= 2


def _closing(comp: str, limit: int) -> int:
    """Index of the 》 that closes the 《 at ``comp[0]``, within ``limit`` characters and before
    any 。; -1 when there is none."""
    close = comp.find("》", 1, limit)
    if close < 0 or comp.find("。", 1, close) >= 0:
        return -1
    if comp.find("《", 1, close) < 0:
        return close  # no title inside the title: the first 》 closes it
    depth = 0
    for k, ch in enumerate(comp[:limit]):
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth -= 1
            if depth == 0:
                return k
        elif ch == "。":
            return -1
    return -1


def _title_at(text: str, at: int) -> Tuple[int, str, Sequence[int]]:
    """The title whose 《 is ``text[at]``: (index of its 》 in the compact text or -1, the compact
    text from the 《, the offset of each of its characters)."""
    close = text.find("》", at + 1, at + _TITLE_WINDOW)
    if close >= 0:  # usually the title ends at the first 》
        comp, index = compact(text[at:close + 1], at)
        if "《" not in comp[1:]:  # then that 》 closes it, unless too far or after a 。
            return (len(comp) - 1 if len(comp) <= _TITLE_MAX + 1 and "。" not in comp else -1), comp, index
    # a title inside the title, or a long stretch of white space
    comp, index = _compact_from(text, at, _TITLE_MAX + 1)
    return _closing(comp, _TITLE_MAX + 1), comp, index


class Scan:
    """The titles and document numbers of a report, in the order of the text."""

    __slots__ = ("quoted", "numbers")

    def __init__(self):
        self.quoted: List[Quoted] = []
        self.numbers: List[DocNo] = []


def scan(report) -> Scan:
    """The titles and document numbers of the whole text, white space ignored. Kept on the report.

    Only the text around each 《 and each 号 is compacted: the rest cannot hold either."""
    cached = getattr(report, "_gxrules_citations", None)
    if cached is not None:
        return cached
    text = report.source.text
    out = Scan()
    at = text.find("《")
    while at >= 0:
        close = text.find("》", at + 1, at + _TITLE_WINDOW)
        if 1 < close - at <= _TITLE_MAX:  # (close > at: the 》 was found)
            inner = text[at + 1:close]
            if inner.isprintable() and " " not in inner and "《" not in inner and "。" not in inner:
                # most titles: written in one piece (no white space), and so as _title_at reads them
                out.quoted.append(Quoted(at, close + 1, at + 1, close, inner, inner, text))
                at = text.find("《", close + 1)
                continue
        j, comp, index = _title_at(text, at)
        if j > 1:
            inner_s, inner_e = compact_range(index, 1, j)
            out.quoted.append(Quoted(at, index[j] + 1, inner_s, inner_e, text[inner_s:inner_e], comp[1:j], text))
            at = text.find("《", index[j] + 1)
        else:
            at = text.find("《", at + 1)
    lower = 0  # numbers do not overlap: the next one starts after the last one
    at = text.find("号")
    while at >= 0:
        if at == 0 or not (text[at - 1].isdigit() or _is_space(text[at - 1])):
            at = text.find("号", at + 1)
            continue  # 编号, 账号: no serial before it
        comp, index = _compact_to(text, at + 1, _DOCNO_MAX + 1)
        num = _docno_ending(_n(comp), len(comp) - 1, index, bisect.bisect_left(index, lower))
        if num is not None:
            out.numbers.append(num)
            lower = num.end
        at = text.find("号", at + 1)
    try:
        report._gxrules_citations = out
    except AttributeError:  # pragma: no cover - a report type without attributes
        pass
    return out


@lru_cache(maxsize=1)
def _known_titles() -> Tuple[Tuple[Document, str, str, FrozenSet[str], int], ...]:
    """Every known title and short form long enough to be misquoted (6 characters or more):
    (document, title, canonical, the characters it uses, how far a misquotation may be)."""
    return tuple((doc, title, _canon(title), frozenset(_canon(title)), max_distance(len(_canon(title))))
                 for doc in documents() for title in doc.titles + doc.short if len(_canon(title)) >= 6)


@lru_cache(maxsize=1)
def _known_titles_by_length() -> Dict[int, Tuple[Tuple[Document, str, str, FrozenSet[str], int], ...]]:
    """For each length, the known titles (as :func:`_known_titles`) a title of that length may misquote."""
    out: Dict[int, list] = {}
    for item in _known_titles():
        length, limit = len(item[2]), item[4]
        for n in range(length - limit, length + limit + 1):
            out.setdefault(n, []).append(item)
    return {n: tuple(items) for n, items in out.items()}


@lru_cache(maxsize=1)
def _exact_titles() -> Dict[str, Tuple[Document, str]]:
    """Every known title and short form, normalised: (document, title); the first one wins."""
    out: Dict[str, Tuple[Document, str]] = {}
    for doc in documents():
        for title in doc.titles + doc.short:
            out.setdefault(_n(title), (doc, title))
    return out


def identify(q: Quoted) -> Tuple[Optional[Document], str, int]:
    """(document, the known title it is closest to, edit distance) or (None, "", -1).

    Exact titles and accepted short forms give distance 0; HTML markup inside is ignored.
    The result is kept on the quoted title: three rules ask about the same titles."""
    if q.identified is None:
        q.identified = _identify(q)
    return q.identified


def _identify(q: Quoted) -> Tuple[Optional[Document], str, int]:
    written = q.normal
    exact = _exact_titles().get(written)
    if exact is not None:
        return exact[0], exact[1], 0
    canon = _canonical_inner(written)
    best: List[Tuple[int, Document, str]] = []
    chars = None
    for doc, title, t, t_chars, limit in _known_titles_by_length().get(len(canon), ()):
        if chars is None:
            chars = set(canon)
        # one edit removes one character and adds one: each character one title uses and the
        # other does not takes an edit, so they bound the edit distance from below
        if len(chars - t_chars) > limit or len(t_chars - chars) > limit:
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
    num = q.number_after
    if num and doc.number and not num.is_doc(doc):
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
        if doc is not None and dist == 0:
            continue  # a known title, as it is written
        bare, n_bare = q.bare, q.normal
        if doc is not None:
            target = title
        elif "<" in n_bare or ">" in n_bare or "《" in n_bare or "》" in n_bare:  # a bracket of _WRONG_INNER
            # an unknown title: correct only its inner brackets
            # (normalising maps each character on its own: n_bare[i] is bare[i] normalised)
            target = "".join([_WRONG_INNER.get(n, ch) for ch, n in zip(bare, n_bare)])
        else:
            continue
        if _n(target) == n_bare:
            continue
        markup = _has_markup(q.compact)
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
        near = [num for num in scan(report).numbers if num.end > q.end and num.start <= q.end + 60]
        if not near or q.number_after is None:
            continue
        for num in near:
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
