"""HTML pages saved from government portals.

One regular-expression scan finds the markup of the page (tags, comments,
script/style; an element holding only text, or only such an element, in one
match); the text between is kept as *pieces* with their file offsets (each
entity a piece of its own), and the tags build a small element tree the way Python's
``html.parser`` with Beautiful Soup's tree builder nests them (an end tag
closes the most recent open element of its name and is ignored when none is
open; void elements such as ``<br>`` and ``<x/>`` have no content). The report
keeps the HTML text itself as its source, so every position -- of a cell, a
label, a paragraph -- points into the file as saved.

* Paragraphs and headings (``<p>``, ``<h1>``-``<h6>``, ``<li>``, text-only
  ``<div>`` ...) become blocks of their own.
* Each ``<tr>`` of a ``<table>`` is fed to the table reader as its label and
  value cells in document order (``rowspan``/``colspan`` move no cell), each
  cell with the offsets of its text in the HTML.
* The normalised view of the source has the markup blanked out (tags and
  comments as spaces, ``&nbsp;`` as one space and padding), so rules that
  read the text see words, not tags, at the right offsets.
"""
from __future__ import annotations

import bisect
import functools
import html
import re
import sys
from typing import Dict, Iterator, List, Optional, Tuple, Union

from .cells import RawCell, _raw_cell
from .model import Report
from .source import SourceText, normalise

BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "pre", "blockquote", "caption",
              "div", "section", "article", "td", "th", "header", "footer", "center", "form", "ul", "ol",
              "dl", "main", "aside", "nav", "figure", "figcaption", "address", "body", "html", "table"}
SKIP_TAGS = {"script", "style", "head", "noscript", "template", "iframe", "svg", "select", "option", "button"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# elements that never have content (HTML void elements, as Beautiful Soup's HTML tree builders list them)
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "menuitem", "meta",
             "param", "source", "track", "wbr", "basefont", "bgsound", "command", "frame", "image", "isindex",
             "nextid", "spacer"}
_VOID_OR_RAW = VOID_TAGS | {"script", "style"}  # elements whose content is not read as such

_SNIFF = re.compile(r"<\s*(?:!doctype|html|head|body|p|div|table|h[1-6]|span|meta)\b", re.I)
_SPACE = re.compile(r"[\s\u3000\u00a0\u200b]+")


def is_html(source: SourceText) -> bool:
    """An .html/.htm file, or text that starts with a tag."""
    path = (source.path or "").lower()
    if path.endswith((".html", ".htm", ".xhtml", ".shtml")):
        return True
    head = source.text[:2048].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and bool(_SNIFF.search(head[:512]))


