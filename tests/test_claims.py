"""Claim extraction from prose (gxrules.claims): numbers, views, classified counts, breakdowns, rates."""
from __future__ import annotations

from decimal import Decimal

import pytest

from gxrules.claims import (
    View, all_concluded_claims, breakdowns, cn_to_int, count_claims, none_claims, percent_decimals, rate_claims,
)


def claims(text):
    v = View.of_text(text)
    return [(c.kind, c.value) for c in count_claims(v)]


def claim_texts(text):
    v = View.of_text(text)
    return [(c.kind, v.original_text(c.start, c.end)) for c in count_claims(v)]


def nones(text):
    return [n.kind for n in none_claims(View.of_text(text))]


def sums(text):
    return [(b.total.value, [p.value for p in b.parts], b.exhaustive) for b in breakdowns(View.of_text(text))]


def rates(text):
    return [(str(r.percent.value), r.numerator.value, r.denominator.value) for r in rate_claims(View.of_text(text))]


# -- numbers and the view --------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("二十一", 21), ("一百零五", 105),
    ("三百", 300), ("二三", None), ("", None), ("个", None),
])
def test_chinese_numerals(text, value):
    assert cn_to_int(text) == value


def test_view_maps_back_to_the_file_across_line_breaks():
    text = "全市共受理政府信息公开申请 3119 件，答\n复 3050 件。"
    v = View.of_text(text)
    assert v.compact == "全市共受理政府信息公开申请3119件,答复3050件。"
    n = [x for x in v.numbers if x.value == 3050][0]
    a, b = v.file_range(n.start, n.end)
    assert text[a:b] == "3050 件"
    assert v.original_text(v.compact.index("答"), n.end) == "答\n复 3050 件"


def test_full_width_digits_are_read():
    v = View.of_text("收到政府信息公开申请１２件。")
    assert [(n.value, n.unit) for n in v.numbers] == [(12, "件")]
    a, b = v.file_range(v.numbers[0].start, v.numbers[0].end)
    assert "收到政府信息公开申请１２件。"[a:b] == "１２件"


def test_digits_separated_by_space_do_not_merge():
    v = View.of_text("9    0         0     0   0   0     9")
    assert [n.value for n in v.numbers] == [9, 0, 0, 0, 0, 0, 9]


def test_pdf_page_number_lines_are_dropped():
    v = View.of_text("着力发挥\n— 1 —\n政务公开作用，答复 5 件")
    assert v.compact == "着力发挥政务公开作用,答复5件"


@pytest.mark.parametrize("text", ["清理过时内容300余条", "约300条", "近300个", "300多件", "发布1.2万条",
                                  "300条左右", "超过300件", "逾300件"])
def test_approximate_counts_are_not_counts(text):
    assert not [n for n in View.of_text(text).numbers if n.is_count]


@pytest.mark.parametrize("text, value", [("收到两件申请", 2), ("收到十二件申请", 12), ("收到二十一件申请", 21)])
def test_chinese_counts(text, value):
    assert [n.value for n in View.of_text(text).numbers if n.is_count] == [value]


@pytest.mark.parametrize("text", ["推进高效办成一件事", "每一件申请都认真办理", "同一件事", "第一件", "一个平台"])
def test_chinese_numerals_in_idioms_are_not_counts(text):
    assert not [n for n in View.of_text(text).numbers if n.is_count]


def test_thousands_separator_makes_a_count_uncertain():
    assert not [n for n in View.of_text("受理申请1,295件").numbers if n.is_count]


def test_years_and_dates_are_not_counts():
    v = View.of_text("2023年1月1日至12月31日，12345热线")
    assert not [n for n in v.numbers if n.is_count]


