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

Runs of plain ASCII digits (nearly all) are searched by quicker walks
(:func:`_free_splits`, :func:`_row_total_splits`) that find the same splits in
the same order and give up after the same number of steps as the general
:func:`_search`; ``tests/test_runtogether_speed.py`` holds them to it.
"""
from __future__ import annotations

import functools
import itertools
import re
from decimal import Decimal, InvalidOperation
from typing import Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

#: how a split was found (written to ``Cell.inferred``)
BY_DIGITS = "split-by-digits"  # the only split there is (zeros, one digit per cell)
BY_ROW_TOTAL = "split-by-row-total"  # the only split whose row (or block) total adds up
BY_COLUMN_SUMS = "split-by-column-sums"  # the only one that also makes the columns add up

MAX_DIGITS = 7  # no count in these tables has more digits
MAX_SPLITS = 5000  # stop enumerating after this many splits of one string
MAX_COMBINATIONS = 4096  # stop solving column equations after this many combinations


class Part(NamedTuple):
    """One number cut out of a run: its text and offsets in the file (a named tuple: the search
    makes thousands)."""

    text: str
    start: int
    end: int

    @property
    def value(self):
        one_digit = _DIGIT_VALUE.get(self.text)  # (most parts: rows of one-digit cells)
        return _number(self.text) if one_digit is None else one_digit


_DIGIT_VALUE = {str(d): d for d in range(10)}


def _number(text: str):
    """The value of a part's text: int, Decimal (with a fraction) or None."""
    t = text.rstrip("元万件个")
    try:
        return Decimal(t) if "." in t else int(t)
    except (ValueError, InvalidOperation):
        return None


Split = Tuple[Part, ...]
# Part((text, start, end)) without the Python-level __new__ of a named tuple: the search makes thousands
_part = functools.partial(tuple.__new__, Part)
_NO_VALUES = itertools.repeat(None)



def _numbers_from(piece: str, pos: int, max_digits: int) -> List[int]:
    """End positions of every number that may start at ``pos`` of ``piece``."""
    n = len(piece)
    i = pos
    if i < n and piece[i] in "+-":
        i += 1
    if i >= n or not piece[i].isdigit():
        return []
    if piece[i] == "0":
        ends = [i + 1]
    else:
        ends = []
        j = i
        while j < n and piece[j].isdigit() and j - i < max_digits:
            j += 1
            ends.append(j)
    out = []
    for end in ends:
        # a decimal fraction belongs to the number it follows: take all its digits or none
        if end < n and piece[end] == "." and end + 1 < n and piece[end + 1].isdigit():
            k = end + 1
            while k < n and piece[k].isdigit():
                k += 1
            out.append(k)
            continue
        out.append(end)
    return out


def _stops(piece: str, pos: int, max_digits: int) -> List[int]:
    """Where the number starting at ``pos`` may end: as :func:`_numbers_from`, except that a
    number followed by nothing but a unit takes the unit (it ends the piece)."""
    ends = _numbers_from(piece, pos, max_digits)
    if piece[-1:] not in _UNIT_LAST:
        return ends  # the piece does not end with a unit
    n = len(piece)
    return [n if _is_unit(piece[end:]) else end for end in ends]


def count_compositions(tokens: Sequence[Tuple[str, int]], count: int, max_digits: int = MAX_DIGITS,
                       cap: int = 2) -> int:
    """How many ways there are to cut ``tokens`` into ``count`` numbers (counted up to ``cap``)."""
    pieces = [t for t, _ in tokens if t]
    memo: Dict[Tuple[int, int, int], int] = {}
    stops: Dict[Tuple[int, int], List[int]] = {}

    def ways(pi: int, pos: int, parts: int) -> int:
        if pi == len(pieces):
            return 1 if parts == count else 0
        if parts >= count:
            return 0
        key = (pi, pos, parts)
        if key in memo:
            return memo[key]
        piece = pieces[pi]
        total = 0
        if (pi, pos) not in stops:
            stops[pi, pos] = _stops(piece, pos, max_digits)
        for stop in stops[pi, pos]:
            total += ways(pi + 1, 0, parts + 1) if stop == len(piece) else ways(pi, stop, parts + 1)
            if total >= cap:
                break
        memo[key] = min(total, cap)
        return memo[key]

    return ways(0, 0, 0)


