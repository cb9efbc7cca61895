"""CN401-CN406: 信息处理费 statements and the 行政事业性收费 cell."""
from __future__ import annotations

import io

import pytest


from conftest import CORPUS, changed, checker
from conftest import seed_text as seed

# seed 000: no application at all, and section 六 ends with this sentence
FEE_000 = "2023年本单位未办理政府信息公开申请，未收取信息公开处理费。"
FEE_HEADING_000 = "(二) 收取信息处理费情况。"
# seed 003: one application received and handled
FEE_003 = "吴忠市政务服务中心本年度在办理政府信息公开申请中未产生信息公开处理费。"
OVERDUE_FEE_ROW = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0"


@pytest.fixture(scope="module")
def lint():
    return checker(["CN4"])




def fee_000(statement: str) -> str:
    return changed(seed("000"), FEE_000, statement)


def fee_003(statement: str) -> str:
    return changed(seed("003"), FEE_003, statement)


def found(diags, code):
    return [d for d in diags if d.code == code]


# ---------------------------------------------------------------- the seeds and the real reports
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_fee_finding_on_seeds(lint, prefix):
    assert [d.code for d in lint(seed(prefix))] == []


def test_no_fee_finding_on_real_reports(lint):
    if not CORPUS.is_dir():
        pytest.skip("no corpus")
    for p in sorted(CORPUS.iterdir()):
        if p.name != "MANIFEST.tsv":
            assert [(d.code, d.message) for d in lint(p)] == [], p.name


# ---------------------------------------------------------------- CN401
def test_cn401_no_statement(lint):
    text = changed(fee_000("2023年本单位未办理政府信息公开申请。"), FEE_HEADING_000, "(二) 其他情况。")
    [d] = lint(text)
    assert d.code == "CN401" and d.span.start.line == 84  # the heading of 六
    assert d.severity.label == "warning"


@pytest.mark.parametrize("statement", [
    "2023年，无收取信息处理费情况。",
    "2023年，本单位未发生政府信息公开收费事项。",
    "全年收取政府信息公开信息处理费 0 元。",
    "本年度未产生信息公开处理费。",  # the non-standard term still states the fee (CN503 reports it)
])
def test_cn401_statements_accepted(lint, statement):
    text = changed(fee_000(statement), FEE_HEADING_000, "(二) 其他情况。")
    assert found(lint(text), "CN401") == []


def test_cn401_statement_outside_section_six_does_not_count(lint):
    text = changed(fee_000("无。"), FEE_HEADING_000, "(二) 其他情况。")
    text = changed(text, "（二）依申请公开方面。2023年未收到政府信息公开申请。",
                   "（二）依申请公开方面。2023年未收到政府信息公开申请，未收取信息处理费。")
    assert len(found(lint(text), "CN401")) == 1


def test_cn401_not_for_2020_reports(lint):
    text = changed(fee_000("无。"), FEE_HEADING_000, "(二) 其他情况。").replace("2023", "2020")
    assert found(lint(text), "CN401") == []


# ---------------------------------------------------------------- CN402
def test_cn402_fee_without_applications(lint):
    [d] = found(lint(fee_000("2023年收取信息处理费200元。")), "CN402")
    assert d.span.start.line == 110 and d.data["amount"] == 200
    assert d.severity.label == "error"
    assert "200元" in d.message


def test_cn402_not_when_applications_were_handled(lint):
    assert found(lint(fee_003("本年度收取信息处理费200元。")), "CN402") == []


def test_cn402_not_for_zero(lint):
    assert found(lint(fee_000("2023年收取信息处理费0元。")), "CN402") == []


# ---------------------------------------------------------------- CN403
def test_cn403_none_and_amount(lint):
    [d] = found(lint(fee_003("本年度未收取信息处理费。全年收取信息处理费120元。")), "CN403")
    assert "未收取信息处理费" in d.message and d.data["amount"] == 120


def test_cn403_two_amounts(lint):
    [d] = found(lint(fee_003("共收取信息处理费200元。全年收取信息处理费300元。")), "CN403")
    assert d.data["amounts"] == [200, 300]


