"""The quick paths of the run-together search give what the general search gives (and the key
view of an inline table what a character-by-character reading gives).

Runs of plain digits take shortcuts (:func:`runtogether._free_splits`, the plain
:func:`runtogether._row_total_splits`, :meth:`runtogether._Run.count`, a split with a
neighbour); each is checked here against the general code it stands in for, and
:func:`runtogether.split_run` against the order of steps it had before the shortcuts.
"""
from __future__ import annotations

from hypothesis import given, settings as hsettings, strategies as st

from gxrules import runtogether as rt

# digit strings like the runs of real reports: many zeros, a few pieces
_PLAIN = st.lists(st.text(alphabet=st.sampled_from("00001123456789"), min_size=1, max_size=14),
                  min_size=1, max_size=3)
_ANY = st.lists(st.text(alphabet=st.sampled_from(list("0012345678.-元件%１²")), max_size=10),
                min_size=1, max_size=3)


def _tokens(texts):
    out, off = [], 7
    for t in texts:
        out.append((t, off))
        off += len(t) + 1
    return out


def _reference_split_run(tokens, count, totals, max_digits):
    """split_run as it was before the shortcuts: count first, then the general searches."""
    pieces = [(t, off) for t, off in tokens if t]
    if max_digits >= 1 and sum(len(t) for t, _ in pieces) == count and all(t.isdigit() for t, _ in pieces):
        return [tuple(rt.Part(ch, off + k, off + k + 1) for t, off in pieces for k, ch in enumerate(t))], rt.BY_DIGITS
    run = rt._Run(pieces, max_digits)
    n = rt.count_compositions(tokens, count, max_digits)
    if n == 1:
        return rt._search(run, count, {}, 2)[0], rt.BY_DIGITS
    if n == 0:
        return [], rt.BY_DIGITS
    if not totals:
        return rt._search(run, count, {}, 12)[0], rt.BY_DIGITS
    by_index = {i: tuple(js) for i, js in totals}
    if by_index == {count - 1: tuple(range(count - 1))} and count > 1:
        fitting, complete = rt._row_total_splits_any(pieces, count, max_digits, rt.MAX_SPLITS)
    else:
        fitting, complete = rt._search(run, count, by_index, rt.MAX_SPLITS)
    return (fitting if complete else []), rt.BY_ROW_TOTAL


@hsettings(max_examples=40, deadline=None)
@given(_PLAIN, st.integers(1, 9), st.sampled_from([7, 7, 3, 1, 0]), st.sampled_from([1, 2, 12, 200]))
def test_free_splits_are_the_general_search_without_totals(texts, count, max_digits, limit):
    run = rt._Run(_tokens(texts), max_digits)
    assert rt._free_splits(run, count, limit) == rt._search(rt._Run(_tokens(texts), max_digits), count, {}, limit)


def _every_split(tokens, count, max_digits):
    """Every way to cut ``tokens`` into ``count`` numbers, one number after the other where
    :func:`runtogether._stops` says a number may end, shortest first: the splits as defined."""
    pieces = [(t, off) for t, off in tokens if t]

    def splits(i, pos, parts):
        if i == len(pieces):
            if len(parts) == count:
                yield tuple(parts)
            return
        if len(parts) == count:
            return
        piece, off = pieces[i]
        for stop in rt._stops(piece, pos, max_digits):
            part = rt.Part(piece[pos:stop], off + pos, off + stop)
            yield from splits(i + 1, 0, parts + [part]) if stop == len(piece) else splits(i, stop, parts + [part])

    if not pieces:
        return [()] if count == 0 else []
    return list(splits(0, 0, []))


@hsettings(max_examples=150, deadline=None)
@given(st.one_of(_PLAIN, _ANY), st.integers(0, 6), st.sampled_from([7, 7, 3, 1]), st.sampled_from([1, 2, 12, 5000]))
def test_search_without_totals_finds_every_split_in_order(texts, count, max_digits, limit):
    """The general search (which takes the last number of a split without trying each ending)
    gives the splits as defined, in their order, up to ``limit``."""
    tokens = _tokens(texts)
    every = _every_split(tokens, count, max_digits)
    run = rt._Run([(t, off) for t, off in tokens if t], max_digits)
    assert rt._search(run, count, {}, limit) == (every[:limit], len(every) < limit)