_UNIT = r"(?:万元|元|件|个|条|项|次|人|%)"
_UNITS = ("万元", "元", "件", "个", "条", "项", "次", "人", "%")
_UNIT_LAST = ("元", "件", "个", "条", "项", "次", "人", "%", "\n")  # how a piece ending with a unit ends


def _is_unit(rest: str) -> bool:
    """Whether ``rest`` is a unit and nothing more (as ``re.match(_UNIT + "$", rest)``)."""
    if rest.endswith("\n"):
        rest = rest[:-1]
    return rest in _UNITS


class _Run:
    """The pieces of one run laid end to end, and the numbers that may start at each position.

    A position is an index into ``text`` (the pieces joined); a number never crosses the end of
    its piece. What may start at a position is worked out once, the first time a search asks,
    and shared by every search over the run (a search asks again and again for the same places).
    """

    def __init__(self, pieces: List[Tuple[str, int]], max_digits: int):
        self.pieces = pieces
        self.max_digits = max_digits
        self.text = "".join(t for t, _ in pieces)
        #: only ASCII digits (the usual run): numbers are read without :func:`_stops`
        self.plain = self.text.isascii() and self.text.isdigit()
        self.piece_end: List[int] = []  # per position: where its piece ends
        self.piece_index: List[int] = []  # per position: which piece holds it
        self.shift: List[int] = []  # per position: its offset in the file minus the position
        self.starts: Dict[int, int] = {}  # the position where a piece starts -> pieces from there on
        pos = 0
        for k, (t, off) in enumerate(pieces):
            n = len(t)
            self.starts[pos] = len(pieces) - k
            self.piece_end += [pos + n] * n
            self.piece_index += [k] * n
            self.shift += [off - pos] * n
            pos += n
        self._numbers: List[Optional[list]] = [None] * pos
        self._ends: List[Optional[List[int]]] = [None] * pos  # (of a run that is not plain)

    def ends(self, g: int) -> Sequence[int]:
        """Where a number that starts at position ``g`` may end, shortest first (as :func:`_stops`)."""
        if not self.plain:
            got = self._ends[g]
            if got is None:
                got = self._ends[g] = self._stops(g)
            return got
        if self.text[g] == "0":
            return (g + 1,)  # no leading zero: a 0 is a number by itself
        return range(g + 1, min(self.piece_end[g], g + self.max_digits) + 1)

    def numbers(self, g: int) -> list:
        """``(end, value)`` of every number that may start at position ``g``, shortest first
        (the ends of :func:`_stops`, the values of :func:`_number`); kept for the next search."""
        got = self._numbers[g]
        if got is None:
            text = self.text
            if self.plain:
                got = [(e, int(text[g:e])) for e in self.ends(g)]
            else:
                got = [(e, _number(text[g:e])) for e in self.ends(g)]
            self._numbers[g] = got
        return got

    def _stops(self, g: int) -> List[int]:
        """:func:`_stops` of the piece that holds position ``g``, as positions of the run."""
        end = self.piece_end[g]
        start = end - len(self.pieces[self.piece_index[g]][0])
        return [start + s for s in _stops(self.text[start:end], g - start, self.max_digits)]

    def count(self, count: int, cap: int = 2) -> int:
        """How many ways there are to cut the run into ``count`` numbers (counted up to ``cap``):
        :func:`count_compositions`, one number after the other for all positions at once."""
        length = len(self.text)
        if not length:
            return 1 if count == 0 else 0
        ends = self.ends
        starts = self.starts
        most = max(self.max_digits, 1) if self.plain else length  # the characters a number may take
        layer = {0: 1}  # position -> ways to reach it
        for k in range(count - 1, -1, -1):  # k: the numbers still to cut after this one
            reach: Dict[int, int] = {}
            for g, ways in layer.items():
                for e in ends(g):
                    left = length - e
                    if left < k:
                        break  # too few characters for the numbers still to cut
                    if left > k * most or starts.get(e, 0) > k:
                        continue
                    reach[e] = min(cap, reach.get(e, 0) + ways)
            if not reach:
                return 0
            layer = reach
        return layer.get(length, 0)

    def parts(self, cuts: Sequence[Tuple[int, int]]) -> Split:
        """The parts ``text[g:e]`` for each ``(g, e)`` of ``cuts``, with their offsets in the file."""
        text = self.text
        shift = self.shift
        return tuple([_part((text[g:e], g + shift[g], e + shift[g])) for g, e in cuts])


