"""Hostile input (SPEC §10): never a traceback, never a hang, never exit 2 on input alone.

Each case goes through the command line as users run it (``gxrules.cli.main``),
and through a real subprocess where a crash or a hang would matter. The
reports used are the bundled examples, so nothing here is skipped for lack
of ``../shared``.
"""
from __future__ import annotations

import io
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gxrules.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
UNBALANCED = EXAMPLES / "longde-service-center-2023-unbalanced.txt"  # has CN201/CN202 findings
GOOD = EXAMPLES / "longde-county-office-2023.txt"
MARKDOWN = EXAMPLES / "wuzhong-service-center-2023.md"

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def cli(*args, cwd=None):
    """Run ``gxrules`` in process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        code = main(["check", "--isolated", "--disable-plugin-autoload", *map(str, args)], stdout=out, stderr=err)
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


def sub(*args, cwd=None, timeout=120, env=None):
    """Run ``python -m gxrules check`` as a new process."""
    full_env = dict(os.environ, GXRULES_DISABLE_PLUGIN_AUTOLOAD="1", CI="1", **(env or {}))
    return subprocess.run([sys.executable, "-m", "gxrules", "check", "--isolated", *map(str, args)],
                          capture_output=True, cwd=cwd, timeout=timeout, env=full_env)


def assert_clean(code, err):
    """Input alone never gives exit 2, a traceback or an internal error."""
    if isinstance(err, bytes):
        err = err.decode("utf-8", "replace")
    assert code in (0, 1), err
    assert "Traceback" not in err, err
    assert "内部错误" not in err, err


def findings(path, *extra):
    """(code, line, column) of every finding of one file, through the JSON output."""
    code, out, err = cli(path, "--output-format", "json", *extra)
    assert_clean(code, err)
    return sorted((d["code"], d["location"]["row"], d["location"]["column"]) for d in json.loads(out))


def codes(out: str):
    return {line.split(": ", 1)[1].split()[0] for line in out.splitlines() if ": CN" in line}


# ---------------------------------------------------------------- not text
BINARIES = {
    "random": random.Random(0).randbytes(4096),
    "png": b"\x89PNG\r\n\x1a\n" + bytes(2000) + random.Random(1).randbytes(500),
    "elf": b"\x7fELF\x02\x01\x01" + bytes(100) + random.Random(2).randbytes(3000),
    "zip": b"PK\x03\x04" + random.Random(3).randbytes(3000),
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + random.Random(4).randbytes(3000),
}


@pytest.mark.parametrize("kind", sorted(BINARIES))
def test_binary_file_is_cn901_or_skipped(tmp_path, kind):
    f = tmp_path / f"{kind}.txt"
    f.write_bytes(BINARIES[kind])
    code, out, err = cli(f, "--output-format", "concise", "-v")
    assert_clean(code, err)
    assert "CN901" in out or "跳过" in err


@pytest.mark.parametrize("content", [b"", b" \n\n\t \r\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\n" * 5000])
def test_empty_and_blank_files_are_skipped(tmp_path, content):
    f = tmp_path / "empty.txt"
    f.write_bytes(content)
    code, out, err = cli(f, "--output-format", "concise", "-v")
    assert_clean(code, err)
    assert code == 0
    assert "跳过" in err and "empty.txt" in err


def test_not_reports_are_skipped_and_never_fail_the_run(tmp_path):
    (tmp_path / "notice.txt").write_text("关于召开政务公开工作会议的通知\n\n各科室：定于3月1日召开会议。\n", encoding="utf-8")
    (tmp_path / "data.txt").write_text(json.dumps({"a": [1, 2, 3], "b": "政府信息公开"}), encoding="utf-8")
    (tmp_path / "page.html").write_text("<html><body><p>网站维护中</p></body></html>", encoding="utf-8")
    (tmp_path / "list.md").write_text("| 序号 | 名称 |\n|---|---|\n| 1 | 报告 |\n", encoding="utf-8")
    (tmp_path / "CHANGES.md").write_text("# Changes\n\n- 2024-01-02: fixed typos\n", encoding="utf-8")
    code, out, err = cli(tmp_path, "--output-format", "concise", "-v")
    assert_clean(code, err)
    assert code == 0, out
    for name in ("notice.txt", "data.txt", "page.html", "list.md", "CHANGES.md"):
        assert name in err
    # with a real report beside them, the report is still checked
    (tmp_path / "report.txt").write_bytes(UNBALANCED.read_bytes())
    code, out, err = cli(tmp_path, "--output-format", "concise")
    assert_clean(code, err)
    assert code == 1 and "report.txt" in out and "CN201" in out


def test_readme_of_a_report_repository_is_skipped(tmp_path):
    (tmp_path / "README.md").write_text("# 年度报告仓库\n\n本仓库存放各单位的年度报告。\n", encoding="utf-8")
    code, out, err = cli(tmp_path, "--output-format", "concise", "-v")
    assert_clean(code, err)
    assert code == 0, out


# ---------------------------------------------------------------- encodings
def _variants():
    text = UNBALANCED.read_bytes().decode("utf-8")
    crlf = text.replace("\n", "\r\n")
    try:
        gbk = text.encode("gbk")
    except UnicodeEncodeError:  # pragma: no cover - a character outside GBK
        gbk = text.encode("gb18030")
    return {
        "utf-8": text.encode("utf-8"),
        "utf-8-bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "gbk": gbk,
        "gb18030": text.encode("gb18030"),
        "utf-16-le-bom": b"\xff\xfe" + text.encode("utf-16-le"),
        "utf-16-be-bom": b"\xfe\xff" + text.encode("utf-16-be"),
        "crlf": crlf.encode("utf-8"),
        "gbk-crlf": crlf.encode("gb18030"),
        "utf-16-crlf": b"\xff\xfe" + crlf.encode("utf-16-le"),
        "cr": text.replace("\n", "\r").encode("utf-8"),
        "mixed-newlines": "".join(line + ("\r\n", "\n", "\r")[i % 3]
                                  for i, line in enumerate(text.split("\n"))).encode("utf-8"),
    }


@pytest.mark.parametrize("variant", sorted(_variants()))
def test_same_report_in_any_encoding_gives_the_same_findings(tmp_path, variant):
    reference = tmp_path / "utf8.txt"
    reference.write_bytes(_variants()["utf-8"])
    expected = findings(reference)
    assert any(c == "CN201" for c, _, _ in expected)
    f = tmp_path / f"{variant}.txt"
    f.write_bytes(_variants()[variant])
    assert findings(f) == expected


@pytest.mark.parametrize("name,data", [
    ("bad-bom", b"\xef\xbb\xbf" + "二〇二三年度报告".encode("gb18030") * 50),
    ("utf16-no-bom", "政府信息公开工作年度报告\n".encode("utf-16-le") * 100),
    ("shift-jis", "これは日本語のテキストです。".encode("shift_jis") * 50),
    ("latin-1", "Données publiques, année 2023 – été\n".encode("cp1252") * 50),
    ("mixed", UNBALANCED.read_bytes()[:2000] + UNBALANCED.read_text(encoding="utf-8")[800:1500].encode("gb18030")
     + UNBALANCED.read_bytes()[2000:]),
])
def test_wrong_or_mixed_encodings_give_a_diagnostic_or_a_skip(tmp_path, name, data):
    f = tmp_path / f"{name}.txt"
    f.write_bytes(data)
    code, out, err = cli(f, "--output-format", "concise", "-v")
    assert_clean(code, err)
    assert "CN901" in out or "跳过" in err or "CN" in out


def test_nul_bytes_inside_a_report(tmp_path):
    data = UNBALANCED.read_bytes()
    cut = data.index(b"\n", len(data) // 2) + 1
    f = tmp_path / "nul.txt"
    f.write_bytes(data[:cut] + b"ab\x00cd\x00\n" + data[cut:].replace("本年".encode(), "本\x00年".encode(), 1))
    code, out, err = cli(f, "--output-format", "concise")
    assert_clean(code, err)
    r = sub(f, "--output-format", "concise")
    assert_clean(r.returncode, r.stderr)


def _table_values(path):
    out, err = io.StringIO(), io.StringIO()
    assert main(["extract", "--disable-plugin-autoload", str(path)], stdout=out, stderr=err) in (0, 1), err.getvalue()
    return json.loads(out.getvalue())[0]["tables"]


def test_zero_width_spaces_in_labels_and_cells(tmp_path):
    """Zero-width spaces inside table labels and after cell values: the same findings (codes and lines;
    columns move by the characters inserted) and the same table values."""
    import re

    text = UNBALANCED.read_text(encoding="utf-8")
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "\t" in line:
            line = re.sub(r"(\d)(?=\t|$)", "\\1\u200b", line)
            lines[i] = "".join(ch + ("\u200b" if ch in "申请结转复议诉讼" else "") for ch in line)
    zw = "\n".join(lines)
    assert zw.count("\u200b") > 50
    f = tmp_path / "zw.txt"
    f.write_text(zw, encoding="utf-8")
    assert [c[:2] for c in findings(f)] == [c[:2] for c in findings(UNBALANCED)]
    assert _table_values(f) == _table_values(UNBALANCED)


def test_zero_width_spaces_everywhere(tmp_path):
    """Even between the digits of every number: no crash, a report is still read."""
    text = UNBALANCED.read_text(encoding="utf-8")
    f = tmp_path / "zw-everywhere.txt"
    f.write_text("".join(ch + ("\u200b" if ch.isdigit() else "") for ch in text), encoding="utf-8")
    code, out, err = cli(f, "--output-format", "concise", "-v")
    assert_clean(code, err)
    assert "跳过" not in err


def test_full_width_digits_in_cells(tmp_path):
    text = UNBALANCED.read_text(encoding="utf-8")
    full = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    f = tmp_path / "fullwidth.txt"
    f.write_text(full, encoding="utf-8")
    assert findings(f) == findings(UNBALANCED)
    assert _table_values(f) == _table_values(UNBALANCED)


# ---------------------------------------------------------------- damaged reports
@pytest.mark.parametrize("fraction", [0.3, 0.5, 0.62, 0.7, 0.8, 0.9])
def test_truncated_report(tmp_path, fraction):
    data = UNBALANCED.read_bytes()
    cut = data.index(b"\n", int(len(data) * fraction)) + 1  # a whole line: the text stays valid UTF-8
    f = tmp_path / "truncated.txt"
    f.write_bytes(data[:cut])
    code, out, err = cli(f, "--output-format", "concise", "-v")
    assert_clean(code, err)


def test_report_cut_inside_a_character_is_still_read(tmp_path):
    data = UNBALANCED.read_bytes()
    f = tmp_path / "cut.txt"
    f.write_bytes(data + "结".encode("utf-8")[:2])
    code, out, err = cli(f, "--output-format", "concise")
    assert_clean(code, err)
    assert "CN201" in out


def test_truncated_tables_give_unverifiable_not_zero(tmp_path):
    lines = UNBALANCED.read_text(encoding="utf-8").split("\n")
    table_start = next(i for i, line in enumerate(lines) if "本年新收" in line)
    f = tmp_path / "table-cut.txt"
    f.write_text("\n".join(lines[:table_start + 6]), encoding="utf-8")
    code, out, err = cli(f, "--output-format", "concise")
    assert_clean(code, err)
    assert code == 1
    assert "CN206" in out or "CN902" in out


@pytest.mark.parametrize("seed", range(5))
def test_shuffled_rows(tmp_path, seed):
    lines = UNBALANCED.read_text(encoding="utf-8").split("\n")
    rows = [i for i, line in enumerate(lines) if "\t" in line]
    assert len(rows) > 10
    shuffled = [lines[i] for i in rows]
    random.Random(seed).shuffle(shuffled)
    for i, line in zip(rows, shuffled):
        lines[i] = line
    f = tmp_path / "shuffled.txt"
    f.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = cli(f, "--output-format", "concise")
    assert_clean(code, err)


def test_whole_report_shuffled_and_repeated(tmp_path):
    lines = UNBALANCED.read_text(encoding="utf-8").split("\n") * 3
    random.Random(7).shuffle(lines)
    f = tmp_path / "chaos.txt"
    f.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = cli(f, "--output-format", "json")
    assert_clean(code, err)
    json.loads(out)


# ---------------------------------------------------------------- size
def _write_big(path: Path, size: int) -> None:
    block = (GOOD.read_text(encoding="utf-8") + "\n").encode("utf-8")
    with open(path, "wb") as fh:
        written = 0
        while written < size:
            fh.write(block)
            written += len(block)


def test_50mb_file_is_refused_without_being_read(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    _write_big(big, 50 * 1024 * 1024)
    import gxrules.linter
    import gxrules.source

    seen = []
    real_from_bytes = gxrules.source.SourceText.from_bytes.__func__
    real_read = gxrules.linter.Linter.read

    def spy_from_bytes(cls, data, *a, **k):
        seen.append(len(data))
        return real_from_bytes(cls, data, *a, **k)

    def spy_read(self, source, *a, **k):
        seen.append(len(source.text))
        return real_read(self, source, *a, **k)

    monkeypatch.setattr(gxrules.source.SourceText, "from_bytes", classmethod(spy_from_bytes))
    monkeypatch.setattr(gxrules.linter.Linter, "read", spy_read)
    t0 = time.perf_counter()
    code, out, err = cli(big, "--output-format", "concise")
    elapsed = time.perf_counter() - t0
    assert_clean(code, err)
    assert code == 1 and "CN903" in out
    assert all(n < 6 * 1024 * 1024 for n in seen), seen  # never handed to the decoder or the reader
    assert elapsed < 10


def test_50mb_file_in_a_folder_subprocess_bounded_time_and_memory(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    _write_big(folder / "big.txt", 50 * 1024 * 1024)
    (folder / "report.txt").write_bytes(UNBALANCED.read_bytes())
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    r = sub(folder, "--output-format", "concise", timeout=60)
    elapsed = time.perf_counter() - t0
    assert_clean(r.returncode, r.stderr)
    out = r.stdout.decode("utf-8")
    assert "big.txt:1:1: CN903" in out and "report.txt" in out and "CN201" in out
    assert elapsed < 30
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if peak_mb > before / 1024:  # this child set a new high: it did not hold 50 MB (+ its decoded text)
        assert peak_mb < 120, peak_mb


def test_max_file_size_option_and_the_limit_itself(tmp_path):
    f = tmp_path / "report.txt"
    f.write_bytes(UNBALANCED.read_bytes())
    size = f.stat().st_size
    code, out, _ = cli(f, "--output-format", "concise", "--max-file-size", str(size))
    assert "CN903" not in out
    code, out, err = cli(f, "--output-format", "concise", "--max-file-size", str(size - 1))
    assert_clean(code, err)
    assert "CN903" in out and "CN201" not in out


@pytest.mark.parametrize("size", [0, 1, 65_535, 65_536, 200_001])
def test_a_file_that_grew_after_it_was_measured_is_read_whole_or_refused(tmp_path, monkeypatch, size):
    """The reader reads until the end (or the limit + 1), whatever size the file had when measured."""
    import gxrules.runner as runner

    f = tmp_path / "report.txt"
    data = bytes(random.Random(size).randrange(256) for _ in range(size))
    f.write_bytes(data)
    stat = os.stat

    def measured_small(path, *args, **kwargs):  # as if the file had been 3 bytes long when measured
        st = stat(path, *args, **kwargs)
        return os.stat_result((st.st_mode,) + tuple(st)[1:6] + (min(3, st.st_size),) + tuple(st)[7:])
    monkeypatch.setattr(runner.os, "stat", measured_small)
    assert runner._read_bounded(str(f), size) == data
    if size:
        with pytest.raises(runner._TooLarge):
            runner._read_bounded(str(f), size - 1)


def test_pipe_larger_than_the_limit_is_refused(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    big = tmp_path / "big.txt"
    _write_big(big, 6 * 1024 * 1024)
    script = (f"cat {big} | {sys.executable} -m gxrules check --isolated --output-format concise /dev/stdin")
    r = subprocess.run(["sh", "-c", script], capture_output=True, timeout=60,
                       env=dict(os.environ, GXRULES_DISABLE_PLUGIN_AUTOLOAD="1"))
    assert_clean(r.returncode, r.stderr)
    assert b"CN903" in r.stdout


# ---------------------------------------------------------------- files that cannot be read
def test_broken_symlinks_in_a_folder_and_by_name(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.txt").write_bytes(UNBALANCED.read_bytes())
    (folder / "gone.txt").symlink_to(tmp_path / "does-not-exist.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    code, out, err = cli(folder, "--output-format", "concise", "-v")
    assert_clean(code, err)
    assert "report.txt" in out and "CN201" in out
    assert "gone.txt:1:1: CN901" in out and "loop.txt:1:1: CN901" in out
    # named on the command line: the same, never read as text
    code, out, err = cli(folder / "gone.txt", "--output-format", "concise", "-v")
    assert_clean(code, err)
    assert "CN901" in out and "<text>" not in out + err
    r = sub(folder, "--output-format", "concise", "-j", "2")
    assert_clean(r.returncode, r.stderr)
    assert r.stdout.decode("utf-8") == cli(folder, "--output-format", "concise")[1]


def test_unreadable_file(tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not block reads (see the broken-symlink test)")
    f = tmp_path / "secret.txt"
    f.write_bytes(UNBALANCED.read_bytes())
    f.chmod(0)
    try:
        code, out, err = cli(tmp_path, "--output-format", "concise")
        assert_clean(code, err)
        assert "secret.txt:1:1: CN901" in out
    finally:
        f.chmod(0o644)


def test_unreadable_directory_entry_as_root_or_not(tmp_path):
    """A directory entry that cannot be opened (a symlink into a missing directory): CN901, the run goes on."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_bytes(UNBALANCED.read_bytes())
    (folder / "b.txt").symlink_to(tmp_path / "missing-dir" / "b.txt")
    (folder / "c.md").write_bytes(MARKDOWN.read_bytes())
    code, out, err = cli(folder, "--output-format", "concise")
    assert_clean(code, err)
    assert "b.txt:1:1: CN901" in out and "a.txt" in out


