"""Snapshot-style tests of every output format on a small hand-made run."""
from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gxrules.diagnostics import Diagnostic, Edit, Fix, Severity
from gxrules.reporters import BUILTIN_REPORTERS, Reporter, RunResult, get_reporter
from gxrules.reporters.github import escape_data, escape_property
from gxrules.reporters.sarif import artifact_uri
from gxrules.reporters.text import char_width, render_snippet
from gxrules.source import SourceText

A_TEXT = (
    "2023年某某局政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "本年共收到申请12件，办结8件。\n"
    "\t（一）本年新收政府信息公开申请数量\t8\n"
)
B_TEXT = "# 报告\n\n信息公开处理费\n为0元。\n"


def _span(src: SourceText, needle: str, length: int | None = None, nth: int = 0):
    start = -1
    for _ in range(nth + 1):
        start = src.text.index(needle, start + 1)
    return src.span(start, start + (len(needle) if length is None else length))


def make_run() -> RunResult:
    a = SourceText.from_text(A_TEXT, path="reports/a.txt")
    b = SourceText.from_text(B_TEXT, path="reports/b.md")
    label = _span(a, "本年新收政府信息公开申请数量")
    d_fix = Diagnostic(
        code="CN501", name="nonstandard-label",
        message="表格标签“本年新收政府信息公开申请数量”与规范写法不同",
        path="reports/a.txt", span=label, severity=Severity.WARNING,
        fix=Fix("改为“本年新收政府信息公开申请数量”", (Edit(label, "本年新收政府信息公开申请数量"),)),
        fingerprint_key="applications.new_received",
    )
    twelve = _span(a, "12")
    d_arith = Diagnostic(
        code="CN301", name="narrative-count-mismatch",
        message="正文说收到申请 12 件，表格为 8 件",
        path="reports/a.txt", span=twelve, severity=Severity.ERROR,
        data={
            "equation": "正文申请数 = 一 + 二",
            "expected": 8, "actual": 12,
            "operands": [
                {"key": "applications.new_received.total", "value": 8, "location": {"row": 4, "column": 20}},
                {"key": "applications.carried_over.total", "value": None, "location": None},
            ],
        },
    )
    term = b.span(b.text.index("信息公开处理费"), b.text.index("元"))  # spans two lines
    d_info = Diagnostic(
        code="CN503", name="nonstandard-term", message="“信息公开处理费”应写作“信息处理费”: 100%",
        path="reports/b.md", span=term, severity=Severity.INFO,
    )
    rules = {
        "CN301": SimpleNamespace(code="CN301", name="narrative-count-mismatch", summary="正文数字与表格不一致",
                                 severity=Severity.ERROR, plugin="gxrules", fixable=False),
        "CN501": SimpleNamespace(code="CN501", name="nonstandard-label", summary="表格标签不规范",
                                 severity=Severity.WARNING, plugin="gxrules", fixable=True),
    }
    return RunResult(
        diagnostics=[d_arith, d_fix, d_info],
        files=["reports/a.txt", "reports/b.md", "reports/c.txt"],
        sources={"reports/a.txt": a, "reports/b.md": b},
        rules=rules, skipped=["README.md"], show_fixes_hint=True, version="9.9.9",
    )


def render(name: str, run: RunResult) -> str:
    out = io.StringIO()
    get_reporter(name).write(run, out)
    return out.getvalue()


# -- snapshots ---------------------------------------------------------------

FULL = """\
reports/a.txt:3:8: CN301 正文说收到申请 12 件，表格为 8 件
  |
3 | 本年共收到申请12件，办结8件。
  |               ^^
  |
  = 算式：正文申请数 = 一 + 二
  = 应为 8，实为 12
  =   applications.new_received.total = 8 (行 4, 列 20)
  =   applications.carried_over.total = 空

reports/a.txt:4:5: CN501 [*] 表格标签“本年新收政府信息公开申请数量”与规范写法不同
  |
4 |     （一）本年新收政府信息公开申请数量    8
  |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = 修复：改为“本年新收政府信息公开申请数量”

reports/b.md:3:1: CN503 “信息公开处理费”应写作“信息处理费”: 100%
  |
3 | 信息公开处理费
  | ^^^^^^^^^^^^^^
  |

共发现 3 个问题（错误 1 个，警告 1 个，提示 1 个）。
其中 1 个可用 --fix 自动修复。
跳过 1 个不是年度报告的文件（-v 显示文件名）。
"""