# -- counts about applications ---------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2023年，政府办公室共受理公众通过邮寄、网络等途径提交的政府信息公开申请8件，已全部办结。", [("received", 8)]),
    ("2023 年，我中心收到政府信息公开申请 1 件，已在期限内依法办结。", [("received", 1)]),
    # 淮安市 2024: received, concluded, carried forward in brackets
    ("2024 年，全市共受理政府信息公开申请 3119 件，答\n复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度\n答复），均在法定期限内予以答复。",
     [("received", 3119), ("concluded", 3050), ("carried_forward", 103)]),
    # 沭阳县 2025: a breakdown by applicant is no claim; 办理 is ambiguous (handled)
    ("全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件，法人或其他组织申请 8 件；共办理 718 件，结转下一年 31 件。",
     [("received", 749), ("handled", 718), ("carried_forward", 31)]),
    # 平潭 2021: the noun after the count
    ("本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。",
     [("received", 70), ("concluded", 69), ("carried_forward", 1)]),
    # 平潭 2025: 结转至 next year, cases counted in 起
    ("2025年，全区共收到政府信息公开申请154件，共办结148件，结转至2026年6件。",
     [("received", 154), ("concluded", 148), ("carried_forward", 6)]),
    # 上海市政府办公厅 2025: 上年结转 is carried over, not forward
    ("市政府共受理政府信息公开申请 1295 件，办结 1191 件（含\n上年结转 189 件），均在法定期限内答复。",
     [("received", 1295), ("concluded", 1191)]),
    ("新收政府信息公开申请 10 件，上年结转 2 件，办结 11 件，结转下年度 1 件。",
     [("received", 10), ("concluded", 11), ("carried_forward", 1)]),
])
def test_application_counts(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize("text", [
    "依托“12345”政务服务热线平台,累计受理转办各类事项82292件,办结81944件,办结率99.66%",
    "年内政府网站共收到群众投诉留言137件，选登留言18条。",
    "收到群众诉求348件，现场解决162件，跟进解决186件，办结率100%。",
    "受理政府信息公开申请 5 件，较上年增加 2 件。",  # only the 5
    "共受理申请8件（其中线上受理5件，信函受理3件）。",  # only the 8
    "共受理申请8件，其中线上受理5件，信函受理3件。",  # only the 8
    "网上受理政府信息公开申请 5 件，信函受理 3 件。",  # channels: subsets
    "受理各类申请 100 件，其中政府信息公开申请 10 件。",  # the 100 is wider; the 10 is a part
    "针对1件疑难案件召开依申请公开工作交流会。",
    "延期答复政府信息公开申请 3 件。",
])
def test_counts_that_are_not_totals_of_applications(text):
    got = [k for k in claims(text) if k[0] in ("received", "concluded", "handled")]
    assert got in ([], [("received", 5)], [("received", 8)], [("handled", 8)])
    if "较上年" in text:
        assert got == [("received", 5)]
    elif "共受理申请8件" in text:
        assert got == [("received", 8)]
    else:
        assert got == []


def test_claim_text_is_the_keyword_to_the_unit():
    assert claim_texts("2023 年，我中心收到政府信息公开申请 1 件，已在期限内依法办结。") == \
        [("received", "收到政府信息公开申请 1 件")]


# -- outcomes -----------------------------------------------------------------------------------

def test_outcomes_of_shanghai_2025():
    text = ("其中，予以公开及部\n分公开 208 件（17.46%），不予公开 20 件（1.68%），因本机关\n不掌握等原因无法提供 564 件（47.36%），"
            "属信访、重复申请等不予处理 80 件。")
    assert claims(text) == [("outcome:granted+partially_granted", 208), ("outcome:withheld", 20),
                            ("outcome:unable", 564), ("outcome:rejected", 80)]


def test_outcomes_of_stcsm_2024():
    text = ("所有办结的信息公开\n申请中同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2\n件，无法提供的 10 件，不予处理 0 件，"
            "其他处理 14 件，转下一\n年度办理答复的有 1 件。")
    assert claims(text) == [("outcome:granted", 9), ("outcome:partially_granted", 0), ("outcome:withheld", 2),
                            ("outcome:unable", 10), ("outcome:rejected", 0), ("outcome:other", 14),
                            ("carried_forward", 1)]


@pytest.mark.parametrize("text", [
    "因属于国家秘密不予公开 1 件。",  # one row, not the group
    "因本机关不掌握无法提供 3 件。",
    "无法提供 5 件，其中本机关不掌握 3 件。",
])
def test_outcome_of_one_row_is_not_the_group(text):
    kinds = claims(text)
    assert kinds in ([], [("outcome:unable", 5)])


# -- review and litigation --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("政府信息公开行政复议 351\n件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚\n未审结 37 件；政府信息公开行政诉讼 46 件，"
     "其中结果维持 25\n件。", [("review", 351), ("litigation", 46)]),
    ("2024 年市科委有 1 件涉及政府信息公开工作的行政复\n议，该行政复议件未被复议审查机关纠错。", [("review", 1)]),
    ("因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。", [("review", 2), ("litigation", 7)]),
    ("全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。", [("review", 36), ("litigation", 9)]),
    ("信息公开类行政复议7件，诉讼9件，均获维持。", [("review", 7), ("litigation", 9)]),
    ("行政复议、行政诉讼案件共 12 件。", []),  # together: not one cell
    ("行政复议被纠错 1 件。", []),
    ("全县共办理相关案件 74 件。", []),
    ("县政府受理行政复议申请 150 件。", []),  # as the review organ
])
def test_case_counts(text, expected):
    assert [c for c in claims(text) if c[0] in ("review", "litigation")] == expected


