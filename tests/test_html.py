"""HTML pages saved from portals: real tables with rowspan/colspan, site chrome, GBK pages."""
from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import CORPUS
from gxrules.html_input import is_html, masked_view
from gxrules.source import SourceText
from layouts import as_json, consistent_tables, render_html

SHANGHAI = CORPUS / "2019_shanghai-municipal-gov-office.html"


@pytest.fixture(scope="module")
def shanghai(linter):
    if not SHANGHAI.is_file():
        pytest.skip("corpus not found")
    return linter.parse(SHANGHAI)


def test_shanghai_2019_metadata_and_sections(shanghai):
    assert shanghai.title.value == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert shanghai.published.value == "2020-01-31"
    assert shanghai.period.value == {"start": "2019-01-01", "end": "2019-12-31"}
    assert shanghai.template == "2019"
    assert [s.number for s in shanghai.sections] == [1, 2, 3, 4, 5, 6]
    assert shanghai.source.text.startswith("<p style=")  # the source is the HTML as saved


def test_shanghai_2019_tables(shanghai):
    t1 = shanghai.tables["active_disclosure"]
    assert [c.value for c in t1.rows["regulations"].cells.values()] == [13, 13, 524]
    assert [c.value for c in t1.rows["normative_documents"].cells.values()] == [60, 60, 368]
    assert t1.cell("procurement", "items").value == 6
    assert t1.cell("procurement", "amount").raw == "251000元"
    apps = shanghai.tables["applications"]
    assert [c.value for c in apps.rows["new_received"].cells.values()] == [821, 35, None, None, 2, 1, 859]
    assert apps.cell("new_received", "research").status == "blank"  # &nbsp; in the page
    assert [c.value for c in apps.rows["results_total"].cells.values()] == [767, 35, None, None, 2, 1, 805]
    t3 = shanghai.tables["review_litigation"]
    assert [c.value for c in t3.rows["review"].cells.values()] == [5, None, None, 2, 7]
    assert all(c.status == "blank" for c in t3.rows["litigation_after_review"].cells.values())


def test_positions_point_into_the_html(shanghai):
    text = shanghai.source.text
    for cell in shanghai.cells():
        assert cell.span is not None, cell.key
        if cell.status != "blank":
            assert text[cell.span.start.offset:cell.span.end.offset] == cell.raw
    use = next(u for u in shanghai.labels if u.key == "made")
    assert use.found == "本年新制作数量"
    assert text[use.span.start.offset:use.span.end.offset] == "本年新<br />制作数量"
    for para in shanghai.paragraphs():
        assert text[para.span.start.offset:para.span.end.offset] == para.text
    heading = shanghai.section(4)
    assert text[heading.span.start.offset:heading.span.end.offset] == "四、政府信息公开行政复议、行政诉讼情况"


def test_rules_read_the_text_not_the_tags(shanghai):
    view = shanghai.source.normalised
    assert len(view) == len(shanghai.source.text)
    assert "<p" not in view and "<td" not in view and "nbsp" not in view


def test_shanghai_findings(linter, settings):
    if not SHANGHAI.is_file():
        pytest.skip("corpus not found")
    codes = {d.code for d in linter.check(SHANGHAI, settings)}
    assert "CN205" in codes  # 251000元: a unit in the cell
    assert not codes & {"CN101", "CN107", "CN201", "CN202", "CN203", "CN204", "CN902"}


def test_gbk_page_with_meta_charset(linter):
    tables = consistent_tables(lambda: 3, lambda: Decimal("12.5"))
    page = render_html(tables, charset="gbk").encode("gbk")
    source = SourceText.from_bytes(page, path="report.html")
    assert source.encoding == "gb18030"
    report = linter.read(source)
    assert report.to_json()["tables"] == as_json(tables)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


