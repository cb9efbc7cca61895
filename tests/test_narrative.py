"""CN301-CN308: the prose against the tables, and the prose's own arithmetic.

Each case takes a seed report from ../shared/seeds, changes one sentence or one
cell, runs it through the library as users do, and asserts exactly which CN3xx
codes come out on which lines.
"""
from __future__ import annotations

import pytest

from conftest import CORPUS, seed_files, seed_path

pytestmark = pytest.mark.skipif(not seed_files(), reason="../shared/seeds not found")

CN3 = {"select": ["CN3"]}


def seed(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


def edit(text: str, line: int, old: str, new: str) -> str:
    """Replace ``old`` (which must occur once) in 1-based ``line``."""
    lines = text.split("\n")
    assert lines[line - 1].count(old) == 1, (line, old, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new)
    return "\n".join(lines)


def found(linter, text, settings=None):
    diags = linter.check(text, settings or CN3)
    return sorted((d.code, d.span.start.line) for d in diags if d.code.startswith("CN3"))


def diag(linter, text, code, settings=None):
    diags = [d for d in linter.check(text, settings or CN3) if d.code == code]
    assert len(diags) == 1, diags
    return diags[0]


# seed 001 (隆德县人民政府办公室): line 13 主动公开 (发布规范性文件 2 件), line 19 依申请公开
# (受理…申请8件，已全部办结，未发生…行政复议或行政诉讼案件), line 38 行政规范性文件 2 1 15,
# line 55 一、本年新收 8, line 56 二、上年结转 0, line 79 四、结转下年度 0, line 86 table 3 (all 0),
# line 104 受理办结政府信息公开申请8件.
S001_NEW = "一、本年新收政府信息公开申请数量\t\t8\t0\t0\t0\t0\t0\t8\t"
S001_T3 = "\t".join(["0"] * 15)


def t3(review=0, direct=0, after=0) -> str:
    """A table-3 data row with the given totals (all counted as 结果维持)."""
    cells = []
    for n in (review, direct, after):
        cells += [str(n), "0", "0", "0", str(n)]
    return "\t".join(cells)


def as_government(text: str) -> str:
    """Seed 001 as the report of the 人民政府 itself (a 本级政府 report)."""
    return text.replace("隆德县人民政府办公室 2023 年政府信息公开工作年度报告",
                        "隆德县人民政府 2023 年政府信息公开工作年度报告")


# -- the unchanged seeds ---------------------------------------------------------------------------

@pytest.mark.parametrize("prefix, expected", [
    ("000", []), ("001", []), ("002", [("CN307", 21)]), ("003", []), ("004", []),
])
def test_unchanged_seeds(linter, prefix, expected):
    assert found(linter, seed(prefix)) == expected


def test_unchanged_seeds_with_all_rules(linter):
    for prefix in ("000", "001", "002", "003", "004"):
        codes = [(d.code, d.span.start.line) for d in linter.check(seed(prefix)) if d.code.startswith("CN3")]
        assert codes == ([("CN307", 21)] if prefix == "002" else []), prefix


# -- CN301 ------------------------------------------------------------------------------------------

def test_cn301_received_count_differs_from_table(linter):
    text = edit(seed("001"), 19, "申请8件", "申请9件")
    assert found(linter, text) == [("CN301", 19)]


def test_cn301_table_cell_differs_from_prose(linter):
    text = edit(seed("001"), 55, S001_NEW, S001_NEW.replace("\t8\t0", "\t9\t0").replace("\t8\t", "\t9\t"))
    # line 19 says 受理 8; line 104 says 受理办结 8, which is （七）总计 (8): no finding there
    assert found(linter, text) == [("CN301", 19)]


def test_cn301_data(linter):
    text = edit(seed("001"), 19, "申请8件", "申请9件")
    d = diag(linter, text, "CN301")
    assert d.data["claimed"] == 9 and d.data["table"] == 8
    assert d.data["claim"] == "受理公众通过邮寄、网络等途径提交的政府信息公开申请9件"
    assert d.data["sentence"].startswith("2023年，政府办公室共受理")
    assert [c["key"] for c in d.data["cells"]] == ["applications.new_received.total",
                                                   "applications.carried_over.total"]
    assert d.data["cells"][0]["location"] == {"row": 55, "column": 31}
    line = text.split("\n")[18]
    assert line[d.span.start.column - 1:d.span.end.column - 1] == d.data["claim"]


def test_cn301_concluded_count(linter):
    text = edit(seed("003"), 11, "已在期限内依法办结", "办结 2 件")
    assert found(linter, text) == [("CN301", 11)]


def test_cn301_received_may_include_carried_over(linter):
    text = edit(seed("001"), 19, "申请8件", "申请9件")
    text = edit(text, 56, "\t\t0\t0\t0\t0\t0\t0\t0", "\t\t1\t0\t0\t0\t0\t0\t1")
    assert found(linter, text) == []


def test_cn301_row_that_does_not_add_up_is_not_used(linter):
    # 总计 9 with 自然人 8: a misread or a wrong row; the prose is not compared with it
    text = edit(seed("001"), 55, S001_NEW, "一、本年新收政府信息公开申请数量\t\t8\t0\t0\t0\t0\t0\t9\t")
    assert found(linter, text) == []


@pytest.mark.parametrize("sentence", [
    "2022年共受理政府信息公开申请 12 件。",  # another year
    "受理12345热线工单 300 件，办结 299 件。",  # another matter
    "依托“12345”政务服务热线平台,累计受理转办各类事项82292件,办结81944件。",
    "全县共受理政府信息公开申请 120 件。",  # the whole county in an office's report
    "受理政府信息公开申请 8 件，较上年增加 3 件。",
    "网上受理政府信息公开申请 5 件，信函受理 3 件。",
])
def test_cn301_not_about_this_table(linter, sentence):
    text = edit(seed("001"), 19, "未发生产生重大影响的信息公开申请事件。", sentence)
    assert found(linter, text) == []


def test_cn301_government_report_speaking_of_its_office(linter):
    # 洪泽区 2024: 「区政府办代表区政府受理政府信息公开申请 17 件」 while the table (the 区政府's) has 95
    text = as_government(seed("001"))
    text = edit(text, 19, "未发生产生重大影响的信息公开申请事件。", "县政府办代表县政府受理政府信息公开申请 17 件。")
    assert found(linter, text) == []


def test_cn301_and_cn305_huaian_wording(linter):
    # 淮安市 2024's sentence in a government report whose table says 8 / 8 / 0
    sentence = ("2024 年，全县共受理政府信息公开申请 3119 件，答\n复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度\n"
                "答复），均在法定期限内予以答复。")
    text = as_government(seed("001"))
    text = edit(text, 19, "未发生产生重大影响的信息公开申请事件。", sentence.replace("2024", "2023"))
    assert found(linter, text) == [("CN301", 19), ("CN301", 19), ("CN305", 20)]


# -- CN302 ------------------------------------------------------------------------------------------

def test_cn302_none_received_but_table_has_some(linter):
    text = seed("000")
    lines = text.split("\n")
    row = lines[44]
    assert row.startswith("一、本年新收")
    text = edit(text, 45, row, "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\t")
    # line 11: 2023年未收到政府信息公开申请 (line 110 未办理 is about （七）总计, still 0)
    assert found(linter, text) == [("CN302", 11)]


def test_cn302_none_concluded_but_table_has_some(linter):
    text = seed("000")
    text = edit(text, 68, text.split("\n")[67], "(七) 总计\t\t1\t0\t0\t0\t0\t0\t1\t")
    assert found(linter, text) == [("CN302", 110)]


@pytest.mark.parametrize("row, expected", [
    (t3(review=1), [("CN302", 19)]),
    (t3(direct=1), [("CN302", 19)]),
    (t3(review=1, after=2), [("CN302", 19), ("CN302", 19)]),
])
def test_cn302_none_cases_but_table_has_some(linter, row, expected):
    text = edit(seed("001"), 86, S001_T3, row)
    assert found(linter, text) == expected


def test_cn302_no_correction_is_not_no_cases(linter):
    # 上海市政府办公厅 2025: 「全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形」
    text = edit(seed("001"), 19, "未发生因信息公开引起的行政复议或行政诉讼案件",
                "全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形")
    text = edit(text, 86, S001_T3, t3(review=1, direct=1))
    assert found(linter, text) == []


def test_cn302_missing_table_says_nothing(linter):
    # seed 003's table 3 has no numbers at all
    text = edit(seed("003"), 11, "已在期限内依法办结。", "已在期限内依法办结，未发生行政复议、行政诉讼。")
    assert found(linter, text) == []


# -- CN303 ------------------------------------------------------------------------------------------

WITH_CASES = "因政府信息公开引起的行政复议案件2件、行政诉讼案件7件"


def test_cn303_counts_but_table_has_none(linter):
    text = edit(seed("001"), 19, "未发生因信息公开引起的行政复议或行政诉讼案件", WITH_CASES)
    assert found(linter, text) == [("CN303", 19), ("CN303", 19)]


def test_cn303_counts_match(linter):
    text = edit(seed("001"), 19, "未发生因信息公开引起的行政复议或行政诉讼案件", WITH_CASES)
    text = edit(text, 86, S001_T3, t3(review=2, direct=3, after=4))
    assert found(linter, text) == []


def test_cn303_litigation_is_direct_plus_after_review(linter):
    text = edit(seed("001"), 19, "未发生因信息公开引起的行政复议或行政诉讼案件", WITH_CASES)
    text = edit(text, 86, S001_T3, t3(review=2, direct=7, after=1))
    d = diag(linter, text, "CN303")
    assert d.data["claimed"] == 7 and d.data["table"] == 8
    assert [c["key"] for c in d.data["cells"]] == ["review_litigation.litigation_direct.total",
                                                   "review_litigation.litigation_after_review.total"]


def test_cn303_huaian_wording(linter):
    sentence = ("政府信息公开行政复议 351\n件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚\n未审结 37 件；政府信息公开行政诉讼 46 件，"
                "其中结果维持 25\n件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件")
    text = edit(seed("001"), 86, S001_T3, "72\t64\t178\t37\t351\t13\t4\t8\t1\t26\t12\t1\t1\t6\t20")
    text = edit(text, 19, "未发生因信息公开引起的行政复议或行政诉讼案件", sentence)
    assert found(linter, text) == []
    text = text.replace("行政诉讼 46 件", "行政诉讼 45 件")
    # the table has 26 + 20; and 25 + 5 + 9 + 7 is no longer the 45 stated
    assert found(linter, text) == [("CN303", 21), ("CN306", 21)]


def test_cn303_review_organ_counts_are_not_compared(linter):
    text = edit(seed("001"), 19, "未发生产生重大影响的信息公开申请事件。",
                "县政府收到行政复议申请 150 件，其中涉及政府信息公开的 2 件。")
    assert found(linter, text) == []


# -- CN304 ------------------------------------------------------------------------------------------

def test_cn304_issued_count_differs(linter):
    text = edit(seed("001"), 13, "发布规范性文件 2 件", "发布规范性文件 3 件")
    assert found(linter, text) == [("CN304", 13)]


def test_cn304_table_cell_differs(linter):
    text = edit(seed("001"), 38, "行政规范性文件\t2\t1\t15", "行政规范性文件\t3\t1\t15")
    d = diag(linter, text, "CN304")
    assert (d.span.start.line, d.data["claimed"], d.data["table"]) == (13, 2, 3)
    assert d.data["cells"][0]["key"] == "active_disclosure.normative_documents.issued"


def test_cn304_in_force(linter):
    text = edit(seed("001"), 13, "发布规范性文件 2 件，", "发布规范性文件 2 件，现行有效行政规范性文件 16 件，")
    assert found(linter, text) == [("CN304", 13)]


@pytest.mark.parametrize("new", [
    "我县现行有效行政规范性文件 40 件，",  # the county's, in an office's report
    "审查各部门发布规范性文件 12 件，",
    "发布涉企规范性文件 3 件，",
    "新增公开市政府规章 1 件、市政府及市政府办政策性文件 11 件，",
])
def test_cn304_not_this_bodys_documents(linter, new):
    text = edit(seed("001"), 13, "发布规范性文件 2 件，", new)
    assert found(linter, text) == []


# -- CN305 ------------------------------------------------------------------------------------------

S001_FORWARD = "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\t"


def test_cn305_all_concluded_but_some_carried_forward(linter):
    text = edit(seed("001"), 79, S001_FORWARD, "四、结转下年度继续办理\t\t1\t0\t0\t0\t0\t0\t1\t")
    assert found(linter, text) == [("CN305", 19)]


def test_cn305_stated_carried_forward_differs(linter):
    text = edit(seed("003"), 11, "已在期限内依法办结。", "已在期限内依法办结，结转下年度 1 件。")
    assert found(linter, text) == [("CN305", 11)]


def test_cn305_carried_over_is_not_carried_forward(linter):
    text = edit(seed("001"), 79, S001_FORWARD, "四、结转下年度继续办理\t\t1\t0\t0\t0\t0\t0\t1\t")
    text = edit(text, 19, "已全部办结", "上年结转的申请已全部办结")
    assert found(linter, text) == []


def test_cn305_stated_carried_forward_matches(linter):
    text = edit(seed("001"), 79, S001_FORWARD, "四、结转下年度继续办理\t\t1\t0\t0\t0\t0\t0\t1\t")
    text = edit(text, 19, "已全部办结", "1件结转下年度继续办理")
    assert found(linter, text) == []


# -- CN306 ------------------------------------------------------------------------------------------

def test_cn306_parts_exceed_total(linter):
    text = edit(seed("003"), 9, "313 条", "314 条")
    assert found(linter, text) == [("CN306", 9)]
    d = diag(linter, text, "CN306")
    assert (d.data["claimed"], d.data["sum"], d.data["parts"]) == (516, 517, [58, 145, 314])


def test_cn306_seed_000(linter):
    text = edit(seed("000"), 9, "发布2条。", "发布3条。")
    assert found(linter, text) == [("CN306", 9)]


def test_cn306_parts_short_of_total_are_examples(linter):
    text = edit(seed("003"), 9, "313 条", "312 条")
    assert found(linter, text) == []


@pytest.mark.parametrize("sentence, expected", [
    ("共发布信息 10 条，分别为动态信息 6 条、通知公告 3 条。", [("CN306", 19)]),
    # 平潭 2020: eleven parts in brackets add up to 2603
    ("全年共公布政府信息2602条(其中机构职能类信息82条，政策、规范性文件类信息80条，规划计划类信息21条，行政许可类信息40条，"
     "重大建设项目信息390条，为民办实事类信息69条，民政扶贫救灾社会保障就业类信息143条，国土资源城乡建设环保能源类信息208条，"
     "科教文体卫生类信息246条，安全生产、应急管理类信息271条，其他应主动公开政府信息1053条)，主要通过政府门户网站公开。",
     [("CN306", 19)]),
    # 平潭 2019: a nested breakdown that adds up
    ("今年共发布380条财政资金信息，其中专项资金152条，预决算公开197条（政府预决算32条、部门预决算公开165条）、“三公”经费27条、"
     "债券发行4条。", []),
    # 沭阳 2025
    ("年度涌现爆款内容52条，其中1条播放量破亿、2条破千万、49条破百万。", []),
    ("共发布信息 300 余条，其中政策文件 30 条、解读 280 条。", []),
    ("共收到申请 10 件，其中网上提交 4 件，予以公开 8 件。", []),
])
def test_cn306_real_wordings(linter, sentence, expected):
    text = edit(seed("001"), 19, "未发生产生重大影响的信息公开申请事件。", sentence)
    assert [f for f in found(linter, text) if f[0] == "CN306"] == expected


# -- CN307 ------------------------------------------------------------------------------------------

def test_cn307_seed_002(linter):
    d = diag(linter, seed("002"), "CN307")
    assert d.span.start.line == 21
    assert d.data["claimed"] == "99.66" and d.data["computed"] == "99.58"
    assert (d.data["numerator"], d.data["denominator"]) == (81944, 82292)
    assert d.data["claim"] == "办结率99.66%"


def test_cn307_correct_percentage(linter):
    text = edit(seed("002"), 21, "办结率99.66%", "办结率99.58%")
    assert found(linter, text) == []


@pytest.mark.parametrize("tolerance, expected", [(0.0, [("CN307", 21)]), (0.05, [("CN307", 21)]),
                                                 (0.1, [])])
def test_cn307_tolerance_option(linter, tolerance, expected):
    settings = {"select": ["CN3"], "rules": {"CN307": {"tolerance": tolerance}}}
    assert found(linter, seed("002"), settings) == expected


@pytest.mark.parametrize("share, expected", [("占25%", []), ("占25.0%", []), ("占30%", [("CN307", 19)]),
                                             ("(25.01%)", [("CN307", 19)])])
def test_cn307_share_of_a_breakdown(linter, share, expected):
    text = edit(seed("001"), 19, "未发生产生重大影响的信息公开申请事件。",
                f"共发布信息 80 条，其中政策解读 20 条，{share}。")
    assert found(linter, text) == expected


def test_cn307_rate_at_stated_precision(linter):
    # 2 / 3 = 66.666…: 66.7% and 66.67% are right, 66.6% (truncated) is not
    for rate, expected in (("66.7", []), ("66.67", []), ("67", []), ("66.6", [("CN307", 19)])):
        text = edit(seed("001"), 19, "未发生产生重大影响的信息公开申请事件。",
                    f"受理网民留言 3 件，办结 2 件，办结率{rate}%。")
        assert found(linter, text) == expected, rate


# -- CN308 ------------------------------------------------------------------------------------------

def outcomes(sentence: str) -> str:
    return edit(seed("001"), 19, "未发生产生重大影响的信息公开申请事件。", sentence)


def test_cn308_outcomes_match(linter):
    # seed 001: 予以公开 3, 国家秘密 1, 本机关不掌握 3, 逾期不补正 1
    assert found(linter, outcomes("其中予以公开 3 件，不予公开 1 件，无法提供 3 件，其他处理 1 件，不予处理 0 件。")) == []


def test_cn308_outcome_differs(linter):
    d = diag(linter, outcomes("其中予以公开 3 件，不予公开 2 件，无法提供 3 件。"), "CN308")
    assert (d.span.start.line, d.data["claimed"], d.data["table"]) == (19, 2, 1)
    assert len(d.data["cells"]) == 8  # the eight 不予公开 rows


def test_cn308_granted_and_partially_granted_together(linter):
    # 上海市政府办公厅 2019: 「予以公开及部分公开258件」 while the table has 275
    assert found(linter, outcomes("予以公开及部分公开 4 件。")) == [("CN308", 19)]
    assert found(linter, outcomes("予以公开及部分公开 3 件。")) == []


def test_cn308_one_reason_is_one_row_not_the_group(linter):
    assert found(linter, outcomes("因本机关不掌握无法提供 2 件。")) == []
    assert found(linter, outcomes("因本机关不掌握等原因无法提供 2 件。")) == [("CN308", 19)]


def test_cn308_not_about_applications(linter):
    text = edit(seed("000"), 9, "在市政服务栏目中发布2条。", "在市政服务栏目中发布2条，对网民留言不予处理 5 件。")
    assert found(linter, text) == []


# -- the real corpus --------------------------------------------------------------------------------

def corpus(name):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} not found")
    return path


