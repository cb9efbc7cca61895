"""CN2xx: the arithmetic and the cells of the three statistics tables.

The equations are data in the template (``[[tables.equations]]``); the rules
here evaluate them. An equation with any operand missing or blank is not
evaluated: CN206 reports what could not be verified instead.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Sequence, Tuple

from ..model import Cell, Row, Value
from . import rule

if TYPE_CHECKING:
    from ..templates import Equation, Template

COLUMN_NAMES = {
    "natural_person": "自然人", "commercial": "商业企业", "research": "科研机构",
    "social_welfare": "社会公益组织", "legal_services": "法律服务机构", "other_org": "其他", "total": "总计",
    "upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
}


def _operand(cell: Cell, report) -> dict:
    loc = cell.span.start.to_json() if cell.span else None
    row = report.tables[cell.table].rows[cell.row]
    label = f"{row.label}·{_col(cell.column)}"
    return {"key": cell.key, "label": label, "value": cell.to_json_value(), "raw": cell.raw, "location": loc}


def _known(cells: Iterable[Cell]) -> bool:
    return all(c is not None and c.status == "ok" and c.value is not None for c in cells)


def _row_total(cells: Dict[str, Cell], columns: Sequence[str]) -> Optional[Value]:
    """The sum of a row's ``columns``; None when one of them is missing, blank or not a number."""
    total = 0
    for column in columns:
        c = cells.get(column)
        if c is None or c.status != "ok" or c.value is None:
            return None
        total += c.value
    return total


def _column_total(rows: Sequence[Row], column: str) -> Optional[Value]:
    """The sum of ``column`` over ``rows``; None when one of the cells is missing, blank or not a number."""
    total = 0
    for row in rows:
        c = row.cells.get(column)
        if c is None or c.status != "ok" or c.value is None:
            return None
        total += c.value
    return total


def _equations(template: "Template", rule_code: str) -> Tuple[Tuple[str, Equation, Tuple[str, ...]], ...]:
    """One rule's equations in ``template``, in order: (table, equation, what it runs over: the
    columns of a per-column equation, the rows holding every column of a per-row one). The
    template fixes them: worked out once per template and rule, and kept on the template."""
    cache = template.__dict__.setdefault("_gxrules_equations", {})
    found = cache.get(rule_code)
    if found is None:
        found = []
        for spec in template.tables.values():
            for eq in spec.equations:
                if eq.rule != rule_code:
                    continue
                if eq.per == "column":
                    keys = spec.row(eq.lhs[0]).columns
                else:
                    needed = set(eq.lhs + eq.rhs)
                    keys = tuple(r.key for r in spec.rows if needed.issubset(r.columns))
                found.append((spec.name, eq, keys))
        found = cache[rule_code] = tuple(found)
    return found


def _unbalanced(report, ctx, rule_code: str):
    """Yield the instances of one rule's equations that do not hold, all their cells read:
    (table, equation, lhs cells, rhs cells, the column or row it is about, lhs sum, rhs sum)."""
    for name, eq, keys in _equations(ctx.template, rule_code):
        table = report.tables.get(name)
        if table is None:
            continue
        rows = table.rows
        if eq.per == "column":
            lhs_rows = [rows.get(r) for r in eq.lhs]
            rhs_rows = [rows.get(r) for r in eq.rhs]
            if any(r is None for r in lhs_rows) or any(r is None for r in rhs_rows):
                continue
            for col in keys:
                left = _column_total(lhs_rows, col)
                if left is None:
                    continue
                right = _column_total(rhs_rows, col)
                if right is not None and left != right:
                    yield (table, eq, [r.cells[col] for r in lhs_rows], [r.cells[col] for r in rhs_rows],
                           col, left, right)
        else:
            for key in keys:
                row = rows.get(key)
                if row is None:
                    continue
                left = _row_total(row.cells, eq.lhs)
                if left is None:
                    continue
                right = _row_total(row.cells, eq.rhs)
                if right is not None and left != right:
                    yield (table, eq, [row.cells[c] for c in eq.lhs], [row.cells[c] for c in eq.rhs],
                           row.key, left, right)