# -- documents ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("发布规范性文件 2 件，其他规划计划等各类县政府文件 36 件。", [("issued:normative_documents", 2)]),
    ("集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。",
     [("in_force:normative_documents", 698), ("issued:normative_documents", 88)]),
    ("全年出台市政府规章 1 件。", [("issued:regulations", 1)]),
    ("全年新增公开市政府规章 1 件、市政府及市政府办政策性文件 11 件。", []),  # 公开 is not 制发
    ("刊登市政府规章、市政府和市政府办公厅文件、市政府部门行政规范性文件等 243 件。", []),
    ("发布涉企规范性文件 3 件。", []),  # a subset
    ("清理发布的规范性文件 12 件。", []),
    ("审查各部门发布规范性文件 12 件。", []),
    ("发布规范性文件解读 5 件。", []),
])
def test_document_counts(text, expected):
    assert [c for c in claims(text) if c[0].startswith(("issued", "in_force"))] == expected


# -- none -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2023年未收到政府信息公开申请。", ["received"]),
    ("2023年，我中心未收到公民、法人或其他组织要求公开政府信息的申请。", ["received"]),
    ("2023年本单位未办理政府信息公开申请，未收取信息公开处理费。", ["concluded"]),
    ("未发生因信息公开引起的行政复议或行政诉讼案件。", ["review", "litigation"]),
    ("本年度没有因政府信息公开工作被申请行政复议、提起行政诉讼的情况。", ["review", "litigation"]),
    ("未发生行政诉讼。", ["litigation"]),
    ("全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。", []),
    ("未发生产生重大影响的信息公开申请事件。", []),
    ("该行政复议件未被复议审查机关纠错。", []),
    ("无论行政复议还是行政诉讼，均依法应诉。", []),
    ("未收到申请人补正材料。", []),
    ("本年度未收到法人或其他组织提出的政府信息公开申请。", []),  # natural persons may have applied
    ("本年度未收到信函方式提交的政府信息公开申请。", []),
    ("未收到公众通过邮寄、网络等途径提交的政府信息公开申请。", ["received"]),
    ("2018年未收到有关政府信息公开申请。", ["received"]),
    ("未发生复议后提起行政诉讼的案件。", []),
    ("4.无正当理由大量反复申请", []),
])
def test_none_claims(text, expected):
    assert nones(text) == expected


# -- all concluded ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, found", [
    ("共受理政府信息公开申请8件，已全部办结。", True),
    ("收到申请 3 件，均已办结。", True),
    ("上年结转的 2 件申请均已办结。", False),
    ("受理12345热线工单 300 件，已全部办结。", False),
    ("行政复议案件2件，均已结案。", False),
    ("收到申请 3 件，均在法定期限内答复。", False),
])
def test_all_concluded(text, found):
    assert bool(list(all_concluded_claims(View.of_text(text)))) is found


# -- breakdowns --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # seed 003: the breakdown in the next sentence, units 条 and 篇, people in brackets
    ("主动公开政府信息 516 条。其中，网站发布动态信息 58 条；“中心”公众号（用户数 19788 人）转发发布各类动态信息及相关文章共 145 篇；"
     "“中心”微博（用户数 131 人）转发发布各类信息 313 条。", [(516, [58, 145, 313], False)]),
    # 平潭 2019: a nested breakdown in brackets
    ("今年共发布380条财政资金信息，其中专项资金152条，预决算公开197条（政府预决算32条、部门预决算公开165条）、“三公”经费27条、债券发行4条。",
     [(380, [152, 197, 27, 4], False)]),
    # 平潭 2023: the outcomes end where they reach the total; 复议/诉讼 follow
    ("办结依申请公开81件，其中：予以公开及部分公开42件，占51.85%；不予公开5件，占6.17%；无法提供31件，占38.27%；不予处理1件，"
     "占1.23%；其他处理2件，占2.47%；因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。", [(81, [42, 5, 31, 1, 2], True)]),
    # a count of another unit ends the list
    ("共编发文章 1640 篇，其中原创文章 294 篇，微信公众号目前关注人数达 1016823 人；视频号共制作并发布短视频 584 条。",
     [(1640, [294], False)]),
    ("共收到申请 10 件，分别为自然人 8 件、法人 1 件。", [(10, [8, 1], True)]),
    ("共收到申请 10 件，其中自然人 8 件和法人 1 件。", [(10, [8, 1], True)]),
    # a part of another kind is no part
    ("共受理申请 95 件，其中网上提交 40 件，予以公开 50 件。", [(95, [40], False)]),
    ("共发布信息 300 余条，其中政策文件 30 条。", []),
    ("年度涌现爆款内容52条，其中1条播放量破亿、2条破千万、49条破百万。", [(52, [1, 2, 49], False)]),
])
def test_breakdowns(text, expected):
    assert sums(text) == expected


