"""``--output-format html``: the reviewer's page, read as HTML and rendered in a headless browser.

The browser tests need Chromium (Debian: ``apt-get install chromium``; ``.ci/run``
installs it when it can) and are skipped with the reason when there is none.
``GXRULES_BROWSER`` names another Chromium-like executable.

Regenerate the README's screenshot with ``python tests/test_html_report.py docs/html-report.png``.
"""
from __future__ import annotations

import html.parser
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from collections import Counter
from itertools import accumulate
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import seed_files, seed_path  # noqa: E402
from gxrules.cli import main  # noqa: E402
from gxrules.reporters import BUILTIN_REPORTERS, RunResult  # noqa: E402
from gxrules.reporters.html import HIGHLIGHT_CLASS, HIGHLIGHT_COLOUR, HtmlReporter  # noqa: E402

pytestmark = pytest.mark.skipif(not seed_files(), reason="../shared/seeds not found")

# the broken seed: one cell of table 2 changed, so 一 + 二 = 三（七）+ 四 and the row total no longer hold
BROKEN_FROM = "一、本年新收政府信息公开申请数量\t\t8\t0\t0\t0\t0\t0\t8"
BROKEN_TO = "一、本年新收政府信息公开申请数量\t\t8\t0\t0\t0\t0\t0\t9"
BROKEN_CELL = "applications.new_received.total"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write_broken(folder: Path) -> Path:
    text = seed_path("001").read_text(encoding="utf-8")
    assert text.count(BROKEN_FROM) == 1
    path = folder / "broken_001.txt"
    path.write_text(text.replace(BROKEN_FROM, BROKEN_TO), encoding="utf-8")
    return path


def render(folder: Path, *extra: str) -> Tuple[int, Path]:
    """The page for the broken seed (first) and the five seeds, written with -o."""
    broken = write_broken(folder)
    page = folder / "report.html"
    code, _, err = run("check", "--isolated", "--output-format", "html", "-o", str(page), *extra,
                       str(broken), *map(str, seed_files()))
    assert "Traceback" not in err and "内部错误" not in err, err
    return code, page