def test_rowspan_and_colspan_grid(linter):
    page = ("<html><body><p>三、收到和处理政府信息公开申请情况</p><table>"
            "<tr><td rowspan=2 colspan=2>项目</td><td colspan=7>申请人情况</td></tr>"
            "<tr><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td>"
            "<td>其他</td><td>总计</td></tr>"
            "<tr><td colspan=2>一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>&nbsp;</td>"
            "<td>0</td><td>0</td><td>0</td><td>6</td></tr>"
            "<tr><td rowspan=2>三、本年度办理结果</td><td>（一）予以公开</td><td>4</td><td>1</td><td>0</td>"
            "<td>0</td><td>0</td><td>0</td><td>5</td></tr>"
            "<tr><td>（二）部分公开</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>"
            "</table></body></html>")
    report = linter.read(SourceText.from_text(page, path="x.html"))
    apps = report.tables["applications"]
    assert [c.value for c in apps.rows["new_received"].cells.values()] == [5, 1, None, 0, 0, 0, 6]
    assert [c.value for c in apps.rows["granted"].cells.values()] == [4, 1, 0, 0, 0, 0, 5]
    assert [c.value for c in apps.rows["partially_granted"].cells.values()] == [1, 0, 0, 0, 0, 0, 1]
    cell = apps.cell("granted", "total")
    assert page[cell.span.start.offset:cell.span.end.offset] == "5"


def test_text_between_blocks_with_an_entity(linter):
    """Text standing directly in a container, with an entity inside: found character by character."""
    page = ("<html><body><div><p>三、收到和处理政府信息公开申请情况</p><table><tr><td>一、本年新收政府信息公开申请数量</td>"
            "<td>5</td></tr></table><br>四、政府信息公开行政复议&#12289;行政诉讼情况<table><tr><td>维持</td><td>1</td>"
            "</tr></table></div></body></html>")
    report = linter.read(SourceText.from_text(page, path="x.html"))
    heading = report.section(4)
    assert page[heading.span.start.offset:heading.span.end.offset] == "四、政府信息公开行政复议&#12289;行政诉讼情况"


def test_unclosed_and_void_elements(linter):
    """An end tag closes the most recent open element of its name; <br> and </br> hold nothing."""
    page = ("<body><p>一、总体情况<br>本机关认真落实。</br><p>二、主动公开政府信息情况</p></p>"
            "<p>三、收到和处理政府信息公开申请情况</body>")
    report = linter.read(SourceText.from_text(page, path="x.html"))
    assert [(s.number, page[s.span.start.offset:s.span.end.offset]) for s in report.sections] == [
        (1, "一、总体情况"), (2, "二、主动公开政府信息情况"), (3, "三、收到和处理政府信息公开申请情况")]
    assert [p.text for p in report.section(1).paragraphs] == ["本机关认真落实。"]


def test_cell_spans_as_written(linter):
    """rowspan/colspan in any case and quoting; a value that is not a number counts as 1."""
    page = ("<table><tr><td ROWSPAN='2' colspan=2>项目</td><td colspan=\"7\">申请人情况</td></tr>"
            "<tr><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td>"
            "<td>其他</td><td>总计</td></tr>"
            "<tr><td colspan='2'>一、本年新收政府信息公开申请数量</td><td>5</td><td colspan=\"x\">1</td><td>0</td>"
            "<td>0</td><td>0</td><td>0</td><td>6</td></tr></table>")
    report = linter.read(SourceText.from_text(page, path="x.html"))
    apps = report.tables["applications"]
    assert [c.value for c in apps.rows["new_received"].cells.values()] == [5, 1, 0, 0, 0, 0, 6]


def test_sniffing():
    assert is_html(SourceText.from_text("<p>一、总体情况</p>"))
    assert is_html(SourceText.from_text("x", path="a.HTM"))
    assert not is_html(SourceText.from_text("一、总体情况\n<b>不是</b>"))
    assert not is_html(SourceText.from_text("| a | b |\n"))


def test_masked_view_keeps_offsets():
    html = '<p class="a">规章&nbsp;13</p><!-- x --><script>var a = "<p>";</script>&lt;总计&gt;'
    view = masked_view(html)
    assert len(view) == len(html)
    assert view.split() == ["规章", "13", "<", "总计>"]  # an entity becomes its character, padded


def test_broken_html_never_raises(linter):
    for page in ("<table><tr><td>一、本年新收政府信息公开申请数量<td>1<td>0", "<p>一、总体情况<p>二、主动公开",
                 "<td rowspan=abc>x</td>", "<table><tr><td colspan=99999>1</td></tr></table>", "<"):
        report = linter.read(SourceText.from_text(page, path="x.html"))
        text = report.source.text
        for cell in report.cells():
            if cell.span is not None and cell.status != "blank":
                assert text[cell.span.start.offset:cell.span.end.offset] == cell.raw