CONCISE = """\
reports/a.txt:3:8: CN301 正文说收到申请 12 件，表格为 8 件
reports/a.txt:4:5: CN501 表格标签“本年新收政府信息公开申请数量”与规范写法不同
reports/b.md:3:1: CN503 “信息公开处理费”应写作“信息处理费”: 100%
共发现 3 个问题（错误 1 个，警告 1 个，提示 1 个）。
其中 1 个可用 --fix 自动修复。
跳过 1 个不是年度报告的文件（-v 显示文件名）。
"""

GITHUB = """\
::error file=reports/a.txt,line=3,col=8,endLine=3,endColumn=10,title=CN301 narrative-count-mismatch::正文说收到申请 12 件，表格为 8 件
::warning file=reports/a.txt,line=4,col=5,endLine=4,endColumn=19,title=CN501 nonstandard-label::表格标签“本年新收政府信息公开申请数量”与规范写法不同
::notice file=reports/b.md,line=3,col=1,endLine=4,endColumn=3,title=CN503 nonstandard-term::“信息公开处理费”应写作“信息处理费”: 100%25
"""


def test_full_snapshot():
    assert render("full", make_run()) == FULL


def test_full_carets_align_by_display_width():
    out = render("full", make_run()).splitlines()
    src_line = next(line for line in out if line.startswith("4 | "))
    caret_line = out[out.index(src_line) + 1]
    shown = src_line[len("4 | "):]
    indent = len(caret_line) - len(caret_line[len("  | "):].lstrip(" ")) - len("  | ")
    # the label starts after a tab (4 columns) and "（一）" (3 wide characters = 6 columns)
    assert indent == 4 + 6
    assert caret_line.count("^") == 2 * len("本年新收政府信息公开申请数量")
    assert shown.startswith("    （一）")


def test_concise_snapshot():
    assert render("concise", make_run()) == CONCISE


def test_github_snapshot():
    assert render("github", make_run()) == GITHUB


def test_json_is_array_of_to_json():
    run = make_run()
    text = render("json", run)
    assert "正文说收到申请" in text  # ensure_ascii=False
    data = json.loads(text)
    assert data == [json.loads(json.dumps(d.to_json(), ensure_ascii=False)) for d in run.diagnostics]
    first = data[0]
    for key in ("code", "name", "severity", "message", "filename", "location", "end_location", "fix", "url", "data"):
        assert key in first
    assert first["data"]["operands"][0] == {"key": "applications.new_received.total", "value": 8,
                                            "location": {"row": 4, "column": 20}}
    assert data[1]["fix"]["applicability"] == "safe"
    assert text.startswith("[\n  {")


def test_json_lines_one_compact_object_per_line():
    run = make_run()
    lines = render("json-lines", run).splitlines()
    assert len(lines) == 3
    assert [json.loads(line)["code"] for line in lines] == ["CN301", "CN501", "CN503"]
    assert all(": " not in line.split('"message"')[0] for line in lines)


def test_json_formats_empty_run():
    empty = RunResult(files=["a.txt"])
    assert json.loads(render("json", empty)) == []
    assert render("json-lines", empty) == ""