# ---------------------------------------------------------------- the markup, one scan
# Markup is read as Python's ``html.parser`` reads it (Lib/html/parser.py, 3.11): a start tag is
# ``locatestarttagend_tolerant`` (quoted attribute values may hold ``>``) ended by ``>`` or ``/>``;
# an end tag is ``endtagfind`` (``</ td >``) or a name ended by the next ``>``; ``</>`` is nothing
# and ``</`` before any other character is a bogus comment up to ``>``.
#
# The scan is linear on hostile input because its quantifiers give nothing back: possessive
# quantifiers (``*+``) and an atomic group (``(?>...)``), which the re module accepts only from
# Python 3.11. Before 3.11 (gxrules supports 3.9) it is written with plain quantifiers that
# nothing after them can match -- ``[^<]*`` before ``<``, ``[^"]*`` before ``"``, a tag name
# before a character that cannot be in one, checked by a lookahead where what follows could --
# so giving characters back never leads to a match, and with the one ambiguous part,
# html.parser's reading of any attributes, made atomic by a lookahead that captures it and a
# backreference. The two find the same (tests/test_html_compat.py holds them equal); the plain
# form is slower on 3.11, where each quantifier that may give back costs a step of the engine.
def _markup_pattern(possessive: bool) -> str:
    """The markup scan, with possessive quantifiers (Python 3.11+) or without (any Python)."""
    p = "+" if possessive else ""  # after a quantifier: give nothing back
    name = r"[a-zA-Z][^\t\n\r\f />\x00]*" + p
    # where what follows a start tag's name could be part of it (\v, \xa0, ' or " in a name)
    name_end = "" if possessive else r"(?![^\t\n\r\f />\x00])"

    def atomic(pattern: str, group: str) -> str:
        return f"(?>{pattern})" if possessive else rf"(?=(?P<{group}>{pattern}))(?P={group})"

    any_attributes = (r"""(?:[\s/]*(?:(?<=['"\s/])[^\s/>][^\s/=>]*"""
                      r"""(?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?(?:\s|/(?!>))*)*)?\s*""")
    plain_attributes = (rf"""(?:\s+[a-zA-Z_:][-.\w:]*{p}"""
                        rf"""(?:\s*=\s*(?:"[^"]*{p}"|'[^']*{p}'|[^\s>"'=]+{p}))?{p})*{p}\s*""")
    # the quickest to match: no ' < > or NUL, and every = right after a name and before a "value"
    # (no < or > in it): html.parser reads names, spaces and values and takes all of it
    quoted_attributes = (rf"""(?:[\t\n\r\f ](?:[^<>"'=\x00]*{p}(?<![\s/"])="[^"<>]*{p}")*{p}"""
                         rf"""[^<>"'=\x00]*{p})?""")
    # an element that holds only text and is closed at once (``<p align="center">13</p>``), or
    # only such an element (``<td><p>13</p></td>``), is read in the same match as its start tag:
    # not ``<x/>``, its name plain (a void, script or style element is read again tag by tag: see
    # _Page._read)
    plain_end = r"</(?=[a-zA-Z][-.a-zA-Z0-9:_]*>)"
    leaf = (rf"(?:(?<=[^/]>)(?:(?P<leaf_text>[^<]*{p})"
            rf"|<(?P<inner_name>{name}){quoted_attributes}(?<!/)>"
            rf"(?P<inner_text>[^<]*{p}){plain_end}(?P=inner_name)>)"
            rf"{plain_end}(?P=start_name)>)?")
    return (
        # a start tag: first as most are written (name="value" ...), where html.parser's reading
        # is plain, then as it reads any other
        rf"<(?:(?P<start>(?P<start_name>{name})(?:{quoted_attributes}|{name_end}{plain_attributes}"
        rf"|{name_end}{atomic(any_attributes, '_any1')})/?>){leaf}"
        r"|/(?:(?P<end>\s*(?P<end_name>[a-zA-Z][-.a-zA-Z0-9:_]*)\s*>"
        r"|(?P<end_name2>[a-zA-Z][^\t\n\r\f />\x00]*)[^>]*>)"
        r"|(?P<nothing>>)|(?P<bogus>[^>]*>))"
        # a start tag cut short: html.parser keeps it as text, up to the first ``>`` when it
        # stopped before a letter, ``=`` or ``/``, else up to where it stopped
        rf"|(?P<text>(?={name}{name_end}{atomic(any_attributes, '_any2')}[a-zA-Z=/])[^>]*>"
        rf"|{name}{name_end}{atomic(any_attributes, '_any3')}(?![a-zA-Z=/]|\Z))"
        r"|(?P<comment>!--)"  # up to --> (see _Page._read)
        r"|(?P<decl>![^>]*>|\?[^>]*>))")


_MARKUP = re.compile(_markup_pattern(sys.version_info >= (3, 11)), re.S)
_START, _START_NAME, _INNER_NAME, _END_NAME, _END_NAME2 = (
    _MARKUP.groupindex[g] for g in ("start", "start_name", "inner_name", "end_name", "end_name2"))
# entities, in the text between markup
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_COMMENT_END = re.compile(r"--\s*>")


@functools.lru_cache(maxsize=None)
def _raw_end(name: str) -> "re.Pattern[str]":
    """The end of a script or style element, as html.parser finds it."""
    return re.compile(rf"</\s*{name}\s*>", re.I)


def masked_view(text: str) -> str:
    """The text with markup blanked out (same length): what the rules read."""
    return _Page(text).masked


_NOT_BREAKS = re.compile(r"[^\r\n]+")


def _spaces(m: "re.Match[str]") -> str:
    return " " * (m.end() - m.start())


def _blank(markup: str) -> str:
    """Spaces for a piece of markup, its line breaks kept (so that lines stay lines)."""
    if "\n" in markup or "\r" in markup:
        return _NOT_BREAKS.sub(_spaces, markup)
    return " " * len(markup)


# html.parser's own reading of a start tag's name and attributes (Lib/html/parser.py)
_TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRIBUTE = re.compile(r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?"
                        r"(?:\s|/(?!>))*")


