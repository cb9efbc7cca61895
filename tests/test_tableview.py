"""Table views (gxrules.tableview): what the cross-year pass keeps of a report reads back exactly."""
from __future__ import annotations

import functools
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given, settings, strategies as st

from conftest import corpus_files, seed_files
from gxrules.diagnostics import Position, Span
from gxrules.linter import Linter
from gxrules.model import Cell, Field, Row, Table
from gxrules.tableview import pack, unpack

_LINTER = Linter(load_entrypoints=False).prepare()
_SPAN = Span(Position(2, 1, 5), Position(2, 3, 7))


def _signature(tables):
    """Everything of the tables but where they are (a view's spans are placeholders)."""
    return {name: (t.name, t.title, t.span is not None, [(key, _row_signature(r)) for key, r in t.rows.items()])
            for name, t in tables.items()}


def _row_signature(r):
    return (r.table, r.key, r.label, r.found_label, r.span is not None,
            [(col, c.table, c.row, c.column, c.raw, type(c.value), c.value, c.status, c.unit, c.inferred,
              c.span is not None) for col, c in r.cells.items()])


def _round_trip(report):
    view = unpack(pack(report, _LINTER.templates.get(report.template)), _LINTER.templates)
    assert (view.path, view.template) == (report.path, report.template)
    assert (view.year and view.year.value) == (report.year and report.year.value)
    assert (view.agency and view.agency.value) == (report.agency and report.agency.value)
    return view


@pytest.mark.parametrize("path", seed_files() + corpus_files(), ids=lambda p: p.name)
def test_the_view_of_a_real_report_holds_its_tables(path):
    report = _LINTER.parse(path)
    view = _round_trip(report)
    assert _signature(view.tables) == _signature(report.tables)
    with pytest.raises(AttributeError):
        view.source  # noqa: B018 -- a view has no text: a rule that reads it runs on the full reports


def _cell_states():
    """Cells of every kind: read as written, not in the file, each one thing away from those, odd ones."""
    written = [(str(v), v, "ok", "", "", True) for v in (0, 7, 12, 10_000)]
    missing = ("", None, "missing", "", "", False)
    states = written + [missing]
    for base in (written[1], missing):
        for i, other in enumerate((" 7", 8, "blank", "件", "split-by-row-total", not base[5])):
            states.append(base[:i] + (other,) + base[i + 1:])
    states += [("007", 7, "ok", "", "", True), ("１２", 12, "ok", "", "", True), ("—", None, "blank", "", "", True),
               ("3件", 3, "ok", "件", "", True), ("1.50", Decimal("1.50"), "ok", "元", "", True),
               ("1", True, "ok", "", "", True), ("x", None, "invalid", "", "zero-group-total,order-by-row-total", False)]
    return states


_STATES = _cell_states()
_TEXT = ["", "别的", "（一）"]


@settings(max_examples=100, deadline=None)
@given(rnd=st.randoms(use_true_random=False), template=st.sampled_from(sorted(_LINTER.templates)))
def test_any_table_state_reads_back_exactly(rnd, template):
    """Cells of every kind; labels, titles, rows and columns that differ from the template's."""
    spec = _LINTER.templates[template]
    tables = {}
    for name, table_spec in spec.tables.items():
        rows = [(r.key, r.label, r.columns) for r in table_spec.rows] + [("x1", "另一行", ("c",))]
        # per row: label changed?, columns changed?, found label, placed?, and a state for each cell
        drawn = [(rnd.randrange(10), rnd.randrange(10), rnd.randrange(3), rnd.random() < 0.5,
                  [rnd.randrange(len(_STATES)) for _ in range(9)]) for _ in rows]
        title_extra, table_placed, extra_row = rnd.choice(_TEXT), rnd.random() < 0.5, rnd.random() < 0.5
        table = tables[name] = Table(name, table_spec.title + title_extra, span=_SPAN if table_placed else None)
        for (key, label, columns), (relabel, recolumn, found, placed, states) in zip(rows, drawn):
            if key == "x1" and not extra_row:
                continue
            if relabel == 0:
                label += "（续）"
            if recolumn == 0:  # columns in another order, one more, one fewer
                columns = tuple(reversed(columns + ("extra",)))[:states[0] % 9]
            found = ("", label, "（一）" + label)[found]
            row = table.rows[key] = Row(name, key, label, found, _SPAN if placed else None)
            for col, state in zip(columns, states):
                raw, value, status, unit, inferred, placed = _STATES[state]
                row.cells[col] = Cell(name, key, col, raw, value, _SPAN if placed else None, status, unit, inferred)
    report = SimpleNamespace(path="a/2023.txt", template=template, agency=Field("某局", None),
                             year=Field(2023, None), tables=tables)
    view = _round_trip(report)
    assert _signature(view.tables) == _signature(report.tables)


@functools.lru_cache(maxsize=None)
def _real_report(i):
    return _LINTER.parse((seed_files() + corpus_files())[i])


@settings(max_examples=60, deadline=None)
@given(rnd=st.randoms(use_true_random=False))
def test_a_views_rows_read_in_any_order_and_any_way_are_the_reports(rnd):
    """A view makes a row when it is first read: by key, get, in, iteration, in any order, each the same."""
    report = _real_report(rnd.randrange(len(seed_files() + corpus_files())))
    view = _round_trip(report)
    for name, table in report.tables.items():
        rows = view.tables[name].rows
        keys = list(table.rows) + ["no_such_row", table.name]
        rnd.shuffle(keys)
        for key in keys:
            if key not in table.rows:
                assert key not in rows and rows.get(key) is None and rows.get(key, 0) == 0
                with pytest.raises(KeyError):
                    rows[key]  # noqa: B018
                continue
            assert key in rows
            way = rnd.randrange(4)
            if way == 0:
                row = rows[key]
            elif way == 1:
                row = rows.get(key)
            elif way == 2:
                row = dict(rows.items())[key]
            else:  # through the table, as a rule may
                for column in table.rows[key].cells:
                    assert view.tables[name].cell(key, column).raw == table.rows[key].cells[column].raw
                row = rows[key]
            assert row is rows[key] is rows.get(key)  # made once
            assert _row_signature(row) == _row_signature(table.rows[key])
        assert len(rows) == len(table.rows) and list(rows) == list(table.rows)
        assert [k for k, _ in rows.items()] == list(table.rows) and len(list(rows.values())) == len(table.rows)


def test_a_view_without_the_template_keeps_everything():
    """A report whose template the view is not given packs every label and column itself."""
    report = _LINTER.parse(seed_files()[0])
    view = unpack(pack(report), {})
    assert _signature(view.tables) == _signature(report.tables)
