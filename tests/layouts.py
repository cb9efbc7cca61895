"""Render the three tables of a report in the layouts met in real reports (for round-trip tests).

A "tables" value is the extract shape of SPEC §2: {table: {row: {column: value}}}.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Dict

from gxrules.templates import build_templates, load_builtin_template_data

TEMPLATE = build_templates(load_builtin_template_data())["2021"]
APP_COLUMNS = list(TEMPLATE.tables["applications"].columns)
LEAVES = [r.key for r in TEMPLATE.tables["applications"].rows
          if r.key not in ("new_received", "carried_over", "results_total", "carried_forward")]

PREAMBLE = """某某县某某局2023年政府信息公开工作年度报告

本报告统计期限自2023年1月1日至12月31日。

一、总体情况

2023年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。

二、主动公开政府信息情况

"""
MIDDLE_3 = "\n三、收到和处理政府信息公开申请情况\n\n"
MIDDLE_4 = "\n四、政府信息公开行政复议、行政诉讼情况\n\n"
ENDING = """
五、存在的主要问题及改进情况

一是公开内容不够丰富。下一步将加强培训。

六、其他需要报告的事项

本年度未收取信息处理费。
"""

GROUP_BEFORE = {  # the group label written before the first leaf of each group
    "granted": "三、本年度办理结果", "withheld_state_secret": "（三）不予公开",
    "unable_not_held": "（四）无法提供", "rejected_petition": "（五）不予处理",
    "other_overdue_correction": "（六）其他处理",
}
APP_HEADER = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "自然人",
              "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
REVIEW_HEADER_1 = ["行政复议", "行政诉讼"]
REVIEW_HEADER_2 = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]
REVIEW_HEADER_3 = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
T1_BLOCKS = [
    ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
     ["regulations", "normative_documents"]),
    ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], ["licensing"]),
    ("第二十条第（六）项", ["信息内容", "本年处理决定数量"], ["punishment", "enforcement"]),
    ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], ["administrative_fees"]),
]


def _label(table: str, row: str) -> str:
    return TEMPLATE.tables[table].row(row).label


def _values(tables, table: str, row: str):
    spec = TEMPLATE.tables[table].row(row)
    return [str(tables[table][row][c]) for c in spec.columns]


def _review_values(tables):
    out = []
    for row in ("review", "litigation_direct", "litigation_after_review"):
        out.extend(_values(tables, "review_litigation", row))
    return out


def _app_rows(tables):
    for row in TEMPLATE.tables["applications"].row_keys:
        yield row, GROUP_BEFORE.get(row), _label("applications", row), _values(tables, "applications", row)


def render_tabs(tables) -> str:
    """Tab-separated rows as in seeds 000/001/004 (labels in varying columns, padding cells)."""
    out = []
    for caption, header, rows in T1_BLOCKS:
        out.append(caption + "\t\t\t")
        out.append("\t".join(header) + "\t" * (4 - len(header)))
        for row in rows:
            vals = _values(tables, "active_disclosure", row)
            out.append("\t".join([_label("active_disclosure", row)] + vals) + "\t" * (3 - len(vals)))
    parts = ["\n".join(out) + "\n", MIDDLE_3]
    lines = [APP_HEADER[0] + "\t\t" + APP_HEADER[1] + "\t" * 6 + "总计\t",
             "\t\t自然人\t法人或其他组织\t\t\t\t\t\t", "\t\t\t" + "\t".join(APP_HEADER[5:]) + "\t\t"]
    for row, group, label, vals in _app_rows(tables):
        if group and row != "granted":
            lines.append("\t" + group + "\t" + label + "\t" + "\t".join(vals))
        elif group:
            lines.append(group + "\t" + label + "\t" + "\t".join(vals) + "\t")
        elif row in ("new_received", "carried_over", "results_total", "carried_forward", "other_other"):
            lines.append(label + "\t\t" + "\t".join(vals) + "\t")
        elif row in ("partially_granted",):
            lines.append("\t" + label + "\t" + "\t".join(vals) + "\t")
        else:
            lines.append("\t\t" + label + "\t" + "\t".join(vals))
    parts.append("\n".join(lines) + "\n")
    parts.append(MIDDLE_4)
    parts.append("行政复议\t\t\t\t\t行政诉讼" + "\t" * 9 + "\n")
    parts.append("\t".join(REVIEW_HEADER_2[:5]) + "\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t\n")
    parts.append("\t" * 5 + "\t".join(REVIEW_HEADER_3) + "\n")
    parts.append("\t".join(_review_values(tables)) + "\n")
    return PREAMBLE + "".join(parts) + ENDING


def render_lines(tables) -> str:
    """One cell per line with blank lines between, as in seed 002."""
    cells = []
    for caption, header, rows in T1_BLOCKS:
        cells.append(caption)
        cells.extend(header)
        for row in rows:
            cells.append(_label("active_disclosure", row))
            cells.extend(_values(tables, "active_disclosure", row))
    body = "\n\n".join(cells) + "\n"
    cells = list(APP_HEADER)
    for row, group, label, vals in _app_rows(tables):
        if group:
            cells.append(group)
        cells.append(label)
        cells.extend(vals)
    body += MIDDLE_3 + "\n\n".join(cells) + "\n"
    cells = REVIEW_HEADER_1 + REVIEW_HEADER_2 + REVIEW_HEADER_3 + _review_values(tables)
    body += MIDDLE_4 + "\n\n".join(cells) + "\n"
    return PREAMBLE + body + ENDING


def render_markdown(tables) -> str:
    """Markdown headings and pipe tables."""
    def row(cells):
        return "| " + " | ".join(cells) + " |"

    out = []
    for caption, header, rows in T1_BLOCKS:
        out.append(f"### {caption}")
        out.append(row(header))
        out.append(row(["---"] * len(header)))
        for r in rows:
            out.append(row([_label("active_disclosure", r)] + _values(tables, "active_disclosure", r)))
        out.append("")
    body = "\n".join(out)
    lines = [row(["项目"] + APP_HEADER[2:3] + APP_HEADER[5:] + ["总计"]), row(["---"] * 8)]
    for r, group, label, vals in _app_rows(tables):
        if group:
            lines.append(row([group] + [""] * 7))
        lines.append(row([label] + vals))
    body += MIDDLE_3.replace("三、", "## 三、") + "\n".join(lines) + "\n"
    body += MIDDLE_4.replace("四、", "## 四、")
    body += row(["行政复议"] * 5 + ["行政诉讼"] * 10) + "\n" + row(["---"] * 15) + "\n"
    body += row(REVIEW_HEADER_2[:5] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5) + "\n"
    body += row(_review_values(tables)) + "\n"
    text = PREAMBLE.replace("一、", "## 一、").replace("二、主动", "## 二、主动") + body + ENDING
    return text.replace("\n五、", "\n## 五、").replace("\n六、", "\n## 六、")


LAYOUTS = {"tabs": render_tabs, "lines": render_lines, "markdown": render_markdown}


def consistent_tables(draw_int, draw_fee) -> Dict:
    """Build a consistent set of tables from two value sources (callables)."""
    apps: Dict[str, Dict[str, int]] = {}
    person_cols = APP_COLUMNS[:-1]
    for leaf in LEAVES:
        apps[leaf] = {c: draw_int() for c in person_cols}
    apps["results_total"] = {c: sum(apps[l][c] for l in LEAVES) for c in person_cols}
    apps["carried_forward"] = {c: draw_int() for c in person_cols}
    apps["carried_over"] = {c: min(draw_int(), apps["results_total"][c] + apps["carried_forward"][c])
                            for c in person_cols}
    apps["new_received"] = {c: apps["results_total"][c] + apps["carried_forward"][c] - apps["carried_over"][c]
                            for c in person_cols}
    for r in apps.values():
        r["total"] = sum(r[c] for c in person_cols)
    apps = {k: apps[k] for k in TEMPLATE.tables["applications"].row_keys}
    t1 = {
        "regulations": {"issued": draw_int(), "repealed": draw_int(), "in_force": draw_int()},
        "normative_documents": {"issued": draw_int(), "repealed": draw_int(), "in_force": draw_int()},
        "licensing": {"decisions": draw_int()},
        "punishment": {"decisions": draw_int()},
        "enforcement": {"decisions": draw_int()},
        "administrative_fees": {"amount_10k_yuan": draw_fee()},
    }
    t3 = {}
    for row in ("review", "litigation_direct", "litigation_after_review"):
        vals = {c: draw_int() for c in ("upheld", "corrected", "other", "pending")}
        vals["total"] = sum(vals.values())
        t3[row] = vals
    return {"active_disclosure": t1, "applications": apps, "review_litigation": t3}


def as_json(tables) -> Dict:
    """The extract JSON shape (fee amount as a decimal string)."""
    out = {t: {r: dict(c) for r, c in rows.items()} for t, rows in tables.items()}
    fee = out["active_disclosure"]["administrative_fees"]
    fee["amount_10k_yuan"] = str(Decimal(str(fee["amount_10k_yuan"])))
    return out


# ---------------------------------------------------------------- layouts of real reports (PDF text,
# crawler text, HTML pages): see tests/test_layouts_real.py
def _pad(label: str, width: int = 34) -> str:
    """Space-align a label the way pdftotext -layout does (CJK counted double)."""
    w = sum(2 if ord(ch) > 0x2e80 else 1 for ch in label)
    return label + " " * max(2, width - w)


def _row_values(vals) -> str:
    return "    ".join(f"{v:>3}" for v in vals)


def render_pdf(tables) -> str:
    """pdftotext -layout text: columns apart by runs of spaces, labels wrapped over two or three
    lines (values on the middle line), the merged 三、本年度办理结果 cell spelled one character per
    line in front of the rows, a page number and a form feed inside table 2."""
    out = []
    for caption, header, rows in T1_BLOCKS:
        out.append("              " + caption)
        out.append("")
        out.append("       " + "    ".join(header))
        out.append("")
        for r in rows:
            out.append(_pad(_label("active_disclosure", r), 20) + "      ".join(_values(tables, "active_disclosure", r)))
            out.append("")
    body = "\n".join(out) + "\n"
    lines = ["                                                 申请人情况", "",
             "                                                         法人或其他组织",
             "（本列数据的勾稽关系为：第一项加第二项之和，",
             "等于第三项加第四项之和）",
             "                               自然人    商业企   科研机   社会公益   法律服务   其他   总计",
             "                                         业       构       组织       机构", ""]
    vertical = list("三、本年度办理结果")
    for row, group, label, vals in _app_rows(tables):
        v = _row_values(vals)
        if row == "partially_granted":
            lines += ["      （二）部分公开（区分处理的，只计这一情", " " * 40 + v, "      形，不计其他情形）", ""]
            continue
        if row.startswith("other_") and row != "other_other":
            text = _label("applications", row)
            lines += ["               " + text[:14], "               " + _pad(text[14:28], 30) + v,
                      "               " + text[28:], ""]
            continue
        prefix = vertical.pop(0) if vertical and row not in ("new_received", "carried_over") else " "
        if row == "withheld_third_party":
            lines += ["", "                                                                   -3-", "\f"]
        lines.append(_pad(prefix, 13) + _pad(label, 36) + v)
        lines.append("")
    body += MIDDLE_3 + "\n".join(lines) + "\n"
    body += MIDDLE_4
    body += "行政复议                          行政诉讼\n\n"
    body += "                              未经复议直接起诉                              复议后起诉\n"
    body += "结果   结果    其他结    尚未\n                        总计\n"
    body += "维持   纠正    果      审结\n\n"
    body += "   ".join(_review_values(tables)) + "\n"
    return PREAMBLE + body + ENDING


def render_runtogether(tables) -> str:
    """A crawler's page text: a header, then the whole report on one line, every table cell glued to
    its label and to the next cell (平潭 pages)."""
    head = ("标题: 某某县人民政府2023年政府信息公开工作年度报告\n发布时间: 2024-01-20 10:00\n"
            "==================== 正文 ====================\n\n")
    parts = ["本报告统计期限自2023年1月1日至12月31日。一、总体情况2023年，本县认真贯彻落实《中华人民共和国政府信息公开条例》。",
             "二、主动公开政府信息情况 "]
    for caption, header, rows in T1_BLOCKS:
        parts.append(caption + "".join(header))
        for r in rows:
            parts.append(_label("active_disclosure", r) + "".join(_values(tables, "active_disclosure", r)))
    parts.append("三、收到和处理政府信息公开申请情况" + APP_HEADER[0] + "".join(APP_HEADER[1:]))
    for row, group, label, vals in _app_rows(tables):
        parts.append((group or "") + label + "".join(vals))
    parts.append("四、政府信息公开行政复议、行政诉讼情况" + "".join(REVIEW_HEADER_1 + REVIEW_HEADER_2 + REVIEW_HEADER_3))
    parts.append("".join(_review_values(tables)))
    parts.append("五、存在的主要问题及改进情况一是公开内容不够丰富。下一步将加强培训。六、其他需要报告的事项本年度未收取信息处理费。")
    return head + "".join(parts) + "\n"


def render_html(tables, charset: str = "utf-8") -> str:
    """A portal page: site chrome, <p> paragraphs, real <table>s with rowspan/colspan, &nbsp; and
    <br/> inside cells (上海 2019 page)."""
    def td(text, **attrs):
        a = "".join(f' {k}="{v}"' for k, v in attrs.items())
        return f'<td{a}><p align="center">{text}</p></td>'

    def p(text):
        return f"<p>{text}</p>\n"

    out = [f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>年报</title>'
           '<script>var x = "<p>不是正文</p>";</script></head>\n<body>\n'
           '<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>\n']
    for line in PREAMBLE.strip().splitlines():
        if line.strip():
            out.append(p(line.strip()))
    out.append('<table border="1"><tbody>\n')
    for caption, header, rows in T1_BLOCKS:
        out.append("<tr>" + td(caption, colspan=4) + "</tr>\n")
        cells = [td(h.replace("件数", "<br />件数")) for h in header]
        out.append("<tr>" + "".join(cells) + ("" if len(header) == 4 else td("&nbsp;", colspan=4 - len(header))) + "</tr>\n")
        for r in rows:
            vals = _values(tables, "active_disclosure", r)
            extra = td("&nbsp;", colspan=3 - len(vals)) if len(vals) < 3 else ""
            out.append("<tr>" + td(_label("active_disclosure", r)) + "".join(td(v) for v in vals) + extra + "</tr>\n")
    out.append("</tbody></table>\n")
    out.append(p("三、收到和处理政府信息公开申请情况"))
    out.append('<table border="1"><tbody>\n')
    out.append("<tr>" + td(APP_HEADER[0], colspan=3, rowspan=3) + td("申请人情况", colspan=7) + "</tr>\n")
    out.append("<tr>" + td("自然人", rowspan=2) + td("法人或其他组织", colspan=5) + td("总计", rowspan=2) + "</tr>\n")
    out.append("<tr>" + "".join(td(h) for h in APP_HEADER[5:]) + "</tr>\n")
    spans = {"granted": 22, "withheld_state_secret": 8, "unable_not_held": 3, "rejected_petition": 5,
             "other_overdue_correction": 3}
    for row, group, label, vals in _app_rows(tables):
        cells = []
        if row in ("new_received", "carried_over", "results_total", "carried_forward"):
            cells.append(td(label, colspan=3))
        else:
            if row == "granted":
                cells.append(td("三、本年度办理结果", rowspan=spans["granted"]))
            if row in ("granted", "partially_granted"):
                cells.append(td(label, colspan=2))
            else:
                if group:
                    cells.append(td(group, rowspan=spans[row]))
                cells.append(td(label))
        cells += [td(v) for v in vals]
        out.append("<tr>" + "".join(cells) + "</tr>\n")
    out.append("</tbody></table>\n")
    out.append("四、政府信息公开行政复议、行政诉讼情况")
    out.append('<table border="1"><tr>' + td("行政复议", colspan=5) + td("行政诉讼", colspan=10) + "</tr>\n")
    out.append("<tr>" + "".join(td(h, rowspan=2) for h in REVIEW_HEADER_2[:5]) + td("未经复议直接起诉", colspan=5)
               + td("复议后起诉", colspan=5) + "</tr>\n")
    out.append("<tr>" + "".join(td(h) for h in REVIEW_HEADER_3) + "</tr>\n")
    out.append("<tr>" + "".join(td(v) for v in _review_values(tables)) + "</tr></table>\n")
    for line in ENDING.strip().splitlines():
        if line.strip():
            out.append(p(line.strip()))
    out.append('<div class="footer">主办：某某县人民政府办公室 &copy; 2024</div>\n</body></html>\n')
    return "".join(out)


REAL_LAYOUTS = {"pdf": render_pdf, "runtogether": render_runtogether, "html": render_html}
