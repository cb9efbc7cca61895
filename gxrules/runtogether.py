"""Numbers that run together: recover where one cell ends and the next begins.

Crawled pages and some PDF extractions lose the separators between table
cells: ``一、本年新收政府信息公开申请数量640020470`` holds the seven numbers
64, 0, 0, 2, 0, 4, 70. The digits alone rarely say where to cut, but the
table's own arithmetic often does:

* a number has no leading zero unless it is 0 itself, and few digits;
* a row of table 2 ends with its total, the sum of the six applicant columns;
* the three blocks of table 3 each end with their total;
* the columns of table 2 add up (（七）总计 and the 勾稽 balance).

:func:`compositions` lists every split of the digits (with an optional
constraint that some parts are the sums of others), bounded so that a long
string never explodes; :func:`solve` picks, among the candidate splits of
several rows, the combinations that satisfy column equations. A cell whose
split is not unique after all constraints is left unread by the caller --
never guessed.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

#: how a split was found (written to ``Cell.inferred``)
BY_DIGITS = "split-by-digits"  # the only split there is (zeros, one digit per cell)
BY_ROW_TOTAL = "split-by-row-total"  # the only split whose row (or block) total adds up
BY_COLUMN_SUMS = "split-by-column-sums"  # the only one that also makes the columns add up

MAX_DIGITS = 7  # no count in these tables has more digits
MAX_SPLITS = 5000  # stop enumerating after this many splits of one string
MAX_COMBINATIONS = 20000  # stop solving column equations after this many combinations


@dataclass(frozen=True)
class Part:
    """One number cut out of a run: its text and offsets in the file."""

    text: str
    start: int
    end: int

    @property
    def value(self):
        t = self.text.rstrip("元万件个")
        try:
            return Decimal(t) if "." in t else int(t)
        except (ValueError, InvalidOperation):
            return None


Split = Tuple[Part, ...]



def _numbers_from(piece: str, pos: int, max_digits: int) -> Iterator[int]:
    """End positions of every number that may start at ``pos`` of ``piece``."""
    n = len(piece)
    i = pos
    if i < n and piece[i] in "+-":
        i += 1
    if i >= n or not piece[i].isdigit():
        return
    if piece[i] == "0":
        ends = [i + 1]
    else:
        ends = []
        j = i
        while j < n and piece[j].isdigit() and j - i < max_digits:
            j += 1
            ends.append(j)
    for end in ends:
        # a decimal fraction belongs to the number it follows: take all its digits or none
        if end < n and piece[end] == "." and end + 1 < n and piece[end + 1].isdigit():
            k = end + 1
            while k < n and piece[k].isdigit():
                k += 1
            yield k
            continue
        yield end


def compositions(tokens: Sequence[Tuple[str, int]], count: int, *,
                 totals: Sequence[Tuple[int, Sequence[int]]] = (),
                 max_digits: int = MAX_DIGITS, limit: int = MAX_SPLITS) -> Tuple[List[Split], bool]:
    """Every way to cut ``tokens`` into ``count`` numbers.

    ``tokens`` are the pieces of the run as written, each with its offset in
    the file: a space between two pieces is a real boundary (a number never
    spans it), and each piece holds one number or more. A trailing unit such
    as ``元`` stays with the last number. ``totals`` lists constraints
    ``(i, [j, k, ...])``: part ``i`` equals the sum of parts ``j, k, ...``
    (all ``j < i``); they prune the search as soon as part ``i`` is cut.

    Returns (splits, complete): ``complete`` is False when the search stopped
    at ``limit`` splits, in which case the caller must not trust uniqueness.
    """
    pieces = [(t, off) for t, off in tokens if t]
    out: List[Split] = []
    by_index = {i: js for i, js in totals}
    stopped = False

    def walk(pi: int, pos: int, parts: List[Part]) -> None:
        nonlocal stopped
        if stopped:
            return
        if pi == len(pieces):
            if len(parts) == count:
                out.append(tuple(parts))
                if len(out) >= limit:
                    stopped = True
            return
        if len(parts) >= count:
            return
        piece, off = pieces[pi]
        if pos == 0 and len(parts) + (len(pieces) - pi) > count:
            return  # every remaining piece needs at least one number
        for end in _numbers_from(piece, pos, max_digits):
            stop = end
            # a unit (元, 万元, 件 ...) closes the piece and stays with its number
            rest = piece[end:]
            unit = re.match(r"(?:万元|元|件|个|条|项|次|人|%)$", rest)
            if unit:
                stop = len(piece)
            part = Part(piece[pos:stop], off + pos, off + stop)
            idx = len(parts)
            if idx in by_index:
                value = part.value
                want = sum(parts[j].value for j in by_index[idx]
                           if parts[j].value is not None) if all(
                    parts[j].value is not None for j in by_index[idx]) else None
                if value is None or want is None or value != want:
                    continue
            parts.append(part)
            if stop == len(piece):
                walk(pi + 1, 0, parts)
            else:
                walk(pi, stop, parts)
            parts.pop()
            if stopped:
                return

    walk(0, 0, [])
    return out, not stopped


def split_run(tokens: Sequence[Tuple[str, int]], count: int, *,
              totals: Sequence[Tuple[int, Sequence[int]]] = (),
              max_digits: int = MAX_DIGITS) -> Tuple[List[Split], str]:
    """Candidate splits of one run and how they were found.

    Returns (candidates, how): one candidate and ``BY_DIGITS`` when the
    digits allow only one split; the splits whose totals add up and
    ``BY_ROW_TOTAL`` otherwise (several, one, or none).
    """
    every, complete = compositions(tokens, count, max_digits=max_digits)
    if complete and len(every) == 1:
        return every, BY_DIGITS
    if not totals:
        return (every if complete else []), BY_DIGITS
    fitting, complete = compositions(tokens, count, totals=totals, max_digits=max_digits)
    return (fitting if complete else []), BY_ROW_TOTAL


def row_total_constraint(count: int) -> List[Tuple[int, Sequence[int]]]:
    """The last part is the sum of all the others (table 2 rows)."""
    return [(count - 1, tuple(range(count - 1)))]


def block_total_constraints(blocks: int, width: int) -> List[Tuple[int, Sequence[int]]]:
    """Each block of ``width`` parts ends with the sum of the others (table 3)."""
    out = []
    for b in range(blocks):
        first = b * width
        out.append((first + width - 1, tuple(range(first, first + width - 1))))
    return out


# ---------------------------------------------------------------- column equations
Equation = Tuple[Sequence[str], Sequence[str]]  # (lhs rows, rhs rows): per column, sum lhs = sum rhs


def solve(candidates: Mapping[str, Sequence[Sequence[object]]], equations: Sequence[Equation],
          columns: int, limit: int = MAX_COMBINATIONS) -> Optional[Dict[str, List[int]]]:
    """Which candidates of each row are possible when every column equation must hold.

    ``candidates[row]`` lists the possible value tuples of a row (one tuple
    for a row read without doubt). Rows not in ``candidates`` are unknown: an
    equation that names one is not used. Returns, for every row, the indexes
    of its candidates that appear in at least one combination satisfying all
    usable equations -- or None when there are too many combinations to try
    (the caller then keeps only what each row's own constraints decided).
    """
    usable = [eq for eq in equations if all(r in candidates for r in list(eq[0]) + list(eq[1]))]
    rows = sorted({r for eq in usable for r in list(eq[0]) + list(eq[1])})
    result = {r: list(range(len(c))) for r, c in candidates.items()}
    open_rows = [r for r in rows if len(candidates[r]) > 1]
    if not usable or not open_rows:
        return result
    total = 1
    for r in open_rows:
        total *= len(candidates[r])
        if total > limit:
            return None
    fixed = {r: candidates[r][0] for r in rows if len(candidates[r]) == 1}
    good: Dict[str, set] = {r: set() for r in open_rows}
    for combo in itertools.product(*(range(len(candidates[r])) for r in open_rows)):
        values = dict(fixed)
        for r, i in zip(open_rows, combo):
            values[r] = candidates[r][i]
        if all(_holds(values, eq, columns) for eq in usable):
            for r, i in zip(open_rows, combo):
                good[r].add(i)
    for r in open_rows:
        result[r] = sorted(good[r])
    return result


def _holds(values: Mapping[str, Sequence[object]], eq: Equation, columns: int) -> bool:
    lhs, rhs = eq
    for c in range(columns):
        try:
            left = sum(values[r][c] for r in lhs)
            right = sum(values[r][c] for r in rhs)
        except TypeError:  # a value that is not a number: the equation says nothing
            continue
        if left != right:
            return False
    return True