def compositions(tokens: Sequence[Tuple[str, int]], count: int, *,
                 totals: Sequence[Tuple[int, Sequence[int]]] = (),
                 max_digits: int = MAX_DIGITS, limit: int = MAX_SPLITS) -> Tuple[List[Split], bool]:
    """Every way to cut ``tokens`` into ``count`` numbers.

    ``tokens`` are the pieces of the run as written, each with its offset in
    the file: a space between two pieces is a real boundary (a number never
    spans it), and each piece holds one number or more. A trailing unit such
    as ``元`` stays with the last number. ``totals`` lists constraints
    ``(i, [j, k, ...])``: part ``i`` equals the sum of parts ``j, k, ...``
    (all ``j < i``); a part never exceeds a total it adds up to, and a total
    is checked as soon as it is cut, so the search stays small.

    Returns (splits, complete): ``complete`` is False when the search stopped
    at ``limit`` splits, in which case the caller must not trust uniqueness.
    """
    run = _Run([(t, off) for t, off in tokens if t], max_digits)
    return _compositions(run, count, {i: tuple(js) for i, js in totals}, limit)


def _compositions(run: _Run, count: int, by_index: Dict[int, Tuple[int, ...]],
                  limit: int) -> Tuple[List[Split], bool]:
    """:func:`compositions` of a run already laid out."""
    if count > 1 and len(by_index) == 1 and by_index.get(count - 1) == tuple(range(count - 1)):
        if run.plain:
            return _row_total_splits(run, count, limit)
        return _row_total_splits_any(run.pieces, count, run.max_digits, limit)
    if not by_index and run.plain:
        return _free_splits(run, count, limit)
    return _search(run, count, by_index, limit)


def _search(run: _Run, count: int, by_index: Dict[int, Tuple[int, ...]],
            limit: int) -> Tuple[List[Split], bool]:
    """Depth-first search of the splits of ``run`` (see :func:`compositions`), shortest numbers
    first. Each number tried is a step, and the search gives up (incomplete) after 50,000 steps:
    a number that cannot lead anywhere is counted as a step but not followed."""
    pieces = run.pieces
    max_digits = run.max_digits
    length = len(run.text)
    starts = run.starts
    numbers = run._numbers
    ends = run.ends
    out: List[Split] = []
    # fractions and units do not count against the digits of a number
    extra = 0 if run.plain else sum(len(m.group()) for t, _ in pieces
                                    for m in re.finditer(r"\.[0-9]+|" + _UNIT, t))
    last_max = None
    last_members = set(by_index.get(count - 1, ()))
    if last_members and pieces:
        tail = pieces[-1][0]
        digits = tail if run.plain else re.match(r"[0-9]*", tail[::-1]).group()[::-1]
        options = [int(digits[-d:]) for d in range(1, min(len(digits), max_digits) + 1)
                   if digits[-d:] == "0" or not digits[-d:].startswith("0")]
        last_max = max(options) if options else None
    cuts: List[Tuple[int, int]] = []  # (start, end) of the numbers cut so far
    values: list = []  # their values
    nodes = 1  # steps taken (the first: the empty split)
    stopped = False

    def goes_on(g: int, cut: int) -> bool:
        """Whether ``cut`` numbers ending at position ``g`` may be followed by more numbers."""
        if cut >= count:
            return False
        left = length - g  # characters still to cut
        need = count - cut
        if left < need or left > need * (max_digits + 1) + extra:
            return False
        return cut + starts.get(g, 0) <= count  # every remaining piece needs at least one number

    def walk(g: int, running: int) -> None:
        """Every number that may start at ``g``, and what may follow it. ``running``: the sum of
        the int values of the parts that add up to the last one."""
        nonlocal stopped, nodes
        idx = len(cuts)
        want = None
        js = by_index.get(idx)
        if js is not None:
            vals = [values[j] for j in js]
            if None in vals:
                return
            want = sum(vals)
        adds_up = idx in last_members
        cut = idx + 1  # numbers cut with the next one
        need = count - cut  # numbers still to cut after it
        most = need * (max_digits + 1) + extra  # the characters they may take
        if need == 0 and not by_index:
            # the last number, no total to check: each number is a step, and the one that ends the
            # run (the longest, if any) makes a split
            stops = ends(g)
            nodes += len(stops)
            if nodes > 50000:
                stopped = True
            elif stops and stops[-1] == length:
                out.append(run.parts(cuts + [(g, length)]))
                stopped = len(out) >= limit
            return
        # without totals the values do not matter
        for stop, value in (numbers[g] or run.numbers(g)) if by_index else zip(ends(g), _NO_VALUES):
            if want is not None:
                if value != want:
                    continue
            elif last_max is not None and adds_up:
                # the row total is the last number: no part, and no sum of parts, may exceed
                # the largest number the end of the run can spell
                if value is None or (isinstance(value, int) and running + value > last_max):
                    continue
            nodes += 1
            if nodes > 50000:
                stopped = True
                return
            if stop == length:
                if cut == count:
                    out.append(run.parts(cuts + [(g, stop)]))
                    if len(out) >= limit:
                        stopped = True
                        return
                continue
            # goes_on(stop, cut), inline
            left = length - stop
            if need <= 0 or left < need or left > most or cut + starts.get(stop, 0) > count:
                continue
            cuts.append((g, stop))
            values.append(value)
            walk(stop, running + value if adds_up and isinstance(value, int) else running)
            cuts.pop()
            values.pop()
            if stopped:
                return

    if not length:
        if count == 0:
            out.append(())
            stopped = limit <= 1
    elif goes_on(0, 0):
        walk(0, 0)
    return out, not stopped


