"""CN5xx: wording -- table labels, section headings and terms that differ from the official text.

All three rules carry safe fixes that rewrite only the words that differ:
the file's own ordinal style (``(一)`` / ``（一）`` / ``1、``), its brackets
and its line breaks stay as written.

The text helpers at the top (``compact``, ``opcodes``, ``minimal_edits``,
``narrative_paragraphs``) are shared with ``fees`` and ``citations``.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple

from ..diagnostics import Edit, Fix, Severity, Span
from ..labels import label_key, split_label
from ..source import normalise
from . import rule

CN_NUMERALS = "一二三四五六七八九十"


# ---------------------------------------------------------------- shared text helpers
# zero-width characters: not ``str.isspace()``, but white space to a reader
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH_TO_SPACE = dict.fromkeys(map(ord, _ZERO_WIDTH), " ")


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in _ZERO_WIDTH


def _has_zero_width(text: str) -> bool:
    # five `in` tests: faster than a loop over _ZERO_WIDTH or a set
    return "\u200b" in text or "\u200c" in text or "\u200d" in text or "\u2060" in text or "\ufeff" in text


def compact(text: str, base: int = 0) -> Tuple[str, Sequence[int]]:
    """``text`` without white space (PDF line breaks, spaces between characters), and for each
    character of the result its index in ``text`` plus ``base`` (for a slice of a longer text)."""
    if text.isprintable() and " " not in text:
        # white space and zero-width characters are all unprintable, but for the space
        return text, range(base, base + len(text))
    if not text.isascii() and _has_zero_width(text):
        text = text.translate(_ZERO_WIDTH_TO_SPACE)  # same length: offsets stay
    pieces = text.split()
    index: List[int] = []
    at = 0
    for piece in pieces:
        at = text.find(piece, at)  # only white space lies between ``at`` and the piece
        index += range(base + at, base + at + len(piece))
        at += len(piece)
    return "".join(pieces), index


def compact_range(index: Sequence[int], start: int, end: int) -> Tuple[int, int]:
    """Offsets in the original text of the compact slice ``[start, end)``."""
    if end <= start:
        pos = index[start] if start < len(index) else (index[-1] + 1 if index else 0)
        return pos, pos
    return index[start], index[end - 1] + 1


def _longest_match(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int) -> Tuple[int, int, int]:
    """``difflib``'s ``find_longest_match(alo, ahi, blo, bhi)`` without junk: ``(i, j, k)`` with
    ``a[i:i + k] == b[j:j + k]`` inside the ranges, ``k`` the longest there is, then ``i`` the
    earliest, then ``j``; ``(alo, blo, 0)`` when the ranges share no character.

    A block of length ``k`` holds blocks of every shorter length, so the longest length is
    found by bisection, each step asking whether some piece of ``a`` of that length is in
    ``b`` (``str`` searches, not a Python step per pair of equal characters); then the
    earliest such piece, and where it first stands in ``b``."""
    within = b[blo:bhi]
    found, above = 0, min(ahi - alo, bhi - blo) + 1  # a length that occurs, one that does not
    while above - found > 1:
        k = (found + above) // 2
        for i in range(alo, ahi - k + 1):
            if a[i:i + k] in within:
                found = k
                break
        else:
            above = k
    if found:
        for i in range(alo, ahi - found + 1):
            j = within.find(a[i:i + found])
            if j >= 0:
                return i, blo + j, found
    return alo, blo, 0


def opcodes(a: str, b: str) -> List[Tuple[str, int, int, int, int]]:
    """How to turn ``a`` into ``b``: ``difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()``.

    The same algorithm (the longest matching block, the earliest in ``a`` then in ``b``, then
    the same on each side of it), without difflib's junk handling, which labels and titles
    never need, and with the longest block found by substring searches (:func:`_longest_match`);
    difflib is not imported. ``tests/test_wording.py`` keeps the answers equal to difflib's.
    """
    blocks = []
    todo = [(0, len(a), 0, len(b))]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        best_i, best_j, best_k = _longest_match(a, b, alo, ahi, blo, bhi)
        if best_k:
            blocks.append((best_i, best_j, best_k))
            if alo < best_i and blo < best_j:
                todo.append((alo, best_i, blo, best_j))
            if best_i + best_k < ahi and best_j + best_k < bhi:
                todo.append((best_i + best_k, ahi, best_j + best_k, bhi))
    blocks.sort()
    merged = []  # adjacent blocks joined
    i1 = j1 = k1 = 0
    for i2, j2, k2 in blocks:
        if i1 + k1 == i2 and j1 + k1 == j2:
            k1 += k2
        else:
            if k1:
                merged.append((i1, j1, k1))
            i1, j1, k1 = i2, j2, k2
    if k1:
        merged.append((i1, j1, k1))
    merged.append((len(a), len(b), 0))
    out = []
    i = j = 0
    for ai, bj, size in merged:
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            out.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            out.append(("equal", ai, i, bj, j))
    return out


def minimal_edits(written: str, target: str, base: int = 0) -> List[Tuple[int, int, str]]:
    """Edits (start, end, content) that turn ``written`` into ``target``, touching only the
    characters that differ.

    Characters are compared after normalisation (full-width and half-width forms are equal).
    White space in ``written`` is ignored in the comparison and kept in the output, so a
    line break inside a quoted title stays where it is. ``base`` is added to the offsets.
    """
    kept, pos = compact(written)
    edits: List[Tuple[int, int, str]] = []
    for tag, i1, i2, j1, j2 in opcodes(normalise(kept), normalise(target)):
        if tag == "equal":
            continue
        content = target[j1:j2]
        if i1 == i2:  # insertion: right after the previous character (before any white space)
            at = pos[i1 - 1] + 1 if i1 > 0 else (pos[0] if pos else 0)
            edits.append((base + at, base + at, content))
            continue
        # runs of consecutive non-space characters, so white space between them survives
        runs: List[Tuple[int, int]] = []
        for k in range(i1, i2):
            if runs and pos[k] == runs[-1][1]:
                runs[-1] = (runs[-1][0], pos[k] + 1)
            else:
                runs.append((pos[k], pos[k] + 1))
        for n, (s, e) in enumerate(runs):
            edits.append((base + s, base + e, content if n == 0 else ""))
    return edits


def make_fix(report, edits: Sequence[Tuple[int, int, str]], message: str,
             applicability: str = "safe") -> Optional[Fix]:
    if not edits:
        return None
    span = report.span
    return Fix(message=message, applicability=applicability,
               edits=tuple([Edit(span(s, e), c) for s, e, c in edits]))


def _overlaps(span: Optional[Span], start: int, end: int) -> bool:
    return span is not None and span.start.offset < end and start < span.end.offset


def table_ranges(report) -> List[Tuple[int, int]]:
    """Offsets covered by the tables and by every table label met."""
    out = [(t.span.start.offset, t.span.end.offset) for t in report.tables.values() if t.span is not None]
    out += [where for use in report.labels if (where := use.offsets()) is not None]
    return out


def narrative_paragraphs(report, sections: Optional[Sequence[int]] = None, containing: str = "") -> Iterator:
    """Prose paragraphs (preamble and sections, or only ``sections``), without table text; only
    those whose text has ``containing`` in it, when given."""
    if sections is None:
        paragraphs = list(report.paragraphs())
    else:
        paragraphs = [p for s in report.sections if s.number in sections for p in s.paragraphs]
    if containing:
        paragraphs = [p for p in paragraphs if containing in p.text]
        if not paragraphs:
            return
    cover = _table_cover(report)
    for p in paragraphs:
        if not _covered(cover, p.span.start.offset, p.span.end.offset):
            yield p


def _cover(ranges: Iterable[Tuple[int, int]]) -> Tuple[List[int], List[int]]:
    """``ranges`` sorted, as (starts, reach): ``reach[i]`` is the furthest end of the first
    ``i + 1`` ranges, so one lookup tells whether a range starting before a point ends after another."""
    starts: List[int] = []
    reach: List[int] = []
    furthest = -1
    for start, end in sorted(ranges):
        starts.append(start)
        if end > furthest:
            furthest = end
        reach.append(furthest)
    return starts, reach


def _covered(cover: Tuple[Sequence[int], Sequence[int]], start: int, end: int) -> bool:
    """Does one of the ranges of ``cover`` (:func:`_cover`) overlap ``[start, end)``: of those that
    start before ``end``, does one end after ``start``?"""
    starts, reach = cover
    i = bisect.bisect_left(starts, end)
    return i > 0 and reach[i - 1] > start


def _table_cover(report) -> Tuple[Sequence[int], Sequence[int]]:
    """:func:`table_ranges` as a :func:`_cover`; kept on the report."""
    cached = getattr(report, "_gxrules_table_cover", None)
    if cached is not None:
        return cached
    cover = _cover(table_ranges(report))
    try:
        report._gxrules_table_cover = cover
    except AttributeError:  # pragma: no cover - a report type without attributes
        pass
    return cover


# ---------------------------------------------------------------- CN501
def _keep_trailing_space(ordinal: str) -> str:
    """``(一) `` keeps its space; ``三、 `` loses it (CJK punctuation needs none)."""
    stripped = ordinal.rstrip()
    if stripped and stripped[-1].isascii() and stripped[-1] not in "#*":
        return ordinal
    return stripped


def official_label_as_written(written: str, official: str) -> Optional[str]:
    """The official label in the file's own style: the ordinal as written, the characters the
    two share as written (brackets, commas), the rest from the official text. None when the
    result would not read as the official label."""
    sw, so = split_label(written), split_label(official)
    ordinal = _keep_trailing_space(written[:sw.ordinal_len])
    body = written[sw.ordinal_len:]
    target = official[so.ordinal_len:]
    kept, pos = compact(body)
    ascii_brackets = "(" in body and "（" not in body
    out: List[Tuple[str, Optional[int]]] = []  # (char, index in body or None when inserted)
    for tag, i1, i2, j1, j2 in opcodes(normalise(kept), normalise(target)):
        if tag == "equal":
            out += zip(kept[i1:i2], pos[i1:i2])
        elif tag in ("replace", "insert"):
            inserted = target[j1:j2]
            if ascii_brackets:
                inserted = inserted.replace("（", "(").replace("）", ")")
            out += zip(inserted, [None] * len(inserted))
    text = []
    for (ch, src), (next_ch, next_src) in zip(out, out[1:]):
        text.append(ch)
        if src is not None and next_src is not None and next_src != src + 1:
            gap = body[src + 1:next_src]  # the white space between two characters as written
            if gap and (ch.isascii() or next_ch.isascii()):
                text.append(gap)
    if out:
        text.append(out[-1][0])
    result = ordinal + "".join(text)
    if result == written or label_key(result) != _official_key(official):
        return None
    return result


@rule("CN501", "label-wording", severity="warning", fixable=True,
      summary="表格标签与官方表述不一致（错别字或非标准表述）")
def label_wording(report, ctx):
    """A table label differs from the official wording of the format.

    Why: the tables of 国办公开办函〔2021〕30号 have fixed labels; readers, reviewers
    and tools that compare reports across bodies and years look rows up by them.
    A typo (``本年度止件数`` for ``本年废止件数``, ``不在处理`` for ``不再处理``) or a
    home-made wording (``一、本年接收政府信息公开数量``, ``商业机构``) makes the table
    look different from everyone else's and can hide a misplaced row.

    Not reported: differences of spacing, bracket width or ordinal style
    (``(一)`` / ``（一）``), and accepted short forms that only drop the end of a
    label (``（二）部分公开`` without its note).

    Example: ``一、本年度新收到政府信息公开申请数量``.

    Correct: use the official label, ``一、本年新收政府信息公开申请数量``. The fix
    keeps the file's own ordinal and brackets.
    """
    seen = set()
    for use in report.labels:
        if use.variant not in ("alias", "typo") or use.span is None:
            continue
        start, end = use.span.start.offset, use.span.end.offset
        if (start, end) in seen:
            continue
        seen.add((start, end))
        written = report.source.text[start:end]
        w_key = split_label(written).key
        o_key = split_label(use.official).key
        if not w_key or w_key == o_key:
            continue  # spacing, bracket width or ordinal only
        if use.variant == "alias" and o_key.startswith(w_key):
            continue  # an accepted short form: the end of the label (a note, a unit) left out
        fixed = None if "\n" in written or "\r" in written else official_label_as_written(written, use.official)
        kind = "疑似错别字" if use.variant == "typo" else "非标准表述"
        fix = ctx.replace(use.span, fixed, f"改为官方表述「{use.official}」") if fixed else None
        yield ctx.diagnostic(
            use.span, f"表格标签「{written.strip()}」与官方表述「{use.official}」不一致（{kind}）",
            data={"table": use.table, "kind": use.kind, "key": use.key, "found": written,
                  "official": use.official, "variant": use.variant},
            key=f"{use.table}.{use.kind}.{use.key}:{w_key}", fix=fix, severity=_trial_year(report))


# ---------------------------------------------------------------- CN502
def _accepted_headings(year: Optional[int], number: int) -> set:
    from ..data import load

    out = set()
    for item in load("headings").get("accepted", []):
        first, last = item["years"]
        if item["section"] == number and year is not None and first <= year <= last:
            out.add(_official_key(item["title"]))
    return out


@lru_cache(maxsize=None)
def _official_key(text: str) -> str:
    """:func:`label_key` of an official label or title (from the templates and data files: the
    same few strings on every report, never the file's text)."""
    return label_key(text)


def _trial_year(report) -> Optional[Severity]:
    """2019 reports were only encouraged to follow the trial format (国办公开办函〔2019〕60号 二):
    wording findings on them are information, not warnings."""
    return Severity.INFO if report.year_value == 2019 else None


_TRAILING_PUNCT = "。：:.，,；;"


def _locate(haystack: str, needle: str) -> Optional[Tuple[int, int]]:
    """Where ``needle`` stands in ``haystack``, allowing white space to differ."""
    at = haystack.find(needle)
    if at >= 0:
        return at, at + len(needle)
    hc, hi = compact(haystack)
    nc, _ = compact(needle)
    at = hc.find(nc) if nc else -1
    if at < 0:
        return None
    return compact_range(hi, at, at + len(nc))


@rule("CN502", "heading-wording", severity="warning", fixable=True,
      summary="部分标题与官方表述不一致")
def heading_wording(report, ctx):
    """A section heading differs from the official wording of the format.

    Why: the six headings of the format (一、总体情况 … 六、其他需要报告的事项) are
    fixed; reports that paraphrase them (often with the wording of 条例第五十条 or
    of the 2019 trial format) are harder to compare, and the paraphrase can
    change the meaning (``申请行政复议、提起行政诉讼情况`` is not limited to
    政府信息公开 cases).

    Only headings numbered with their own numeral are checked; a wrongly
    numbered heading is CN102's business. Markdown marks (``#``, ``**``) and
    the numeral as written are kept by the fix.

    Example: ``四、申请行政复议、提起行政诉讼情况``.

    Correct: ``四、政府信息公开行政复议、行政诉讼情况``.
    """
    year = report.year_value
    for s in report.sections:
        if not s.numeral or s.number > len(CN_NUMERALS) or s.numeral != CN_NUMERALS[s.number - 1]:
            continue
        found = s.found_title
        sp = split_label(found)
        if sp.key == _official_key(s.title) or sp.key in _accepted_headings(year, s.number):
            continue
        span_text = report.source.text[s.span.start.offset:s.span.end.offset]
        where = _locate(span_text, found)
        official = f"{s.numeral}、{s.title}"
        fix = None
        if where is not None and "\n" not in found and "\r" not in found:
            body = found[sp.ordinal_len:]
            tail = body[len(body.rstrip(_TRAILING_PUNCT + " \t")):]
            new = _keep_trailing_space(found[:sp.ordinal_len]) + s.title + tail
            start = s.span.start.offset + where[0]
            fix = ctx.replace(report.span(start, s.span.start.offset + where[1]), new,
                              f"改为官方表述「{official}」")
            span = report.span(start, s.span.start.offset + where[1])
        else:
            span = s.span
        yield ctx.diagnostic(span, f"部分标题「{found.strip()}」与官方表述「{official}」不一致",
                             data={"section": s.number, "found": found, "official": official},
                             key=f"section-{s.number}:{sp.key}", fix=fix, severity=_trial_year(report))


# ---------------------------------------------------------------- CN503
@lru_cache(maxsize=1)
def _terms() -> Tuple[Tuple[dict, "re.Pattern[str]"], ...]:
    """The term pairs, longest wrong term first, each with the pattern that finds it."""
    from ..data import load

    terms = sorted(load("terms").get("terms", []), key=lambda t: -len(t["wrong"]))
    return tuple((term, _term_pattern(term["wrong"])) for term in terms)


def _term_pattern(word: str) -> "re.Pattern[str]":
    return re.compile(r"[\s\u200b\ufeff]*".join(re.escape(ch) for ch in word))


def _may_occur(text: str, word: str) -> bool:
    """Could :func:`_term_pattern` find ``word`` in ``text``? Where it does, the word's last
    character stands with the others right before it, white space between them aside. The
    last character of a term (费) is rare in a report, its first (信) common, and the pattern
    tries each place of the first: most reports need not run it."""
    last = word[-1]
    at = text.find(last)
    while at >= 0:
        k, i = len(word) - 2, at - 1  # the character of the word, and of the text, to match next
        while k >= 0 and i >= 0:
            ch = text[i]
            if ch == word[k]:
                k -= 1
            elif not (ch.isspace() or ch == "\u200b" or ch == "\ufeff"):  # the pattern's white space
                break
            i -= 1
        if k < 0:
            return True
        at = text.find(last, at + 1)
    return False


def _context(text: str, start: int, end: int, width: int = 8) -> str:
    """A few characters around a match, without white space: tells occurrences apart in a
    baseline without depending on line numbers."""
    before = compact(text[max(0, start - 3 * width):start])[0][-width:]
    after = compact(text[end:end + 3 * width])[0][:width]
    return f"{before}|{after}"


@rule("CN503", "nonstandard-term", severity="info", fixable=True,
      summary="使用了非标准术语（如「信息公开处理费」应为「信息处理费」）")
def nonstandard_term(report, ctx):
    """A non-standard term is used for a standard one.

    Why: the statute and the measures name things precisely: 《条例》第四十二条 and
    国办函〔2020〕109号 speak of 信息处理费 (政府信息公开信息处理费), never of
    「信息公开处理费」. Using the official term keeps reports searchable and shows
    the fee is the statutory one. The pairs are data (``gxrules/data/terms.toml``).

    Example: ``本年度未收取信息公开处理费。``

    Correct: ``本年度未收取信息处理费。`` The fix edits only the characters that differ.
    """
    text = report.source.text
    taken: List[Tuple[int, int]] = []
    for term, pattern in _terms():
        if not _may_occur(text, term["wrong"]):
            continue
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            if any(ts < e and s < te for ts, te in taken):
                continue
            taken.append((s, e))
            edits = minimal_edits(m.group(), term["right"], base=s)
            fix = make_fix(report, edits, f"改为「{term['right']}」")
            yield ctx.diagnostic(report.span(s, e), f"「{term['wrong']}」不是规范用语，应为「{term['right']}」",
                                 data={"found": term["wrong"], "standard": term["right"], "why": term.get("why", "")},
                                 key=f"term:{term['wrong']}:{_context(text, s, e)}", fix=fix)