def test_catch_all_part_makes_a_breakdown_exhaustive():
    text = ("共公布政府信息2599条，(其中机构职能类信息25条，政策、规范性文件类信息68条，其他应主动公开政府信息856条)对于主动公开的政府信息，"
            "主要通过政府门户网站发布。")
    assert sums(text) == [(2599, [25, 68, 856], True)]


# -- percentages ---------------------------------------------------------------------------------

def test_rate_with_numerator_and_denominator_in_the_sentence():
    assert rates("依托“12345”政务服务热线平台,累计受理转办各类事项82292件,办结81944件,办结率99.66%") == \
        [("99.66", 81944, 82292)]


def test_shares_of_a_breakdown():
    text = "办结依申请公开81件，其中：予以公开及部分公开42件，占51.85%；不予公开5件，占6.17%。"
    assert rates(text) == [("51.85", 42, 81), ("6.17", 5, 81)]


@pytest.mark.parametrize("text", [
    "收到群众诉求348件，现场解决162件，跟进解决186件，办结率100%。",  # no 办结 N
    "全区收到政府信息公开申请75件，涉及自然人72件、商业企业3件，均在法定期限内予以答复，办结率100%。",
    "收到申请 8 件，上年结转 1 件，办结 9 件，办结率 100%。",  # three counts: ambiguous denominator
    "申请数量较去年回落12.3%。",
    "予以公开及部分公开258件，占33.9%。",  # the denominator is in another sentence
])
def test_ambiguous_rates_are_not_read(text):
    assert rates(text) == []


def test_percent_decimals():
    v = View.of_text("99.66% 100% 33.9%")
    assert [percent_decimals(n) for n in v.numbers] == [2, 0, 1]
    assert v.numbers[0].value == Decimal("99.66")


def test_count_at_the_very_end_of_a_paragraph():
    assert claims("收到政府信息公开申请 3 件") == [("received", 3)]
    assert claims("答复 3 件") == []


def test_long_run_on_text_is_not_quadratic():
    import time

    texts = ["1件" * 20000, "已全部办结" * 10000, "办结率99%，" * 10000,
             "共受理政府信息公开申请5件，其中予以公开1件，" * 2000]
    start = time.perf_counter()
    for text in texts:
        v = View.of_text(text)
        list(count_claims(v)), list(breakdowns(v)), list(rate_claims(v)), list(none_claims(v))
        list(all_concluded_claims(v))
    assert time.perf_counter() - start < 30


# -- the shortcuts that keep the claims cheap -----------------------------------------------------

def test_every_word_of_a_count_claim_is_in_the_shortcut_lists():
    """count_claims classifies a count only if its lead or tail holds a word of CLAIM_WORDS,
    APPLICATION_VERBS (with 申请 in the sentence) or CLAIM_TAIL_WORDS: every pattern's words must be there."""
    import re

    from gxrules.claims import (
        APPLICATION_VERBS, CARRIED_FORWARD_LEAD, CARRIED_FORWARD_TAIL, CLAIM_TAIL_WORDS, CLAIM_WORDS, CONCLUDED,
        HANDLED, OUTCOME_RES, OUTCOME_WORDS, RECEIVED, has_any,
    )

    assert all(has_any(word, APPLICATION_VERBS) for word in RECEIVED + CONCLUDED + HANDLED)
    outcomes = "予以公开及部分公开 予以公开 同意公开 准予公开 不予公开 不予以公开 部分公开 无法提供 不予处理 其他处理".split()
    for _, pattern in OUTCOME_RES:
        found = [word for word in outcomes if re.search(pattern, word)]
        assert found and all(has_any(word, CLAIM_WORDS) and has_any(word, OUTCOME_WORDS) for word in found), pattern
    carried = [a + b for a in "结转 转入 转至 转到 顺延 延至 延期 转".split() for b in ("下年", "下一年度", "2024年")]
    for pattern in (CARRIED_FORWARD_LEAD, CARRIED_FORWARD_TAIL):
        found = [word for word in carried if re.search(pattern, word)]
        assert found and all(has_any(word, CLAIM_TAIL_WORDS) and has_any(word, CLAIM_WORDS) for word in found)
    # every word the tail may hold is one a sentence is looked at for
    assert all(has_any(word, CLAIM_WORDS) for word in CLAIM_TAIL_WORDS)