class Elements(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text of the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: List[Tuple[str, Dict[str, str]]] = []
        self.text: List[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data):
        self.text.append(data)

    def having(self, tag: str, **attrs) -> List[Dict[str, str]]:
        out = []
        for t, a in self.tags:
            if t != tag:
                continue
            ok = True
            for k, v in attrs.items():
                k = k.rstrip("_")
                if k == "class":
                    ok = ok and v in a.get("class", "").split()
                else:
                    ok = ok and a.get(k) == v
            if ok:
                out.append(a)
        return out


def parse(text: str) -> Elements:
    p = Elements()
    p.feed(text)
    p.close()
    return p


# ---------------------------------------------------------------- the page as HTML
def test_html_is_a_builtin_format():
    assert BUILTIN_REPORTERS["html"] is HtmlReporter


def test_page_has_summary_tables_and_three_tables_per_report(tmp_path):
    code, page = render(tmp_path)
    assert code == 1  # the broken seed has errors
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    doc = parse(text)
    assert doc.having("html", lang="zh-CN")
    # summary: one row per report checked, one row per rule that found something, both sortable
    by_report = doc.having("table", id="by-report")[0]
    by_rule = doc.having("table", id="by-rule")[0]
    assert "sortable" in by_report["class"] and "sortable" in by_rule["class"]
    assert len(doc.having("section", class_="report")) == 6
    body = text[text.index('id="by-report"'):text.index('id="by-rule"')]
    assert body.count("<tr><td><a href=\"#r") == 6
    rule_rows = text[text.index('id="by-rule"'):].split("</table>")[0]
    assert "CN201" in rule_rows and "CN203" in rule_rows
    # per report its three tables, with the template's labels and every cell
    grids = doc.having("table", class_="grid")
    assert Counter(g["data-table"] for g in grids) == {
        "active_disclosure": 6, "applications": 6, "review_litigation": 6}
    assert "一、本年新收政府信息公开申请数量" in text and "四、结转下年度继续办理" in text
    assert "本年收费金额（单位：万元）" in text and "未经复议直接起诉" in text
    cells = [a for a in doc.having("td") if "data-key" in a]
    assert len(cells) == 6 * (10 + 25 * 7 + 15)


def test_failing_cells_are_highlighted_and_the_equation_is_beside_them(tmp_path):
    _, page = render(tmp_path)
    text = page.read_text(encoding="utf-8")
    doc = parse(text)
    first = text.index('<section class="report" id="r1">')
    second = text.index('<section class="report" id="r2">')
    r1 = parse(text[first:second])
    highlighted = {a["data-key"] for a in r1.having("td", class_=HIGHLIGHT_CLASS)}
    # CN203 (row total) is about the changed cell, CN201 (balance) about 三（七）总计
    assert BROKEN_CELL in highlighted and "applications.results_total.total" in highlighted
    # the other operands of the failing equations are marked too, more lightly
    operands = {a["data-key"] for a in r1.having("td", class_="hl-op")}
    assert "applications.carried_over.total" in operands and "applications.new_received.natural_person" in operands
    # beside the table: the finding, its equation, every operand's value, expected and actual
    section = text[first:second]
    assert "CN201" in section and "CN203" in section and "算式" in section
    assert "应为 <b>8</b>，实为 <b>9</b>" in section
    assert "「一、本年新收政府信息公开申请数量·总计」" in section
    # the seeds as published have no cell with an error
    for n in range(2, 7):
        start = text.index(f'<section class="report" id="r{n}">')
        end = text.find("</section>", start)
        cells = parse(text[start:end]).having("td", class_=HIGHLIGHT_CLASS)
        assert all({"hl-warning", "hl-info"} & set(a["class"].split()) for a in cells)
    # every finding has an anchor the cells link to
    assert doc.having("div", id="r1-f1")


def test_other_findings_show_line_and_source_text(tmp_path):
    path = tmp_path / "narrative.txt"
    text = seed_path("001").read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.strip())
    # a title without the agency: CN103 points at the title line, not at a table cell
    path.write_text(text.replace(title, "2023年政府信息公开工作年度报告", 1), encoding="utf-8")
    page = tmp_path / "p.html"
    run("check", "--isolated", "--select", "CN1", "--output-format", "html", "-o", str(page), str(path))
    html_text = page.read_text(encoding="utf-8")
    assert "其他问题" in html_text
    assert re.search(r'<code class="src"><span class="ln">\d+</span>', html_text)


def test_missing_cells_are_shown_as_missing(tmp_path):
    text = seed_path("001").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("二、上年结转"))
    path = tmp_path / "missing_row.txt"
    path.write_text(text.replace(row + "\n", ""), encoding="utf-8")
    page = tmp_path / "p.html"
    run("check", "--isolated", "--output-format", "html", "-o", str(page), str(path))
    doc = parse(page.read_text(encoding="utf-8"))
    missing = {a["data-key"] for a in doc.having("td", class_="missing")}
    assert "applications.carried_over.natural_person" in missing
    assert "（文件中没有此行）" in page.read_text(encoding="utf-8")


def test_everything_is_escaped_and_nothing_is_loaded(tmp_path):
    text = seed_path("001").read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.strip())
    evil = title + "<script>alert(1)</script>&amp;\"'"
    path = tmp_path / "evil<b>.txt"
    path.write_text(text.replace(title, evil, 1), encoding="utf-8")
    page = tmp_path / "p.html"
    run("check", "--isolated", "--output-format", "html", "-o", str(page), str(path))
    out = page.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "evil<b>" not in out and "evil&lt;b&gt;.txt" in out
    assert out.count("<script>") == 1  # the page's own sorting script, inline
    # self-contained: no external scripts, styles, fonts or images
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", out)
    assert "@import" not in out and "@font-face" not in out and "url(" not in out
    assert "http://" not in out.split("<body>")[0] and "https://" not in out.split("<body>")[0]


