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

Speed: Python compiles regular expressions in pure Python, and a pattern of
Chinese words costs about a millisecond, in every process. So lists of words
are tuples searched with :func:`has_any` / :func:`first_index`, and the few
real patterns are strings compiled on first use by :func:`regex`, behind a
plain-string test of a word they cannot match without (most paragraphs hold
none of them).
"""
from __future__ import annotations

import bisect
import functools
import re
from decimal import Decimal
from typing import Dict, Iterator, List, Optional, Sequence, Tuple


@functools.lru_cache(maxsize=None)
def regex(pattern: str) -> "re.Pattern[str]":
    """``pattern`` compiled once, on first use."""
    return re.compile(pattern)


def has_any(text: str, words: Sequence[str]) -> bool:
    """``text`` contains one of ``words`` (what ``re.search("a|b|c", text)`` tells, without a regex)."""
    for word in words:
        if word in text:
            return True
    return False


def by_character(words: Sequence[str]) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    """``words`` grouped under a character that each word of the group holds (the one most of
    the words left hold, first in the words' order on a tie), for :func:`has_any_grouped`."""
    left = list(words)
    out = []
    while left:
        chars = list(dict.fromkeys("".join(left)))
        key = max(chars, key=lambda ch: sum(ch in w for w in left))
        out.append((key, tuple(w for w in left if key in w)))
        left = [w for w in left if key not in w]
    return tuple(out)


def has_any_grouped(text: str, groups: Sequence[Tuple[str, Sequence[str]]]) -> bool:
    """:func:`has_any` for words grouped by :func:`by_character`: a text without a group's
    character holds none of its words (fewer searches when it holds none)."""
    for key, words in groups:
        if key in text:
            for word in words:
                if word in text:
                    return True
    return False


def first_index(text: str, words: Sequence[str]) -> int:
    """Where the first of ``words`` in ``text`` starts (the start of ``re.search("a|b|c", text)``), or -1."""
    first = -1
    for word in words:
        if word in text:  # (``in`` takes no arguments to parse: cheaper than find for a word not there)
            i = text.find(word)
            if first < 0 or i < first:
                first = i
    return first


def positions(text: str, words: Sequence[str], start: int = 0, end: Optional[int] = None) -> List[int]:
    """Where each of ``words`` (or each character of a string) occurs in ``text[start:end]``, in order."""
    end = len(text) if end is None else end
    # (``in`` is a cheaper call than find, which parses its arguments: each word not there costs one;
    # in a part, it reads a copy of the part, not the whole text)
    part = text if start == 0 and end == len(text) else text[start:end]
    out = []
    for word in words:
        if word in part:
            i = text.find(word, start, end)
            while i >= 0:
                out.append(i)
                i = text.find(word, i + 1, end)
    out.sort()
    return out


class _Record:
    """A plain record with a readable repr (cheaper to define than a dataclass).

    Unlike ``model._Record`` it keeps identity equality (and so stays hashable):
    two claims read at different places are different claims.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


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
#: the last characters of APPROX_BEFORE (a number after none of them is not approximate by it)
APPROX_BEFORE_LAST = frozenset(word[-1] for word in APPROX_BEFORE)
APPROX_AFTER = ("余", "多", "来")
APPROX_TAIL = ("左右", "以上", "以下", "以内", "上下")
#: the first characters of APPROX_TAIL (a unit before none of them is not followed by one)
APPROX_TAIL_FIRST = frozenset(word[0] for word in APPROX_TAIL)

def unit_in(unit: str, units: str) -> bool:
    """``unit`` is one of the characters of ``units`` (the empty unit is none of them)."""
    return len(unit) == 1 and unit in units


#: a run of digits with an optional decimal part (one that follows a digit or "." is no number)
ARABIC_RE = re.compile(r"[0-9][0-9]*(?:\.[0-9]+)?")  # (not [0-9]+: a pattern starting with a set scans faster)
CN_NUMERALS = "零〇一二两三四五六七八九十百千"
#: Chinese numerals are read only before these units (一个 / 一项 are idioms far too often)
CHINESE_UNITS = "件起条篇宗"
CHINESE_NOT_AFTER = set("第每同逐任唯某统单这那哪此其各整头首之")
CHINESE_IDIOMS = ("一件事", "一件件", "一条龙", "一条心", "两件事", "一起", "一条一条")


def count_positions(text: str) -> List[int]:
    """Where the unit of a count may stand in ``text``: right after a digit, or right after Chinese
    numerals (一件, not 第五条); the unit of a count follows its number (no 余, 多, 万 between).
    A sentence without one holds no count, and its numbers need not be read for counts."""
    out = []
    for i in positions(text, COUNT_UNITS):
        before = text[i - 1] if i else ""
        if before and before in "0123456789":
            out.append(i)
        elif before and before in CN_NUMERALS and text[i] in CHINESE_UNITS:
            s = i - 1
            while s > 0 and text[s - 1] in CN_NUMERALS:
                s -= 1
            if s == 0 or text[s - 1] not in CHINESE_NOT_AFTER:
                out.append(i)
    return out


class Number(_Record):
    """A number in a :class:`View`, with the unit that follows it (compact indices)."""

    __slots__ = ("value", "start", "num_end", "end", "unit", "approx", "chinese", "depth", "uncertain",
                 "is_count", "is_percent", "is_boundary", "sentence")

    def __init__(self, value, start: int, num_end: int, end: int, unit: str, approx: bool = False,
                 chinese: bool = False, depth: int = 0, uncertain: bool = False):
        self.value = value  # int, Decimal
        self.start = start  # first character of the number
        self.num_end = num_end  # end of the digits
        self.end = end  # end of the unit (== num_end when there is no unit)
        self.unit = unit  # 件, 条, %, 年 ... ("" when none)
        self.approx = approx
        self.chinese = chinese
        self.depth = depth  # parenthesis depth
        self.uncertain = uncertain  # e.g. 1,295 (a thousands separator we do not read)
        one = len(unit) == 1  # (unit_in)
        self.is_count = one and unit in COUNT_UNITS and not approx and not uncertain and isinstance(value, int)
        self.is_percent = unit == "%"
        #: cuts the words leading to the next number (a date or a year does not)
        self.is_boundary = not (one and unit in NOT_A_BOUNDARY)
        self.sentence: Optional[Tuple[int, int]] = None  # [start, end) of its sentence, when known


# -- the compact view of a paragraph ---------------------------------------------------

PAGE_NO_DASHES = "-—–－"
PAGE_NO_DIGITS = "0123456789０１２３４５６７８９"
SENTENCE_END = "。!?"
CLAUSE_END = ",;:。!?"
OPEN, CLOSE = "(（[【", ")）]】"
#: what cannot be the unit after a number
NOT_A_UNIT = CLAUSE_END + OPEN + CLOSE + "、“”\"'‘’《》〈〉—…"


def is_page_number_line(line: str) -> bool:
    """A line holding only a page number between dashes (- 12 -, —3—), as PDF text has."""
    s = line.strip()
    inner = s.lstrip(PAGE_NO_DASHES)
    number = inner.rstrip(PAGE_NO_DASHES)
    if len(inner) == len(s) or len(number) == len(inner):
        return False  # no dash before or after
    number = number.strip()
    return 1 <= len(number) <= 3 and all(ch in PAGE_NO_DIGITS for ch in number)


#: what a page-number line holds somewhere: a dash, perhaps white space, a digit (its number)
PAGE_NO_DASH_DIGIT = r"[-—–－]\s*[0-9０-９]"  # (PAGE_NO_DASHES, PAGE_NO_DIGITS)


def blank_page_numbers(text: str) -> str:
    """Page numbers of PDF text standing on their own line inside a paragraph, blanked out."""
    if ("-" in text or "—" in text or "–" in text or "－" in text) and \
            regex(PAGE_NO_DASH_DIGIT).search(text):  # (otherwise no line is one: not read line by line)
        text = "".join(" " * len(line) if is_page_number_line(line) else line
                       for line in text.splitlines(keepends=True))
    return text


def compact_text(normalised: str) -> str:
    """A paragraph's normalised text without its page numbers, whitespace and Markdown ``*``;
    whitespace between two digits becomes one space (a ``*`` alone does not separate)."""
    text = blank_page_numbers(normalised)  # (a text without a dash comes back as it is)
    if "*" in text:  # (white space stays: the words are those of the text, without their stars)
        text = text.replace("*", "")
    words = text.split()  # (a text without white space is its own one word, not copied)
    if len(words) <= 1:
        return words[0] if words else ""
    chars = [words[0]]
    last = words[0]  # the word before
    for w in words[1:]:
        if w[0].isdigit() and last[-1].isdigit():
            chars.append(" ")
        chars.append(w)
        last = w
    return "".join(chars)


class View:
    """A paragraph's normalised text with whitespace (and Markdown ``*``) removed.

    ``compact[i]`` stands at file offset ``offsets[i]``. Whitespace between two
    digits is kept as one space, so that two numbers never merge into one.
    Everything else is worked out when first asked for (most paragraphs are
    never asked for most of it).
    """

    previous = ""  # the end of the paragraph before, when the caller knows it (context only)
    _runs: Optional[Tuple[List[int], List[int], int]] = None
    _brackets: Optional[Tuple[List[int], List[int], List[int]]] = None
    _sentences: Optional[List[Tuple[int, int]]] = None
    _sentence_starts: List[int] = []
    _clause_marks: Optional[Dict[Tuple[int, int], List[int]]] = None
    _count_positions: Optional[List[int]] = None
    _numbers: Optional[List[Number]] = None
    _by_sentence: Optional[Dict[Tuple[int, int], Tuple[List[Number], List[int]]]] = None
    _boundaries_by_sentence: Optional[Dict[Tuple[int, int], Tuple[List[Number], List[int]]]] = None
    _breakdowns: Optional[List["Breakdown"]] = None

    def __init__(self, normalised: str, original: str, base: int = 0, compact: Optional[str] = None):
        """``compact``: :func:`compact_text` of ``normalised``, when the caller has it already."""
        self.compact = compact_text(normalised) if compact is None else compact
        self._normalised = normalised
        self.original = original
        self.base = base

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

    def _segments(self) -> Tuple[List[int], List[int], int]:
        """Where ``compact`` comes from, as runs of characters copied from the file: the compact
        index where each run starts, the file offset of its first character, and the length of
        ``compact``. A run is a stretch of text without white space and ``*``, or the one space
        kept between two digits (it stands at the file offset of the character before the second
        digit). Worked out when first asked for, by runs rather than character by character."""
        if self._runs is None:
            text, base = blank_page_numbers(self._normalised), self.base
            starts: List[int] = []
            offsets: List[int] = []
            length = 0
            last_char = ""
            at = 0
            for word in text.split():  # (white space between the words, none inside)
                at = text.find(word, at)
                pieces = word.split("*") if "*" in word else (word,)
                gap = True  # white space before the first piece of a word
                for piece in pieces:
                    if piece:
                        if gap and last_char.isdigit() and piece[0].isdigit():
                            starts.append(length)
                            offsets.append(base + at - 1)
                            length += 1
                        starts.append(length)
                        offsets.append(base + at)
                        length += len(piece)
                        last_char = piece[-1]
                        gap = False
                    at += len(piece) + 1  # (and the * after it)
                at -= 1  # (no * after the last piece)
            self._runs = (starts, offsets, length)
        return self._runs

    @property
    def offsets(self) -> List[int]:
        """The file offset of each character of ``compact`` (for tests and tools; the rules ask
        :meth:`file_range`)."""
        starts, offsets, length = self._segments()
        out: List[int] = []
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else length
            out.extend(range(offsets[k], offsets[k] + end - start))
        return out

    def _offset(self, i: int) -> int:
        """The file offset of ``compact[i]`` (``offsets[i]``)."""
        starts, offsets, _ = self._segments()
        k = bisect.bisect_right(starts, i) - 1
        return offsets[k] + i - starts[k]

    def file_range(self, start: int, end: int) -> Tuple[int, int]:
        """File offsets [a, b) of compact[start:end]."""
        length = self._segments()[2]
        start = max(0, min(start, length - 1))
        end = max(start + 1, min(end, length))
        return self._offset(start), self._offset(end - 1) + 1

    def original_text(self, start: int, end: int) -> str:
        a, b = self.file_range(start, end)
        return self.original[a - self.base:b - self.base]

    # -- structure -------------------------------------------------------------
    def depth_at(self, index: int) -> int:
        """Parenthesis depth at compact index ``index`` (an opening bracket is inside)."""
        if self._brackets is None:
            # each bracket: where it is, the depth at it, the depth after it
            c = self.compact
            where: List[int] = []
            at: List[int] = []
            after: List[int] = []
            d = 0
            for i in positions(c, OPEN + CLOSE):
                if c[i] in OPEN:
                    d += 1
                where.append(i)
                at.append(d)
                if c[i] in CLOSE and d > 0:
                    d -= 1
                after.append(d)
            self._brackets = (where, at, after)
        where, at, after = self._brackets
        if not where or index < where[0]:
            return 0
        k = bisect.bisect_right(where, index) - 1
        return at[k] if where[k] == index else after[k]

    def sentences(self) -> List[Tuple[int, int]]:
        """[start, end) of each sentence (ends after 。!?)."""
        if self._sentences is None:
            out, start = [], 0
            for i in positions(self.compact, SENTENCE_END):
                out.append((start, i + 1))
                start = i + 1
            if start < len(self.compact):
                out.append((start, len(self.compact)))
            self._sentences = out
            self._sentence_starts = [s for s, _ in out]
        return self._sentences

    def count_positions(self) -> List[int]:
        """:func:`count_positions` of the paragraph."""
        if self._count_positions is None:
            self._count_positions = count_positions(self.compact)
        return self._count_positions

    def set_count_positions(self, found: List[int]) -> None:
        """Give the view its :func:`count_positions`, when the caller has found them already."""
        self._count_positions = found

    def sentence_of(self, index: int) -> Tuple[int, int]:
        """[start, end) of the sentence holding ``index`` (the whole paragraph if none does)."""
        sentences = self.sentences()
        i = bisect.bisect_right(self._sentence_starts, index) - 1
        if 0 <= i < len(sentences) and sentences[i][0] <= index < sentences[i][1]:
            return sentences[i]
        return 0, len(self.compact)

    def _marks(self, sentence: Tuple[int, int]) -> List[int]:
        """The clause marks of one sentence (its end mark included), found when first asked for:
        a long paragraph of PDF text has hundreds, and the rules read a few of its sentences."""
        if self._clause_marks is None:
            self._clause_marks = {}
        marks = self._clause_marks.get(sentence)
        if marks is None:
            marks = self._clause_marks[sentence] = positions(self.compact, CLAUSE_END, *sentence)
        return marks

    def clause_start(self, index: int, floor: int = 0, sentence: Optional[Tuple[int, int]] = None) -> int:
        """Just after the last clause mark (,;:。!?) before ``index``, not before ``floor``.
        (``sentence``: the sentence holding ``index``, when the caller knows it.)"""
        if index <= 0:
            return floor
        if sentence is None or not sentence[0] <= index < sentence[1]:
            sentence = self.sentence_of(index)
        marks = self._marks(sentence)
        i = bisect.bisect_left(marks, index) - 1
        if i >= 0:
            return max(floor, marks[i] + 1)
        # none in the sentence before index: the last mark is the end of the sentence before, if any
        return max(floor, sentence[0]) if sentence[0] > 0 else floor

    def clause_end(self, index: int, ceil: Optional[int] = None, sentence: Optional[Tuple[int, int]] = None) -> int:
        """The first clause mark at or after ``index`` (or ``ceil``). (``sentence``: the sentence
        holding ``index``, when the caller knows it.)"""
        ceil = len(self.compact) if ceil is None else min(ceil, len(self.compact))
        if sentence is None or not sentence[0] <= index < sentence[1]:
            sentence = self.sentence_of(index)
        marks = self._marks(sentence)  # (a sentence ends at a mark, or at the end of the text)
        i = bisect.bisect_left(marks, index)
        return min(ceil, marks[i]) if i < len(marks) else ceil

    # -- numbers ---------------------------------------------------------------
    @property
    def numbers(self) -> List[Number]:
        if self._numbers is None:
            self._numbers = [n for sentence in self.sentences() for n in self.sentence_numbers(sentence)]
        return self._numbers

    def sentence_numbers(self, sentence: Tuple[int, int]) -> List[Number]:
        """The numbers of one sentence, read sentence by sentence (a rule that needs the counts of a
        paragraph reads only the sentences where a count may stand)."""
        return self._sentence_index(sentence)[0]

    def numbers_from(self, sentence: Tuple[int, int], start: int) -> List[Number]:
        """The numbers of ``sentence`` that start at or after ``start``."""
        numbers, starts = self._sentence_index(sentence)
        return numbers[bisect.bisect_left(starts, start):]

    def _sentence_index(self, sentence: Tuple[int, int]) -> Tuple[List[Number], List[int]]:
        """The numbers of a sentence, and where they start."""
        if self._by_sentence is None:
            self._by_sentence = {}
        found = self._by_sentence.get(sentence)
        if found is None:
            start, end = sentence
            numbers = self._arabic(start, end)
            chinese = self._chinese(start, end)
            if chinese:
                numbers = sorted(numbers + chinese, key=lambda n: n.start)
            for n in numbers:
                n.sentence = sentence
            found = self._by_sentence[sentence] = (numbers, [n.start for n in numbers])
        return found

    def _unit_at(self, i: int) -> Tuple[str, int, bool]:
        """The unit after index i: (unit, end, approx) -- 余/多 and 万/亿 handled."""
        c = self.compact
        ch = c[i:i + 1]
        if ch and ch not in "余多来万亿千百%":  # the common case: a unit or nothing right after
            if not ch.isascii() and ch not in NOT_A_UNIT:
                return ch, i + 1, c[i + 1:i + 2] in APPROX_TAIL_FIRST and c.startswith(APPROX_TAIL, i + 1)
            return "", i, False
        n = len(c)
        approx = False
        j = i
        if j < n and c[j] in APPROX_AFTER:
            approx, j = True, j + 1
        if j < n and c[j] in "万亿千百":  # 1.2万件: a rounded count
            approx, j = True, j + 1
            if j < n and c[j] in APPROX_AFTER:
                j += 1
        if j < n and c[j] == "%":
            return "%", j + 1, approx
        if j < n and c[j] == "余":
            approx, j = True, j + 1
        if j < n and not c[j].isascii() and c[j] not in NOT_A_UNIT:
            unit = c[j]
            end = j + 1
            if c.startswith(APPROX_TAIL, end):
                approx = True
            return unit, end, approx
        return "", i, approx

    def _arabic(self, start: int, end: int) -> List[Number]:
        out = []
        c = self.compact
        last = len(c) - 1
        unit_at, depth_at = self._unit_at, self.depth_at
        for m in ARABIC_RE.finditer(c, start, end):
            s, e = m.span()
            before = c[s - 1] if s else ""  # (the character before the number, if any)
            if before and before in "0123456789.":  # 1.2.3: the 3 is no number
                continue
            raw = m.group()
            value = Decimal(raw) if "." in raw else int(raw)
            unit, unit_end, approx = unit_at(e)
            if not approx and before in APPROX_BEFORE_LAST:
                approx = c[max(0, s - 2):s].endswith(APPROX_BEFORE)
            uncertain = False
            # 1,295件: a thousands separator (ASCII comma in the file) we do not read
            if before == "," and s >= 2 and c[s - 2].isdigit() and len(raw) == 3:
                a, _ = self.file_range(s - 1, s)
                if self.original[a - self.base] == ",":
                    uncertain = True
            if e < last and c[e] == "," and c[e + 1:e + 4].isdigit():
                a, _ = self.file_range(e, e + 1)
                if self.original[a - self.base] == ",":
                    uncertain = True
            out.append(Number(value, s, e, unit_end, unit, approx, False, depth_at(s), uncertain))
        return out

    def _chinese(self, start: int, end: int) -> List[Number]:
        """Runs of Chinese numerals right before 件起条篇宗 (or 余/多 and one of them)."""
        out: List[Number] = []
        c = self.compact
        for e in positions(c, CHINESE_UNITS + "余多", start, end):  # (each sentence is read once)
            if e == start or c[e - 1] not in CN_NUMERALS:
                continue
            s = e - 1
            while s > start and c[s - 1] in CN_NUMERALS:
                s -= 1
            if s > 0 and c[s - 1] in CHINESE_NOT_AFTER:
                continue
            if c.startswith(CHINESE_IDIOMS, s):
                continue
            value = cn_to_int(c[s:e])
            if value is None:
                continue
            unit, unit_end, approx = self._unit_at(e)
            if not unit_in(unit, CHINESE_UNITS):
                continue
            approx = approx or (s > 0 and c[s - 1] in APPROX_BEFORE_LAST
                                and c[max(0, s - 2):s].endswith(APPROX_BEFORE))
            out.append(Number(value, s, e, unit_end, unit, approx, True, self.depth_at(s), False))
        return out

    def _boundaries(self, number: Number) -> Tuple[List[Number], List[int]]:
        """The numbers that cut leads (dates do not) in the sentence of ``number``, and their starts."""
        sentence = number.sentence or self.sentence_of(number.start)
        if self._boundaries_by_sentence is None:
            self._boundaries_by_sentence = {}
        found = self._boundaries_by_sentence.get(sentence)
        if found is None:
            numbers = [n for n in self.sentence_numbers(sentence) if n.is_boundary]
            found = self._boundaries_by_sentence[sentence] = (numbers, [n.start for n in numbers])
        return found

    def lead(self, number: Number, floor: int = 0) -> Tuple[int, str]:
        """The words leading to ``number``: from the clause start or the previous number.
        (Both are in the number's sentence: a sentence ends a clause.)"""
        start = self.clause_start(number.start, floor, number.sentence)
        boundaries, starts = self._boundaries(number)
        i = bisect.bisect_left(starts, number.start) - 1
        while i >= 0:
            n = boundaries[i]
            if n.end <= number.start:
                if n.end > start:
                    start = n.end
                break
            i -= 1
        return start, self.compact[start:number.start]

    def tail(self, number: Number, limit: int = 24) -> str:
        """The words after the unit of ``number`` up to the next number or the clause end."""
        end = self.clause_end(number.end, number.end + limit, number.sentence)
        boundaries, starts = self._boundaries(number)
        i = bisect.bisect_left(starts, number.end)
        if i < len(boundaries):
            end = min(end, boundaries[i].start)
        return self.compact[number.end:min(end, number.end + limit)]


# -- classified counts ----------------------------------------------------------------

class Claim(_Record):
    """A count that a sentence states about something the tables also count."""

    __slots__ = ("kind", "value", "number", "start", "sentence")

    def __init__(self, kind: str, value: int, number: Number, start: int, sentence: Tuple[int, int]):
        self.kind = kind  # received, concluded, handled, carried_forward, review, litigation,
        #                   outcome:<group>, issued:<row>, in_force:<row>
        self.value = value
        self.number = number
        self.start = start  # compact index where the claim's words start (its keyword)
        self.sentence = sentence

    @property
    def end(self) -> int:
        return self.number.end


#: how far back in a sentence the words about a claim are looked for
WINDOW = 300

COMPARISON = tuple("同比|较上年|比上年|较去年|比去年|上年|去年|上一年|往年|增加|减少|增长|下降|上升|提高|降低|回落|翻"
                   .split("|"))
SUBPART = ("其中", "涉及", "包括", "包含", "含", "分别", "占")

#: every outcome pattern below holds one of these (tests/test_claims.py checks it)
OUTCOME_WORDS = ("予以公开", "同意公开", "准予公开", "不予公开", "部分公开", "无法提供", "不予处理", "其他处理")
#: the outcome words, each a pattern
OUTCOME_RES = (
    ("granted+partially_granted", r"(?:予以公开|同意公开|准予公开)(?:及|和|与|、|或|以及)部分公开"),
    ("withheld", r"不予(?:以)?公开"),
    ("granted", r"(?<!不)(?:予以公开|同意公开|准予公开)"),
    ("partially_granted", r"部分公开"),
    ("unable", r"无法提供"),
    ("rejected", r"不予处理"),
    ("other", r"其他处理"),
)
#: words an outcome pattern cannot match without: a lead without them is not searched with it
#: (tests/test_claims.py checks it)
OUTCOME_NEEDS = {
    "granted+partially_granted": ("部分公开",), "withheld": ("不予",), "granted": ("予以公开", "同意公开", "准予公开"),
    "partially_granted": ("部分公开",), "unable": ("无法提供",), "rejected": ("不予处理",), "other": ("其他处理",),
}
OUTCOME_AFTER = r"^(?:答复|决定|的|为|是|共|计|共计|合计|有|了|类|申请|件数|数量|:)*$"
#: the reason of one table row: a count qualified by one is a sub-row, not the group
SUBREASON = tuple("国家秘密|法律行政法规|禁止公开|三安全|第三方|内部事务|过程性|执法案卷|行政查询|不掌握|"
                  "另行制作|不明确|信访|举报|投诉|重复申请|出版物|反复申请|确认|重新出具|逾期|补正|缴纳|撤回".split("|"))

#: carried forward to next year (every alternative holds 转 or 延)
CARRIED_FORWARD_LEAD = (
    r"(?:结转|转入|转至|转到|顺延|延至|延期)(?:至|到|入)?(?:下一?年度?|下年|次年|明年|[0-9]{4}年度?)(?:继续)?(?:办理|答复|处理)?(?:的)?(?:申请)?(?:有|为|共|计)*$"
    r"|转下一?年度?(?:继续)?(?:办理|答复|处理)?(?:答复)?(?:的)?(?:有|为|共|计)*$"
    r"|结转下一?年度?继续办理(?:的)?(?:有|为|共|计)*$")
CARRIED_FORWARD_TAIL = (
    r"^(?:申请)?(?:结转|转入|转至|转到|顺延|延至|延期)(?:至|到|入)?(?:下一?年度?|下年|次年|明年|[0-9]{4}年度?)"
    r"|^(?:申请)?转下一?年度?")
#: carried over from last year (上一?年度?结转|上年结转|去年结转|上一年度结转)
CARRIED_OVER = ("上年结转", "上一年结转", "上年度结转", "上一年度结转", "去年结转")

#: a channel, applicant kind or period named alone makes the count a subset (网上受理 5 件; also [0-9]月)
SUBSET = tuple("网上|网络|在线|线上|线下|当面|现场|当场|信函|邮寄|传真|电子邮件|邮件|网站|平台|窗口|"
               "自然人|法人|企业|组织|律师|个人|公民|延期|延长|逾期|超期|电话|书面|口头|补正|告知|"
               "协助|会同|配合|指导|督办|联合|季度|上半年|下半年".split("|"))
MONTH = re.compile(r"[0-9]月")
#: a wider noun than information-disclosure applications (受理各类申请 100 件)
WIDER_NOUN = ("各类", "各项", "行政许可", "复议", "诉讼", "审批", "服务", "办件", "事项")
CONCLUDED = ("办结", "答复", "回复", "办理完毕", "处理完毕", "办理完成", "办理完结", "作出答复", "予以答复")
HANDLED = ("办理", "处理")
RECEIVED = ("受理", "收到", "接收", "收悉", "新收", "接到", "接收到")
#: the noun after a count that makes it one of applications (re.match(r"(?:的)?(?:政府)?(?:信息)?(?:公开)?申请"))
APPLICATION_AFTER = tuple(a + b + c + d + "申请" for a in ("的", "") for b in ("政府", "") for c in ("信息", "")
                          for d in ("公开", ""))
DISCLOSURE = ("信息公开", "依申请", "公开申请")
NARROWED_LATER = r"^[^。]{0,6}其中[^。]{0,20}(?:信息公开|依申请)"

CASE_AFTER = r"^(?:申请|案件|案|类案件|类|件|数量?|总数|共|共计|合计|计|为|是|有|达|:)*$"
CASE_EXCLUDE = tuple("维持|纠正|纠错|败诉|胜诉|撤销|驳回|审结|结案|应诉|出庭|被告|其中|审理|受理|复议机关|"
                     "化解|调解|和解|撤诉|终止|确认违法|责令".split("|"))
CASES_TOGETHER = r"(?:行政复议|诉讼)(?:案件)?(?:、|和|及|或|与|以及)$"
CASE_IN_TAIL = r"^(?:的)?(?:涉及|因|关于)?[^,;:。!?0-9]{0,20}?的?(行政复议|行政诉讼)(?:案件)?(?:申请)?$"

ISSUED_VERB = r"(?:发布|出台|制发|印发|制定|新制定|新发布|新出台|新制发|新印发)(?:了)?"
#: what may stand between the verb and the noun: the body's own name, 新, 本年度 (not 涉企, 重大 …)
DOC_QUALIFIER = (r"(?:了|新|我|本|的|及|和|全年|本年度?|年度|制发|出台|印发|[市县区镇乡州省旗盟]|人民|政府|办公室|办公厅|政府办|"
                 r"管委会|机关|单位|局|委|办|中心)*")
#: the nouns hold 规章 or 规范性文件
ISSUED_RE = (ISSUED_VERB + r"(?P<qual>" + DOC_QUALIFIER + r")"
             r"(?P<noun>行政规范性文件|规范性文件|政府规章|规章)(?:共计|共|合计|计|总计)?$")
IN_FORCE_RE = (r"(?:现行有效(?:的)?(?P<qual>" + DOC_QUALIFIER + r")(?P<noun1>行政规范性文件|规范性文件|政府规章|规章)"
               r"|(?P<noun2>行政规范性文件|规范性文件|政府规章|规章)现行有效(?:的)?)(?:共计|共|合计|计|总计|为|有|数量为|数为|件数为)*$")
DOC_EXCLUDE = tuple("清理|废止|修订|修改|审查|审核|备案|解读|征求|转发|起草|合法性|评估|部门|各单位|乡镇|街道|"
                    "县直|市直|区直|上级|汇编|梳理|宣传|培训".split("|"))


#: A count is a claim only if its lead holds a word of its kind (an outcome, carried forward, a case,
#: a document: CLAIM_WORDS; applications received / concluded / handled: APPLICATION_VERBS, with 申请 in
#: the sentence) or its tail does (carried forward, a case: CLAIM_TAIL_WORDS). The lead and the tail are
#: in the count's sentence: a sentence without such words holds no claim. (tests/test_claims.py checks
#: that the words of OUTCOME_RES, the carried-forward patterns, RECEIVED, CONCLUDED and HANDLED hold one.)
CLAIM_WORDS = OUTCOME_WORDS + ("结转", "转入", "转至", "转到", "顺延", "延至", "延期", "转下",
                               "行政复议", "诉讼", "规章", "规范性文件")
APPLICATION_VERBS = ("受理", "收到", "接收", "收悉", "新收", "接到", "办结", "答复", "回复", "办理", "处理")
CLAIM_TAIL_WORDS = ("结转", "转入", "转至", "转到", "顺延", "延至", "延期", "转下", "行政复议", "行政诉讼")


@functools.lru_cache(maxsize=1)
def _claim_word_groups() -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    """CLAIM_WORDS :func:`by_character` (5 of them hold 公, 5 转, 3 延 ...)."""
    return by_character(CLAIM_WORDS)


def _may_claim(text: str, sentence: str) -> bool:
    """``text`` (a lead, or a whole sentence) holds the words some kind of claim needs."""
    return has_any_grouped(text, _claim_word_groups()) or (
        "申请" in sentence and has_any(text, APPLICATION_VERBS))


def _noun_row(noun: str) -> str:
    return "regulations" if "规章" in noun else "normative_documents"


def count_claims(view: View) -> Iterator[Claim]:
    """Every count of the paragraph that a rule could compare with a table cell, classified.

    The claim's kind comes from the words that lead up to the count (since the
    clause start or the previous number). A count inside another breakdown
    (其中/涉及/含…) or next to a comparison word (较上年增加…) is no claim.
    """
    c = view.compact
    if not _may_claim(c, c):
        return  # (no sentence of the paragraph holds the words of a claim: a shortcut)
    sentence_end = -1
    for unit in view.count_positions():
        if unit < sentence_end:
            continue  # a sentence read already
        sentence = view.sentence_of(unit)
        sentence_end = sentence[1]
        text = c[sentence[0]:sentence_end]
        if len(text) < len(c) and not _may_claim(text, text):  # (the whole paragraph: it may)
            continue  # (a shortcut: no count of the sentence is a claim)
        for num in view.sentence_numbers(sentence):
            if not num.is_count:
                continue
            lead_start, lead = view.lead(num, sentence[0])
            tail = view.tail(num)
            if not _may_claim(lead, text) and not has_any(tail, CLAIM_TAIL_WORDS):
                continue  # (a shortcut: _classify would find nothing)
            found = _classify(view, num, sentence, lead_start, lead, tail)
            if found:
                yield Claim(found[0], num.value, num, found[1], sentence)


def _outcome(lead: str):
    """The outcome word that ends ``lead`` (予以公开, 不予公开 …): (kind, start) or None."""
    if not has_any(lead, OUTCOME_WORDS):
        return None
    hits = [(m.end(), -m.start(), kind, m.start()) for kind, rx in OUTCOME_RES if has_any(lead, OUTCOME_NEEDS[kind])
            for m in regex(rx).finditer(lead)]
    if not hits:
        return None
    end, _, kind, start = max(hits)
    if not regex(OUTCOME_AFTER).match(lead[end:]):
        return None
    return kind, start


def _classify(view: View, num: Number, sentence: Tuple[int, int], lead_start: int, lead: str,
              tail: str) -> Optional[Tuple[str, int]]:
    """The kind of claim ``num`` is, and where its words start: (kind, start), or None."""
    # the sentence up to the lead, at most WINDOW characters of it (a run-on PDF "sentence" can be long)
    sentence_start = max(sentence[0], lead_start - WINDOW)
    # outcome of applications: 予以公开 12 件, 因本机关不掌握等原因无法提供 564 件
    if num.unit == "件":
        found = _outcome(lead)
        if found:
            kind, start = found
            before = lead[:start]
            if (has_any(before, SUBREASON) and "等" not in before) or has_any(lead, COMPARISON):
                return None
            return "outcome:" + kind, lead_start + start
    if has_any(lead, COMPARISON) or has_any(lead, CARRIED_OVER):
        return None  # 较上年增加 3 件, 上年结转 2 件
    # carried forward to next year: 结转下一年 31 件, 1件结转下年度继续办理, 另有 103 件顺延到下年度答复
    m = regex(CARRIED_FORWARD_LEAD).search(lead) if "转" in lead or "延" in lead else None
    if m:
        return "carried_forward", lead_start + m.start()
    if ("转" in tail or "延" in tail) and regex(CARRIED_FORWARD_TAIL).match(tail) and not has_any(lead, SUBPART):
        return "carried_forward", num.start
    if has_any(lead, SUBPART) or num.depth > 0:
        return None  # a part of a breakdown, or a count in brackets qualifying what stands before them
    # 行政复议 / 行政诉讼
    if unit_in(num.unit, "件起宗个"):
        case = _case_kind(lead, tail)
        if case:
            kind, offset = case
            return kind, (lead_start + offset) if offset >= 0 else num.start
    if num.unit != "件":
        return None
    # documents: 发布规范性文件 2 件, 现行有效规范性文件 15 件
    about_documents = "规章" in lead or "规范性文件" in lead
    m = regex(ISSUED_RE).search(lead) if about_documents else None
    if m:
        if not has_any(lead, DOC_EXCLUDE):
            return "issued:" + _noun_row(m.group("noun")), lead_start + m.start()
        return None
    m = regex(IN_FORCE_RE).search(lead) if about_documents and "现行有效" in lead else None
    if m:
        if not has_any(lead, DOC_EXCLUDE):
            return "in_force:" + _noun_row(m.group("noun1") or m.group("noun2")), lead_start + m.start()
        return None
    # applications received / concluded
    about_applications = ("申请" in lead or tail.startswith(APPLICATION_AFTER)
                          or "申请" in view.compact[sentence_start:lead_start])
    if not about_applications:
        return None
    # 共受理申请 8 件，其中线上受理 5 件，信函受理 3 件: the 3 is a part, not the total
    before = view.compact[sentence_start:lead_start]
    if "其中" in before and ";" not in before[before.rindex("其中"):]:
        return None
    if (has_any(lead, SUBSET) or MONTH.search(lead)) and "等" not in lead and "、" not in lead:
        return None
    if not has_any(lead, DISCLOSURE) and has_any(lead, WIDER_NOUN):
        return None
    # 受理申请 100 件，其中政府信息公开申请 10 件: the first count is of something wider
    after = view.compact[num.end:sentence[1]]
    if "其中" in after[:8] and regex(NARROWED_LATER).match(after):
        return None
    received = first_index(lead, RECEIVED)
    concluded = first_index(lead, CONCLUDED)
    if received >= 0 and concluded >= 0:
        return "handled", lead_start + min(received, concluded)
    elif received >= 0:
        return "received", lead_start + received
    elif concluded >= 0:
        return "concluded", lead_start + concluded
    else:
        handled = first_index(lead, HANDLED)
        if handled >= 0:
            return "handled", lead_start + handled
    return None


def _find_all(text: str, word: str) -> List[int]:
    """Where ``word`` (a word that cannot overlap itself) occurs in ``text``."""
    out: List[int] = []
    i = text.find(word) if word in text else -1  # (``in`` is the cheaper call when it is not there)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + len(word))
    return out


def _litigation_hits(lead: str) -> List[Tuple[int, int, str]]:
    """行政诉讼, or 诉讼 not after 行 (what ``re.finditer(r"行政诉讼|(?<![行])诉讼")`` finds)."""
    hits = []
    for i in _find_all(lead, "诉讼"):
        if i >= 2 and lead[i - 2:i] == "行政":
            hits.append((i - 2, i + 2, "litigation"))
        elif i == 0 or lead[i - 1] != "行":
            hits.append((i, i + 2, "litigation"))
    return hits


def _case_kind(lead: str, tail: str):
    """'review' / 'litigation' with the offset of the keyword in the lead (-1: the keyword is after)."""
    hits = [(i, i + 4, "review") for i in _find_all(lead, "行政复议")]
    hits += _litigation_hits(lead)
    if hits:
        kinds = {h[2] for h in hits}
        if len(kinds) > 1:
            # 行政复议、行政诉讼 12 件 (together), or 行政复议 2 件、行政诉讼 ... (a later clause)
            last = max(hits)
            between = lead[:last[0]]
            if regex(CASES_TOGETHER).search(between):
                return None
            hits = [last]
        start, end, kind = max(hits)
        rest = lead[end:]
        if not regex(CASE_AFTER).match(rest) or has_any(lead[start:], CASE_EXCLUDE):
            return None
        if has_any(lead[:start], CASE_EXCLUDE):
            return None
        return kind, start
    # 有 1 件涉及政府信息公开工作的行政复议
    m = regex(CASE_IN_TAIL).match(tail) if "行政复议" in tail or "行政诉讼" in tail else None
    if m and not has_any(tail, CASE_EXCLUDE):
        return ("review" if m.group(1) == "行政复议" else "litigation"), -1
    return None


# -- "none" statements ---------------------------------------------------------------------

class NoneClaim(_Record):
    __slots__ = ("kind", "start", "end", "sentence")

    def __init__(self, kind: str, start: int, end: int, sentence: Tuple[int, int]):
        self.kind = kind  # received | concluded | review | litigation
        self.start = start
        self.end = end
        self.sentence = sentence


#: the words of a denial (every alternative of NONE_APPLICATION / NONE_CASES holds one)
NEGATION = ("未", "无", "没有")
NONE_APPLICATION = (
    r"(?:未|没有|无|暂无|尚未|均未)(?P<verb>收到|受理|接到|接收|办理)(?:过)?(?:到)?(?:任何)?"
    r"(?P<mid>[^,;:。!?0-9]{0,30}?)申请(?!人|书|表|渠道|方式|途径|流程|指南|引|产生|导致|材料|事项办理)")
NONE_CASES = (
    r"(?:未|没有|无(?![论需法关疑不须效])|暂无|均未)(?:发生|产生|出现|收到|有|涉及|被提起|被申请|接到)?(?:过)?(?:任何)?"
    r"(?P<mid>[^,;:。!?0-9]{0,30}?)(?P<first>行政复议|行政诉讼)"
    r"(?:(?:案件)?(?:、|和|或|及|以及|与)(?:被|提起)?(?P<second>行政复议|行政诉讼|诉讼))?")
#: (a match of ^(?:案件)?(?:被|中)?(?:纠错|纠正|败诉|撤销|确认违法|改变) right after a statement holds one of these too)
NONE_EXCLUDE = tuple("纠错|纠正|败诉|撤销|确认违法|被纠|改变|责令|重大影响|泄密|舆情|超期|逾期|针对|关于|对于".split("|"))


#: words that make a "none" statement speak of some applications only (未收到法人…的申请)
NONE_SUBSET = tuple("涉及|关于|针对|除|以外|其中|重复|信访|第三方|商业|企业|律师|科研|社会公益|法律服务|"
                    "复议后|直接|未经|当场|逾期|超期".split("|"))
PERSONS = ("公民", "自然人", "个人")
ORGANISATIONS = ("法人", "组织")
CHANNELS = tuple("网上|网络|在线|线上|线下|当面|现场|信函|邮寄|传真|电子邮件|邮件|窗口".split("|"))


def _subset(mid: str) -> bool:
    if has_any(mid, NONE_SUBSET):
        return True
    if has_any(mid, PERSONS) != has_any(mid, ORGANISATIONS):
        return True  # 未收到法人或其他组织的申请: natural persons may have applied
    if has_any(mid, CHANNELS) and "等" not in mid and "、" not in mid:
        return True  # 未收到信函申请
    return False


def none_claims(view: View) -> Iterator[NoneClaim]:
    """未收到…申请 / 未发生…行政复议、行政诉讼: statements that there were none."""
    c = view.compact
    # (a statement starts at its word of denial, or one character before it: 暂无, 尚未, 均未; the
    # searches start there, not at each character before it)
    first = first_index(c, NEGATION)
    if first < 0:
        return
    # (a statement found in a sentence is found in the paragraph: look there first)
    applications = "申请" in c and regex(NONE_APPLICATION).search(c, max(0, first - 1))
    cases = ("行政复议" in c or "行政诉讼" in c) and regex(NONE_CASES).search(c, max(0, first - 1))
    if not applications and not cases:
        return
    for sentence in view.sentences():
        s0, s1 = sentence
        text = c[s0:s1]
        first = first_index(text, NEGATION)
        if first < 0:
            continue
        if applications and "申请" in text:
            for m in regex(NONE_APPLICATION).finditer(text, max(0, first - 1)):
                mid = m.group("mid")
                if has_any(mid, NONE_EXCLUDE) or "复议" in mid or "诉讼" in mid or "因" in mid or _subset(mid):
                    continue
                kind = "concluded" if m.group("verb") == "办理" else "received"
                yield NoneClaim(kind, s0 + m.start(), s0 + m.end(), sentence)
        if cases and ("行政复议" in text or "行政诉讼" in text):
            for m in regex(NONE_CASES).finditer(text, max(0, first - 1)):
                mid = m.group("mid")
                after = text[m.end():m.end() + 12]
                if has_any(mid, NONE_EXCLUDE) or has_any(after, NONE_EXCLUDE) or has_any(mid, NONE_SUBSET):
                    continue
                kinds = {m.group("first"), m.group("second")}
                for name, kind in (("行政复议", "review"), ("行政诉讼", "litigation"), ("诉讼", "litigation")):
                    if name in kinds:
                        yield NoneClaim(kind, s0 + m.start(), s0 + m.end(), sentence)


# -- "all concluded" ------------------------------------------------------------------------

ALL_CONCLUDED_WORDS = ("办结", "完毕", "办理完")  # (every alternative below holds one)
ALL_CONCLUDED = (
    r"(?:已全部|全部已|均已|全部|都已|均已按期|均已按时|已经全部)(?:依法)?(?:办结|办理完毕|处理完毕|办理完结)"
    r"|(?:所有|全部)[^,;:。!?0-9]{0,10}申请(?:均|都)?已[^,;:。!?0-9]{0,8}?(?:办结|办理完成|办理完毕|办理完结)")
SUBJECTS = r"申请|复议|诉讼|诉求|事项|热线|建议|提案|留言|来信|来访|工单|案件|咨询"


def all_concluded_claims(view: View) -> Iterator[Tuple[int, int, Tuple[int, int]]]:
    """全部办结 / 均已办结 / 已全部办结 said of the applications: (start, end, sentence)."""
    c = view.compact
    if not has_any(c, ALL_CONCLUDED_WORDS) or not regex(ALL_CONCLUDED).search(c):
        return  # (a statement found in a sentence is found in the paragraph)
    for sentence in view.sentences():
        s0, s1 = sentence
        text = c[s0:s1]
        for m in regex(ALL_CONCLUDED).finditer(text):
            before = text[max(0, m.start() - WINDOW):m.start()]
            subjects = regex(SUBJECTS).findall(before + m.group(0))
            if not subjects or subjects[-1] != "申请" and "申请" not in m.group(0):
                continue
            clause = text[view.clause_start(s0 + m.start(), s0) - s0:m.start()]
            if has_any(before, CARRIED_OVER) or "上年" in clause or "上一年" in clause:
                continue
            yield s0 + m.start(), s0 + m.end(), sentence


# -- breakdowns: 共 N 条，其中 a 条、b 条 -------------------------------------------------------

class Breakdown(_Record):
    __slots__ = ("total", "parts", "exhaustive", "intro", "sentence", "part_leads")

    def __init__(self, total: Number, parts: List[Number], exhaustive: bool, intro: str,
                 sentence: Tuple[int, int], part_leads: Optional[List[str]] = None):
        self.total = total
        self.parts = parts
        self.exhaustive = exhaustive  # 分别为, 其中…和…, a catch-all 其他 part
        self.intro = intro  # 其中 / 分别为 ...
        self.sentence = sentence
        self.part_leads = [] if part_leads is None else part_leads


#: (every alternative holds 其中, 分别, 包括 or 具体)
#: what introduces the parts: [,:;]?(?(其中|分别为|分别是|分别有|包括|具体为|具体是)(包括)?[,:]?
INTRO_FORMS = ("其中", "分别为", "分别是", "分别有", "包括", "具体为", "具体是")
INTRO_WORDS = ("其中", "分别", "包括", "具体")  # (every form holds one)
_INTRO_MARKS = str.maketrans("", "", ",:;(")  # 其中 without the marks around it
#: what a noun between the count and 其中 / 分别 cannot hold (共发布380条财政资金信息，其中…)
NOUN_STOP = ",;:。!?()0123456789、“”"
PART_STOP = tuple("另有|另外|此外|同比|较上年|比上年|增长|下降|减少|增加|其中|分别".split("|"))
BREAKDOWN_UNITS = "件条篇个"
#: kinds of words: a part whose words are of a kind the first part's are not starts another statement
#: (the last kind is also 处理, but not in 不予处理 / 其他处理: see _kinds; 组织开展 holds 开展 …)
WORD_KINDS = (
    ("予以公开", "同意公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"),
    ("自然人", "法人", "商业企业", "科研机构", "社会公益", "法律服务"),
    ("复议", "诉讼"),
    ("受理", "办理", "办结", "答复", "开展", "召开", "举办", "接待", "清理", "整改", "回复", "解答", "收到", "征集",
     "培训", "撤回", "转办", "结转"),
)


#: the first character of each word of PART_STOP and WORD_KINDS (and of 处理): text without any of
#: them holds none of the words (a cheap test of the short text between two parts)
_STOP_OR_KIND_FIRSTS = frozenset(word[0] for words in (PART_STOP, ("处理",)) + WORD_KINDS for word in words)


def _after_mark(text: str, marks: str) -> str:
    """``text`` without one leading character of ``marks`` (what an optional ``[marks]?`` skips when the
    words after it cannot begin with such a mark)."""
    return text[1:] if text and text[0] in marks else text


def _intro_end(c: str, start: int, end: int) -> int:
    """Where an intro (INTRO_FORMS, with its marks) starting at ``start`` ends (not after ``end``), or -1."""
    i = start
    if i < end and c[i] in ",:;":
        i += 1
    if i < end and c[i] == "(":
        i += 1
    if c[i:i + 2] not in INTRO_WORDS:
        return -1  # (the common case: each form begins with one of them)
    for form in INTRO_FORMS:
        if c.startswith(form, i, end):
            i += len(form)
            break
    else:
        return -1
    if c.startswith("包括", i, end):
        i += 2
    if i < end and c[i] in ",:":
        i += 1
    return i


def _noun_length(after: str) -> int:
    """The length of the shortest noun (≤ 14 characters, no NOUN_STOP) before 其中 / 分别 in ``after``,
    0 if none."""
    for k in range(min(14, len(after)) + 1):
        if k and after[k - 1] in NOUN_STOP:
            break
        rest = _after_mark(after[k:], ",;:")
        if _after_mark(rest, "(").startswith(("其中", "分别")):
            return k
    return 0


def _catch_all(lead: str) -> bool:
    """A part led by 其他 / 其余 / 其它 (after 、 or 和 / 及 / 以及)."""
    text = _after_mark(lead, ",、;")
    for word in ("和", "及", "以及"):
        if text.startswith(word):
            text = text[len(word):]
            break
    return text.startswith(("其他", "其余", "其它"))


def _same_unit(a: str, b: str) -> bool:
    """Units a breakdown may mix: 条 and 篇 (items published); otherwise the total's own."""
    return a == b or {a, b} <= {"条", "篇"}


def _kinds(text: str) -> set:
    return {i for i in range(len(WORD_KINDS)) if _of_kind(text, i)}


def _other_kind(text: str, kinds: set) -> bool:
    """``text`` holds words of a kind not in ``kinds`` (``_kinds(text) - kinds``)."""
    for i in range(len(WORD_KINDS)):
        if i not in kinds and _of_kind(text, i):
            return True
    return False


def _of_kind(text: str, kind: int) -> bool:
    return has_any(text, WORD_KINDS[kind]) or kind == 3 and _handling(text)


def _handling(text: str) -> bool:
    """处理 other than 不予处理 or 其他处理 (``re.search(r"(?<!不予)(?<!其他)处理", text)``)."""
    i = text.find("处理")
    while i >= 0:
        if text[max(0, i - 2):i] not in ("不予", "其他"):
            return True
        i = text.find("处理", i + 1)
    return False


def breakdowns(view: View) -> Iterator[Breakdown]:
    """共 N 条（件/篇/个），其中 a 条、b 条… and N 件，分别为 a 件、b 件…

    The parts are the counts after the introducing word at the same bracket
    depth, up to the end of the sentence, a count of another unit (人, 次 …),
    a second 其中, or a part whose words are of another kind than the first
    part's (其中网上申请 40 件，予以公开 50 件: the second count is no part).
    Once the parts reach the total exactly, the breakdown ends there.
    (Read once per view: CN306 and CN307 both ask.)
    """
    if view._breakdowns is None:
        c = view.compact
        view._breakdowns = list(_breakdowns(view)) if has_any(c, INTRO_WORDS) and view.count_positions() else []
    return iter(view._breakdowns)


def _breakdowns(view: View) -> Iterator[Breakdown]:
    c = view.compact
    sentences = view.sentences()
    # (the unit of a total stands right after a digit: the other sentences need not be read)
    totals = [i for i in view.count_positions() if c[i] in BREAKDOWN_UNITS and c[i - 1] in "0123456789"]
    read = -1
    for unit in totals:  # each sentence holding the unit of a total, in order
        idx = bisect.bisect_right(view._sentence_starts, unit) - 1
        if idx <= read:
            continue
        read = idx
        s0, s1 = sentences[idx]
        # the intro is in the sentence, or begins the next (主动公开政府信息 516 条。其中，……)
        if not has_any(c[s0:s1], INTRO_WORDS) and "其中" not in c[s1:s1 + 4]:
            continue
        for total in view.sentence_numbers((s0, s1)):
            if not unit_in(total.unit, BREAKDOWN_UNITS) or total.approx or total.uncertain or total.chinese:
                continue
            # the noun may follow the count: 共发布380条财政资金信息，其中…
            after = c[total.end:total.end + 16]
            k = total.end + (_noun_length(after) if "其中" in after or "分别" in after else 0)
            scope = (s0, s1)
            start = _intro_end(c, k, s1)
            if start < 0 and k == s1 - 1 and c[k] == "。" and idx + 1 < len(sentences):
                # 主动公开政府信息 516 条。其中，……
                n0, n1 = sentences[idx + 1]
                start2 = _intro_end(c, n0, n1)
                if start2 >= 0 and "其中" in c[n0:start2]:
                    start, k, scope = start2, n0, (n0, n1)
            if start < 0:
                continue
            intro = c[k:start].translate(_INTRO_MARKS)
            depth = view.depth_at(start - 1) if start > 0 else 0
            parts: List[Number] = []
            leads: List[str] = []
            first_kinds: set = set()
            prev_end = start
            running = 0
            skipped = False
            for n in view.numbers_from(scope, start):
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
                if parts and not _STOP_OR_KIND_FIRSTS.isdisjoint(between) and \
                        (has_any(between, PART_STOP) or _other_kind(between, first_kinds)):
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
            catch_all = len(leads) > 1 and _catch_all(leads[-1])
            exhaustive = not skipped and (intro.startswith("分别") or _joined_by_and(c, parts) or catch_all)
            yield Breakdown(total, parts, exhaustive, intro, (s0, s1), leads)


def _joined_by_and(c: str, parts: Sequence[Number]) -> bool:
    if len(parts) < 2:
        return False
    last = parts[-1]
    prev = parts[-2]
    between = c[prev.end:last.start]
    return _after_mark(between, ",、;").startswith(("和", "及", "以及", "与"))


# -- percentages ------------------------------------------------------------------------------

class RateClaim(_Record):
    __slots__ = ("percent", "numerator", "denominator", "label", "start", "sentence")

    def __init__(self, percent: Number, numerator: Number, denominator: Number, label: str, start: int,
                 sentence: Tuple[int, int]):
        self.percent = percent
        self.numerator = numerator
        self.denominator = denominator
        self.label = label  # 办结率, 占比 ...
        self.start = start  # where the label starts
        self.sentence = sentence


RATE = (r"(?P<verb>[按时期限内及依法]{0,4}(?:办结|答复|回复|办理|处理|完成|公开|受理|解决|反馈|回访))率"
        r"(?:为|达|达到|是|:)?$")
DENOMINATOR_VERB = tuple("受理|收到|接收|转办|接到|接收到|共|累计|合计|总计|总数".split("|"))
#: what may stand between a part of a breakdown and its share (re.fullmatch(r"[,]?\(?(?:占|占比|…)?"))
SHARE_BETWEEN = frozenset(a + b + c for a in ("", ",") for b in ("", "(")
                          for c in ("", "占", "占比", "占比为", "占总数的", "占总量的", "占全部的"))


def rate_claims(view: View) -> Iterator[RateClaim]:
    """办结率 99.66% with 受理 82292 件 and 办结 81944 件 in the same sentence; and 其中 a 件，占 p%."""
    c = view.compact
    if "%" not in c:
        return
    # (a rate is named by a word ending in 率 in the sentence of its percentage: the sentences, or
    # the paragraph, without one state none, and their numbers need not be read for rates)
    for sentence in view.sentences() if "率" in c else ():
        s0, s1 = sentence
        text = c[s0:s1]
        if "%" not in text or "率" not in text:
            continue
        numbers = view.sentence_numbers(sentence)
        for k, pct in enumerate(numbers):
            if not pct.is_percent or pct.approx:
                continue
            _, lead = view.lead(pct, s0)
            m = regex(RATE).search(lead) if "率" in lead else None
            if not m:
                continue
            verb = m.group("verb")
            core = verb.lstrip("按时期限内及依法")
            counts = []
            for looked, n in enumerate(reversed(numbers[max(0, k - 41):k]), 1):  # the nearest first
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
                if nl.endswith((verb, verb + "了", verb + "的", verb + "了的")) or \
                        (verb == core and nl.endswith((core, core + "了", core + "的", core + "了的"))):
                    num_cands.append(n)
                elif has_any(nl, DENOMINATOR_VERB) and core not in nl:
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
            # (a share stands right after its part, in its sentence)
            for n in view.numbers_from(part.sentence, part.end):
                if n.start - part.end > 8 or n.start >= b.sentence[1] + 200:
                    break
                if n.is_percent and not n.approx:
                    between = c[part.end:n.start]
                    if between in SHARE_BETWEEN:
                        yield RateClaim(n, part, b.total, "占比", n.start, b.sentence)
                    break
                if n.is_boundary:
                    break


def percent_decimals(pct: Number) -> int:
    value = pct.value
    if isinstance(value, Decimal):
        return max(0, -value.as_tuple().exponent)
    return 0
