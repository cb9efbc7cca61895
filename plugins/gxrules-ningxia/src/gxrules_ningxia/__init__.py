"""gxrules plugin for 宁夏回族自治区 (rule codes NX1xx).

What 宁夏 asks of its bodies' annual reports beyond the national format, as
seen in the province's reports (the seed reports of 隆德县, 兴庆区 and 吴忠市,
and the 银川 reports cited in the project's domain notes):

- part 六 reports how the year's 政务公开工作要点 were carried out
  (「（一）2023年政务公开工作要点落实情况」) -- NX101, NX103;
- the opening paragraph cites the format notice 国办公开办函〔2021〕30号 and
  states the statistical period -- NX102 (the period is the national CN105);
- regional wordings of table labels -- :data:`LABEL_ALIASES`.

The plugin is registered through the entry point ``ningxia`` in the group
``gxrules``; every hook below returns data.
"""
from __future__ import annotations

from gxrules import hookimpl

__version__ = "0.1.0"

#: The distribution name (``gxrules plugins``, ``[tool.gxrules.plugins.ningxia]``).
dist_name = "gxrules-ningxia"

#: Wordings of table labels met in 宁夏 reports, by template item
#: (``table.kind.key``). The source of each is given; ``typo:`` marks a
#: misspelling rather than a regional variant.
LABEL_ALIASES = {
    # 吴忠市政务服务中心 2023 (seed 003, line 43)
    # 兴庆区智慧城市运营中心 2023 (seed 002, line 110)
    "applications.row.new_received": [
        "一、本年接收政府信息公开数量",
        "一、本年度新收到政府信息公开申请数量",
    ],
    # 吴忠市政务服务中心 2023 (seed 003, line 42)
    "applications.column.commercial": ["商业机构"],
    # 三、 本 年 办 理 结 果 (seed 003, line 45)
    "applications.group.results": ["三、本年办理结果"],
    # 隆德县 2023 (seeds 000 and 001, line 26/36): 本年废止件数 misspelt
    "active_disclosure.column.repealed": ["typo:本年度止件数"],
    # 吴忠市 2023 (seed 003, line 63): 不再处理 misspelt 不在处理
    "applications.row.other_overdue_correction": [
        "typo:1.申请人无正当理由逾期不补正、行政机关不在处理其政府信息公开申请",
    ],
}

#: Names under which 宁夏 bodies refer to the year's 政务公开工作要点
#: (自治区 《全区2023年政务公开工作要点》, 《银川市2023年政务公开工作要点》,
#: a body's own 《…2023年政务公开工作要点》).
KEY_POINTS_WORDS = ["政务公开工作要点", "工作要点"]


@hookimpl
def gxrules_rules():
    from . import rules

    return [rules.key_points_reported, rules.format_notice_cited, rules.key_points_year]


@hookimpl
def gxrules_label_aliases():
    return LABEL_ALIASES


@hookimpl
def gxrules_default_config():
    # Declares the jurisdiction setting `key-points-section`: the part of the
    # report in which 宁夏 bodies report the 工作要点落实情况 (六、其他需要报告的事项).
    return {"jurisdiction": {"key-points-section": 6}}


@hookimpl
def gxrules_config_options():
    from gxrules.config import OptionSpec

    return {
        "key_points_words": OptionSpec(
            list, list(KEY_POINTS_WORDS),
            "政务公开工作要点的称谓（NX101、NX103 据此识别；如 “政务公开工作要点”）"),
    }
