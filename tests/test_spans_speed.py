"""Lines and blocks make their spans when first read: the spans are the ones made eagerly before.

:func:`parser.parse_lines` gives each line its start offset and no span; a block of a line
(:func:`reader.blocks_from_lines`) keeps the line number and offset, and the reader reads
those instead of ``block.span``. Each span worked out later must be the span of the line's
text in the file, as ``source.span`` and the old eager code give it.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from conftest import corpus_files, seed_files
from gxrules.diagnostics import Position, Span
from gxrules.model import Line
from gxrules.parser import parse_lines
from gxrules.reader import Block, blocks_from_lines
from gxrules.source import SourceText

LINEISH = st.sampled_from([
    "一、总体情况", "（一）予以公开", "1.", "\t", "|", "| --- |", "0", "12", "—", "\n", "\r\n", "\r", " ", "　",
    "\u00a0", "\u200b", "# ", "**", "-3-", "第 4 页 共 9 页", "发布日期：2024-01-31", "总计", "\x00", "\u2028",
])
TEXT = st.one_of(st.text(), st.lists(st.one_of(LINEISH, st.text(max_size=4)), max_size=50).map("".join))


def eager_span(line: Line) -> Span:
    """The span parse_lines made for every line before (a line with no text, folded into a line
    break: one position twice; a white-space line the scanner keeps as ``blank`` has its text)."""
    first = Position(line.number, 1, line.start)
    if not line.text:
        return Span(first, first)
    end = line.start + len(line.text)
    return Span(first, Position(line.number, end - line.start + 1, end))


def check_source(source: SourceText) -> None:
    lines = parse_lines(source)
    for line in lines:
        assert line._span is None  # not made yet
        assert source.text[line.start:line.start + len(line.text)] == line.text
        eager = Line(line.number, line.kind, line.text, eager_span(line))
        assert eager.start == line.start
        assert line == eager and repr(line) == repr(eager)  # (reads line.span: made here)
        assert line.span == eager.span == source.span(line.start, line.start + len(line.text))
        assert type(line.span) is Span and type(line.span.start) is Position and type(line.span.end) is Position
        assert line.span is line.span  # made once
    fresh = parse_lines(source)
    blocks = blocks_from_lines(fresh)
    assert [b.number for b in blocks] == [ln.number for ln in fresh if ln.kind != "blank"]
    for block, line in zip(blocks, (ln for ln in lines if ln.kind != "blank")):
        assert (block.line, block.start, block.text, block.kind) == (line.number, line.start, line.text, line.kind)
        assert block.span == line.span
        # a block given its span (as the HTML reader and long lines make them) reads the same
        given_span = Block(0, block.kind, block.text, span=line.span, hard=True)
        assert (given_span.line, given_span.start, given_span.span) == (block.line, block.start, block.span)


@hsettings(max_examples=300, deadline=None)
@given(TEXT)
def test_lazy_spans_are_the_eager_spans(text):
    check_source(SourceText.from_text(text))


@pytest.mark.parametrize("path", seed_files() + corpus_files(), ids=lambda p: p.name)
def test_lazy_spans_are_the_eager_spans_on_real_reports(path):
    check_source(SourceText.from_bytes(path.read_bytes()))


@hsettings(max_examples=100, deadline=None)
@given(TEXT, st.data())
def test_a_block_given_a_span_keeps_where_it_starts(text, data):
    """An HTML block may run over several lines: its line and offset are those its span starts at."""
    source = SourceText.from_text(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    span = source.span(start, end)
    block = Block(number=7, kind="html_block", text=text[start:end], span=span, plain="x", hard=True)
    assert (block.number, block.line, block.start, block.span) == (7, span.start.line, start, span)
    assert block.span is span
