"""The 宁夏 rules: NX101-NX103."""
from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from gxrules import rule
from gxrules.config import OptionSpec
from gxrules.diagnostics import Span

PLUGIN_KEY = "ningxia"  # [tool.gxrules.plugins.ningxia]
SECTION_NAMES = {1: "一、总体情况", 2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
                 4: "四、政府信息公开行政复议、行政诉讼情况", 5: "五、存在的主要问题及改进情况",
                 6: "六、其他需要报告的事项"}


def _words(ctx) -> List[str]:
    from . import KEY_POINTS_WORDS

    options = {}
    if ctx.settings is not None:
        options = (getattr(ctx.settings, "plugin_options", None) or {}).get(PLUGIN_KEY) or {}
    words = options.get("key_points_words") or KEY_POINTS_WORDS
    # longest first, so that a year is read in front of the longest name
    return sorted({str(w) for w in words if str(w).strip()}, key=len, reverse=True)


def _key_points_section(ctx) -> int:
    jur = (getattr(ctx.settings, "jurisdiction", None) or {}) if ctx.settings is not None else {}
    value = jur.get("key_points_section", jur.get("key-points-section", 6))
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 6
    return number if 0 <= number <= 6 else 6


def _top(report) -> Span:
    return report.top_span()


# A numbered part whose heading names the 工作要点 and 落实情况:
# 「（一）2023年政务公开工作要点落实情况。」「(一) 2023 年政务公开工作要点落实情况」
_PART = re.compile(r"^[\s#*]*(?:[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*、|[0-9]{1,2}\s*[.、．])")


def _heading_found(section, words: Sequence[str]) -> bool:
    for paragraph in section.paragraphs:
        first = paragraph.text.strip().split("\n", 1)[0]
        if not _PART.match(first):
            continue
        head = re.sub(r"\s+", "", re.split(r"[。：:]", first, 1)[0])
        if any(re.sub(r"\s+", "", w) in head for w in words) and "落实" in head:
            return True
    return False


@rule("NX101", "key-points-reported", severity="warning",
      summary="六、其他需要报告的事项应报告本年度政务公开工作要点落实情况",
      options={"require_heading": OptionSpec(
          bool, False, "要求以单列的一项（如“（一）2023年政务公开工作要点落实情况”）报告，而不只是在正文中提及")})
def key_points_reported(report, ctx):
    """Part 六 reports how the year's 政务公开工作要点 were carried out.

    Why: every year the 自治区 (and each 市、县) issues 政务公开工作要点,
    and 宁夏 bodies account for them in their annual report, as part (一) of
    六、其他需要报告的事项: 「（一）2023年政务公开工作要点落实情况」 followed by
    what was done under each point. A report that never mentions the 要点 has
    left out what the province asks for.

    The rule looks in the part set by ``[tool.gxrules.jurisdiction]
    key-points-section`` (6 by default; 0 turns the check off) for one of the
    names in ``[tool.gxrules.plugins.ningxia] key-points-words``
    (政务公开工作要点, 工作要点). A report that says in prose that it carried
    out the 要点 (「严格落实《银川市2023年政务公开工作要点》…」) passes; set
    ``[tool.gxrules.rules.NX101] require-heading = true`` to require the
    numbered part. When the part itself is missing, CN101 reports it.

    Example: a 六 that only states the 信息处理费.

    Correct: add 「（一）2023年政务公开工作要点落实情况」 with one paragraph per
    point of the 要点 (重点领域信息公开、政策解读、政民互动、平台建设、监督保障 …).
    """
    number = _key_points_section(ctx)
    if number == 0:
        return
    section = report.section(number)
    if section is None:
        return
    words = _words(ctx)
    text = re.sub(r"\s+", "", section.text)  # PDF text breaks lines inside words
    mentioned = any(re.sub(r"\s+", "", w) in text for w in words)
    name = SECTION_NAMES.get(number, f"第{number}部分")
    if not mentioned:
        yield ctx.diagnostic(section.span, f"{name}未报告本年度政务公开工作要点落实情况",
                             data={"section": number, "words": list(words)}, key="key-points-missing")
    elif ctx.option("require_heading") and not _heading_found(section, words):
        yield ctx.diagnostic(section.span,
                             f"{name}提及工作要点，但没有单列一项报告落实情况（如“（一）{report.year_value or ''}年政务公开工作要点落实情况”）",
                             data={"section": number, "words": list(words)}, key="key-points-heading")


