"""CN601-CN603: titles and numbers of the documents reports cite."""
from __future__ import annotations

import io
import json

import pytest

from gxrules.rules.citations import documents, levenshtein, max_distance

from conftest import CORPUS, changed, checker
from conftest import seed_text as seed

FEE_NOTICE = "《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）"
LAST_SENTENCE_004 = "本年度未收取信息处理费。"


@pytest.fixture(scope="module")
def lint():
    return checker(["CN6"])




def appended(sentence: str) -> str:
    """Seed 004 with a sentence added at the end of section 六."""
    return changed(seed("004"), LAST_SENTENCE_004, LAST_SENTENCE_004 + sentence)


def apply_fix(text: str, d) -> str:
    out = text
    for e in sorted(d.fix.edits, key=lambda e: e.span.start.offset, reverse=True):
        out = out[:e.span.start.offset] + e.content + out[e.span.end.offset:]
    return out


def codes(diags):
    return sorted((d.code, d.span.start.line) for d in diags)


# ---------------------------------------------------------------- data
def test_data_has_the_documents():
    ids = {d.id: d for d in documents()}
    assert ids["regulations"].short == ("条例", "政府信息公开条例")
    assert ids["format-2021"].number == "国办公开办函〔2021〕30号"
    assert (ids["format-2021"].year, ids["format-2021"].serial) == (2021, 30)
    assert ids["format-2019"].format_years == (2019, 2020)
    assert ids["fee-measures-notice"].titles == ("国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知",)


def test_distance_helpers():
    assert levenshtein("华人民共和国", "中华人民共和国") == 1
    assert levenshtein("abc", "xyz", limit=1) == 2  # stops early above the limit
    assert max_distance(14) == 1 and max_distance(30) == 2


# ---------------------------------------------------------------- the seeds' real faults
SEED_FINDINGS = {
    "000": [],
    "001": [("CN601", 114)],
    "002": [("CN601", 9), ("CN601", 609), ("CN602", 9)],
    "003": [],
    "004": [],
}


@pytest.mark.parametrize("prefix", sorted(SEED_FINDINGS))
def test_seed_findings_exactly(lint, prefix):
    assert codes(lint(seed(prefix))) == SEED_FINDINGS[prefix]


def test_seed_001_missing_de(lint):
    text = seed("001")
    [d] = lint(text)
    assert d.fix.applicability == "safe"
    assert "〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）" in apply_fix(text, d)


def test_seed_002_line_9_both_fixes(lint):
    text = seed("002")
    fixed = text
    for d in sorted((d for d in lint(text) if d.span.start.line == 9), key=lambda d: -d.span.start.offset):
        fixed = apply_fix(fixed, d)
    assert ("《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
            "(国办公开办函〔2021〕30号)") in fixed.splitlines()[8]


def test_seed_002_law_title(lint):
    text = seed("002")
    [d] = [d for d in lint(text) if d.span.start.line == 609]
    assert d.data["expected"] == "中华人民共和国政府信息公开条例"
    assert "一是加强《中华人民共和国政府信息公开条例》学习" in apply_fix(text, d)


# ---------------------------------------------------------------- CN601
@pytest.mark.parametrize("title", [
    "《条例》", "《政府信息公开条例》", "《中华人民共和国政府信息公开条例》",
    "《中华人民共和国政府信息\n公开条例》",                      # a PDF line break inside
    "《中华人民共和国政府信息公开工作年度报告格式》",
    "《政府信息公开信息处理费管理办法》",
    "《政府信息公开规定》", "《上海市政府信息公开规定》", "《福建省政府信息公开办法》",
    "《安徽省财政厅关于印发〈政府信息公开信息处理费管理办法〉的通知》",  # another body's notice
])
def test_cn601_not_a_finding(lint, title):
    assert [d for d in lint(appended(title)) if d.code == "CN601"] == []


@pytest.mark.parametrize("title, fixed", [
    ("《政府信息公开条列》", "《政府信息公开条例》"),
    ("《中华人民共和国政府信息公开条列》", "《中华人民共和国政府信息公开条例》"),
    ("《国务院办公厅关于印发<政府信息公开信息处理费管理办法>通知》",
     "《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》"),
    ("《关于印发《某某办法》的通知》", "《关于印发〈某某办法〉的通知》"),  # any title: inner 《》 → 〈〉
    ("《中华人民共和国政府信息公\n开条列》", "《中华人民共和国政府信息公\n开条例》"),  # the line break stays
])
def test_cn601_fix(lint, title, fixed):
    text = appended(title)
    [d] = [d for d in lint(text) if d.code == "CN601"]
    assert d.fix.applicability == "safe"
    assert apply_fix(text, d) == appended(fixed)


def test_cn601_similar_title_with_another_number_is_not_ours(lint):
    text = appended("《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉通知》（皖财综〔2021〕28号）")
    assert [d for d in lint(text) if d.code == "CN601"] == []


# ---------------------------------------------------------------- CN602
@pytest.mark.parametrize("number, applicability", [
    ("国办函(2020)109号", "safe"),
    ("国办函[2020]109号", "safe"),
    ("国办函【2020】109号", "safe"),
    ("国办函〔2020109号", "safe"),   # a lost bracket, and the result is the known number
    ("国办函2020〕109号", "safe"),
])
def test_cn602_known_number(lint, number, applicability):
    text = changed(seed("004"), "国办函〔2020〕109号", number)
    [d] = [d for d in lint(text) if d.code == "CN602"]
    assert d.fix.applicability == applicability
    assert apply_fix(text, d) == seed("004")
    assert "国办函〔2020〕109号" in d.message