def _start_tag(tag: str) -> Tuple[Dict[str, str], bool]:
    """The attributes of a start tag as written (the last of a repeated name wins), and whether it
    closes itself (``<div/>``, ``<br />``; not ``<a href=/x/>``)."""
    k = _TAG_NAME.match(tag, 1).end()
    attrs: Dict[str, str] = {}
    while k < len(tag):
        m = _ATTRIBUTE.match(tag, k)
        if not m:
            break
        name, rest, value = m.group(1, 2, 3)
        if not rest:
            value = ""
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        attrs[name.lower()] = html.unescape(value) if value else value
        k = m.end()
    return attrs, tag[k:].strip() == "/>"


# ---------------------------------------------------------------- the page as a tree
class _Text:
    """A run of text between two tags (entities decoded), as one string of the tree."""

    __slots__ = ("first", "last", "after")

    def __init__(self, first: int, after: Optional[int]):
        self.first = self.last = first  # its pieces: page.strings[first:last]
        self.after = after  # offset of the last start tag before it (None: none)


class _Element:
    """An element: its name, where its start tag is, its children, its text.

    An element holding only text read in one match (``<p>13</p>``) has no child: its text is
    ``first:last``, and the runs of an element without blocks are never read.
    """

    __slots__ = ("name", "start", "children", "first", "last", "has_blocks")

    def __init__(self, name: str, start: int, first: int):
        self.name = name
        self.start = start
        self.children: List[Union["_Element", _Text]] = []
        self.first = self.last = first  # its text: page.strings[first:last]
        self.has_blocks = False  # a descendant is a block element (BLOCK_TAGS)


