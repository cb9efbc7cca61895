"""The reader's quick paths give what the general code gives.

- a text line of one word becomes its one fragment directly (:func:`reader.line_fragments`),
  not through the loop that groups the words of a line into labels and runs;
- a grid cell of plain ASCII digits is a value without asking :func:`cells.looks_like_value`;
- packed rows whose digits allow one split each skip the column equations: ``runtogether.solve``
  would keep every split;
- cells are made as they are written and the missing ones at the end, in template order.
"""
from __future__ import annotations

from typing import List

from hypothesis import given, settings as hsettings, strategies as st

from gxrules import reader
from gxrules import runtogether as rt
from gxrules.cells import looks_like_value, split_words
from gxrules.linter import Linter
from gxrules.source import SourceText

_WORDS = st.lists(st.sampled_from(["予以公开", "1.", "（二）", "0", "12", "3,001", "—", "其他", "总计", "年", "件",
                                   "２", "1.5", "/", "本年新收", "a", "。", "政府信息"]), min_size=1, max_size=6)
_GAPS = st.sampled_from([" ", "  ", "\t", "   ", "\u3000"])


def _general_line_fragments(block, source) -> List[reader.Fragment]:
    """line_fragments of a text line as the loop over its words gives them (no one-word path)."""
    text = block.text
    line, _, start = block.span.start
    number = block.number
    if reader.is_prose(text):
        return [reader.Fragment("break", line, None, False, number, number)]
    norm = source.normalised
    words = split_words(text, start, norm[start:start + len(text)])
    if len(words) > 1 and reader._numbers_in_prose(words, norm):
        return [reader.Fragment("break", line, None, False, number, number)]
    out = []
    run = None
    for kind, cell in words:
        if kind == "label":
            out.append(reader.Fragment("label", line, [cell], False, number, number))
            run = None
        elif run is not None:
            run.append(cell)
        else:
            run = [cell]
            out.append(reader.Fragment("run", line, run, False, number, number))
    return out


def _fields(frags):
    return [(f.kind, f.line, list(f.cells), f.grid, f.row, f.block) for f in frags]


@hsettings(max_examples=150, deadline=None)
@given(_WORDS, st.lists(_GAPS, min_size=6, max_size=6), st.sampled_from(["", " ", "  "]))
def test_one_word_lines_make_the_fragments_the_general_loop_makes(words, gaps, lead):
    text = lead + "".join(w + g for w, g in zip(words, gaps)).rstrip()
    source = SourceText.from_text("标题\n" + text + "\n")
    lines = reader.parse_lines(source)
    for block in reader.blocks_from_lines(lines):
        if block.kind != "text":
            continue
        got = reader.line_fragments(block, source, source.normalised)
        assert _fields(got) == _fields(_general_line_fragments(block, source))


@given(st.text(alphabet=st.sampled_from("0123456789٣１²a ,.-"), max_size=8))
def test_plain_digits_are_values(text):
    if text.isdigit() and text.isascii():
        assert looks_like_value(text)


@hsettings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "c", "d"]),
                       st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9)), min_size=1),
       st.lists(st.tuples(st.lists(st.sampled_from("abcd"), min_size=1, max_size=2),
                          st.lists(st.sampled_from("abcd"), min_size=1, max_size=3)), max_size=3))
def test_column_equations_keep_every_split_when_no_row_has_a_choice(rows, equations):
    candidates = {key: [values] for key, values in rows.items()}
    assert rt.solve(candidates, equations, 3) == {key: [0] for key in rows}


def test_missing_cells_come_in_template_order():
    linter = Linter().prepare()
    report = linter.parse("2023年度政府信息公开工作年度报告\n\n三、收到和处理政府信息公开申请情况\n\n"
                          "一、本年新收政府信息公开申请数量\t5\t1\n")
    template = linter.templates[report.template]
    for name, spec in template.tables.items():
        table = report.tables[name]
        assert list(table.rows) == [r.key for r in spec.rows]
        for r in spec.rows:
            assert list(table.rows[r.key].cells) == list(r.columns)
            for column, cell in table.rows[r.key].cells.items():
                assert (cell.table, cell.row, cell.column) == (name, r.key, column)