def _free_splits(run: _Run, count: int, limit: int) -> Tuple[List[Split], bool]:
    """:func:`_search` without totals for a run of plain digits: the same splits in the same order
    after the same number of steps, but the numbers that lead nowhere (too short or too long for
    the digits left, or not the last when they end the run) are counted without being tried."""
    text = run.text
    length = len(text)
    max_digits = run.max_digits
    piece_end = run.piece_end
    starts = run.starts
    out: List[Split] = []
    cuts: List[Tuple[int, int]] = []
    nodes = 1  # steps taken (the first: the empty split)
    stopped = False

    def walk(g: int) -> None:
        """Every number that may start at ``g`` (ending at ``first`` .. ``last``), and what may follow it."""
        nonlocal nodes, stopped
        first = g + 1
        last = first if text[g] == "0" else min(piece_end[g], g + max_digits)
        if last < first:
            return  # no number starts here
        cut = len(cuts) + 1  # numbers cut with the next one
        need = count - cut  # numbers still to cut after it
        if need == 0:  # the last number: one step for each, and a split if it ends the run
            nodes += last - first + 1
            if nodes > 50000:
                stopped = True
            elif last == length:
                out.append(run.parts(cuts + [(g, length)]))
                stopped = len(out) >= limit
            return
        # the numbers that leave between ``need`` and ``need * (max_digits + 1)`` digits go on
        a = min(max(first, length - need * (max_digits + 1)), last + 1)
        b = max(min(last, length - need), a - 1)
        nodes += a - first  # (too short)
        if nodes > 50000:
            stopped = True
            return
        for stop in range(a, b + 1):
            nodes += 1
            if nodes > 50000:
                stopped = True
                return
            if cut + starts.get(stop, 0) > count:
                continue  # every remaining piece needs at least one number
            if need == 1:  # the last number follows: walk(stop), inline
                end = stop + 1 if text[stop] == "0" else min(piece_end[stop], stop + max_digits)
                if end > stop:
                    nodes += end - stop
                    if nodes > 50000:
                        stopped = True
                        return
                    if end == length:
                        out.append(run.parts(cuts + [(g, stop), (stop, length)]))
                        if len(out) >= limit:
                            stopped = True
                            return
                continue
            cuts.append((g, stop))
            walk(stop)
            cuts.pop()
            if stopped:
                return
        nodes += last - b  # (too long)
        if nodes > 50000:
            stopped = True

    if not length:
        if count == 0:
            out.append(())
            stopped = limit <= 1
    elif 0 < count <= length <= count * (max_digits + 1) and starts[0] <= count:
        walk(0)
    return out, not stopped