class _Page:
    """An HTML page read once: its text pieces with their raw offsets, its element tree, and its
    masked view (the text with markup blanked, same length, normalised).

    A piece is a stretch of text between two pieces of markup (``strings[i] ==
    text[starts[i]:ends[i]]``) or one entity (``strings[i]`` its decoded characters).
    """

    def __init__(self, text: str):
        self.starts: List[int] = []
        self.ends: List[int] = []
        self.strings: List[str] = []
        self.entity: List[bool] = []
        self.root = _Element("[document]", 0, 0)
        self.rows: Dict[_Element, List[_Element]] = {}  # table -> its <tr> (not those of a table inside)
        self.masked = ""
        self._read(text)

    def _read(self, text: str) -> None:
        starts, ends, strings, entity = self.starts, self.ends, self.strings, self.entity
        stack = [self.root]  # the open elements; each is a child of the one below
        top = self.root  # stack[-1]
        closed_voids: List[str] = []  # void elements seen: one end tag each is ignored
        run: Optional[_Text] = None  # the run of text being read
        last_tag: Optional[int] = None  # where the last start tag is
        decoded: Dict[str, str] = {}  # an entity as written -> its characters (this page's)
        closing: Dict[str, bool] = {}  # a start tag ending in "/>" -> whether it closes itself

        # after the last ``>`` no markup but an entity is complete: from the first ``<`` there on,
        # html.parser keeps the rest as it is (and the scan need not look for a ``>`` there)
        stop = text.find("<", text.rfind(">") + 1)
        if stop < 0:
            stop = len(text)
        pos = 0
        unclosed = len(text) + 1  # no --> after this offset
        limit = stop  # where the scan ends: before stop only to read one start tag alone
        while pos < stop:  # a new scan after a comment or a script/style, else once
            for m in _MARKUP.finditer(text, pos, limit):
                s, e = m.span()
                if pos < s:  # the text before this markup
                    if run is None:
                        run = _Text(len(strings), last_tag)
                        top.children.append(run)
                    piece = text[pos:s]
                    if "&" in piece:
                        self._add_text(text, pos, s, stop, decoded)
                    else:
                        starts.append(pos)
                        ends.append(s)
                        strings.append(piece)
                        entity.append(False)
                    run.last = len(strings)
                pos = e
                kind = m.lastgroup
                if kind == "end":
                    name = m[_END_NAME]
                    if name == top.name:  # the element open last, its name in lower case: most end tags
                        run = None
                        top.last = len(strings)
                        stack.pop()
                        top = stack[-1]
                        continue
                    name = (name or m[_END_NAME2]).lower()
                    if closed_voids and name in closed_voids:
                        closed_voids.remove(name)  # </br> after <br>: nothing, not even a break in the text
                        continue
                    run = None
                    if top.name == name:
                        top.last = len(strings)
                        stack.pop()
                        top = stack[-1]
                        continue
                    for i in range(len(stack) - 2, 0, -1):
                        if stack[i].name == name:
                            for el in stack[i:]:
                                el.last = len(strings)
                            del stack[i:]
                            top = stack[-1]
                            break
                    continue
                if kind == "start" or kind == "leaf_text" or kind == "inner_text":  # (the last two: up to the end tag)
                    run = None
                    name = m[_START_NAME].lower()
                    tag_end = m.end(_START)
                    if name == "script" or name == "style":
                        break
                    inner_name = m[_INNER_NAME].lower() if kind == "inner_text" else None
                    if kind != "start" and (name in VOID_TAGS or inner_name in _VOID_OR_RAW):
                        pos, limit, kind = s, tag_end, "alone"  # its start tag alone, then the rest
                        break
                    last_tag = s
                    el = _Element(name, s, len(strings))
                    top.children.append(el)
                    if (name in BLOCK_TAGS and not top.has_blocks) or name == "tr":
                        self._opened(stack, el)
                    if kind != "start":  # <p>13</p> or <td><p>13</p></td>
                        piece_at = m.start(kind)
                        if kind == "inner_text":  # the element inside opens in it
                            last_tag = m.start(_INNER_NAME) - 1
                            inner = _Element(inner_name, last_tag, len(strings))
                            el.children.append(inner)
                            if inner.name in BLOCK_TAGS and top.has_blocks:  # (and so all above)
                                el.has_blocks = True
                            elif inner.name in BLOCK_TAGS or inner.name == "tr":
                                self._opened(stack + [el], inner)
                        piece = m[kind]
                        if piece:
                            if "&" in piece:
                                string = decoded.get(piece)  # most often one entity met before: &nbsp;
                                if string is None or piece_at + len(piece) > stop:
                                    self._add_text(text, piece_at, piece_at + len(piece), stop, decoded)
                                else:
                                    starts.append(piece_at)
                                    ends.append(piece_at + len(piece))
                                    strings.append(string)
                                    entity.append(True)
                            else:
                                starts.append(piece_at)
                                ends.append(piece_at + len(piece))
                                strings.append(piece)
                                entity.append(False)
                            el.last = len(strings)
                            if kind == "inner_text":
                                inner.last = el.last
                        continue
                    if text[tag_end - 2] == "/":  # <x/>: no content (not <a href=/x/>)
                        markup = text[s:tag_end]
                        closes = closing.get(markup)
                        if closes is None:
                            closes = closing[markup] = _start_tag(markup)[1]
                        if closes:
                            continue
                    if name in VOID_TAGS:
                        closed_voids.append(name)
                        continue
                    stack.append(el)
                    top = el
                    continue
                if kind == "text":  # a start tag cut short: text as written
                    if run is None:
                        run = _Text(len(strings), last_tag)
                        top.children.append(run)
                    self._add_piece(s, e, text[s:e], False)
                    run.last = len(strings)
                elif kind == "comment":
                    break
                elif kind != "nothing":  # <!doctype>, <?...?>, </ bogus comment> (not </>): the run ends
                    run = None
            else:
                if limit < stop:  # the start tag read alone: on with the rest
                    limit = stop
                    continue
                break
            if kind == "alone":
                continue
            # a comment up to -->, or a script/style up to its end tag: then the scan goes on after it
            if kind == "comment":
                close = _COMMENT_END.search(text, e) if e < unclosed else None
                if close:
                    pos = close.end()
                    run = None
                else:  # html.parser: text up to the next >
                    unclosed = e  # nor is there a --> after a later <!--
                    pos = text.find(">", s) + 1 or e
                    if run is None:
                        run = _Text(len(strings), last_tag)
                        top.children.append(run)
                    self._add_piece(s, pos, text[s:pos], False)
                    run.last = len(strings)
                continue
            last_tag = s  # a script or style element: no page text
            top.children.append(_Element(name, s, len(strings)))
            markup = text[s:tag_end]
            pos = tag_end
            if not (markup.endswith("/>") and _start_tag(markup)[1]):  # (<script/> has no content)
                close = _raw_end(name).search(text, pos)  # without one, the rest of the file
                pos = close.end() if close else len(text)
        if pos < len(text):
            if run is None:
                run = _Text(len(strings), last_tag)
                top.children.append(run)
            self._add_text(text, pos, len(text), stop, decoded)
            run.last = len(strings)
        for el in stack[1:]:
            el.last = len(strings)
        self.masked = self._mask(text)

    def _opened(self, stack: List[_Element], el: _Element) -> None:
        """An element opened inside ``stack[-1]``: a block makes its ancestors hold blocks, a row
        belongs to the nearest table."""
        if el.name in BLOCK_TAGS:
            for anc in reversed(stack):
                if anc.has_blocks:
                    break
                anc.has_blocks = True
        if el.name == "tr":
            for anc in reversed(stack):
                if anc.name == "table":
                    self.rows.setdefault(anc, []).append(el)
                    break

    def _add_piece(self, start: int, end: int, string: str, is_entity: bool) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.strings.append(string)
        self.entity.append(is_entity)

    def _add_text(self, text: str, start: int, end: int, stop: int, decoded: Dict[str, str]) -> None:
        """The pieces of ``text[start:end]``: stretches as written and the entities (decoded) between
        them, those before ``stop`` (after it html.parser leaves the text as it is)."""
        if "&" in text[start:end]:  # (most text has none)
            for m in _ENTITY.finditer(text, start, min(end, stop)):
                s, e = m.span()
                if start < s:
                    self._add_piece(start, s, text[start:s], False)
                markup = m.group()
                string = decoded.get(markup)
                if string is None:
                    string = decoded[markup] = html.unescape(markup)
                self._add_piece(s, e, string, True)
                start = e
        if start < end:
            self._add_piece(start, end, text[start:end], False)

    def _mask(self, text: str) -> str:
        """The text with everything but the pieces blanked (line breaks kept), each entity as its
        characters padded to its length (``&nbsp;`` as a space), normalised: the pieces are
        normalised one by one (normalising is character by character, and the blanks need none),
        not the whole page, which is mostly markup."""
        blank = _blank(text)
        parts: List[str] = []
        done = 0
        for s, e, string, is_entity in zip(self.starts, self.ends, self.strings, self.entity):
            if done < s:
                parts.append(blank[done:s])
            if is_entity:
                string = string.replace("\u00a0", " ")
                string = string + " " * (e - s - len(string)) if len(string) <= e - s else " " * (e - s)
            parts.append(string if string.isascii() else normalise(string))
            done = e
        parts.append(blank[done:])
        return "".join(parts)

    def text_of(self, node: Union[_Element, _Text]) -> str:
        """The decoded text of an element or run, as written (white space kept)."""
        return "".join(self.strings[node.first:node.last])

    def span_of(self, node: Union[_Element, _Text]) -> Optional[Tuple[int, int]]:
        """Raw (start, end) of the text of an element, from its first visible character to its last."""
        strings = self.strings
        for i in range(node.first, node.last):
            rest = strings[i].lstrip()
            if rest:
                start = self.starts[i] if self.entity[i] else self.starts[i] + len(strings[i]) - len(rest)
                break
        else:
            return None
        for i in range(node.last - 1, node.first - 1, -1):
            rest = strings[i].rstrip()
            if rest:
                return start, self.ends[i] if self.entity[i] else self.starts[i] + len(rest)
        return None  # not reached: a visible character was found above

    def text_span(self, node: Union[_Element, _Text]) -> Optional[Tuple[str, int, int]]:
        """``text_of`` and ``span_of`` together; None when the text has no visible character."""
        first = node.first
        if node.last - first == 1:  # one piece: most cells and paragraphs
            string = self.strings[first]
            body = string.strip()
            if not body:
                return None
            if self.entity[first]:
                return string, self.starts[first], self.ends[first]
            start = self.starts[first] + len(string) - len(string.lstrip())
            return string, start, start + len(body)
        where = self.span_of(node)
        return None if where is None else (self.text_of(node), where[0], where[1])

    def chars_from(self, offset: int) -> Iterator[Tuple[str, int, int]]:
        """The decoded characters of the page from ``offset`` on, each with its raw (start, end)."""
        for i in range(bisect.bisect_left(self.starts, offset), len(self.starts)):
            s, string = self.starts[i], self.strings[i]
            if self.entity[i]:
                for ch in string:
                    yield ch, s, self.ends[i]
            else:
                for j, ch in enumerate(string, s):
                    yield ch, j, j + 1


