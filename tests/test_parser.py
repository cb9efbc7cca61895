"""The line layer: the scanner is Lark's lexer of grammars/report.lark, and its cache behaves."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from conftest import corpus_files, seed_files
from gxrules import parser
from gxrules.source import SourceText

ROOT = Path(__file__).resolve().parents[1]

LINEISH = st.sampled_from([
    "一、总体情况", "（一）予以公开", "(二)", "1.", "１、", "3.5", "\t", "|", "| --- |", "|:---:|", "0", "12", "—",
    "\n", "\r\n", "\r", " ", "　", "\u00a0", "\u200b", "# ", "###### ", "####### ", "**", "-3-", "— 2 —",
    "第 4 页 共 9 页", "发布日期：2024-01-31", "来源:", "３", "（", "）", "十一、", "结 果 维 持", "总计", "\x00",
])
TEXT = st.one_of(st.text(), st.lists(st.one_of(LINEISH, st.text(max_size=4)), max_size=50).map("".join))


def lark_tokens(text: str):
    return [(t.type, t.start_pos, t.end_pos) for t in parser.get_parser().lex(text)]


@hsettings(max_examples=400, deadline=None)
@given(TEXT)
def test_scanner_is_larks_lexer(text):
    normalised = SourceText.from_text(text).normalised
    assert parser.scan(normalised) == lark_tokens(normalised)


@pytest.mark.parametrize("path", seed_files() + corpus_files(), ids=lambda p: p.name)
def test_scanner_is_larks_lexer_on_real_reports(path):
    normalised = SourceText.from_bytes(path.read_bytes()).normalised
    assert parser.scan(normalised) == lark_tokens(normalised)


def lines_from_tokens(source):
    """parse_lines as the tokens of scan() give it: a line per token, blank lines for the rest."""
    from gxrules.diagnostics import Position, Span
    from gxrules.model import Line

    starts = source._line_starts
    by_number = {}
    for kind, start, end in parser.scan(source.normalised):
        if kind != "_NL":
            number = starts.index(start) + 1  # every token starts a line
            first = Position(number, 1, start)
            by_number[number] = Line(number, kind.lower(), source.text[start:end],
                                     Span(first, Position(number, end - start + 1, end)))
    blank = lambda n: Line(n, "blank", "", Span(Position(n, 1, starts[n - 1]), Position(n, 1, starts[n - 1])))
    return [by_number.get(n) or blank(n) for n in range(1, len(starts) + 1)]


@hsettings(max_examples=400, deadline=None)
@given(TEXT)
def test_lines_are_the_scanners_tokens(text):
    source = SourceText.from_text(text)
    assert parser.parse_lines(source) == lines_from_tokens(source)


@pytest.mark.parametrize("path", seed_files() + corpus_files(), ids=lambda p: p.name)
def test_lines_are_the_scanners_tokens_on_real_reports(path):
    source = SourceText.from_bytes(path.read_bytes())
    assert parser.parse_lines(source) == lines_from_tokens(source)


@hsettings(max_examples=300, deadline=None)
@given(TEXT, st.data())
def test_line_index_and_spans(text, data):
    import bisect
    import re

    from gxrules.diagnostics import Position, Span

    source = SourceText.from_text(text)
    text = source.text
    assert source._line_starts == [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    starts = source._line_starts
    start = data.draw(st.integers(-2, len(text) + 2))
    end = data.draw(st.integers(-2, len(text) + 2))
    span = source.span(start, end)
    a = min(max(start, 0), len(text))
    b = min(max(end, a), len(text))
    line_a, line_b = bisect.bisect_right(starts, a), bisect.bisect_right(starts, b)
    assert span == ((line_a, a - starts[line_a - 1] + 1, a), (line_b, b - starts[line_b - 1] + 1, b))
    assert type(span) is Span and type(span.start) is Position and type(span.end) is Position
    assert source.position(start) == span.start


@hsettings(max_examples=300, deadline=None)
@given(TEXT)
def test_normalised_view_is_the_translation_table(text):
    from gxrules.source import NORMALISE, normalise

    assert normalise(text) == text.translate(NORMALISE)
    source = SourceText.from_text(text)
    assert source.normalised == source.text.translate(NORMALISE)


def test_lines_are_tokens_and_blank_lines(tmp_path):
    source = SourceText.from_text("一、总体情况\n\n\n发布日期：2024-01-31\r\n| a | 1 |\n\t")
    kinds = [(ln.number, ln.kind, ln.text) for ln in parser.parse_lines(source)]
    assert kinds == [(1, "heading", "一、总体情况"), (2, "blank", ""), (3, "blank", ""),
                     (4, "meta", "发布日期：2024-01-31"), (5, "pipe_row", "| a | 1 |"), (6, "blank", "\t")]


def _run(code: str, cache: Path, **env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GXRULES_")}
    environ.update(GXRULES_CACHE_DIR=str(cache), **env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True,
                          text=True, check=True).stdout


READ = ("import sys; from gxrules.parser import parse_lines; from gxrules.source import SourceText; "
        "print([l.kind for l in parse_lines(SourceText.from_text('一、总体情况\\n正文'))], 'lark' in sys.modules)")


def test_a_process_with_the_cache_does_not_import_lark(tmp_path):
    first = _run(READ, tmp_path)
    assert first.strip() == "['heading', 'text'] True"  # built from Lark, then kept
    (cached,) = (tmp_path / __import__("gxrules").__version__).glob("lines-*.json")
    assert json.loads(cached.read_text(encoding="utf-8"))["data"][0][0].startswith("(?P<")
    assert _run(READ, tmp_path).strip() == "['heading', 'text'] False"


def test_a_broken_cache_is_rebuilt_and_no_cache_works(tmp_path):
    _run(READ, tmp_path)
    (cached,) = (tmp_path / __import__("gxrules").__version__).glob("lines-*.json")
    cached.write_text("not json", encoding="utf-8")
    assert _run(READ, tmp_path).strip() == "['heading', 'text'] True"
    assert json.loads(cached.read_text(encoding="utf-8"))
    assert _run(READ, tmp_path / "none", GXRULES_NO_CACHE="1").strip() == "['heading', 'text'] True"
    assert not (tmp_path / "none").exists()


def test_cache_entries_follow_what_they_were_made_from(tmp_path, monkeypatch):
    from gxrules.usercache import cached_json

    monkeypatch.setenv("GXRULES_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GXRULES_NO_CACHE", raising=False)
    built = []

    def build(value):
        return lambda: built.append(value) or {"v": value}

    assert cached_json("x", "grammar one", build(1)) == {"v": 1}
    assert cached_json("x", "grammar one", build(2)) == {"v": 1}  # kept
    assert cached_json("x", "grammar two", build(3)) == {"v": 3}  # another key: built again
    assert built == [1, 3]
    assert cached_json("y", "k", lambda: {"when": __import__("datetime").date(2024, 1, 1)})  # not JSON: not kept
    assert not list(tmp_path.rglob("y-*.json"))


CELLISH = st.sampled_from(["", "0", "12", "1,234", "—", "/", "予以公开", "（一）予以公开", "(二) 不予公开", " ", "　",
                           "\u00a0", "\u200b", "\r", "\x0b", "\x1f", "|", "结 果 维 持", "３", " 5", "6 ", "\u3000总计\u3000"])
ROW = st.lists(st.one_of(CELLISH, st.text(max_size=4)), max_size=20).map("\t".join)


def _split_by_hand(row: str, start: int, sep: str):
    """The cells of a row as the docstring of ``split_delimited`` says, one piece at a time."""
    from gxrules.cells import RawCell

    if sep == "|":  # a markdown row: its outer pipes dropped
        body = row.strip()
        left = len(row) - len(row.lstrip()) + 1 if body.startswith("|") else 0
        right = len(row.rstrip()) - 1 if body.endswith("|") and len(row.rstrip()) - 1 >= left else len(row.rstrip())
        start, row = start + left, row[left:right]
    cells = []
    for piece in row.split(sep):
        lead = len(piece) - len(piece.lstrip()) if piece.strip() else len(piece)
        cells.append(RawCell(piece.strip(), start + lead, start + lead + len(piece.strip())))
        start += len(piece) + 1
    return cells


@hsettings(max_examples=500, deadline=None)
@given(ROW, st.integers(0, 10_000))
def test_split_delimited_is_the_cells_one_by_one(row, start):
    from gxrules.cells import _split_tabs, split_delimited

    expected = _split_by_hand(row, start, "\t")
    assert split_delimited(row, start, "\t") == expected
    assert _split_tabs(row, start) in (None, expected)  # the fast path: the same cells, or none
    piped = "| " + row.replace("\t", " | ") + " |"
    assert split_delimited(piped, start, "|") == _split_by_hand(piped, start, "|")


WORDISH = st.sampled_from(["", " ", "  ", "   ", "\t", "　", "\u00a0", "\u200b", "\x1f", "12", "３", "1,234", "—", "/",
                           "（一）", "予以公开", "结", "果", "件", "3.5", "-", "万元", "第二十条第（五）项", "总计"])
WORDS = st.lists(st.one_of(WORDISH, st.text(max_size=3)), max_size=25).map("".join)


def _words_by_regex(line: str, start: int):
    """The words of a line as ``split_words`` says, found with a regular expression."""
    import re

    from gxrules.cells import RawCell, looks_like_value, normalise

    norm = normalise(line)
    out, label = [], None  # label: [first, last] of the label run being read
    for m in re.finditer(r"\S+", norm):
        s, e = m.span()
        if label and (s - label[1] >= 2 or looks_like_value(m.group())):
            out.append(("label", RawCell(line[label[0]:label[1]], start + label[0], start + label[1])))
            label = None
        if looks_like_value(m.group()):
            out.append(("value", RawCell(line[s:e], start + s, start + e)))
        elif label:
            label[1] = e
        else:
            label = [s, e]
    if label:
        out.append(("label", RawCell(line[label[0]:label[1]], start + label[0], start + label[1])))
    return out


@hsettings(max_examples=500, deadline=None)
@given(WORDS, st.integers(0, 10_000))
def test_split_words_is_the_regex_words(line, start):
    from gxrules.cells import normalise, split_words

    assert split_words(line, start) == split_words(line, start, normalise(line)) == _words_by_regex(line, start)