def _row_total_splits(run: _Run, count: int, limit: int) -> Tuple[List[Split], bool]:
    """Splits of a run of plain digits whose last number is the sum of the others (a row of
    table 2).

    The total is cut first, from the end of the run; the other numbers then
    have a budget, which keeps the search tiny however long the run is. Each
    number tried is a step; the search gives up (incomplete) after 100,000.
    """
    out: List[Split] = []
    pieces = run.pieces
    if not pieces:
        return out, True
    last, last_off = pieces[-1]
    text = run.text
    length = len(text)
    piece_end = run.piece_end
    piece_index = run.piece_index
    max_digits = run.max_digits
    digits = list(map(int, text))
    digit_sum = sum(digits)
    cuts: List[Tuple[int, int]] = []
    nodes = 0
    stopped = False
    for d in range(1, min(len(last), max_digits) + 1):
        t_text = last[len(last) - d:]
        if len(t_text) > 1 and t_text[0] == "0":
            continue
        target = int(t_text)
        # casting out nines: a number is congruent to its digit sum, so the sum of the parts is
        # congruent to the digit sum of everything before the total, however it is cut
        if target % 9 != (digit_sum - sum(map(int, t_text))) % 9:
            continue
        total = _part((t_text, last_off + len(last) - d, last_off + len(last)))
        rest = length - d  # the numbers before the total are cut from text[:rest]
        rest_pieces = len(pieces) if len(last) > d else len(pieces) - 1

        def goes_on(g: int, budget: int, k: int) -> bool:
            """Whether ``k`` numbers adding up to ``budget`` may be cut from ``text[g:rest]``."""
            left = rest - g
            return k <= left <= k * len(str(budget)) and rest_pieces - piece_index[g] <= k

        def walk(g: int, budget: int, k: int) -> None:
            """Every number that may start at ``g`` within the budget, and what may follow it
            (``k`` numbers are still to cut)."""
            nonlocal nodes, stopped
            value = 0
            for end in (g + 1,) if text[g] == "0" else range(g + 1, min(piece_end[g], g + max_digits, rest) + 1):
                value = value * 10 + digits[end - 1]  # int(text[g:end]), one more digit each time
                if value > budget:
                    break  # longer numbers from here are larger still
                nodes += 1
                if nodes > 100000:
                    stopped = True
                    return
                if end == rest:
                    if k == 1 and value == budget:
                        out.append(run.parts(cuts + [(g, end)]) + (total,))
                        if len(out) >= limit:
                            stopped = True
                            return
                    continue
                if k == 1:
                    continue
                # goes_on(end, budget - value, k - 1), inline
                left = rest - end
                more = budget - value
                if left < k - 1 or left > (k - 1) * len(str(more)) or rest_pieces - piece_index[end] > k - 1:
                    continue
                cuts.append((g, end))
                walk(end, more, k - 1)
                cuts.pop()
                if stopped:
                    return

        nodes += 1  # the step that starts with the total alone
        if nodes > 100000:
            stopped = True
            break
        if rest and goes_on(0, target, count - 1):
            walk(0, target, count - 1)
        if stopped:
            break
    return out, not stopped