def _check(report, ctx, code: str, target: str, describe):
    """Evaluate the equations of ``code``; point at the first lhs or rhs cell (``target``)."""
    for table, eq, lhs, rhs, where, left, right in _unbalanced(report, ctx, code):
        if any(c.inferred_by(eq.per) for c in lhs + rhs):
            continue  # the reader split these cells with this very equation: it holds by construction
        cell = lhs[0] if target == "lhs" else rhs[0]
        expected = right if target == "lhs" else left - sum(c.value for c in rhs[1:])
        equation = (" + ".join(_short(report, c, eq.per) for c in lhs) + " = "
                    + " + ".join(_short(report, c, eq.per) for c in rhs)
                    + f"：{' + '.join(str(c.value) for c in lhs)} ≠ {' + '.join(str(c.value) for c in rhs)}"
                    if len(rhs) <= 7 else
                    f"{_short(report, lhs[0], eq.per)} = 以下 {len(rhs)} 项之和：{left} ≠ {right}")
        message = describe(table, eq, lhs, rhs, where, left, right)
        yield ctx.diagnostic(cell.span, message, key=f"{code}:{cell.key}", data={
            "equation": equation,
            "expected": expected,
            "actual": cell.value,
            "lhs": left, "rhs": right,
            "cell": cell.key,
            "operands": [_operand(c, report) for c in lhs + rhs],
        })


def _col(col: str) -> str:
    return COLUMN_NAMES.get(col, col)


def _short(report, cell: Cell, per: str) -> str:
    """A cell named for an equation: its row when summing a column, its column when summing a row."""
    if per == "column":
        return report.tables[cell.table].rows[cell.row].label
    return _col(cell.column)


@rule("CN201", "application-balance", severity="error",
      summary="申请情况表勾稽关系：一 + 二 = 三（七）总计 + 四（按列）")
def application_balance(report, ctx):
    """The one official equation of table 2, written in its header, holds in every column.

    Why: 「本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和」 —
    applications received this year plus those carried over equal those
    concluded plus those carried forward. A column that does not balance has
    a wrong number somewhere.

    Example: 自然人 column with 一 = 8, 二 = 0, （七）总计 = 8, 四 = 1 (8 + 0 ≠ 8 + 1).

    Correct: recount the column; usually （七）总计 or 四、结转下年度继续办理 is wrong.
    """
    def describe(table, eq, lhs, rhs, col, left, right):
        return (f"「{_col(col)}」列不平衡：一、本年新收 + 二、上年结转 = {left}，"
                f"三（七）总计 + 四、结转下年度 = {right}")
    yield from _check(report, ctx, "CN201", "rhs", describe)


@rule("CN202", "results-total", severity="error",
      summary="三（七）总计应等于各办理结果之和（按列）")
def results_total(report, ctx):
    """（七）总计 equals the sum of all result rows above it, in every column.

    Why: every concluded application is counted in exactly one result row
    (「区分处理的，只计这一情形」), so the rows add up to the total.

    Example: 予以公开 3, 属于国家秘密 1, 本机关不掌握 3, 逾期不补正 1 but （七）总计 9.

    Correct: fix the total or the result row that is wrong.
    """
    def describe(table, eq, lhs, rhs, col, left, right):
        return f"「{_col(col)}」列（七）总计为 {left}，各办理结果之和为 {right}"
    yield from _check(report, ctx, "CN202", "lhs", describe)


@rule("CN203", "row-total", severity="error",
      summary="总计列应等于自然人与五类法人或其他组织之和（按行）")
def row_total(report, ctx):
    """The 总计 column of table 2 equals 自然人 plus the five 法人或其他组织 columns.

    Why: the applicants are split into six kinds with nothing left over; the
    official table has no 法人或其他组织 subtotal column.

    Example: 一、本年新收 with 自然人 8, others 0, 总计 9.

    Correct: fix the total or the applicant column that is wrong.
    """
    def describe(table, eq, lhs, rhs, row, left, right):
        label = table.rows[row].label
        return f"「{label}」行总计为 {left}，各申请人之和为 {right}"
    yield from _check(report, ctx, "CN203", "lhs", describe)