def corpus_names():
    return [p.name for p in sorted(CORPUS.glob("*")) if p.name != "MANIFEST.tsv"] if CORPUS.is_dir() else []


@pytest.mark.parametrize("name", corpus_names())
def test_corpus_prose_agrees_with_tables(linter, name):
    """Every count the real reports state about their tables agrees with them (only CN306 finds slips)."""
    codes = [f for f in found(linter, corpus(name)) if f[0] != "CN306"]
    assert codes == []


def line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text[:text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("name, old, new, codes", [
    ("2024_huaian-city-gov.txt", "受理政府信息公开申请 3119 件", "受理政府信息公开申请 3118 件", ["CN301"]),
    ("2024_huaian-city-gov.txt", "答\n复 3050 件", "答\n复 3049 件", ["CN301"]),
    ("2024_huaian-city-gov.txt", "另有 103 件", "另有 13 件", ["CN305"]),
    # (72 + 64 + 178 + 37 = 351 < 352 is not reported: parts short of a total need 分别为 / 和 / a last 其他 part)
    ("2024_huaian-city-gov.txt", "政府信息公开行政复议 351", "政府信息公开行政复议 352", ["CN303"]),
    ("2025_suqian-shuyang-county-gov.md", "结转下一年 31 件", "结转下一年 30 件", ["CN305"]),
    # 不予公开 6: the table has 5, the five outcomes add up to 82, and 6/81 is not 6.17%
    ("2023_pingtan-zone-admin-committee.txt", "不予公开5件", "不予公开6件", ["CN306", "CN307", "CN308"]),
    ("2025_shanghai-municipal-gov-office.md", "不予公开 20 件", "不予公开 21 件", ["CN308"]),
    ("2025_pingtan-zone-admin-committee.txt", "行政诉讼9起", "行政诉讼8起", ["CN303"]),
])
def test_corpus_sentence_changed(linter, name, old, new, codes):
    text = corpus(name).read_text(encoding="utf-8")
    if old not in text:
        pytest.skip(f"{old!r} not in {name}")
    line = line_of(text, old)
    changed = text.replace(old, new)
    got = found(linter, changed)
    assert sorted(code for code, _ in got) == codes
    assert {ln for _, ln in got} <= {line, line + 1}


@pytest.mark.parametrize("name, expected", [
    ("2019_pingtan-zone-admin-committee.txt", ("CN306", 10)),
    ("2020_pingtan-zone-admin-committee.txt", ("CN306", 10)),
    ("2024_shanghai-stcsm.md", ("CN306", 65)),
])
def test_corpus_breakdowns_that_do_not_add_up(linter, name, expected):
    assert expected in found(linter, corpus(name))


def test_cn301_topic_from_the_heading_paragraph_before(linter):
    # line 17 「（二）依申请公开方面。」 stands alone; line 19's sentence only says 申请
    text = edit(seed("001"), 19, "政府办公室共受理公众通过邮寄、网络等途径提交的政府信息公开申请8件",
                "本年度共收到申请9件")
    assert found(linter, text) == [("CN301", 19)]
    text = edit(seed("001"), 17, "（二）依申请公开方面。", "（二）其他方面。")
    text = edit(text, 19, "政府办公室共受理公众通过邮寄、网络等途径提交的政府信息公开申请8件", "本年度共收到申请9件")
    assert found(linter, text) == []


def test_cn301_count_while_the_table_is_all_zero(linter):
    # the reverse of CN302: the prose counts some, the table none
    text = edit(seed("000"), 11, "2023年未收到政府信息公开申请。", "2023年收到政府信息公开申请 2 件。")
    assert found(linter, text) == [("CN301", 11)]


def test_cn304_2019_format_compares_with_new_made(linter):
    # 上海市政府办公厅 2019 (2019 format: 本年新制作数量 13 规章, 60 规范性文件)
    path = corpus("2019_shanghai-municipal-gov-office.html")
    text = path.read_text(encoding="utf-8")
    old = "主动公开规章13件，行政规范性文件60件"
    if old not in text or linter.parse(text).template != "2019":
        pytest.skip("the 2019 Shanghai report is not read as expected")
    assert found(linter, text.replace(old, "出台规章13件，出台行政规范性文件60件")) == []
    got = found(linter, text.replace(old, "出台规章14件，出台行政规范性文件61件"))
    assert [code for code, _ in got] == ["CN304", "CN304"]


def test_outcome_groups_take_the_rows_they_name(linter):
    """CN308's rows of each outcome group, on both templates' applications rows (and a few made-up
    keys), are those of the prefix test it had: p_ starts a row, p names it, other names other_*."""
    from gxrules.rules.narrative import OUTCOME_GROUPS, _outcome_keys

    def before(rows, prefixes):
        return [key for key in rows for p in prefixes
                if (p.endswith("_") and key.startswith(p)) or key == p or (p == "other" and key.startswith("other_"))]

    extra = ["other", "others", "granted_x", "withheld", "withheld_", "unable_", "rejected_x", "otherwise"]
    for name in ("2021", "2019"):
        template = linter.templates.get(name)
        rows = [row.key for row in template.tables["applications"].rows] + extra
        for group, (prefixes, _) in OUTCOME_GROUPS.items():
            assert _outcome_keys(rows, group) == before(rows, prefixes), (name, group)