def _row_total_splits_any(pieces: List[Tuple[str, int]], count: int, max_digits: int,
                          limit: int) -> Tuple[List[Split], bool]:
    """:func:`_row_total_splits` for a run with more than plain digits (signs, fractions, units,
    digits other than ASCII)."""
    out: List[Split] = []
    if not pieces:
        return out, True
    last, last_off = pieces[-1]
    head = pieces[:-1]
    nodes = 0
    stopped = False
    for d in range(1, min(len(last), max_digits) + 1):
        t_text = last[len(last) - d:]
        if not t_text.isdigit() or (len(t_text) > 1 and t_text[0] == "0"):
            continue
        target = int(t_text)
        rest = head + ([(last[:len(last) - d], last_off)] if len(last) > d else [])
        # casting out nines: a number is congruent to its digit sum, so the sum of the parts is
        # congruent to the digit sum of everything before the total, however it is cut
        if any("-" in p or "." in p for p, _ in rest):
            pass
        elif target % 9 != sum(sum(map(int, filter(str.isdigit, p))) for p, _ in rest) % 9:
            continue
        total = Part(t_text, last_off + len(last) - d, last_off + len(last))
        parts: List[Part] = []
        ends: Dict[Tuple[int, int], List[int]] = {}  # (piece, position) -> _numbers_from
        rest_len = [sum(len(p) for p, _ in rest[k:]) for k in range(len(rest) + 1)]

        def walk(pi: int, pos: int, budget: int) -> None:
            nonlocal nodes, stopped
            nodes += 1
            if stopped or nodes > 100000:
                stopped = True
                return
            if pi == len(rest):
                if len(parts) == count - 1 and budget == 0:
                    out.append(tuple(parts) + (total,))
                    if len(out) >= limit:
                        stopped = True
                return
            k = count - 1 - len(parts)
            if k <= 0:
                return
            left = rest_len[pi] - pos
            if left < k or left > k * len(str(budget)) or len(rest) - pi > k:
                return  # the characters left cannot make k numbers within the budget
            piece, off = rest[pi]
            if (pi, pos) not in ends:
                ends[pi, pos] = _numbers_from(piece, pos, max_digits)
            for end in ends[pi, pos]:
                text = piece[pos:end]
                if not text.isdigit():
                    continue
                value = int(text)
                if value > budget:
                    break  # longer numbers from here are larger still
                parts.append(_part((text, off + pos, off + end)))
                if end == len(piece):
                    walk(pi + 1, 0, budget - value)
                else:
                    walk(pi, end, budget - value)
                parts.pop()
                if stopped:
                    return

        walk(0, 0, target)
        if stopped:
            break
    return out, not stopped


def split_run(tokens: Sequence[Tuple[str, int]], count: int, *,
              totals: Sequence[Tuple[int, Sequence[int]]] = (),
              max_digits: int = MAX_DIGITS) -> Tuple[List[Split], str]:
    """Candidate splits of one run and how they were found.

    Returns (candidates, how): one candidate and ``BY_DIGITS`` when the
    digits allow only one split; the splits whose totals add up and
    ``BY_ROW_TOTAL`` otherwise (several, one, or none). An empty list with
    ``BY_DIGITS`` means there are several splits and no total to choose.
    """
    if len(tokens) == 1 and max_digits >= 1:
        t, off = tokens[0]
        if len(t) == count and t.isdigit():  # (the usual case of the one below: 0000000)
            return [tuple(map(_part, zip(t, range(off, off + count), range(off + 1, off + count + 1))))], BY_DIGITS
        if count == 1 and not totals and len(t) <= max_digits and t.isdigit() and t.isascii() and t[0] != "0":
            return [(_part((t, off, off + len(t))),)], BY_DIGITS  # one number: all the digits (2293)
    pieces = [(t, off) for t, off in tokens if t]
    if max_digits >= 1 and sum([len(t) for t, _ in pieces]) == count and all([t.isdigit() for t, _ in pieces]):
        # as many digits as numbers: one digit each, the only split there is (0000000, 1100002)
        return [tuple([_part((ch, off + k, off + k + 1)) for t, off in pieces for k, ch in enumerate(t)])], BY_DIGITS
    run = _Run(pieces, max_digits)
    if not totals:
        # no total to choose: up to twelve splits, the only one, or none (a search that gave up
        # early returns what it found, as the search for the only split would)
        every, _ = _compositions(run, count, {}, 12)
        return every, BY_DIGITS
    by_index = {i: tuple(js) for i, js in totals}
    several = False  # whether the digits are known to allow several splits
    if run.plain:
        # plain digits: the splits that add up first; two of them, or one with a neighbour,
        # show that the digits allow several
        fitting, complete = _compositions(run, count, by_index, MAX_SPLITS)
        several = len(fitting) > 1 or bool(fitting) and _has_neighbour(run, fitting[0])
    if not several:
        n = run.count(count)
        if n == 1:
            only, _ = _compositions(run, count, {}, 2)
            return only, BY_DIGITS
        if n == 0:
            return [], BY_DIGITS
        if not run.plain:
            fitting, complete = _compositions(run, count, by_index, MAX_SPLITS)
    return (fitting if complete else []), BY_ROW_TOTAL