# 国办公开办函〔2021〕30号, with the brackets people type instead of 〔〕, and
# with the closing bracket lost (「〔202130号」: CN602 reports the malformation).
_NOTICE = {
    "2021": ("国办公开办函〔2021〕30号",
             re.compile(r"国办公开办函\s*[〔\[［(（【{]?\s*2021\s*[〕\]］)）】}]?\s*(?:第\s*)?30\s*号")),
}


@rule("NX102", "format-notice-cited", severity="warning",
      summary="开头应写明依据《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）")
def format_notice_cited(report, ctx):
    """The opening paragraph cites the format notice 国办公开办函〔2021〕30号.

    Why: 宁夏 reports open with one formula, 「根据《中华人民共和国政府信息公开条例》
    规定和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息
    公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，现发布……，本报告
    统计数据从2023年1月1日至12月31日。」 It tells the reader which format the
    tables follow. Only reports read with the 2021 format are checked.

    A citation whose number is malformed (「〔202130号」) counts as a citation
    here; CN602 reports the malformed number.

    Example: 「根据《中华人民共和国政府信息公开条例》要求，结合本中心实际情况编写本报告」.

    Correct: cite the notice by title and number, as above.
    """
    notice = _NOTICE.get(report.template)
    if notice is None:
        return
    official, pattern = notice
    opening = [p.text for p in report.preamble]
    if report.title is not None:
        opening.append(str(report.title.value))
    if any(pattern.search(text) for text in opening):
        return
    elsewhere = bool(pattern.search(report.source.text))
    span = _opening_span(report)
    where = "开头未写明" if not elsewhere else "开头未写明（正文其他位置引用了）"
    yield ctx.diagnostic(span, f"{where}报告所依据的格式通知：《国务院办公厅政府信息与政务公开办公室关于印发"
                               f"〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（{official}）",
                         data={"notice": official, "cited_elsewhere": elsewhere}, key="format-notice")


def _opening_span(report) -> Span:
    for p in report.preamble:
        if "条例" in p.text or "根据" in p.text or "依据" in p.text:
            return p.span
    if report.preamble:
        return report.preamble[-1].span
    if report.sections:
        return report.sections[0].span
    return _top(report)


_YEAR = r"((?:19|20)[0-9]{2})\s*年度?\s*(?:全区|全市|全县|全旗|全州)?\s*"


def _dated_mentions(text: str, words: Sequence[str]) -> List[Tuple[int, int, int]]:
    """(year, start, end) for each 「2023年政务公开工作要点」 in ``text``."""
    found = []
    taken = set()
    for word in words:
        spaced = r"\s*".join(re.escape(ch) for ch in word if not ch.isspace())
        for m in re.finditer(_YEAR + spaced, text):
            if m.start() in taken:
                continue
            taken.add(m.start())
            found.append((int(m.group(1)), m.start(), m.end()))
    return sorted(found, key=lambda t: t[1])


@rule("NX103", "key-points-year", severity="warning",
      summary="六、其他需要报告的事项报告的应是本年度的政务公开工作要点")
def key_points_year(report, ctx):
    """The 工作要点 reported on in part 六 are those of the report year.

    Why: a 2023 report accounts for the 2023 政务公开工作要点. When every
    要点 named in 六 is of another year (「2022年政务公开工作要点落实情况」 in a
    2023 report), the part was most likely copied from last year's report.

    Mentions of other years are fine as long as the report year's 要点 is
    named too (「2023年政务公开工作要点」…「2024年工作要点」).

    Example: a 2023 report with 「（一）2022年政务公开工作要点落实情况」.

    Correct: report on the report year's 要点 and correct the year.
    """
    year = report.year_value
    number = _key_points_section(ctx)
    if year is None or number == 0:
        return
    section = report.section(number)
    if section is None:
        return
    words = _words(ctx)
    mentions: List[Tuple[int, int, int, object]] = []
    for paragraph in section.paragraphs:
        for y, start, end in _dated_mentions(paragraph.text, words):
            mentions.append((y, start, end, paragraph))
    if not mentions or any(y == year for y, *_ in mentions):
        return
    y, start, end, paragraph = mentions[0]
    base = paragraph.span.start.offset
    span = report.source.span(base + start, base + end)
    years = sorted({m[0] for m in mentions})
    yield ctx.diagnostic(span, f"本报告为{year}年度，但{SECTION_NAMES.get(number, '')}报告的是"
                               f"{'、'.join(str(v) for v in years)}年的政务公开工作要点",
                         data={"year": year, "key_points_years": years}, key=f"key-points-year:{y}")