def test_control_characters_and_surrogates_do_not_break_the_page():
    from gxrules.diagnostics import Diagnostic, Position, Span

    p = Position(1, 1, 0)
    d = Diagnostic(code="CN999", name="x", message="bad \x00\x07 \udcff <&>", path="a\x01.txt", span=Span(p, p))
    out = io.StringIO()
    HtmlReporter().write(RunResult(diagnostics=[d], files=["a\x01.txt"]), out)
    page = out.getvalue()
    page.encode("utf-8")  # no lone surrogate left
    assert "\x00" not in page and "\x07" not in page and "&lt;&amp;&gt;" in page


def test_page_is_the_same_with_parallel_jobs(tmp_path):
    one_dir, two_dir = tmp_path / "a", tmp_path / "b"
    one_dir.mkdir()
    two_dir.mkdir()
    _, one = render(one_dir)
    _, two = render(two_dir, "-j", "2")
    strip = lambda p: p.read_text(encoding="utf-8").replace(str(p.parent), "")  # noqa: E731
    assert strip(one) == strip(two)


def test_summary_is_filled_only_for_html(tmp_path, linter):
    from gxrules.runner import check_one

    plain = check_one(linter, str(seed_path("001")), linter.settings(isolated=True))
    assert plain.summary is None
    outcome = check_one(linter, str(seed_path("001")), linter.settings({"output-format": "html"}, isolated=True))
    s = outcome.summary
    assert s["agency"] == "隆德县人民政府办公室" and s["year"] == 2023
    cell = s["cells"]["applications"]["granted"]["total"]
    assert cell == {"value": 3, "raw": "3", "status": "ok", "unit": "", "line": 57, "column": 32,
                    "end_line": 57, "end_column": 33}
    rows = s["layout"]["applications"]["rows"]
    assert rows[2] == ["granted", "（一）予以公开", "(一) 予以公开", 57]
    import pickle

    assert pickle.loads(pickle.dumps(s)) == s and len(pickle.dumps(s)) < 64_000


# ---------------------------------------------------------------- in a browser
def find_browser() -> Optional[str]:
    named = os.environ.get("GXRULES_BROWSER")
    if named:
        return shutil.which(named) or (named if os.path.exists(named) else None)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


BROWSER = find_browser()
needs_browser = pytest.mark.skipif(
    BROWSER is None, reason="no headless browser: install Chromium (apt-get install chromium) or set GXRULES_BROWSER")


def browser(page: Path, *args: str, window=(1366, 2000), timeout=120) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", f"--user-data-dir={profile}", f"--window-size={window[0]},{window[1]}",
             *args, page.resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout)


def screenshot(page: Path, png: Path, window=(1366, 2000)) -> bytes:
    png.unlink(missing_ok=True)
    result = browser(page, f"--screenshot={png}", window=window)
    assert png.is_file(), result.stderr[-2000:]
    return png.read_bytes()