@pytest.mark.parametrize("statement", [
    "全县收取信息处理费共计380元，其中民政局1件，收取380元。",        # a breakdown
    "发出收费通知2件，金额600元，实际收取信息处理费400元。",          # notified ≠ collected
    "收取信息处理费3,940元，较上年减少1,000元。",                    # last year's comparison
    "共收取信息处理费200元。全年收取信息处理费200元。",               # the same amount twice
    "申请人逾期未缴纳费用，本年度收取信息处理费100元。",             # 未 about the applicant's payment
    "收取信息处理费标准为每件100元，全年收取信息处理费300元。",       # a rate is not an amount
])
def test_cn403_not_a_contradiction(lint, statement):
    assert found(lint(fee_003(statement)), "CN403") == []


# ---------------------------------------------------------------- CN404
def test_cn404_not_multiple_of_ten(lint):
    [d] = found(lint(fee_003("本年度收取信息处理费205元。")), "CN404")
    assert d.data["amount"] == 205
    assert d.span.start.line == 88


def test_cn404_breakdown_amounts_checked(lint):
    ds = found(lint(fee_003("收取信息处理费共计380元，其中民政局收取375元，教育局收取5元。")), "CN404")
    assert sorted(d.data["amount"] for d in ds) == [5, 375]


@pytest.mark.parametrize("statement", [
    "本年度收取信息处理费3,940元。",
    "本年度信息处理费收取金额为0.12万元。",
    "按100元/件的标准收取信息处理费。",
    "行政事业性收费125元。",  # not 信息处理费
])
def test_cn404_not_a_finding(lint, statement):
    assert found(lint(fee_003(statement)), "CN404") == []


# ---------------------------------------------------------------- CN405
def overdue_fee_000(statement: str) -> str:
    text = changed(fee_000(statement), FEE_HEADING_000, "(二) 其他情况。")
    # 1 application dropped for an unpaid fee (the table stays balanced: 1 received, 1 handled)
    text = changed(text, OVERDUE_FEE_ROW, OVERDUE_FEE_ROW.replace("\t0\t0\t0\t0\t0\t0\t0", "\t1\t0\t0\t0\t0\t0\t1"))
    return text


def test_cn405_overdue_fee_without_notice(lint):
    [d] = found(lint(overdue_fee_000("无。")), "CN405")
    assert d.span.start.line == 66 and d.data["value"] == 1


@pytest.mark.parametrize("statement", ["本年度发出收费通知1件，申请人逾期未缴费。", "本年度未收取信息处理费。"])
def test_cn405_notice_mentioned(lint, statement):
    assert found(lint(overdue_fee_000(statement)), "CN405") == []


# ---------------------------------------------------------------- CN406
@pytest.mark.parametrize("cell, words", [("251000元", "以元为单位"), ("25.1万元", "带有单位")])
def test_cn406_unit_in_cell(lint, cell, words):
    text = changed(seed("000"), "行政事业性收费\t0", "行政事业性收费\t" + cell)
    [d] = found(lint(text), "CN406")
    assert words in d.message and d.span.start.line == 38


def test_cn406_suggests_the_amount_in_wan_yuan(lint):
    text = changed(seed("000"), "行政事业性收费\t0", "行政事业性收费\t251000元")
    [d] = found(lint(text), "CN406")
    assert "25.1" in d.message


@pytest.mark.parametrize("cell", ["25.1", "0", "96171.6"])
def test_cn406_plain_number_is_fine(lint, cell):
    text = changed(seed("000"), "行政事业性收费\t0", "行政事业性收费\t" + cell)
    assert found(lint(text), "CN406") == []


def test_cn406_is_not_about_the_information_fee(lint):
    # 行政事业性收费 in 万元 and 信息处理费 in 元 live side by side without findings
    text = changed(seed("003"), "行政事业性收费\t0", "行政事业性收费\t1.5")
    text = changed(text, FEE_003, "本年度收取信息处理费100元。")
    assert lint(text) == []


# ---------------------------------------------------------------- through the CLI
def test_cli_exit_code_on_fee_error(tmp_path):
    from gxrules.cli import main

    path = tmp_path / "r.txt"
    path.write_text(fee_000("2023年收取信息处理费200元。"), encoding="utf-8")
    out = io.StringIO()
    rc = main(["check", "--isolated", "--select", "CN4", "--output-format", "concise", str(path)],
              stdout=out, stderr=io.StringIO())
    assert rc == 1
    assert f"{path}:110:" in out.getvalue() and "CN402" in out.getvalue()