@pytest.mark.parametrize("line, expected", [
    ("- 3 -", True), ("—12—", True), ("  －５－\n", True), ("-- 123 --", True),
    ("- 1234 -", False), ("-5", False), ("5-", False), ("- 5 - -", False), ("- -5-", False), ("--", False),
    ("0954-6016141", False), ("- 1 2 -", False),
])
def test_page_number_lines(line, expected):
    from gxrules.claims import is_page_number_line

    assert is_page_number_line(line) is expected


def test_word_helpers_agree_with_the_regular_expressions_they_replace():
    import re

    from gxrules.claims import first_index, has_any, positions

    words = ("受理", "收到", "接收", "接收到")
    for text in ("", "共受理申请", "接收到申请并受理", "收到", "无关的话"):
        m = re.search("|".join(words), text)
        assert has_any(text, words) is bool(m)
        assert first_index(text, words) == (m.start() if m else -1)
    assert positions("a,b。c,d", ",。") == [1, 3, 5]
    assert positions("a,b。c,d", ",。", 2, 5) == [3]


def test_a_paragraph_without_a_count_unit_after_a_number_holds_no_count():
    from gxrules.claims import count_positions

    text = "依据《条例》第五十条第四项,发布2023年报告,收到申请5件,办结两件,共一项"
    assert [text[i - 1:i + 1] for i in count_positions(text)] == ["5件", "两件"]


def test_breakdown_helpers_agree_with_the_regular_expressions_they_replace():
    import random
    import re

    from gxrules.claims import _after_mark, _catch_all, _intro_end, _noun_length

    intro = re.compile(r"[,:;]?(?:\()?(?:其中|分别为|分别是|分别有|包括|具体为|具体是)(?:包括)?[,:]?")
    noun = re.compile(r"^[^,;:。!?()0-9、“”]{0,14}?(?=[,;:]?\(?(?:其中|分别))")
    catch_all = re.compile(r"^[,、;]?(?:和|及|以及)?(?:其他|其余|其它)")
    joined = re.compile(r"^[,、;]?(?:和|及|以及|与)")
    pieces = list(",:;(、。!?)0“”") + "其中 分别为 分别是 分别 包括 具体为 具体 是 和 及 以及 与 其他 其余 其它 信息 条 5".split()
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        m = intro.match(text, start, end)
        assert _intro_end(text, start, end) == (m.end() if m else -1), (text, start, end)
        m = noun.match(text)
        assert _noun_length(text) == (len(m.group(0)) if m else 0), text
        assert _catch_all(text) is bool(catch_all.match(text)), text
        assert _after_mark(text, ",、;").startswith(("和", "及", "以及", "与")) is bool(joined.match(text)), text


def test_words_grouped_by_character_answer_as_has_any():
    """by_character puts each word in one group under a character it holds, so has_any_grouped
    answers as has_any (what _may_claim asks of CLAIM_WORDS)."""
    from gxrules.claims import CLAIM_WORDS, by_character, has_any, has_any_grouped

    groups = by_character(CLAIM_WORDS)
    assert sorted(w for _, words in groups for w in words) == sorted(CLAIM_WORDS)
    assert all(key in w for key, words in groups for w in words)
    texts = ["", "公开", "予以公开3件", "部分公开", "结转下年度", "转发文件", "延期答复", "行政复议1件", "诉讼",
             "规章", "其他处理", "处理", "无法提供", "规范性", "予以", "行政"] + list(CLAIM_WORDS)
    for text in texts:
        assert has_any_grouped(text, groups) == has_any(text, CLAIM_WORDS), text
