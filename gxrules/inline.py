"""Reports whose text runs together on one line (pages saved by crawlers).

A crawler that keeps only the text of a page may write the whole report on
one physical line: headings, paragraphs and the three tables, with the cells
of each table row glued to their label (``行政处罚1282行政强制42``). This
module cuts such a line into pieces that still point into the file:

* :func:`is_run_together` says whether a line is one of these;
* :func:`split_sections` cuts it at the section headings (``二、主动公开政府信息情况``);
* :func:`table_fragments` cuts a table section into label fragments (found by
  the template's labels) and the runs of digits between them, which
  :mod:`gxrules.runtogether` later splits into cells.
"""
from __future__ import annotations

import functools
import operator
import re
from typing import Dict, List, Optional, Tuple

from .cells import RawCell, looks_like_value
from .labels import AliasIndex
from .source import normalise

LONG_LINE = 300
_DIGITS = re.compile(r"[0-9]{3,}")
_HEADING = re.compile(r"([一二三四五六七八九十])\s*、\s*([^。；;!！?？\r\n]{2,30}?(?:情况|事项))")
_ORDINAL_BEFORE = {
    "cn": re.compile(r"([一二三四五六七八九十]{1,3})\s*[、.]\s*$"),
    "paren": re.compile(r"[(（]\s*([一二三四五六七八九十]{1,3})\s*[)）]\s*$"),
    "num": re.compile(r"([0-9]{1,2})\s*[.、,]\s*$"),
}
_STRIP_CHARS = set(ch for ch in "\u3000\u200b\u00a0#*`_|()（）[]【】〔〕,，、.。．:：;；!！?？“”\"'‘’「」『』《》〈〉<>·—-–~～/／\\")
_CLOSING = set(")）”\"’」』》〉】]")
# a run of characters that are neither white space nor stripped, or a "." or "-" (kept between digits)
_KEPT = re.compile("([^\\s" + "".join(re.escape(ch) for ch in sorted(_STRIP_CHARS)) + "]+|[.\\-])")
_A_DIGIT = re.compile("[0-9]")
_NOT_SPACE = re.compile(r"\S+")
_span = operator.methodcaller("span")
_raw_cell = functools.partial(tuple.__new__, RawCell)  # RawCell((text, start, end)) without its __new__
_VALUE_TEXT = re.compile(r"^[0-9.\-+\s]*(?:万元|元|件|个|条|项|次|人|%)?[0-9.\-+\s]*$")


def is_run_together(text: str, norm: Optional[str] = None) -> bool:
    """A long line with many numbers glued to Chinese text: a crawler's one-line report.

    ``norm``: ``text`` normalised, when the caller has it.
    """
    if len(text) < LONG_LINE:
        return False
    if norm is None:
        norm = normalise(text)
    glued = 0  # runs of three digits or more right after a Chinese character or a closing bracket
    for m in _DIGITS.finditer(norm):
        before = norm[m.start() - 1] if m.start() else ""
        if before and ("\u4e00" <= before <= "\u9fff" or before in ")）"):
            glued += 1
            if glued == 5:
                return True
    return False


def find_headings(text: str, is_heading, norm: Optional[str] = None) -> List[Tuple[int, int]]:
    """(start, end) of the section headings inside ``text`` (offsets into ``text``).

    ``is_heading(candidate)`` decides (it knows the template's section keywords); ``norm`` is
    ``text`` normalised, when the caller has it.
    """
    out = []
    if norm is None:
        norm = normalise(text)
    for m in _HEADING.finditer(norm):
        cand = norm[m.start():m.end()]
        if is_heading(cand):
            out.append((m.start(), m.end()))
    return out


# ---------------------------------------------------------------- labels inside a run
def _trie_pattern(keys: List[str]) -> str:
    trie: Dict = {}
    for k in keys:
        node = trie
        for ch in k:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if end else body

    return build(trie)


def _label_regex(index: AliasIndex):
    cached = getattr(index, "_inline_re", None)
    if cached is None:
        keys = sorted(k for k in index._index if len(k) >= 2)
        cached = re.compile(_trie_pattern(keys))
        index._inline_re = cached
    return cached


