"""Label normalisation and the alias index that matches labels to the template.

A label as written (``(三) 不予 公开``, ``结 果 维 持``, ``一、本年接收政府信息公开数量``)
is split into an *ordinal* (``(三)``, ``一、``, ``3.``) and a *key*: the rest
without spaces or punctuation, with full-width forms folded to ASCII. Keys
are looked up in an index built from the template's official labels, its
aliases and typos, and the aliases plugins contribute.
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from .source import normalise
from .templates import Template

CN_NUMERALS = "一二三四五六七八九十"

_ORDINAL = re.compile(
    r"^\s*(?:"
    r"(?P<cn>[一二三四五六七八九十]{1,3})\s*[、.,]"
    r"|[(（]\s*(?P<paren>[一二三四五六七八九十]{1,3})\s*[)）]"
    r"|(?P<num>[0-9]{1,2})\s*[.、,](?![0-9])"
    r")\s*"
)
_STRIP = re.compile(r"[\s\u3000\u200b\u00a0#*`_|()（）\[\]【】〔〕,，、.。．:：;；!！?？“”\"'‘’「」『』《》〈〉<>·—\-–~～/／\\]+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


class SplitLabel(NamedTuple):
    ordinal: str  # canonical: "一、", "(一)", "1." or ""
    key: str
    ordinal_len: int  # characters of the ordinal as written (incl. spaces)


@functools.lru_cache(maxsize=8192)
def split_label(text: str) -> SplitLabel:
    """Split a label into its canonical ordinal and its match key."""
    norm = normalise(text)
    # markdown emphasis / heading marks in front of the ordinal
    lead = len(norm) - len(norm.lstrip(" \t#*"))
    body = norm[lead:]
    m = _ORDINAL.match(body)
    ordinal = ""
    consumed = lead
    if m:
        if m.group("cn"):
            ordinal = m.group("cn") + "、"
        elif m.group("paren"):
            ordinal = "(" + m.group("paren") + ")"
        else:
            ordinal = m.group("num") + "."
        consumed = lead + m.end()
        body = body[m.end():]
    # label_key(body) without normalising again: body is a piece of the normalised text
    return SplitLabel(ordinal=ordinal, key=_STRIP.sub("", body), ordinal_len=consumed)


def label_key(text: str) -> str:
    return _STRIP.sub("", normalise(text))


class LabelMatch(NamedTuple):
    table: str
    kind: str  # row | column | group | header
    key: str  # row/column/group key; header text for headers
    official: str  # the official label
    variant: str  # official | alias | typo
    ordinal: str  # the ordinal the template gives this label ("" if none)


class AliasIndex:
    """Maps label keys to the template items they may mean."""

    def __init__(self, template: Template, extra_aliases: Optional[Mapping[str, Sequence[str]]] = None):
        self.template = template
        self._index: Dict[str, Tuple[LabelMatch, ...]] = {}  # (tuples: lookup hands them out)
        # what :meth:`lookup` gives each label as the template or a plugin writes it (most labels
        # of a report are written so): one dict hit instead of splitting the label again
        self._written: Dict[str, Optional[Tuple[SplitLabel, Sequence[LabelMatch]]]] = {}
        self._sorted: Optional[List[str]] = None
        # what other modules work out once per template and keep here (the reader's table layouts):
        # the index is built once per template and process
        self.derived: Dict[str, object] = {}
        for table in template.tables.values():
            for h in table.headers:
                self._add(h, LabelMatch(table.name, "header", label_key(h), h, "official", ""))
            for col in table.columns.values():
                self._add_item(table.name, "column", col.key, col.label, col.aliases, col.typos)
            for grp in table.groups:
                self._add_item(table.name, "group", grp.key, grp.label, grp.aliases, grp.typos)
            for row in table.rows:
                self._add_item(table.name, "row", row.key, row.label, row.aliases, row.typos)
        # Plugin aliases: "applications.row.new_received" -> ["本年受理政府信息公开申请数量", ...]
        for target, aliases in sorted((extra_aliases or {}).items()):
            parts = target.split(".")
            if len(parts) != 3:
                raise ValueError(f"alias target must be table.kind.key, got {target!r}")
            table_name, kind, key = parts
            spec = template.tables.get(table_name)
            if spec is None:
                continue
            official = _official(spec, kind, key)
            if official is None:
                continue
            for alias in aliases:
                variant = "typo" if alias.startswith("typo:") else "alias"
                alias = alias[5:] if alias.startswith("typo:") else alias
                self._add(alias, LabelMatch(table_name, kind, key, official, variant,
                                            split_label(official).ordinal))
        # (worked out once the index is complete, a label's matches may come from several items;
        # while this runs, every label here is still None, so lookup works the answer out)
        self._written = {text: self.lookup(text) for text in self._written}

    def _add_item(self, table: str, kind: str, key: str, label: str,
                  aliases: Iterable[str], typos: Iterable[str]) -> None:
        ordinal = split_label(label).ordinal
        self._add(label, LabelMatch(table, kind, key, label, "official", ordinal))
        for a in aliases:
            self._add(a, LabelMatch(table, kind, key, label, "alias", ordinal))
        for t in typos:
            self._add(t, LabelMatch(table, kind, key, label, "typo", ordinal))

    def _add(self, text: str, match: LabelMatch) -> None:
        key = split_label(text).key
        self._written[text] = None  # (its lookup filled in once the index is complete)
        bucket = self._index.get(key, ())
        if match not in bucket:
            self._index[key] = bucket + (match,)

    def lookup_prefix(self, text: str, min_len: int = 5) -> Tuple[SplitLabel, List[LabelMatch]]:
        """Labels cut short by a line break or a cell boundary: ``（二）部分公开（区分处理的，只``.

        The written key must be a prefix of the key of exactly one template item
        (several keys of the same item are fine) and, when the fragment has an
        ordinal, agree with it. Short fragments (fewer than ``min_len``
        characters) never match: ``其`` or ``予公开`` say nothing.
        """
        split = split_label(text)
        key = split.key
        if len(key) < min_len:
            return split, []
        if self._sorted is None:
            self._sorted = sorted(self._index)
        keys = self._sorted
        i = bisect.bisect_left(keys, key)
        found: List[LabelMatch] = []
        while i < len(keys) and keys[i].startswith(key):
            for m in self._index[keys[i]]:
                if split.ordinal and m.ordinal and m.ordinal != split.ordinal:
                    continue
                if m not in found:
                    found.append(m)
            i += 1
        if not found:
            return split, []
        items = {(m.table, m.kind, m.key) for m in found}
        if len(items) != 1:
            return split, []
        return split, found

    def lookup(self, text: str) -> Tuple[SplitLabel, Sequence[LabelMatch]]:
        """All template items this label may mean; ordinal-compatible ones first (with one
        ordering, the index's own tuple)."""
        known = self._written.get(text)  # (a label written as the template writes it)
        if known is not None:
            return known
        split = split_label(text)
        found = self._index.get(split.key)
        if not found:
            return split, ()
        if split.ordinal and len(found) > 1:
            same = [m for m in found if m.ordinal == split.ordinal]
            none = [m for m in found if not m.ordinal]
            other = [m for m in found if m.ordinal and m.ordinal != split.ordinal]
            return split, tuple(same + none + other)
        return split, found


def _official(spec, kind: str, key: str) -> Optional[str]:
    if kind == "row":
        for r in spec.rows:
            if r.key == key:
                return r.label
    elif kind == "column":
        col = spec.columns.get(key)
        return col.label if col else None
    elif kind == "group":
        for g in spec.groups:
            if g.key == key:
                return g.label
    return None