@rule("CN204", "review-litigation-total", severity="error",
      summary="行政复议、直接起诉、复议后起诉：总计 = 维持 + 纠正 + 其他 + 尚未审结")
def review_litigation_total(report, ctx):
    """Each block of table 3 adds up: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.

    Why: every case is either decided (upheld, corrected, other) or pending.

    Example: 行政复议 1, 0, 0, 0 with 总计 2.

    Correct: fix the total or the outcome that is wrong.
    """
    names = {"review": "行政复议", "litigation_direct": "未经复议直接起诉", "litigation_after_review": "复议后起诉"}

    def describe(table, eq, lhs, rhs, row, left, right):
        return f"「{names.get(row, row)}」总计为 {left}，维持、纠正、其他、尚未审结之和为 {right}"
    yield from _check(report, ctx, "CN204", "lhs", describe)


_ABSENT = ("missing", "blank")


def _not_plain(report) -> Dict[str, List[Tuple[Row, List[Cell]]]]:
    """For each table, its rows with cells that are not a plain number read (missing, blank,
    invalid, with a unit or negative), and those cells, in order. Kept on the report: CN205
    and CN206 both look at them, and most cells are plain numbers."""
    cached = report.__dict__.get("_gxrules_not_plain")
    if cached is None:
        cached = report.__dict__["_gxrules_not_plain"] = {}
        for name, table in report.tables.items():
            rows = cached[name] = []
            for row in table.rows.values():
                cells = None  # (made for the few rows that have such a cell)
                for c in row.cells.values():
                    if c.status != "ok" or c.unit or (c.value is not None and c.value < 0):
                        if cells is None:
                            cells = []
                            rows.append((row, cells))
                        cells.append(c)
    return cached


def _signed(ctx, table: str, column: str) -> bool:
    spec = ctx.template.tables.get(table)
    col = spec.columns.get(column) if spec else None
    return bool(col and col.signed)


@rule("CN205", "invalid-cell", severity="error",
      summary="单元格应为非负整数（收费金额可为小数），不应带单位或文字")
def invalid_cell(report, ctx):
    """A table cell holds a plain non-negative integer (the fee amount may be a decimal).

    Why: the tables are counts; a cell with text, a unit, a fraction or a
    minus sign cannot be added up and is read differently by everyone.

    Example: ``3件``, ``约10``, ``-1``, ``2.5`` in a count cell.

    Correct: write the bare number (units belong in the header).
    """
    for rows in _not_plain(report).values():
        for _row, cells in rows:
            for cell in cells:
                if cell.status == "missing" or cell.status == "blank":
                    continue
                if cell.table == "active_disclosure" and cell.row == "administrative_fees" and cell.unit:
                    continue  # CN406 speaks of units in the fee cell
                problem = None
                if cell.status == "invalid":
                    problem = "不是数字" if cell.value is None else "不是整数"
                elif cell.unit:
                    problem = f"带有单位「{cell.unit}」"
                elif cell.value is not None and cell.value < 0 and not _signed(ctx, cell.table, cell.column):
                    problem = "为负数"
                if problem:
                    yield ctx.diagnostic(cell.span, f"单元格「{cell.raw}」{problem}",
                                         data={"cell": cell.key, "raw": cell.raw}, key=cell.key)


@rule("CN206", "unverifiable", severity="warning",
      summary="表格、行或单元格未能读取（空白、“—”、提取时丢失），无法核验")