def _key_view(norm: str, start: int, end: int) -> Tuple[str, List[int]]:
    """The text without spaces and punctuation (digits, decimal points and signs kept), with offsets."""
    chars: List[str] = []
    offsets: List[int] = []
    # the text dropped before the first run kept, then each run kept (or "." or "-") and the text
    # dropped after it
    pieces = _KEPT.split(norm[start:end])
    pos = start + len(pieces[0])
    for k in range(1, len(pieces), 2):
        ch = pieces[k]
        if ch == "." or ch == "-":
            nxt = norm[pos + 1] if pos + 1 < end else ""
            prev = norm[pos - 1] if pos > start else ""
            if not ((ch == "." and prev.isdigit() and nxt.isdigit()) or (ch == "-" and nxt.isdigit())):
                pos += 1 + len(pieces[k + 1])
                continue
        chars.append(ch)
        offsets += range(pos, pos + len(ch))
        pos += len(ch) + len(pieces[k + 1])
    return "".join(chars), offsets


def _ordinals(index: AliasIndex) -> Dict[str, Tuple[Tuple[str, str], ...]]:
    """For each label key whose matches have an ordinal (``（三）``, ``二、``, ``3.``): the kind of
    each ordinal (a key of ``_ORDINAL_BEFORE``) and its number, in the order of the matches.
    Built once per index, like its regular expression."""
    cached = getattr(index, "_inline_ordinals", None)
    if cached is None:
        cached = {}
        for key, matches in index._index.items():
            wanted = []
            for mt in matches:
                o = mt.ordinal
                if not o:
                    continue
                if o.startswith("("):
                    wanted.append(("paren", o[1:-1]))
                elif o[:-1] and o[0] in "一二三四五六七八九十":
                    wanted.append(("cn", o[:-1]))
                else:
                    wanted.append(("num", o[:-1]))
            if wanted:
                cached[key] = tuple(wanted)
        index._inline_ordinals = cached
    return cached


def _ordinal_start(norm: str, start: int, s: int, wanted: Tuple[Tuple[str, str], ...]) -> Optional[int]:
    """Where the ordinal written before a label at ``s`` begins, when it is one of the label's
    ``wanted`` ordinals (see :func:`_ordinals`); None otherwise."""
    before = norm[max(start, s - 8):s]
    base = s - len(before)
    for kind, number in wanted:
        om = _ORDINAL_BEFORE[kind].search(before)
        if om is None:
            continue
        if kind != "num":
            if om.group(1) == number:
                return base + om.start()
        elif om.group(1).endswith(number):
            # "3252.没有…": the digits are 325, the ordinal is "2."
            return base + om.start(1) + len(om.group(1)) - len(number)
    return None


def table_fragments(text: str, norm: str, start: int, end: int, index: AliasIndex):
    """Cut ``text[start:end]`` into label and packed-run pieces.

    Returns a list of (kind, RawCell list, group) where kind is ``label``,
    ``packed`` (digits that may hold several cells) or ``other`` (text that
    is neither), and ``group`` numbers a label together with the run glued to it.
    """
    key, offsets = _key_view(norm, start, end)
    ordinals = _ordinals(index)
    out = []
    group = 0
    prev_end = start

    def gap(a: int, b: int):
        stripped_norm = norm[a:b]
        digits = stripped_norm.strip()
        if digits.isdigit() and digits.isascii():  # the usual run of digits (one token)
            i = a + len(stripped_norm) - len(stripped_norm.lstrip())
            j = i + len(digits)
            out.append(("packed", [_raw_cell((text[i:j], i, j))], group))
            return
        piece = text[a:b]
        body = piece.strip()
        if not body:
            return
        if _VALUE_TEXT.match(stripped_norm) and _A_DIGIT.search(stripped_norm):
            tokens = [_raw_cell((text[a + i:a + j], a + i, a + j))
                      for i, j in map(_span, _NOT_SPACE.finditer(stripped_norm))]
            out.append(("packed", tokens, group))
            return
        lead = len(piece) - len(piece.lstrip())
        cell = _raw_cell((body, a + lead, a + lead + len(body)))
        out.append(("packed" if looks_like_value(body) else "other", [cell], group))

    for m in _label_regex(index).finditer(key):
        k_start, k_end = m.span()
        if k_end == k_start:
            continue
        s, e = offsets[k_start], offsets[k_end - 1] + 1
        while e < end and norm[e] in _CLOSING:
            e += 1  # closing brackets and quotes belong to the label
        wanted = ordinals.get(m.group())
        if wanted:
            # the ordinal written before the label belongs to it (and not to the digits before it)
            with_ordinal = _ordinal_start(norm, start, s, wanted)
            if with_ordinal is not None:
                s = with_ordinal
        if s < prev_end:
            s = prev_end
        elif s > prev_end:
            gap(prev_end, s)
        group += 1
        out.append(("label", [_raw_cell((text[s:e], s, e))], group))
        prev_end = e
    gap(prev_end, end)
    return out


__all__ = ["is_run_together", "find_headings", "table_fragments", "LONG_LINE"]
