"""HTML pages saved from government portals.

The page is parsed with Beautiful Soup (its ``html.parser`` tree builder,
which records where each tag starts); the report keeps the HTML text itself
as its source, so every position -- of a cell, a label, a paragraph --
points into the file as saved.

* Paragraphs and headings (``<p>``, ``<h1>``-``<h6>``, ``<li>``, text-only
  ``<div>`` ...) become blocks of their own.
* Each ``<table>`` is expanded into a grid (``rowspan``/``colspan``), and each
  grid row is fed to the table reader as label and value cells in column
  order, each cell with the offsets of its text in the HTML.
* The normalised view of the source has the markup blanked out (tags and
  comments as spaces, ``&nbsp;`` as one space and padding), so rules that
  read the text see words, not tags, at the right offsets.
"""
from __future__ import annotations

import html
import re
from typing import Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

from .cells import RawCell
from .model import Report
from .source import SourceText, normalise

BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "pre", "blockquote", "caption",
              "div", "section", "article", "td", "th", "header", "footer", "center", "form", "ul", "ol",
              "dl", "main", "aside", "nav", "figure", "figcaption", "address", "body", "html", "table"}
SKIP_TAGS = {"script", "style", "head", "noscript", "template", "iframe", "svg", "select", "option", "button"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

_SNIFF = re.compile(r"<\s*(?:!doctype|html|head|body|p|div|table|h[1-6]|span|meta)\b", re.I)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_SPACE = re.compile(r"[\s\u3000\u00a0\u200b]+")


def is_html(source: SourceText) -> bool:
    """An .html/.htm file, or text that starts with a tag."""
    path = (source.path or "").lower()
    if path.endswith((".html", ".htm", ".xhtml", ".shtml")):
        return True
    head = source.text[:2048].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and bool(_SNIFF.search(head[:512]))


# ---------------------------------------------------------------- the raw text, char by char
_MARKUP = re.compile(
    r"(?P<skip><(?P<raw>script|style)\b[^>]*>.*?</(?P=raw)\s*>)"
    r"|(?P<comment><!--.*?(?:-->|$))"
    r"|(?P<tag></?[A-Za-z][^>]*>?|<![^>]*>?|<\?[^>]*>?)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)",
    re.I | re.S)


def _markup_spans(text: str) -> Iterator[Tuple[int, int, str]]:
    """(start, end, kind) of every piece of markup: tag, comment, script/style, entity."""
    for m in _MARKUP.finditer(text):
        yield m.start(), m.end(), m.lastgroup if m.lastgroup != "raw" else "skip"


def masked_view(text: str, markup: Optional[List[Tuple[int, int, str]]] = None) -> str:
    """The text with markup blanked out (same length): what the rules read."""
    out: List[str] = []
    pos = 0
    for s, e, kind in (markup if markup is not None else _markup_spans(text)):
        out.append(text[pos:s])
        raw = text[s:e]
        if kind == "entity":
            ch = html.unescape(raw).replace("\u00a0", " ")
            out.append(ch + " " * (len(raw) - len(ch)) if len(ch) <= len(raw) else " " * len(raw))
        elif "\n" in raw or "\r" in raw:
            out.append(re.sub(r"[^\r\n]", " ", raw))  # keep line breaks, so that lines stay lines
        else:
            out.append(" " * len(raw))
        pos = e
    out.append(text[pos:])
    return normalise("".join(out))


class _Chars:
    """The decoded characters of the HTML from an offset on, with the raw span of each."""

    def __init__(self, text: str, markup: List[Tuple[int, int, str]]):
        self.text = text
        self.markup = markup
        self.starts = [m[0] for m in markup]

    def from_offset(self, offset: int) -> Iterator[Tuple[str, int, int]]:
        import bisect

        text = self.text
        k = bisect.bisect_right(self.starts, offset) - 1
        if k >= 0 and self.markup[k][1] > offset:
            offset = self.markup[k][0]
        else:
            k += 1
        i = offset
        while i < len(text):
            if k < len(self.markup) and self.markup[k][0] == i:
                s, e, kind = self.markup[k]
                if kind == "entity":
                    for ch in html.unescape(text[s:e]):
                        yield ch, s, e
                i = e
                k += 1
                continue
            yield text[i], i, i + 1
            i += 1


def _locate(chars: _Chars, offset: int, target: str) -> Optional[Tuple[int, int]]:
    """Raw (start, end) of the text ``target`` (an element's text) read from ``offset`` on."""
    want = [ch for ch in target]
    if not "".join(want).strip():
        return None
    first = last = None
    k = 0
    for ch, s, e in chars.from_offset(offset):
        if k >= len(want):
            break
        if ch == want[k] or (ch.isspace() and want[k].isspace()):
            if not ch.isspace() and ch != "\u00a0":
                if first is None:
                    first = s
                last = e
            k += 1
        elif ch.isspace():
            continue  # white space bs4 did not keep
        else:
            return (first, last) if first is not None else None
    if first is None:
        return None
    return first, last


# ---------------------------------------------------------------- the page as blocks
def read_html(source: SourceText, templates, aliases=None, template: Optional[str] = None,
              index_cache: Optional[dict] = None) -> Report:
    from bs4 import BeautifulSoup, NavigableString, Tag

    from .diagnostics import Span
    from .parser import parse_lines
    from .reader import Block, grid_fragments, read_report

    text = source.text
    markup = list(_markup_spans(text))
    source._norm = masked_view(text, markup)
    chars = _Chars(text, markup)
    newline_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    soup = BeautifulSoup(text, "html.parser")
    blocks: List[Block] = []

    def offset_of(tag) -> Optional[int]:
        line = getattr(tag, "sourceline", None)
        col = getattr(tag, "sourcepos", None)
        if line is None or col is None or line - 1 >= len(newline_starts):
            return None
        return newline_starts[line - 1] + col

    def add_text_block(node, start: Optional[int], kind: str = "html_block") -> None:
        plain = node.get_text() if isinstance(node, Tag) else str(node)
        if not plain.strip() or start is None:
            return
        where = _locate(chars, start, plain)
        if where is None:
            return
        s, e = where
        blocks.append(Block(number=0, kind=kind, text=text[s:e], span=source.span(s, e),
                            plain=_SPACE.sub(" ", plain).strip(), hard=True))

    def add_table(table) -> None:
        rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
        spans: Dict[Tuple[int, int], bool] = {}
        for r, tr in enumerate(rows):
            col = 0
            cells: List[RawCell] = []
            for td in tr.find_all(["td", "th"], recursive=False):
                while spans.get((r, col)):
                    col += 1
                try:
                    rowspan = max(1, min(int(td.get("rowspan", 1) or 1), 200))
                    colspan = max(1, min(int(td.get("colspan", 1) or 1), 50))
                except ValueError:
                    rowspan = colspan = 1
                for dr in range(rowspan):
                    for dc in range(colspan):
                        spans[(r + dr, col + dc)] = True
                col += colspan
                plain = _SPACE.sub("", td.get_text()) if _is_cjk_label(td.get_text()) else \
                    _SPACE.sub(" ", td.get_text()).strip()
                start = offset_of(td)
                where = _locate(chars, start, td.get_text()) if start is not None else None
                if where is None:
                    pos = start if start is not None else 0
                    cells.append(RawCell("", pos, pos))
                else:
                    cells.append(RawCell(plain, where[0], where[1]))
            start = offset_of(tr)
            if start is None:
                continue
            end = max([c.end for c in cells] + [start])
            number = len(blocks) + 1
            block = Block(number=number, kind="html_row", text=text[start:end],
                          span=source.span(start, end), hard=True)
            block.fragments = grid_fragments(cells, block.line, number, number)
            blocks.append(block)

    def walk(node) -> None:
        for child in list(node.children):
            if isinstance(child, NavigableString):
                if type(child).__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction"):
                    continue
                body = child.strip()
                if body:
                    # text directly in a container (a heading between two tables): find it after
                    # the tag before it, as written, or character by character when it has entities
                    prev = child.find_previous(lambda t: isinstance(t, Tag))
                    start = (offset_of(prev) if prev is not None else 0) or 0
                    at = text.find(body, start)
                    if at >= 0:
                        blocks.append(Block(number=0, kind="html_block", text=body,
                                            span=source.span(at, at + len(body)),
                                            plain=_SPACE.sub(" ", body), hard=True))
                    else:
                        add_text_block(child, start)
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name in SKIP_TAGS:
                continue
            if name == "table":
                add_table(child)
                continue
            if name in BLOCK_TAGS and not _has_blocks(child):
                add_text_block(child, offset_of(child))
                continue
            if name in BLOCK_TAGS or _has_blocks(child):
                walk(child)
                continue
            add_text_block(child, offset_of(child))

    walk(soup)
    blocks.sort(key=lambda b: b.span.start.offset)
    for n, b in enumerate(blocks, 1):
        b.number = n
        if b.fragments is not None:
            for f in b.fragments:
                f.row = n
                f.block = n
    lines = parse_lines(source)
    return read_report(source, templates, aliases, template, index_cache, blocks=blocks, lines=lines)


def _has_blocks(tag) -> bool:
    from bs4 import Tag

    return any(isinstance(d, Tag) and d.name and d.name.lower() in BLOCK_TAGS for d in tag.descendants)


def _is_cjk_label(text: str) -> bool:
    """Chinese label text: spaces and line breaks inside are layout, not words (``本年新<br/>制作数量``)."""
    t = text.strip()
    return bool(t) and bool(re.search(r"[\u4e00-\u9fff]", t)) and not re.search(r"[A-Za-z]{2}", t)


__all__ = ["is_html", "read_html", "masked_view"]