@hsettings(max_examples=60, deadline=None)
@given(_PLAIN, st.integers(2, 8), st.sampled_from([7, 7, 3]))
def test_plain_row_totals_are_the_general_row_totals(texts, count, max_digits):
    tokens = _tokens(texts)
    got = rt._row_total_splits(rt._Run(tokens, max_digits), count, rt.MAX_SPLITS)
    assert got == rt._row_total_splits_any(tokens, count, max_digits, rt.MAX_SPLITS)


@hsettings(max_examples=50, deadline=None)
@given(st.one_of(_PLAIN, _ANY), st.integers(0, 9), st.sampled_from([7, 7, 3, 1, 0]))
def test_count_is_count_compositions(texts, count, max_digits):
    tokens = _tokens(texts)
    run = rt._Run([(t, off) for t, off in tokens if t], max_digits)
    assert run.count(count) == rt.count_compositions(tokens, count, max_digits)


@hsettings(max_examples=80, deadline=None)
@given(st.one_of(_PLAIN, _PLAIN, _ANY), st.integers(1, 9), st.sampled_from(["none", "row", "blocks"]),
       st.sampled_from([7, 7, 3]))
def test_split_run_is_the_search_in_its_former_order(texts, count, kind, max_digits):
    tokens = _tokens(texts)
    totals = {"none": [], "row": rt.row_total_constraint(count),
              "blocks": rt.block_total_constraints(count // 3, 3) if count % 3 == 0 else []}[kind]
    try:
        expected = _reference_split_run(tokens, count, totals, max_digits)
    except ValueError:  # int() of a digit that is not decimal ("²"): not ours to change
        return
    assert rt.split_run(tokens, count, totals=totals, max_digits=max_digits) == expected


def test_split_run_on_long_runs_gives_up_where_it_did():
    """A search that reaches its step limit gives up at the same place."""
    for text, count, totals in [("9" * 60, 7, rt.row_total_constraint(7)),
                                ("12345678901234567890123456789012345", 15, rt.block_total_constraints(3, 5)),
                                ("1" * 40, 15, []), ("1203" * 10, 15, rt.block_total_constraints(3, 5))]:
        tokens = [(text, 0)]
        assert rt.split_run(tokens, count, totals=totals) == _reference_split_run(tokens, count, totals, 7)


def _reference_key_view(norm, start, end):
    """The key view one character at a time: white space and punctuation dropped, a "." kept
    between two digits and a "-" before a digit."""
    from gxrules.inline import _STRIP_CHARS

    chars, offsets = [], []
    for i in range(start, end):
        ch = norm[i]
        nxt = norm[i + 1] if i + 1 < end else ""
        prev = norm[i - 1] if i > start else ""
        if ch == ".":
            keep = prev.isdigit() and nxt.isdigit()
        elif ch == "-":
            keep = nxt.isdigit()
        else:
            keep = not ch.isspace() and ch not in _STRIP_CHARS
        if keep:
            chars.append(ch)
            offsets.append(i)
    return "".join(chars), offsets


@hsettings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789..-- \u3000\u00a0\u200b,，、。()（）年月元一²")), max_size=30),
       st.integers(0, 30), st.integers(0, 30))
def test_key_view_is_the_text_without_punctuation(text, a, b):
    from gxrules.inline import _key_view

    start, end = sorted((min(a, len(text)), min(b, len(text))))
    assert _key_view(text, start, end) == _reference_key_view(text, start, end)


@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.integers(-50, 5000), st.integers(0, 9), st.booleans(), st.none(),
                          st.decimals(allow_nan=False, allow_infinity=False, places=2), st.just("1")),
                max_size=9),
       st.integers(0, 8))
def test_at_columns_of_plain_numbers_is_the_value_by_value_check(values, columns):
    """A candidate of ints (and Decimals) is taken as it is; anything else value by value."""
    from decimal import Decimal

    expected = [v if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else None for v in values[:columns]]
    expected += [None] * (columns - len(expected))
    assert rt._at_columns(tuple(values), columns) == expected
