"""The quick paths of :mod:`gxrules.claims` give what the general code gives.

Each shortcut (a plain-string test before a regular expression, a search
skipped when its words are absent) is held here to the code it stands in for,
on texts made of the words and marks that matter.
"""
from __future__ import annotations

import re

from hypothesis import example, given, settings as hsettings, strategies as st

from gxrules import claims as cl

# pieces of leads: the outcome words, their parts, what may follow them, marks and digits
_LEAD_PIECES = ["予以公开", "同意公开", "准予公开", "不予公开", "不予以公开", "部分公开", "无法提供", "不予处理",
                "其他处理", "不予", "予以", "公开", "部分", "不", "以", "及", "和", "、", "或", "以及", "答复", "决定",
                "的", "为", "共", "计", "有", "申请", ":", ",", "因", "等", "5", "件", "处理", "其他", "提供"]
_LEADS = st.lists(st.sampled_from(_LEAD_PIECES), max_size=8).map("".join)


def _outcome_general(lead: str):
    """_outcome as it was without OUTCOME_NEEDS: every pattern searched."""
    if not cl.has_any(lead, cl.OUTCOME_WORDS):
        return None
    hits = [(m.end(), -m.start(), kind, m.start()) for kind, rx in cl.OUTCOME_RES for m in re.finditer(rx, lead)]
    if not hits:
        return None
    end, _, kind, start = max(hits)
    if not re.match(cl.OUTCOME_AFTER, lead[end:]):
        return None
    return kind, start


@hsettings(max_examples=400, deadline=None)
@given(_LEADS)
def test_an_outcome_pattern_needs_its_words(lead):
    for kind, pattern in cl.OUTCOME_RES:
        if re.search(pattern, lead):
            assert cl.has_any(lead, cl.OUTCOME_NEEDS[kind]), (kind, lead)


@hsettings(max_examples=400, deadline=None)
@given(_LEADS)
def test_outcome_is_the_general_search(lead):
    assert cl._outcome(lead) == _outcome_general(lead)


def test_outcome_needs_name_every_pattern():
    assert set(cl.OUTCOME_NEEDS) == {kind for kind, _ in cl.OUTCOME_RES}


def _compact_text_before(normalised: str) -> str:
    """compact_text as it was, with its quick path for a text without white space, ``*`` or page number."""
    if normalised.isprintable() and " " not in normalised and "*" not in normalised and \
            not (normalised[:1] in cl.PAGE_NO_DASHES and cl.is_page_number_line(normalised)):
        return normalised
    text = cl.blank_page_numbers(normalised)
    if "*" in text:
        text = text.replace("*", "")
    words = text.split()
    if len(words) <= 1:
        return words[0] if words else ""
    chars = [words[0]]
    for last, w in zip(words, words[1:]):
        if w[0].isdigit() and last[-1].isdigit():
            chars.append(" ")
        chars.append(w)
    return "".join(chars)


_PARAGRAPHS = st.text(alphabet=st.sampled_from(list("受理申请5件，。3０１²\u200b*-—－ \n\t\r\u3000\x85\xa0")), max_size=30)


@hsettings(max_examples=500, deadline=None)
@given(_PARAGRAPHS)
def test_compact_text_is_what_it_was(text):
    assert cl.compact_text(text) == _compact_text_before(text)


_RATE_LEADS = st.lists(st.sampled_from(["办结", "答复", "按时", "依法", "率", "为", "达到", ":", "受理", "是", "公开",
                                        "完成", "处理", "期限内", "占", "比"]), max_size=6).map("".join)


@hsettings(max_examples=300, deadline=None)
@given(_RATE_LEADS)
def test_a_rate_is_named_with_its_word(lead):
    """rate_claims skips the sentences (and paragraphs) without 率: RATE cannot match without it."""
    if re.search(cl.RATE, lead):
        assert "率" in lead