# ---------------------------------------------------------------- broken markup, read as html.parser reads it
def _cells(page: str):
    """The text of each <td> of a page, in document order, as the HTML reader builds the tree."""
    from gxrules.html_input import _Element, _Page

    read = _Page(page)
    found = []

    def walk(node):
        for child in node.children:
            if type(child) is _Element:
                if child.name == "td":
                    found.append(read.text_of(child))
                walk(child)

    walk(read.root)
    return found


def test_end_tag_open_before_a_non_letter():
    """``</>`` is nothing; ``</`` before anything but a letter is a bogus comment up to ``>``."""
    assert _cells("<td>1</>2</td>") == ["12"]
    assert _cells("<td>1</[p>2</td>") == ["12"]
    assert _cells("<td>1</\ufeffd>2</td>") == ["12"]
    assert masked_view("<td>1</>2</td>").split() == ["1", "2"]


def test_white_space_before_an_end_tag_name():
    """``</ td>`` and ``</\\ntd>`` close the cell."""
    assert _cells("<tr><td>1</ td>2<td>3</\ntd>4</tr>") == ["1", "3"]


def test_greater_than_inside_a_quoted_attribute_value():
    """A tag ends after its quoted values: ``<td a=">">x`` holds ``x``; an unclosed quote runs on."""
    assert _cells('<tr><td a=">">x</td></tr>') == ["x"]
    assert _cells('<tr><td title="a>b</td><td c=">y</td></tr>') == ["y"]
    assert masked_view('<td a=">">x</td>').split() == ["x"]


def test_file_ending_inside_a_tag():
    """A start tag cut off by the end of the file is text, not an element."""
    assert _cells('<tr><td>1</td><td nowrap="x" styl') == ["1"]
    assert masked_view('<td>1</td><td nowrap="x" styl').split() == ["1", '<td', 'nowrap="x"', "styl"]


def test_many_unclosed_scripts_read_in_linear_time(linter):
    """An unclosed <script> runs to the end of the file (as in html.parser); 20,000 of them do not
    make the reader look for an end tag 20,000 times."""
    import signal

    page = "<p>一、总体情况</p><p>本机关认真落实。</p>" + "<script>" * 20000 + "<p>二、主动公开</p>"

    def too_slow(*_):
        raise TimeoutError("20,000 unclosed <script> tags")

    old = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(10)
    try:
        report = linter.read(SourceText.from_text(page, path="x.html"))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert [s.number for s in report.sections] == [1]
    assert [p.text for p in report.section(1).paragraphs] == ["本机关认真落实。"]


def test_elements_holding_only_text():
    """``<td>1</td>`` is read in one match; entities, case, names such as ``o:p``, void, script and
    self-closed elements still nest as html.parser nests them."""
    assert _cells('<tr><td>1</td><td>&nbsp;</td><td>a&amp;b</td><TD>2</TD><td>3</TD><td>4</td ><td><o:p>5</o:p></td>'
                  '</tr>') == ["1", "\xa0", "a&b", "2", "3", "4", "5"]
    assert _cells('<tr><td><br>x</br>y</td><td><img src="a">z</img></td></tr>') == ["xy", "z"]
    assert _cells('<tr><td/>1</td><td a="b"/>2</td><td>3</td></tr>') == ["", "", "3"]
    assert _cells("<tr><td><script>x</script>y</td><td><style>p</style></td></tr>") == ["y", ""]
    assert masked_view("<p>a</p><script>x</script><p>b&nbsp;c</p><br>d</br>e").split() == ["a", "b", "c", "d", "e"]
    # and an element holding only such an element: <td><p>1</p></td>
    assert _cells('<tr><td><p>1</p></td><td><span>&nbsp;</span></td><TD><P>2</P></TD><td><p>3</p ></td>'
                  '<td><br>4</br></td><td><script>x</script></td><td><STYLE>y</STYLE></td><td><img>6</img></td></tr>'
                  '<table><tr><td>5</td></tr></table>') == ["1", "\xa0", "2", "3", "4", "", "", "6", "5"]