def test_fifo_in_a_folder_does_not_hang(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.txt").write_bytes(UNBALANCED.read_bytes())
    os.mkfifo(folder / "pipe.txt")
    r = sub(folder, "--output-format", "concise", "-v", timeout=60)
    assert_clean(r.returncode, r.stderr)
    assert b"CN201" in r.stdout


def test_device_file_is_refused_not_read(tmp_path):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    r = sub("/dev/zero", "--output-format", "concise", timeout=60)
    assert_clean(r.returncode, r.stderr)
    assert b"CN901" in r.stdout


def test_non_utf8_file_name_with_output_file(tmp_path):
    if sys.platform == "darwin":
        pytest.skip("macOS file names are always UTF-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    name = os.fsdecode(b"bad\xff\xfename.txt")
    (folder / name).write_bytes(UNBALANCED.read_bytes())
    out_file = tmp_path / "out.txt"
    code, out, err = cli(folder, "--output-format", "concise", "-o", out_file)
    assert_clean(code, err)
    assert "CN201" in out_file.read_text(encoding="utf-8")
    r = sub(folder, "--output-format", "concise")
    assert_clean(r.returncode, r.stderr)


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "json-lines"])
def test_non_utf8_file_name_json(tmp_path, fmt):
    if sys.platform == "darwin":
        pytest.skip("macOS file names are always UTF-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / os.fsdecode(b"bad\xff\xfename.txt")).write_bytes(UNBALANCED.read_bytes())
    code, out, err = cli(folder, "--output-format", fmt, "-o", tmp_path / "out")
    assert_clean(code, err)
    assert "CN201" in (tmp_path / "out").read_text(encoding="utf-8")


# ---------------------------------------------------------------- everything at once
def _hostile_folder(root: Path) -> Path:
    folder = root / "mixed"
    folder.mkdir()
    (folder / "report.txt").write_bytes(UNBALANCED.read_bytes())
    (folder / "good.txt").write_bytes(GOOD.read_bytes())
    (folder / "report.md").write_bytes(MARKDOWN.read_bytes())
    for kind, data in BINARIES.items():
        (folder / f"bin-{kind}.txt").write_bytes(data)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "gbk.txt").write_bytes(UNBALANCED.read_text(encoding="utf-8").encode("gb18030"))
    (folder / "utf16.txt").write_bytes(b"\xff\xfe" + UNBALANCED.read_text(encoding="utf-8").encode("utf-16-le"))
    (folder / "cut.txt").write_bytes(UNBALANCED.read_bytes()[:3001])
    (folder / "README.md").write_text("# 说明\n\n不是报告。\n", encoding="utf-8")
    (folder / "gone.txt").symlink_to(root / "nowhere.txt")
    _write_big(folder / "big.txt", 6 * 1024 * 1024)
    return folder


