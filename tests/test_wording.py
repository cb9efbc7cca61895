"""CN501-CN503: labels, headings and terms that differ from the official wording, and their fixes."""
from __future__ import annotations

import io
import json

import pytest
from hypothesis import example, given, settings as hsettings, strategies as st


from conftest import CORPUS, changed, checker
from conftest import seed_text as seed


@pytest.fixture(scope="module")
def lint():
    return checker(["CN5"])




def apply_fix(text: str, d) -> str:
    out = text
    for e in sorted(d.fix.edits, key=lambda e: e.span.start.offset, reverse=True):
        out = out[:e.span.start.offset] + e.content + out[e.span.end.offset:]
    return out


def line_of(text: str, n: int) -> str:
    return text.splitlines()[n - 1]


def codes(diags, prefix="CN5"):
    return sorted((d.code, d.span.start.line) for d in diags if d.code.startswith(prefix))


# ---------------------------------------------------------------- the seeds' real faults
SEED_FINDINGS = {
    "000": [("CN501", 26), ("CN503", 110)],
    "001": [("CN501", 36)],
    "002": [("CN501", 110)],
    "003": [("CN501", 42), ("CN501", 43), ("CN501", 45), ("CN501", 63), ("CN502", 69), ("CN503", 88)],
    "004": [],
}


@pytest.mark.parametrize("prefix", sorted(SEED_FINDINGS))
def test_seed_findings_exactly(lint, prefix):
    assert codes(lint(seed(prefix))) == SEED_FINDINGS[prefix]


@pytest.mark.parametrize("prefix, line, fixed_line", [
    ("000", 26, "信息内容\t本年制发件数\t本年废止件数\t现行有效件数"),
    ("002", 110, "一、本年新收政府信息公开申请数量"),
    ("003", 42, "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t"),
    ("003", 43, "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\t"),
    ("003", 45, "三、本年度办理结果\t(一) 予以公开\t0\t0\t0\t0\t0\t0\t0\t"),
    ("003", 63, "\t(六) 其他 处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
                "\t0\t0\t0\t0\t0\t0\t0"),
    ("003", 69, "#### 四、政府信息公开行政复议、行政诉讼情况"),
    ("000", 110, "2023年本单位未办理政府信息公开申请，未收取信息处理费。"),
])
def test_seed_fix_rewrites_only_the_wording(lint, prefix, line, fixed_line):
    text = seed(prefix)
    [d] = [d for d in lint(text) if d.span.start.line == line]
    assert d.fix is not None and d.fix.applicability == "safe"
    fixed = apply_fix(text, d)
    assert line_of(fixed, line) == fixed_line
    # nothing else changed
    assert [l for i, l in enumerate(fixed.splitlines(), 1) if i != line] == \
        [l for i, l in enumerate(text.splitlines(), 1) if i != line]


def test_seed_003_data_and_messages(lint):
    by_line = {d.span.start.line: d for d in lint(seed("003"))}
    d = by_line[42]
    assert d.data["found"] == "商业机构" and d.data["official"] == "商业企业" and d.data["variant"] == "alias"
    assert "商业机构" in d.message and "商业企业" in d.message
    assert by_line[63].data["variant"] == "typo" and "错别字" in by_line[63].message
    assert by_line[69].data["official"] == "四、政府信息公开行政复议、行政诉讼情况"
    assert by_line[88].severity.label == "info"


# ---------------------------------------------------------------- CN501
def test_label_keeps_own_ordinal_style(lint):
    text = changed(seed("004"), "1.申请人无正当理由逾期不补正、行政机关不再处理",
                   "1、申请人无正当理由逾期不补正、行政机关不在处理")
    [d] = [d for d in lint(text) if d.code == "CN501"]
    assert d.fix.edits[0].content == "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"


def test_label_extra_words_removed(lint):
    text = changed(seed("004"), "四、结转下年度继续办理\t", "四、结转下年度继续办理数量\t")
    [d] = [d for d in lint(text) if d.code == "CN501"]
    assert apply_fix(text, d) == seed("004")


