"""CN1xx: the report's structure -- sections, title, year, period, deadline, template."""
from __future__ import annotations

import datetime as _dt
import re

from ..diagnostics import Span
from . import rule

CN_NUMERALS = "一二三四五六七八九十"


def _top(report) -> Span:
    """Where to point when the thing is missing: the title, else the first line."""
    return report.top_span()


@rule("CN101", "missing-section", severity="error",
      summary="报告应包含六个部分（一、总体情况 …… 六、其他需要报告的事项）")
def missing_section(report, ctx):
    """All six sections of the national format must be present.

    Why: 《政府信息公开条例》第五十条 lists what a report must contain, and the
    format of 国办公开办函〔2021〕30号 turns it into six numbered sections. A
    report without one of them is incomplete (「不能遗漏」).

    Example: a report that goes from 四、政府信息公开行政复议、行政诉讼情况 straight
    to 六、其他需要报告的事项.

    Correct: add the missing section with its official heading, e.g.
    ``五、存在的主要问题及改进情况``.
    """
    present = {s.number for s in report.sections}
    template = ctx.template
    for spec in template.sections:
        if spec.number in present:
            continue
        following = [s for s in report.sections if s.number > spec.number]
        span = following[0].span if following else _top(report)
        numeral = CN_NUMERALS[spec.number - 1]
        yield ctx.diagnostic(span, f"缺少第{numeral}部分「{numeral}、{spec.title}」",
                             data={"section": spec.number, "title": spec.title}, key=f"section-{spec.number}")


@rule("CN102", "section-order", severity="warning",
      summary="各部分应按顺序排列并正确编号（如 三、用于收到和处理政府信息公开申请情况）")
def section_order(report, ctx):
    """Sections stand in the order of the format and carry their own numerals.

    Why: readers and reviewers find the tables by their section numbers; a
    report that numbers 主动公开政府信息情况 as 一、 or repeats a section
    confuses both.

    Example: ``一、主动公开政府信息情况`` (should be 二、), or 五、 before 四、.

    Correct: renumber the heading to the numeral of the format.
    """
    last = 0
    seen = set()
    for s in report.sections:
        expected = CN_NUMERALS[s.number - 1]
        if s.numeral and s.numeral != expected:
            yield ctx.diagnostic(s.span, f"「{s.title}」应为第{expected}部分，编号写成了「{s.numeral}、」",
                                 data={"section": s.number, "written": s.numeral, "expected": expected},
                                 key=f"number-{s.number}-{s.numeral}")
        elif s.number in seen:
            yield ctx.diagnostic(s.span, f"第{expected}部分「{s.title}」重复出现",
                                 data={"section": s.number}, key=f"repeat-{s.number}")
        elif s.number < last:
            yield ctx.diagnostic(s.span, f"第{expected}部分「{s.title}」出现在第{CN_NUMERALS[last - 1]}部分之后，顺序不对",
                                 data={"section": s.number, "after": last}, key=f"order-{s.number}")
        seen.add(s.number)
        last = max(last, s.number)


@rule("CN103", "title-body-year", severity="warning",
      summary="标题应写明机关名称和年度（XX机关XXXX年政府信息公开工作年度报告）")
def title_body_year(report, ctx):
    """The title names the body and the year the report covers.

    Why: reports are published and archived by body and year; a title such as
    ``2023`` or ``政府信息公开工作年度报告`` cannot be found or told apart.

    Example: a title line that reads only ``2023``.

    Correct: ``隆德县机关事务服务中心2023年政府信息公开工作年度报告``.
    """
    if report.title is None:
        yield ctx.diagnostic(_top(report), "未找到报告标题（应写明机关名称和年度）", key="no-title")
        return
    missing = []
    if report.agency is None:
        missing.append("机关名称")
    if not re.search(r"(19|20)[0-9]{2}", str(report.title.value)):
        missing.append("年度")
    if missing:
        yield ctx.diagnostic(report.title.span, f"标题「{report.title.value}」未写明{'和'.join(missing)}",
                             data={"title": report.title.value, "missing": missing}, key="title")


@rule("CN104", "year-mismatch", severity="error",
      summary="报告年度应前后一致：标题、统计期限、发布日期")