def test_rates_and_shares_of_a_paragraph():
    view = cl.View.of_text("受理82292件,办结81944件,办结率99.66%。其中:予以公开42件,占51.85%;不予公开39件,占48.15%。")
    found = [(r.label, r.numerator.value, r.denominator.value, str(r.percent.value)) for r in cl.rate_claims(view)]
    assert found[0] == ("办结率", 81944, 82292, "99.66")
    view = cl.View.of_text("共收到申请81件,其中:予以公开42件,占51.85%;不予公开39件,占48.15%。")
    found = [(r.label, r.numerator.value, r.denominator.value, str(r.percent.value)) for r in cl.rate_claims(view)]
    assert found == [("占比", 42, 81, "51.85"), ("占比", 39, 81, "48.15")]


_WORD_TEXTS = st.text(alphabet=st.sampled_from(list("受理收到接,。!?(（)）件条余5")), max_size=24)
_WORDS = st.lists(st.sampled_from(["受理", "收到", "接收", "接收到", ",", "。", "件", "(", "受理受"]), min_size=1,
                  max_size=4, unique=True)


@hsettings(max_examples=400, deadline=None)
@given(_WORD_TEXTS, _WORDS, st.integers(-3, 26), st.one_of(st.none(), st.integers(-3, 26)))
def test_positions_and_first_index_are_the_plain_searches(text, words, start, end):
    """positions: every place (overlapping too) a word starts inside text[start:end]; first_index:
    the first place of any word."""
    lo, hi, _ = slice(start, end).indices(len(text))
    expected = sorted(i for w in words for i in range(lo, hi - len(w) + 1) if text.startswith(w, i))
    assert cl.positions(text, words, start, end) == expected
    assert cl.positions(text, words) == sorted(i for w in words for i in range(len(text)) if text.startswith(w, i))
    found = [text.find(w) for w in words if w in text]
    assert cl.first_index(text, words) == (min(found) if found else -1)


def _none_claims_general(view):
    """none_claims as it was: each search from the start of the paragraph or sentence."""
    c = view.compact
    if not cl.has_any(c, cl.NEGATION):
        return
    applications = "申请" in c and re.search(cl.NONE_APPLICATION, c)
    cases = ("行政复议" in c or "行政诉讼" in c) and re.search(cl.NONE_CASES, c)
    if not applications and not cases:
        return
    for sentence in view.sentences():
        s0, s1 = sentence
        text = c[s0:s1]
        if not cl.has_any(text, cl.NEGATION):
            continue
        if applications and "申请" in text:
            for m in re.finditer(cl.NONE_APPLICATION, text):
                mid = m.group("mid")
                if cl.has_any(mid, cl.NONE_EXCLUDE) or "复议" in mid or "诉讼" in mid or "因" in mid or cl._subset(mid):
                    continue
                kind = "concluded" if m.group("verb") == "办理" else "received"
                yield kind, s0 + m.start(), s0 + m.end(), sentence
        if cases and ("行政复议" in text or "行政诉讼" in text):
            for m in re.finditer(cl.NONE_CASES, text):
                mid = m.group("mid")
                after = text[m.end():m.end() + 12]
                if cl.has_any(mid, cl.NONE_EXCLUDE) or cl.has_any(after, cl.NONE_EXCLUDE) or \
                        cl.has_any(mid, cl.NONE_SUBSET):
                    continue
                kinds = {m.group("first"), m.group("second")}
                for name, kind in (("行政复议", "review"), ("行政诉讼", "litigation"), ("诉讼", "litigation")):
                    if name in kinds:
                        yield kind, s0 + m.start(), s0 + m.end(), sentence


_NONE_PIECES = ["未", "无", "没有", "暂无", "尚未", "均未", "暂", "尚", "均", "收到", "受理", "办理", "发生", "过", "任何",
                "政府信息公开", "申请", "申请人", "行政复议", "行政诉讼", "诉讼", "、", "和", "案件", "被", "纠正", "法人",
                "。", ",", "本年度", "5件", "论"]


@hsettings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_NONE_PIECES), max_size=14).map("".join))
@example("暂无收到申请")
@example("本年度暂无收到政府信息公开申请。均未发生行政复议、行政诉讼。")
@example("本年度尚未受理申请,暂无行政复议和诉讼案件")
@example("无论如何,未发生行政诉讼")
def test_none_claims_search_from_the_first_denial(text):
    claims = [(n.kind, n.start, n.end, n.sentence) for n in cl.none_claims(cl.View.of_text(text))]
    assert claims == list(_none_claims_general(cl.View.of_text(text)))