def test_sarif_shape():
    run = make_run()
    doc = json.loads(render("sarif", run))
    assert doc["version"] == "2.1.0"
    assert "sarif" in doc["$schema"]
    assert len(doc["runs"]) == 1
    sarif_run = doc["runs"][0]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "gxrules"
    assert driver["version"] == "9.9.9"
    assert driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids) and {"CN301", "CN501", "CN503"} <= set(ids)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["helpUri"].endswith(rule["id"])
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = sarif_run["results"]
    assert [r["ruleId"] for r in results] == ["CN301", "CN501", "CN503"]
    assert [r["level"] for r in results] == ["error", "warning", "note"]
    for r, d in zip(results, run.diagnostics):
        assert r["message"]["text"] == d.message
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == d.path
        assert loc["region"] == {"startLine": d.span.start.line, "startColumn": d.span.start.column,
                                 "endLine": d.span.end.line, "endColumn": d.span.end.column}
        assert r["partialFingerprints"]["gxrules/v1"] == d.fingerprint()
    assert "fixes" not in results[0]
    fix = results[1]["fixes"][0]
    replacement = fix["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "本年新收政府信息公开申请数量"
    assert replacement["deletedRegion"]["startLine"] == 4


def test_sarif_uris_are_relative_posix_and_encoded(tmp_path, monkeypatch):
    assert artifact_uri("reports\\2023\\a.txt") == "reports/2023/a.txt"
    assert artifact_uri("./a.txt") == "a.txt"
    assert artifact_uri("报告 2023.txt") == "%E6%8A%A5%E5%91%8A%202023.txt"
    monkeypatch.chdir(tmp_path)
    assert artifact_uri(str(tmp_path / "sub" / "a.txt")) == "sub/a.txt"


def test_junit_parses_and_counts():
    root = ET.fromstring(render("junit", make_run()).encode("utf-8"))
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite.get("name") == "gxrules"
    assert suite.get("tests") == "5" and suite.get("failures") == "3" and suite.get("skipped") == "1"
    cases = suite.findall("testcase")
    failing = [c for c in cases if c.find("failure") is not None]
    assert [(c.get("classname"), c.get("name")) for c in failing] == [
        ("reports/a.txt", "CN301 3:8"), ("reports/a.txt", "CN501 4:5"), ("reports/b.md", "CN503 3:1")]
    assert failing[0].find("failure").get("message") == "正文说收到申请 12 件，表格为 8 件"
    passing = [c for c in cases if len(c) == 0]
    assert [c.get("classname") for c in passing] == ["reports/c.txt"]
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert [c.get("classname") for c in skipped] == ["README.md"]


def test_junit_survives_characters_xml_forbids():
    src = SourceText.from_text("a\x00b <&>\n", path="x&y.txt")
    d = Diagnostic(code="CN205", name="bad-cell", message='单元格 "a\x00b" <&> 不是数字', path="x&y.txt",
                   span=src.span(0, 3))
    run = RunResult(diagnostics=[d], files=["x&y.txt"], sources={"x&y.txt": src})
    root = ET.fromstring(render("junit", run).encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == '单元格 "a\ufffdb" <&> 不是数字'
    assert root.find("testsuite/testcase").get("classname") == "x&y.txt"


def test_junit_clean_run_has_one_passing_case_per_file():
    root = ET.fromstring(render("junit", RunResult(files=["a.txt", "b.md"])))
    suite = root.find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "0"
    assert [c.get("classname") for c in suite.findall("testcase")] == ["a.txt", "b.md"]


# -- pieces --------------------------------------------------------------------

def test_github_escapes():
    assert escape_data("50%\r\n下一行") == "50%25%0D%0A下一行"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    src = SourceText.from_text("x\n", path="dir,1/a:b.txt")
    d = Diagnostic(code="CN101", name="missing, section", message="第一行\n第二行 100%",
                   path="dir,1/a:b.txt", span=src.span(0, 1))
    line = render("github", RunResult(diagnostics=[d], files=[d.path]))
    assert line == ("::error file=dir%2C1/a%3Ab.txt,line=1,col=1,endLine=1,endColumn=2,"
                    "title=CN101 missing%2C section::第一行%0A第二行 100%25\n")


def test_summary_without_findings():
    run = RunResult(files=["a.txt", "b.txt"])
    assert render("full", run) == "未发现问题（已检查 2 个文件）。\n"
    assert render("concise", run) == "未发现问题（已检查 2 个文件）。\n"


def test_summary_mentions_fixed_and_unsafe_fixes():
    run = make_run()
    d = run.diagnostics[1]
    unsafe = Diagnostic(code=d.code, name=d.name, message=d.message, path=d.path, span=d.span,
                        severity=d.severity, fix=Fix(d.fix.message, d.fix.edits, "unsafe"))
    run.diagnostics[1] = unsafe
    run.fixed = 2
    run.skipped = []
    text = render("concise", run)
    assert text.splitlines()[-3:] == [
        "已自动修复 2 个问题。",
        "共发现 3 个问题（错误 1 个，警告 1 个，提示 1 个）。",
        "另有 1 个可加 --unsafe-fixes 修复（请先核对）。",
    ]
    assert "（不安全，需 --unsafe-fixes）" in render("full", run)
    run.show_fixes_hint = False
    assert "unsafe" not in render("concise", run)


def test_full_without_source_prints_header_and_facts_only():
    run = make_run()
    run.sources = {}
    out = render("full", run)
    assert " | " not in out
    assert "  = 算式：正文申请数 = 一 + 二" in out


def test_full_with_line_outside_source():
    run = make_run()
    run.sources = {"reports/a.txt": SourceText.from_text("only one line", path="reports/a.txt")}
    out = render("full", run)
    assert "reports/a.txt:4:5: CN501 [*]" in out  # no crash, no snippet for line 4


@pytest.mark.parametrize("ch,width", [("a", 1), ("中", 2), ("，", 2), ("Ａ", 2), ("\t", 4), ("\u0301", 0), ("—", 1)])
def test_char_width(ch, width):
    assert char_width(ch) == width


def test_render_snippet_basic_and_edges():
    assert render_snippet("ab中文cd", 3, 5) == ("ab中文cd", 2, 4)
    # empty span points at the next character, span at the end of the line gets one caret
    assert render_snippet("ab中文", 3, 3) == ("ab中文", 2, 2)
    assert render_snippet("ab", 3, 3) == ("ab", 2, 1)
    # multi-line span: to the end of the first line
    assert render_snippet("x中文", 2, None) == ("x中文", 1, 4)
    # tabs are shown as four spaces and count four; control characters keep their column
    assert render_snippet("\t中\x00x", 3, 5) == ("    中 x", 6, 2)


def test_render_snippet_cuts_long_lines_around_the_span():
    line = "甲" * 200 + "12" + "乙" * 200
    shown, indent, count = render_snippet(line, 201, 203)
    assert shown.startswith("...") and shown.endswith("...")
    assert len(shown) < 120
    assert count == 2
    # the carets sit under "12": display width of what precedes them equals the indent
    prefix_width = sum(char_width(c) for c in shown[:shown.index("12")])
    assert prefix_width == indent


def _render_snippet_reference(line, start_col, end_col):
    """The first implementation: measures every character of the line (slow on very long lines)."""
    from gxrules.reporters.text import CONTEXT_BEFORE, ELLIPSIS, MAX_LINE_WIDTH, _shown
    chars = list(line)
    widths = [char_width(c) for c in chars]
    start = max(0, min(start_col - 1, len(chars)))
    end = len(chars) if end_col is None else max(start, min(end_col - 1, len(chars)))
    if end == start and start < len(chars):
        end = start + 1
    lo, hi = 0, len(chars)
    if sum(widths) > MAX_LINE_WIDTH:
        lo = start
        while lo > 0 and sum(widths[lo - 1:start]) <= CONTEXT_BEFORE:
            lo -= 1
        hi = lo
        while hi < len(chars) and sum(widths[lo:hi + 1]) <= MAX_LINE_WIDTH:
            hi += 1
        hi = max(hi, min(start + 1, len(chars)))
    prefix = ELLIPSIS if lo > 0 else ""
    suffix = ELLIPSIS if hi < len(chars) else ""
    shown = prefix + "".join(_shown(c) for c in chars[lo:hi]) + suffix
    return shown, len(prefix) + sum(widths[lo:start]), max(1, sum(widths[start:min(end, hi)]))


_PIECES = st.text(alphabet=st.sampled_from("ab1中文，\t\u0301\x00Ａ"), min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(line=st.lists(st.tuples(_PIECES, st.integers(1, 60)), max_size=6).map(
           lambda parts: "".join(piece * k for piece, k in parts)),  # long lines, repeated runs
       start=st.integers(0, 420), length=st.one_of(st.none(), st.integers(0, 60)))
def test_render_snippet_measures_only_the_window_but_shows_the_same(line, start, length):
    end = None if length is None else start + length
    assert render_snippet(line, start, end) == _render_snippet_reference(line, start, end)


def test_registry_and_get_reporter():
    assert set(BUILTIN_REPORTERS) == {"full", "concise", "json", "json-lines", "sarif", "github", "junit", "html"}
    for name, cls in BUILTIN_REPORTERS.items():
        reporter = get_reporter(name)
        assert isinstance(reporter, cls) and reporter.name == name
    assert get_reporter("full") is not get_reporter("full")  # a new object each time

    class Csv(Reporter):
        name = "csv"

        def write(self, run, out):
            out.write("x\n")

    assert isinstance(get_reporter("csv", {"csv": Csv}), Csv)
    assert isinstance(get_reporter("full", {"full": Csv}), BUILTIN_REPORTERS["full"])  # no override
    with pytest.raises(ValueError, match="xml"):
        get_reporter("xml")
    with pytest.raises(ValueError):
        get_reporter("csv")


def test_operand_locations_given_as_positions():
    """Rules may put Position/Span objects in data; JSON and full output show row/column."""
    from decimal import Decimal

    src = SourceText.from_text("一  8\n二  2\n", path="p.txt")
    pos = src.position(3)
    d = Diagnostic(code="CN201", name="x", message="不相等", path="p.txt", span=src.span(0, 1),
                   data={"equation": "一 = 二", "expected": Decimal("8"), "actual": 2,
                         "operands": [{"key": "a.b.c", "value": Decimal("8.5"), "location": pos}]})
    run = RunResult(diagnostics=[d], files=["p.txt"], sources={"p.txt": src})
    op = json.loads(render("json", run))[0]["data"]["operands"][0]
    assert op == {"key": "a.b.c", "value": "8.5", "location": {"row": 1, "column": 4}}
    assert "  = 应为 8，实为 2" in render("full", run)
    assert "  =   a.b.c = 8.5 (行 1, 列 4)" in render("full", run)