def test_cn602_unknown_number_missing_bracket_is_unsafe(lint):
    text = appended("按照宁政办发〔202324号要求。")
    [d] = [d for d in lint(text) if d.code == "CN602"]
    assert d.fix.applicability == "unsafe"
    assert "宁政办发〔2023〕24号要求" in apply_fix(text, d)


def test_cn602_unknown_number_round_brackets_is_safe(lint):
    text = appended("按照宁政办发（2023）24号要求。")
    [d] = [d for d in lint(text) if d.code == "CN602"]
    assert d.fix.applicability == "safe"
    assert "宁政办发〔2023〕24号要求" in apply_fix(text, d)


def test_cn602_wrong_number_after_known_title(lint):
    text = changed(seed("004"), "国办函〔2020〕109号", "国办函〔2020〕190号")
    [d] = [d for d in lint(text) if d.code == "CN602"]
    assert d.data["expected"] == "国办函〔2020〕109号" and d.fix.applicability == "unsafe"
    assert apply_fix(text, d) == seed("004")


@pytest.mark.parametrize("number", [
    "国办函〔2020〕109 号",   # spacing (PDF)
    "国办函﹝2020﹞109号",    # the small hexagonal brackets many sites use
    "国办函〔2020〕109号",
])
def test_cn602_not_a_finding(lint, number):
    text = changed(seed("004"), "国办函〔2020〕109号", number)
    assert [d for d in lint(text) if d.code == "CN602"] == []


@pytest.mark.parametrize("sentence", [
    "统计期限为2023年(1月至12月)。",
    "编号2023001号。",            # no brackets at all: not taken for a document number
    "详见第(2023)页。",
])
def test_cn602_not_a_document_number(lint, sentence):
    assert [d for d in lint(appended(sentence)) if d.code == "CN602"] == []


# ---------------------------------------------------------------- CN603
def test_cn603_2019_notice_in_2023_report(lint):
    [d] = [d for d in lint(appended("参照国办公开办函〔2019〕60号。")) if d.code == "CN603"]
    assert d.severity.label == "info" and "国办公开办函〔2021〕30号" in d.message


def test_cn603_2019_notice_by_title(lint):
    text = appended("《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》")
    assert [d.code for d in lint(text)] == ["CN603"]


def test_cn603_2021_notice_in_2020_report(lint):
    text = seed("000").replace("2023", "2020")  # cites 国办公开办函〔2021〕30号
    ds = [d for d in lint(text) if d.code == "CN603"]
    assert len(ds) == 1 and "国办公开办函〔2019〕60号" in ds[0].message


def test_cn603_right_notice_is_fine(lint):
    assert [d for d in lint(seed("000")) if d.code == "CN603"] == []
    if (CORPUS / "2020_pingtan-zone-admin-committee.txt").exists():  # a 2020 report citing 〔2019〕60号
        assert [d for d in lint(CORPUS / "2020_pingtan-zone-admin-committee.txt") if d.code == "CN603"] == []


# ---------------------------------------------------------------- real reports, CLI
CORPUS_TRUE = {
    ("2020_pingtan-zone-admin-committee.txt", "CN601", 10),  # local title with <…> inside 《》
    ("2022_pingtan-zone-admin-committee.txt", "CN601", 10),  # the 30号 notice title with <…>
}


def test_corpus_findings_are_true_ones(lint):
    if not CORPUS.is_dir():
        pytest.skip("no corpus")
    found = set()
    for p in sorted(CORPUS.iterdir()):
        if p.name != "MANIFEST.tsv":
            found |= {(p.name, code, line) for code, line in codes(lint(p))}
    assert found == CORPUS_TRUE


def test_cli_unsafe_fix_only_with_flag(tmp_path):
    from gxrules.cli import main

    path = tmp_path / "r.txt"
    path.write_text(appended("按照宁政办发〔202324号要求。"), encoding="utf-8")
    args = ["check", "--isolated", "--select", "CN6", "--output-format", "json", str(path)]
    out = io.StringIO()
    main(args + ["--fix"], stdout=out, stderr=io.StringIO())
    assert "〔202324号" in path.read_text(encoding="utf-8")
    [d] = json.loads(out.getvalue())
    assert d["fix"]["applicability"] == "unsafe"
    main(args + ["--fix", "--unsafe-fixes"], stdout=io.StringIO(), stderr=io.StringIO())
    assert "宁政办发〔2023〕24号要求" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("title", [
    "《<strong>中华人民共和国政府信息公开条例</strong>》",
    "《<span class=\"t\">政府信息公开条例</span>》",
])
def test_cn601_html_markup_is_not_a_bracket(lint, title):
    assert [d for d in lint(appended(title)) if d.code == "CN601"] == []


def test_cn601_misquote_inside_markup_reported_without_fix(lint):
    [d] = [d for d in lint(appended("《<b>华人民共和国政府信息公开条例</b>》")) if d.code == "CN601"]
    assert d.fix is None and d.data["expected"] == "中华人民共和国政府信息公开条例"