def _locate(chars: Iterator[Tuple[str, int, int]], target: str) -> Optional[Tuple[int, int]]:
    """Raw (start, end) of the text ``target`` read character by character (white space loosely)."""
    if not target.strip():
        return None
    first = last = None
    k = 0
    for ch, s, e in chars:
        if k >= len(target):
            break
        if ch == target[k] or (ch.isspace() and target[k].isspace()):
            if not ch.isspace():
                if first is None:
                    first = s
                last = e
            k += 1
        elif not ch.isspace():  # other text: stop here
            break
    return (first, last) if first is not None else None


# ---------------------------------------------------------------- the page as blocks
def read_html(source: SourceText, templates, aliases=None, template: Optional[str] = None,
              index_cache: Optional[dict] = None) -> Report:
    from .parser import parse_lines
    from .reader import Block, grid_fragments, read_report

    text = source.text
    page = _Page(text)
    source._norm = page.masked
    blocks: List[Block] = []

    def add_element_block(el: _Element) -> None:
        found = page.text_span(el)
        if found is None:
            return
        plain, s, e = found
        blocks.append(Block(number=0, kind="html_block", text=text[s:e], span=source.span(s, e),
                            plain=_SPACE.sub(" ", plain).strip(), hard=True))

    def add_text_block(run: _Text) -> None:
        body = page.text_of(run).strip()
        if not body:
            return
        # text directly in a container (a heading between two tables): find it after the
        # start tag before it, as written, or character by character when it has entities
        start = run.after or 0
        at = text.find(body, start)
        if at >= 0:
            s, e, plain = at, at + len(body), _SPACE.sub(" ", body)
        else:
            string = page.text_of(run)
            where = _locate(page.chars_from(start), string)
            if where is None:
                return
            (s, e), plain = where, _SPACE.sub(" ", string).strip()
        blocks.append(Block(number=0, kind="html_block", text=text[s:e], span=source.span(s, e),
                            plain=plain, hard=True))

    cell_texts: Dict[str, str] = {}  # a cell's text as written -> as read (0, 1, 总计 ... repeat)

    def add_table(table: _Element) -> None:
        # each row gives its cells in document order (rowspan and colspan do not move them)
        for tr in page.rows.get(table, ()):
            cells: List[RawCell] = []
            for td in tr.children:
                if type(td) is _Text or (td.name != "td" and td.name != "th"):
                    continue
                found = page.text_span(td)
                if found is None:  # blank: at its start tag
                    cells.append(_raw_cell(("", td.start, td.start)))
                    continue
                raw, s, e = found
                read = cell_texts.get(raw)
                if read is None:
                    read = cell_texts[raw] = _cell_text(raw)
                cells.append(_raw_cell((read, s, e)))
            start = tr.start
            end = max([c.end for c in cells] + [start])
            number = len(blocks) + 1
            block = Block(number=number, kind="html_row", text=text[start:end],
                          span=source.span(start, end), hard=True)
            block.fragments = grid_fragments(cells, block.line, number, number)
            blocks.append(block)

    def walk(node: _Element) -> None:
        for child in node.children:
            if type(child) is _Text:
                add_text_block(child)
            elif child.name in SKIP_TAGS:
                continue
            elif child.name == "table":
                add_table(child)
            elif child.has_blocks:
                walk(child)
            else:
                add_element_block(child)

    walk(page.root)
    blocks.sort(key=lambda b: b.start)
    for n, b in enumerate(blocks, 1):
        b.number = n
        if b.fragments is not None:
            for f in b.fragments:
                f.row = n
                f.block = n
    lines = parse_lines(source)
    return read_report(source, templates, aliases, template, index_cache, blocks=blocks, lines=lines)


def _cell_text(raw: str) -> str:
    """The text of a table cell to read: without white space in a Chinese label, else collapsed."""
    if not _SPACE.search(raw):
        return raw
    return _SPACE.sub("", raw) if _is_cjk_label(raw) else _SPACE.sub(" ", raw).strip()


def _is_cjk_label(text: str) -> bool:
    """Chinese label text: spaces and line breaks inside are layout, not words (``本年新<br/>制作数量``)."""
    t = text.strip()
    if t.isascii() or not any("\u4e00" <= ch <= "\u9fff" for ch in t):
        return False
    return not any(a.isascii() and a.isalpha() and b.isascii() and b.isalpha() for a, b in zip(t, t[1:]))


__all__ = ["is_html", "read_html", "masked_view"]