def _has_neighbour(run: _Run, split: Split) -> bool:
    """Whether moving one cut of ``split`` (a split of a run of plain digits) by one digit gives
    another split; then the digits allow several."""
    text = run.text
    most = run.max_digits
    starts = run.starts
    x = 0  # the part [x, y) and the next one [y, z)
    y = len(split[0].text)
    for part in split[1:]:
        z = y + len(part.text)
        if y not in starts:  # (a cut where a piece ends stays)
            if y - 1 > x and text[y - 1] != "0" and z - y + 1 <= most:
                return True  # the last digit of the left part begins the right one
            if z - y > 1 and text[x] != "0" and y + 1 - x <= most and (z - y == 2 or text[y + 1] != "0"):
                return True  # the first digit of the right part ends the left one
        x, y = y, z
    return False


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
    usable equations -- or None when there are more than ``limit``
    combinations (the caller then keeps only what each row's own constraints
    decided).
    """
    usable = [eq for eq in equations if candidates.keys() >= {*eq[0], *eq[1]}]
    result = {r: list(range(len(c))) for r, c in candidates.items()}
    rows = sorted({r for lhs, rhs in usable for r in (*lhs, *rhs)})
    open_rows = [r for r in rows if len(candidates[r]) > 1]
    if not usable or not open_rows:
        return result
    total = 1
    for r in open_rows:
        total *= len(candidates[r])
        if total > limit:
            return None
    # each (equation, column) is: base + sum of the open rows' contributions == 0
    checks = [(e, c) for e in range(len(usable)) for c in range(columns)]
    base = [0] * len(checks)
    usable_check = [True] * len(checks)
    open_set = set(open_rows)
    # the values of the rows read without doubt, column by column
    known = {r: _at_columns(candidates[r][0], columns) for r in rows if r not in open_set}
    for e, (lhs, rhs) in enumerate(usable):
        first = e * columns  # the check of (e, 0)
        for sign, side in ((1, lhs), (-1, rhs)):
            for r in side:
                if r in open_set:
                    continue
                for c, v in enumerate(known[r]):
                    if v is None:
                        usable_check[first + c] = False
                    else:
                        base[first + c] += sign * v
    contrib: Dict[str, List[List[int]]] = {}
    for r in open_rows:
        signs = [lhs.count(r) - rhs.count(r) for lhs, rhs in usable]  # per equation
        per_candidate = []
        for cand in candidates[r]:
            at = _at_columns(cand, columns)
            vec = []
            for k, (e, c) in enumerate(checks):
                sign = signs[e]
                v = at[c]
                if sign and v is None:
                    usable_check[k] = False
                vec.append(sign * (v or 0))
            per_candidate.append(vec)
        contrib[r] = per_candidate
    live = [k for k in range(len(checks)) if usable_check[k]]
    good: Dict[str, set] = {r: set() for r in open_rows}
    for combo in itertools.product(*(range(len(candidates[r])) for r in open_rows)):
        vecs = [contrib[r][i] for r, i in zip(open_rows, combo)]
        if all(base[k] + sum(v[k] for v in vecs) == 0 for k in live):
            for r, i in zip(open_rows, combo):
                good[r].add(i)
    for r in open_rows:
        result[r] = sorted(good[r])
    return result


_NUMBER_TYPES = frozenset((int, Decimal))


def _at_columns(values: Sequence[object], columns: int) -> list:
    """The first ``columns`` values of a candidate, None where a value is missing or not a number."""
    head = values[:columns]
    if len(head) == columns and _NUMBER_TYPES.issuperset(map(type, head)):
        return list(head)  # (the usual candidate: ints only)
    out = [v if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else None for v in head]
    if len(out) < columns:
        out += [None] * (columns - len(out))
    return out