def unverifiable(report, ctx):
    """Tables, rows and cells that could not be read, so their equations could not be checked.

    Why: arithmetic rules never treat a blank or lost cell as 0 -- that would
    report errors that are not there, or hide ones that are. This rule says
    what could not be verified instead: a blank cell (empty, ``—``, ``/``),
    a row the table lacks, or a whole table that was not found.

    Example: 予以公开 with the 总计 cell left empty.

    Correct: fill in every cell, 0 included.
    """
    for name, table in report.tables.items():
        spec = ctx.template.tables.get(name)
        if spec is None:
            continue
        if not table.present:
            section = report.section(spec.section)
            span = section.span if section else report.top_span()
            yield ctx.diagnostic(span, f"未能读取表格「{spec.title}」，无法核验", key=f"table:{name}",
                                 data={"table": name})
            continue
        for row, cells in _not_plain(report)[name]:
            absent = [c for c in cells if c.status in _ABSENT]
            if not absent:
                continue
            if not row.present:
                span = table.span
                yield ctx.diagnostic(span, f"表格「{spec.title}」缺少「{row.label}」行，无法核验",
                                     data={"table": name, "row": row.key}, key=f"row:{name}.{row.key}")
                continue
            cols = "、".join(spec.columns[c.column].label if c.column in spec.columns else _col(c.column)
                            for c in absent)
            span = next((c.span for c in absent if c.span), None) or row.span
            blank = all(c.status == "blank" for c in absent)
            what = "为空" if blank else "未能读取"
            yield ctx.diagnostic(span, f"「{row.label}」行的 {cols} {what}，无法核验",
                                 data={"table": name, "row": row.key, "columns": [c.column for c in absent]},
                                 key=f"cells:{name}.{row.key}")


def _previous_cells(ctx, table: str, row: str) -> Optional[Tuple]:
    prev = ctx.previous
    if prev is None or table not in prev.tables or row not in prev.tables[table].rows:
        return None
    return prev.tables[table].rows[row]


@rule("CN207", "carried-over-continuity", severity="warning", cross_file=True,
      summary="跨年度：二、上年结转应等于上一年度报告的四、结转下年度继续办理")
def carried_over_continuity(report, ctx):
    """This year's 二、上年结转政府信息公开申请数量 equals last year's 四、结转下年度继续办理.

    Why: applications carried forward at the end of one year are the ones
    carried over at the start of the next. Recounts happen, so this is a
    warning. Last year's report is given with ``--previous FILE``, or found
    among the checked files (same body, previous year).

    Example: 2022 report 四 = 3, 2023 report 二 = 0.

    Correct: reconcile the two counts, or explain the recount in the text.
    """
    prev_row = _previous_cells(ctx, "applications", "carried_forward")
    table = report.tables.get("applications")
    if prev_row is None or table is None:
        return
    row = table.rows.get("carried_over")
    for col, cell in row.cells.items():
        before = prev_row.cells.get(col)
        if not (cell.status == "ok" and before is not None and before.status == "ok"):
            continue
        if cell.value != before.value:
            yield ctx.diagnostic(cell.span,
                                 f"「{_col(col)}」上年结转为 {cell.value}，上一年度报告结转下年度为 {before.value}",
                                 data={"cell": cell.key, "actual": cell.value, "expected": before.value,
                                       "previous": ctx.previous.path}, key=cell.key)


@rule("CN208", "in-force-continuity", severity="info", cross_file=True,
      summary="跨年度：现行有效件数 ≠ 上年现行有效件数 + 本年制发 − 本年废止")
def in_force_continuity(report, ctx):
    """现行有效件数 follows from last year's: previous in force + issued − repealed.

    Why: a stock that does not follow from last year's stock and this year's
    changes is often a wrong count -- but 制发 may include revisions, so this
    is only information.

    Example: 2022 in force 14; 2023 issued 2, repealed 1, in force 16 (expected 15).

    Correct: check the count of documents in force.
    """
    table = report.tables.get("active_disclosure")
    if table is None or ctx.previous is None:
        return
    for key in ("regulations", "normative_documents"):
        prev_row = _previous_cells(ctx, "active_disclosure", key)
        row = table.rows.get(key)
        if prev_row is None or row is None:
            continue
        cur = [row.cells.get(c) for c in ("issued", "repealed", "in_force")]
        before = prev_row.cells.get("in_force")
        if not _known(cur + [before]):
            continue
        expected = before.value + cur[0].value - cur[1].value
        if cur[2].value != expected:
            yield ctx.diagnostic(cur[2].span,
                                 f"「{row.label}」现行有效 {cur[2].value} 件，按上年 {before.value} + 制发 {cur[0].value} − 废止 {cur[1].value} 应为 {expected} 件",
                                 data={"cell": cur[2].key, "expected": expected, "actual": cur[2].value,
                                       "previous": ctx.previous.path}, key=cur[2].key)