def decode_png(data: bytes) -> Tuple[int, int, List[bytes], int]:
    """(width, height, rows of RGB(A) bytes, bytes per pixel) of an 8-bit RGB/RGBA PNG: stdlib only."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, bpp = 8, [], 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows: List[bytes] = []
    prev = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:  # Sub: a running sum per channel, mod 256
            for ch in range(bpp):
                line[ch::bpp] = bytes(map((0xFF).__and__, accumulate(line[ch::bpp])))
        elif kind == 2:  # Up: bytewise addition without carries, on the whole row at once
            x, y = int.from_bytes(line, "big"), int.from_bytes(prev, "big")
            low = int.from_bytes(b"\x7f" * stride, "big")
            line = bytearray((((x & low) + (y & low)) ^ ((x ^ y) & ~low)).to_bytes(stride, "big"))
        elif kind == 3:  # Average
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((left + prev[x]) >> 1)) & 0xFF
        elif kind == 4:  # Paeth
            for x in range(bpp):
                line[x] = (line[x] + prev[x]) & 0xFF
            for x in range(bpp, stride):
                a, b, c = line[x - bpp], prev[x], prev[x - bpp]
                pa, pb, pc = b - c, a - c, a + b - c - c
                pa, pb, pc = (pa if pa >= 0 else -pa), (pb if pb >= 0 else -pb), (pc if pc >= 0 else -pc)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = rows[-1]
    return width, height, rows, bpp


def colour_pixels(png, colour: Tuple[int, int, int]) -> List[Tuple[int, int]]:
    """(x, y) of every pixel of exactly ``colour`` in a PNG (bytes, or what :func:`decode_png` returned)."""
    width, height, rows, bpp = decode_png(png) if isinstance(png, bytes) else png
    needle = bytes(colour)
    found = []
    for y, row in enumerate(rows):
        x = row.find(needle)
        while x != -1:
            if x % bpp == 0:
                found.append((x // bpp, y))
            x = row.find(needle, x + 1)
    return found


def test_png_decoder_reads_what_it_is_given():
    # a 3x2 RGB image, written with each filter type, decodes back to the same pixels
    pixels = [bytes([10, 20, 30, 200, 100, 50, 255, 179, 179]), bytes([0, 0, 0, 255, 179, 179, 9, 8, 7])]

    def encode(filters):
        raw = b""
        prev = bytes(9)
        for f, row in zip(filters, pixels):
            out = bytearray()
            for x in range(9):
                a = row[x - 3] if x >= 3 else 0
                b, c = prev[x], prev[x - 3] if x >= 3 else 0
                pred = {0: 0, 1: a, 2: b, 3: (a + b) >> 1}.get(f)
                if f == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                out.append((row[x] - pred) & 0xFF)
            raw += bytes([f]) + bytes(out)
            prev = row

        def chunk(kind, body):
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 3, 2, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))

    for filters in ((0, 0), (1, 2), (3, 4), (4, 3), (2, 1)):
        w, h, rows, bpp = decode_png(encode(filters))
        assert (w, h, bpp) == (3, 2, 3) and rows == pixels
        assert colour_pixels(encode(filters), (255, 179, 179)) == [(2, 0), (1, 1)]


@needs_browser
def test_browser_shows_the_highlighted_cells(tmp_path):
    _, page = render(tmp_path)
    # the DOM after the page's script ran: highlighted cells exist and the sorting script ran
    result = browser(page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = parse(result.stdout)
    highlighted = {a.get("data-key") for a in dom.having("td", class_=HIGHLIGHT_CLASS)}
    assert BROKEN_CELL in highlighted
    heads = [a for a in dom.having("th") if a.get("title") == "点击排序"]
    assert heads and all(a.get("tabindex") == "0" for a in heads)
    # the screenshot (a laptop-sized window): the highlight colour is on screen, in a cell-sized patch
    image = decode_png(screenshot(page, tmp_path / "page.png"))
    assert image[:2] == (1366, 2000)
    pixels = colour_pixels(image, HIGHLIGHT_COLOUR)
    assert len(pixels) > 200, "no highlighted cell visible in the screenshot"
    xs = sorted({x for x, _ in pixels})
    ys = sorted({y for _, y in pixels})
    assert xs[-1] - xs[0] >= 20 and ys[-1] - ys[0] >= 10  # a patch, not a stray pixel


@needs_browser
def test_a_clean_report_has_no_highlight_on_screen(tmp_path):
    page = tmp_path / "clean.html"
    run("check", "--isolated", "--select", "CN2", "--output-format", "html", "-o", str(page), str(seed_path("001")))
    assert not colour_pixels(screenshot(page, tmp_path / "clean.png", window=(1366, 1000)), HIGHLIGHT_COLOUR)


@needs_browser
def test_page_prints_one_report_per_page(tmp_path):
    _, page = render(tmp_path)
    pdf = tmp_path / "page.pdf"
    result = browser(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert pdf.is_file(), result.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages == 0 or pages >= 7  # summary + each of the six reports from a new page


def write_screenshot(target: Path) -> None:
    """The README's picture: the page for a broken seed and the five seeds, top of the page."""
    if BROWSER is None:
        raise SystemExit("no browser: install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _, page = render(folder)
        # show the paths as a reviewer would type them, not the temporary folder
        text = page.read_text(encoding="utf-8").replace(str(folder) + os.sep, "reports/")
        text = text.replace(str(seed_files()[0].parent) + os.sep, "reports/")
        page.write_text(text, encoding="utf-8")
        screenshot(page, target.resolve(), window=(1366, 2000))


if __name__ == "__main__":  # python tests/test_html_report.py docs/html-report.png
    write_screenshot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/html-report.png"))