def year_mismatch(report, ctx):
    """The year in the title, the statistical period and the publication date agree.

    Why: a report copied from last year's with the title changed but not the
    period (or the reverse) is the classic 「内容雷同」 error.

    Example: title ``2023年……年度报告`` with ``统计期限自2022年1月1日至2022年12月31日``,
    or a 2023 report published on 2023-06-01 (before the year ended).

    Correct: make the title, the period and the date speak of the same year.
    """
    year = report.year_value
    if year is None:
        return
    if report.period is not None and report.year.span != report.period.span:
        start_year = int(report.period.value["start"][:4])
        end_year = int(report.period.value["end"][:4])
        if start_year != year or end_year != year:
            yield ctx.diagnostic(report.period.span,
                                 f"统计期限（{report.period.value['start']} 至 {report.period.value['end']}）与报告年度 {year} 不一致",
                                 data={"year": year, "period": report.period.value}, key="period-year")
    if report.published is not None:
        pub = report.published.value
        if pub[:4] <= str(year) and pub < f"{year}-12-31":
            yield ctx.diagnostic(report.published.span, f"发布日期 {pub} 早于{year}年度结束",
                                 data={"year": year, "published": pub}, key="published-year")


@rule("CN105", "statistical-period", severity="warning",
      summary="应说明统计期限为报告年度1月1日至12月31日")
def statistical_period(report, ctx):
    """The report states its statistical period: 1月1日 to 12月31日 of the report year.

    Why: the tables count a calendar year; without the period (or with
    another one) the figures cannot be compared across bodies or years.

    Example: a preamble that never says ``本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止``.

    Correct: state the period in the opening paragraph.
    """
    if report.period is None:
        yield ctx.diagnostic(_top(report), "未说明统计期限（应为报告年度1月1日至12月31日）", key="no-period")
        return
    start, end = report.period.value["start"], report.period.value["end"]
    if start[5:] != "01-01" or end[5:] != "12-31" or start[:4] != end[:4]:
        yield ctx.diagnostic(report.period.span, f"统计期限 {start} 至 {end} 不是完整的自然年度",
                             data={"period": report.period.value}, key="partial-period")


def _deadline(report, ctx):
    jur = dict(getattr(ctx.settings, "jurisdiction", None) or {})
    kind = jur.get("kind", "auto")
    if kind == "auto":
        kind = "government" if report.is_government_report else "department"
    key = "government_deadline" if kind == "government" else "department_deadline"
    default = "03-31" if kind == "government" else "01-31"
    value = jur.get(key, jur.get(key.replace("_", "-"), default))
    month, day = (int(x) for x in str(value).split("-"))
    return kind, _dt.date(report.year_value + 1, month, day)


@rule("CN106", "published-late", severity="error",
      summary="发布日期晚于法定期限（部门1月31日前，本级政府3月31日前，可配置）")
def published_late(report, ctx):
    """The report is published by the deadline of 条例 Art. 49.

    Why: departments of governments at county level and above publish by
    1月31日; the 本级政府 report of a local government is due by 3月31日.
    Local notices may set earlier dates: configure them under
    ``[tool.gxrules.jurisdiction]`` (``department-deadline = "01-31"``,
    ``government-deadline = "03-31"``, ``kind = "auto" | "department" | "government"``).

    Example: a department's 2023 report with ``发布日期：2024-02-05``.

    Correct: publish on time; if the date on the page is wrong, correct it.
    """
    if report.published is None or report.year_value is None:
        return
    try:
        published = _dt.date.fromisoformat(report.published.value)
    except ValueError:
        return
    kind, deadline = _deadline(report, ctx)
    if published > deadline:
        who = "本级政府年报" if kind == "government" else "部门年报"
        yield ctx.diagnostic(report.published.span,
                             f"发布日期 {published.isoformat()} 晚于{who}的发布期限 {deadline.isoformat()}",
                             data={"published": published.isoformat(), "deadline": deadline.isoformat(),
                                   "kind": kind}, key="late")


@rule("CN107", "template-year", severity="warning",
      summary="表格格式与报告年度不符（2021年起应使用国办公开办函〔2021〕30号格式）")
def template_year(report, ctx):
    """The tables follow the format in force for the report's year.

    Why: reports for 2019 and 2020 use the trial format of 国办公开办函〔2019〕60号;
    from the 2021 report on, the format of 国办公开办函〔2021〕30号 applies (its
    table 1 counts 本年制发件数 / 本年废止件数 / 现行有效件数 and table 2 splits
    （六）其他处理 in three rows).

    Example: a 2023 report whose table 1 still has 本年新制作数量 and 政府集中采购.

    Correct: redo the tables in the format for the year.
    """
    year = report.year_value
    template = ctx.template
    if year is None or template is None:
        return
    if template.first_year <= year <= template.last_year:
        return
    span = report.tables["active_disclosure"].span if "active_disclosure" in report.tables else None
    span = span or _top(report)
    yield ctx.diagnostic(span, f"{year}年度报告使用了{template.name}年格式的表格",
                         data={"year": year, "template": template.name}, key="template")
