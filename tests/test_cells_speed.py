"""The quick paths of cell splitting give what the general code gives.

:func:`cells.split_delimited` places a trimmed cell from the length of the white space in
front of it (one ``lstrip``) and a tab row without white space around any cell by running
lengths alone; both are checked here against a cell-by-cell reading of the row.
"""
from __future__ import annotations

from hypothesis import given, settings as hsettings, strategies as st

from gxrules.cells import RawCell, split_delimited

_ROW = st.text(alphabet=st.sampled_from(list("0123 \t|　\u00a0规章合计-")), max_size=24)


def _reference_split_delimited(line_text, line_start, sep):
    """The row cut at ``sep``, each cell stripped of white space and found where its first
    character stands (as before the quick paths)."""
    pos, end = 0, len(line_text)
    if sep == "|":
        body = line_text.lstrip()
        if body.startswith("|"):
            pos = end - len(body) + 1
        body = line_text.rstrip()
        end = len(body)
        if body.endswith("|") and end - 1 >= pos:
            end -= 1
    at = line_start + pos
    cells = []
    for piece in line_text[pos:end].split(sep):
        text = piece.strip()
        if len(text) == len(piece):
            s = at
        elif text:
            s = at + piece.index(text[0])
        else:
            s = at + len(piece)
        cells.append(RawCell(text, s, s + len(text)))
        at += len(piece) + 1
    return cells


@hsettings(max_examples=300, deadline=None)
@given(_ROW, st.integers(0, 500), st.sampled_from(["\t", "|"]))
def test_split_delimited_is_the_cell_by_cell_reading(line, start, sep):
    assert split_delimited(line, start, sep) == _reference_split_delimited(line, start, sep)
