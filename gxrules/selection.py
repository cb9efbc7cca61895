"""Rule selection: ``select`` / ``extend-select`` / ``ignore`` and per-file ignores.

Selectors are a full rule code (``CN201``), a prefix (``CN2``, ``CN``) or
``ALL``. The *letters* of a selector must equal the letters of a code exactly,
so ``N`` never selects ``NX101`` and ``C`` never selects ``CN201``; the digits
are a prefix (``CN2`` selects ``CN201`` … ``CN299``).

Semantics follow ruff: within one layer of settings the most specific
matching selector decides (``ALL`` < ``CN`` < ``CN2`` < ``CN20`` < ``CN201``)
and, at equal specificity, ``ignore`` beats ``select``. Layers stack: a layer
with its own ``select`` starts afresh, a layer without one only adjusts what
the layer below decided.

Path globs (``per-file-ignores``, ``include``, ``exclude``) are matched on the
POSIX path relative to the project root: ``*`` and ``?`` stay inside one path
component, ``**`` spans any number of them, a pattern without ``/`` matches
any single component (the basename or a directory name), and a pattern that
matches a directory also matches everything below it.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping, Optional, Sequence, Tuple, Union

__all__ = [
    "Selector",
    "parse_selector",
    "parse_selectors",
    "RuleSelection",
    "glob_match",
    "path_matches",
    "relative_posix",
    "per_file_ignored",
]

_SELECTOR_RE = re.compile(r"^([A-Z]{1,3})([0-9]{0,3})$")
_CODE_RE = re.compile(r"^([A-Z]+)([0-9]*)$")

PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class Selector:
    """A parsed selector: ``letters`` is empty for ``ALL``."""

    text: str
    letters: str
    digits: str

    @property
    def is_all(self) -> bool:
        return self.text == "ALL"

    @property
    def specificity(self) -> int:
        """0 for ``ALL``, 1 for letters only, then one more per digit."""
        return 0 if self.is_all else 1 + len(self.digits)

    def matches(self, code: str) -> bool:
        if self.is_all:
            return True
        m = _CODE_RE.match(code)
        if m is None:
            return False
        return m.group(1) == self.letters and m.group(2).startswith(self.digits)

    def __str__(self) -> str:
        return self.text


def parse_selector(text: str) -> Selector:
    """Parse ``CN201``, ``CN2``, ``CN`` or ``ALL``; raise ValueError otherwise."""
    if not isinstance(text, str):
        raise ValueError(f"规则选择器应为字符串，实际是 {type(text).__name__}")
    s = text.strip()
    if s == "ALL":
        return Selector("ALL", "", "")
    m = _SELECTOR_RE.match(s)
    if m is None:
        hint = ""
        if _SELECTOR_RE.match(s.upper()):
            hint = f"（字母须大写：{s.upper()}）"
        raise ValueError(
            f"\"{text}\" 不是有效的规则代码或前缀{hint}；应为 1-3 个大写字母加 0-3 位数字（如 CN、CN2、CN201），或 ALL"
        )
    return Selector(s, m.group(1), m.group(2))


def parse_selectors(items: Optional[Iterable[str]]) -> Optional[Tuple[Selector, ...]]:
    """Parse a list of selectors; ``None`` stays ``None`` (meaning "not given")."""
    if items is None:
        return None
    if isinstance(items, str):
        items = [part for part in items.split(",") if part.strip()]
    return tuple(parse_selector(item) for item in items)


def _best(selectors: Sequence[Selector], code: str) -> int:
    return max((s.specificity for s in selectors if s.matches(code)), default=-1)


class RuleSelection:
    """Which rules are on, given ``select``, ``extend_select`` and ``ignore``.

    ``select=None`` means "not given": rules no selector of this layer
    matches fall through to ``base`` (a lower-priority layer) or, without a
    base, to the rule's own ``default_on`` flag.
    """

    def __init__(
        self,
        select: Optional[Iterable[str]] = None,
        extend_select: Optional[Iterable[str]] = None,
        ignore: Optional[Iterable[str]] = None,
        base: Optional["RuleSelection"] = None,
    ) -> None:
        self.select = parse_selectors(select)
        self.extend_select = parse_selectors(extend_select) or ()
        self.ignore = parse_selectors(ignore) or ()
        self.base = base

    def layered(
        self,
        select: Optional[Iterable[str]] = None,
        extend_select: Optional[Iterable[str]] = None,
        ignore: Optional[Iterable[str]] = None,
    ) -> "RuleSelection":
        """A new, higher-priority layer on top of this one (e.g. CLI over file)."""
        return RuleSelection(select, extend_select, ignore, base=self)

    def is_enabled(self, code: str, default_on: bool = True) -> bool:
        enable = _best(tuple(self.select or ()) + tuple(self.extend_select), code)
        disable = _best(self.ignore, code)
        if enable < 0 and disable < 0:
            if self.select is not None:
                return False
            if self.base is not None:
                return self.base.is_enabled(code, default_on)
            return default_on
        return enable > disable

    def __repr__(self) -> str:
        def fmt(sel):
            return None if sel is None else [str(s) for s in sel]

        return (f"RuleSelection(select={fmt(self.select)}, extend_select={fmt(self.extend_select)}, "
                f"ignore={fmt(self.ignore)}, base={self.base!r})")


# -- path globs ---------------------------------------------------------------

@functools.lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> "re.Pattern[str]":
    """Translate a path glob to a regex: ``*``/``?`` within a component, ``**`` across."""
    out = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            if pattern.startswith("**", i):
                j = i + 2
                at_start = i == 0 or pattern[i - 1] == "/"
                if at_start and j < n and pattern[j] == "/":
                    out.append("(?:.*/)?")  # "**/" : zero or more directories
                    i = j + 1
                    continue
                out.append(".*")
                i = j
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pattern.find("]", i + 2 if pattern[i + 1:i + 2] in ("!", "^") else i + 1)
            if j < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:j]
                if body[:1] in ("!", "^"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j + 1
                continue
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL)


@functools.lru_cache(maxsize=512)
def _compiled_glob(pattern: str) -> "Optional[Tuple[re.Pattern[str], bool]]":
    """(regex, whether the glob names a path with directories), or None for an empty glob."""
    pat = pattern.replace("\\", "/")
    while pat.startswith("./"):
        pat = pat[2:]
    pat = pat.rstrip("/") or pat
    return (_glob_regex(pat), "/" in pat) if pat else None


def glob_match(pattern: str, relpath: str) -> bool:
    """Does a glob match a POSIX relative path (or a directory that contains it)?"""
    compiled = _compiled_glob(pattern)
    path = relpath.replace("\\", "/").strip("/")
    if compiled is None or not path:
        return False
    regex, nested = compiled
    parts = path.split("/")
    if not nested:
        return any(regex.match(part) for part in parts)
    # the path itself, or one of its parent directories
    return any(regex.match("/".join(parts[:k])) for k in range(len(parts), 0, -1))


def relative_posix(path: PathLike, root: Optional[PathLike] = None) -> str:
    """``path`` relative to ``root`` as POSIX text; left as it is when outside ``root``."""
    raw = os.fspath(path)
    if root is None:
        return PurePosixPath(raw.replace("\\", "/")).as_posix()
    abs_path = os.path.abspath(raw)
    abs_root = os.path.abspath(os.fspath(root))
    try:
        rel = os.path.relpath(abs_path, abs_root)
    except ValueError:  # another drive on Windows
        return Path(abs_path).as_posix()
    if rel == ".." or rel.startswith(".." + os.sep):
        return Path(raw).as_posix()
    return Path(rel).as_posix()


@functools.lru_cache(maxsize=64)
def _joined_globs(patterns: Tuple[str, ...]) -> "Tuple[Optional[re.Pattern[str]], Optional[re.Pattern[str]], Tuple[str, ...]]":
    """The relative globs as two regexes (one for those naming one path part, one for those naming
    a path with directories, each the alternation of their globs), and the absolute globs apart."""
    part, nested, absolute = [], [], []
    for pattern in patterns:
        if os.path.isabs(pattern) or pattern.startswith("/"):
            absolute.append(pattern)
            continue
        compiled = _compiled_glob(pattern)
        if compiled is not None:
            (nested if compiled[1] else part).append(compiled[0].pattern)

    def join(sources):
        return re.compile("|".join(f"(?:{p})" for p in sources), re.DOTALL) if sources else None

    return join(part), join(nested), tuple(absolute)


def path_matches(path: PathLike, patterns: Iterable[str], root: Optional[PathLike] = None,
                 rel: Optional[str] = None) -> bool:
    """Does any glob match ``path``? Relative globs are relative to ``root``; absolute ones are absolute.
    ``rel``: ``relative_posix(path, root)`` when the caller has it already.

    The same as ``any(glob_match(p, rel) ...)`` over the relative globs (and the
    absolute path for absolute ones), with the globs joined once per list:
    discovery asks this twice for every file of a folder.
    """
    part, nested, absolute = _joined_globs(tuple(patterns))
    if part is not None or nested is not None:
        if rel is None:
            rel = relative_posix(path, root)
        parts = rel.replace("\\", "/").strip("/")
        if parts:
            parts = parts.split("/")
            if part is not None and any(part.match(p) for p in parts):
                return True
            if nested is not None and any(nested.match("/".join(parts[:k])) for k in range(len(parts), 0, -1)):
                return True
    if absolute:
        absolute_path = Path(os.path.abspath(os.fspath(path))).as_posix().lstrip("/")
        return any(glob_match(pattern.lstrip("/"), absolute_path) for pattern in absolute)
    return False


def per_file_ignored(
    code: str,
    path: PathLike,
    per_file_ignores: Mapping[str, Iterable[str]],
    root: Optional[PathLike] = None,
) -> bool:
    """Is ``code`` ignored for ``path`` by any matching ``per-file-ignores`` entry?"""
    for pattern, selectors in per_file_ignores.items():
        parsed = parse_selectors(selectors) or ()
        if any(s.matches(code) for s in parsed) and path_matches(path, [pattern], root):
            return True
    return False