@pytest.mark.parametrize("old, new", [
    ("本年制发件数", "本年 制发 件数"),                # spacing only
    ("(一)予以公开", "（一） 予以公开"),               # bracket width and spacing
    ("三、本年度办理结果", "三、 本 年 度 办 理 结 果"),  # spaced out but right
    ("(二)部分公开 (区分处理的, 只计这一情形, 不计其他情形)", "(二)部分公开"),  # accepted short form
])
def test_label_not_a_finding(lint, old, new):
    assert codes(lint(changed(seed("004"), old, new))) == []


# ---------------------------------------------------------------- CN502
def test_heading_fix_keeps_markdown_bold(lint):
    text = changed(seed("004"), "四、政府信息公开行政复议、行政诉讼情况", "**四、申请行政复议、提起行政诉讼情况**")
    [d] = [d for d in lint(text) if d.code == "CN502"]
    assert line_of(apply_fix(text, d), 71) == "**四、政府信息公开行政复议、行政诉讼情况**"


def test_heading_2019_wording_in_2021_report(lint):
    text = changed(seed("004"), "五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况")
    [d] = [d for d in lint(text) if d.code == "CN502"]
    assert apply_fix(text, d) == seed("004")


@pytest.mark.parametrize("old, new", [
    ("四、政府信息公开行政复议、行政诉讼情况", "四、 政府信息公开行政复议、行政诉讼情况"),  # spacing
    ("一、总体情况", "一、总体情况。"),                                          # punctuation
])
def test_heading_not_a_finding(lint, old, new):
    assert codes(lint(changed(seed("004"), old, new))) == []


def test_heading_with_wrong_numeral_is_left_to_cn102(lint):
    # a heading numbered as another section is CN102's business; no rewrite of its words
    text = changed(seed("004"), "四、政府信息公开行政复议、行政诉讼情况", "五、申请行政复议、提起行政诉讼情况")
    assert [d for d in lint(text) if d.code == "CN502" and d.data["section"] == 4] == []


# ---------------------------------------------------------------- CN503
def test_term_longer_form_wins(lint):
    text = changed(seed("004"), "本年度未收取信息处理费", "本年度未收取政府信息公开处理费")
    [d] = [d for d in lint(text) if d.code == "CN503"]
    assert d.data["standard"] == "政府信息公开信息处理费"
    assert apply_fix(text, d).count("本年度未收取政府信息公开信息处理费") == 1


def test_term_across_a_line_break_keeps_the_break(lint):
    text = changed(seed("004"), "本年度未收取信息处理费", "本年度未收取信息公开处\n理费")
    [d] = [d for d in lint(text) if d.code == "CN503"]
    assert "本年度未收取信息处\n理费" in apply_fix(text, d)


@pytest.mark.parametrize("phrase", ["收取政府信息公开信息处理费0元", "未收取信息处理费", "信息公开工作处理费用"])
def test_term_not_a_finding(lint, phrase):
    text = changed(seed("004"), "本年度未收取信息处理费", phrase)
    assert [d for d in lint(text) if d.code == "CN503"] == []