@pytest.mark.parametrize("fmt", ["concise", "json", "sarif", "junit", "github", "full", "json-lines"])
def test_a_folder_of_hostile_files_every_output_format(tmp_path, fmt):
    folder = _hostile_folder(tmp_path)
    code, out, err = cli(folder, "--output-format", fmt)
    assert_clean(code, err)
    assert code == 1
    assert "report.txt" in out


def test_a_folder_of_hostile_files_as_a_process_serial_and_parallel(tmp_path):
    folder = _hostile_folder(tmp_path)
    r1 = sub(folder, "--output-format", "concise", "-v", "-j", "1")
    r2 = sub(folder, "--output-format", "concise", "-v", "-j", "2")
    for r in (r1, r2):
        assert_clean(r.returncode, r.stderr)
        assert r.returncode == 1
    assert r1.stdout == r2.stdout
    out = r1.stdout.decode("utf-8")
    assert "big.txt:1:1: CN903" in out and "gone.txt:1:1: CN901" in out
    assert "report.txt" in out and "gbk.txt" in out and "utf16.txt" in out


@pytest.mark.parametrize("line", [" " * 200_000 + "号", "\u3000" * 200_000 + "《x》", "**" + " " * 200_000 + "十"],
                         ids=["spaces", "ideographic-spaces", "bold-spaces"])
def test_long_runs_of_blanks_do_not_hang(tmp_path, line):
    """A line of 200,000 blanks before one character: no expression may backtrack over it twice
    (once it did, in the heading terminals of the line grammar: 10^10 steps)."""
    path = tmp_path / "blanks.txt"
    path.write_text("一、总体情况\n" + line + "\n二、主动公开政府信息情况\n", encoding="utf-8")
    r = sub(path, "--output-format", "concise", timeout=60)
    assert_clean(r.returncode, r.stderr)