# ---------------------------------------------------------------- through the CLI
def test_cli_json_has_safe_fixes(tmp_path):
    from gxrules.cli import main

    path = tmp_path / "r.txt"
    path.write_text(seed("003"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    rc = main(["check", "--isolated", "--select", "CN5", "--output-format", "json", str(path)],
              stdout=out, stderr=err)
    assert rc == 0  # warnings and infos only; the fail level is error
    data = json.loads(out.getvalue())
    assert sorted(d["code"] for d in data) == ["CN501"] * 4 + ["CN502", "CN503"]
    assert all(d["fix"]["applicability"] == "safe" for d in data)
    heading = next(d for d in data if d["code"] == "CN502")
    assert heading["location"] == {"row": 69, "column": 6}
    assert heading["fix"]["edits"][0]["content"] == "四、政府信息公开行政复议、行政诉讼情况"


# Every CN5xx finding on the real reports, checked by reading the file. The reader of flat
# (one-line) pages is still improving, so the test asks that nothing else is found.
CORPUS_TRUE = {
    ("2022_pingtan-zone-admin-committee.txt", "CN502", 10),  # 四、政府信息公开行政法复议、行政诉讼情况
    ("2023_huaian-hongze-district-gov.txt", "CN501", 260),  # 2.其他法律行政止公开 (法规禁 missing)
    ("2024_huaian-hongze-district-gov.txt", "CN501", 107),  # the same label, copied a year later
    ("2024_shanghai-stcsm.md", "CN501", 89),                # 规范性文件 (2019 label) in a 2024 table
    ("2024_shanghai-stcsm.md", "CN503", 206),               # 本年度信息公开处理费收费情况
    ("2025_shanghai-municipal-gov-office.md", "CN503", 215),  # 未收取信息公开处理费
    ("2025_suqian-shuyang-county-gov.md", "CN502", 175),    # 五、政府信息公开工作存在的主要问题… (2019 wording)
}


def test_corpus_findings_are_true_ones(lint):
    if not CORPUS.is_dir():
        pytest.skip("no corpus")
    found = set()
    for p in sorted(CORPUS.iterdir()):
        if p.name != "MANIFEST.tsv":
            found |= {(p.name, code, line) for code, line in codes(lint(p))}
    assert found <= CORPUS_TRUE
    assert {f for f in CORPUS_TRUE if f[0].endswith(".md")} <= found


def test_heading_2019_wording_accepted_in_2020_report(lint):
    text = changed(seed("004"), "五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况")
    assert codes(lint(text.replace("2023", "2020"))) == []


def test_2019_report_wording_findings_are_info(lint):
    text = changed(seed("004"), "四、政府信息公开行政复议、行政诉讼情况", "四、申请行政复议、提起行政诉讼情况")
    text = changed(text, "\t本年废止件数\t", "\t本年度止件数\t").replace("2023", "2019")
    ds = lint(text)
    assert sorted(d.code for d in ds) == ["CN501", "CN502"]
    assert {d.severity.label for d in ds} == {"info"}


# ---------------------------------------------------------------- the diff behind the fixes
def test_opcodes_are_difflibs():
    """wording.opcodes is difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    without the junk handling: same answers, repeated characters included."""
    import difflib
    import random

    from gxrules.rules.wording import opcodes

    rnd = random.Random(7)
    for n in range(6000):
        alphabet = rnd.choice(["ab", "abc", "abcdefgh", "政府信息公开"])
        a = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14 if n < 3000 else 60)))
        b = list(a)
        for _ in range(rnd.randint(0, 4)):  # a few edits, or another text altogether
            k = rnd.randint(0, len(b))
            if b and k < len(b) and rnd.random() < 0.5:
                del b[k]
            else:
                b.insert(k, rnd.choice(alphabet))
        b = "".join(b) if rnd.random() < 0.7 else "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, len(a) + 3)))
        assert opcodes(a, b) == difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes(), (a, b)
    title = "国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉通知"
    right = "国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知"
    assert opcodes(title, right) == difflib.SequenceMatcher(None, title, right, autojunk=False).get_opcodes()


@hsettings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["政府", "信息", "公开", "处理费", "信", "息", "公", "开", "处", "理", "费", "费用", "。",
                                 " ", "\n", "\t", "\u3000", "\u200b", "\ufeff", "\xa0", "\u2028", "\x0b", "\x1c",
                                 "\u200a", "\u200c", "\u200d", "\u2060", "a"]), max_size=25),
       st.sampled_from(["信息公开处理费", "政府信息公开处理费", "信息", "费"]))
@example(["信", "\ufeff", "息"], "信息")
@example(["信", "\u200b", "\n", "息"], "信息")
@example(["信", "\u200c", "息"], "信息")  # not white space to the pattern
@example(["信息公开", "\u3000", "处理费"], "信息公开处理费")
def test_a_term_may_occur_where_its_pattern_finds_it(pieces, word):
    """CN503 runs a term's pattern only on text where _may_occur finds the term: the two agree."""
    from gxrules.rules.wording import _may_occur, _term_pattern

    text = "".join(pieces)
    assert _may_occur(text, word) == bool(_term_pattern(word).search(text))
