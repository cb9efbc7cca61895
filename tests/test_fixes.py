"""--fix, --unsafe-fixes and --diff end to end: atomic writes in the file's own encoding, BOM and newlines."""
from __future__ import annotations

import codecs
import io
import os
import shutil
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gxrules import fixes
from gxrules.cli import main
from gxrules.linter import Linter

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GXRULES_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"

SELECT = "CN4,CN5,CN6"  # the rules with fixes (keeps these tests independent of other rule groups)


def seed_path(prefix: str) -> Path:
    found = sorted(SEEDS.glob(prefix + "*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not found under {SEEDS}")
    return found[0]


def seed(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


def run(*args: str):
    out, err = io.StringIO(), io.StringIO()
    rc = main(["check", "--isolated", "--select", SELECT, *args], stdout=out, stderr=err)
    return rc, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def linter():
    return Linter(load_entrypoints=False)


def fixable(linter, path) -> list:
    s = linter.settings({"select": SELECT.split(",")}, isolated=True)
    return [d for d in linter.check(Path(path), s) if d.fix is not None]


# ---------------------------------------------------------------- corruptions of seed 004 that have safe fixes
# (old, new): each old text occurs once in seed 004; groups are alternatives touching the same words.
CORRUPTIONS = [
    [("\t本年废止件数\t", "\t本年度止件数\t")],                                   # CN501 typo
    [("\t商业企业\t", "\t商业机构\t")],                                           # CN501 alias (column)
    [("一、本年新收政府信息公开申请数量", "一、本年接收政府信息公开数量")],           # CN501 alias (row)
    [("三、本年度办理结果", "三、本年办理结果")],                                    # CN501 alias (group)
    [("逾期不补正、行政机关不再处理", "逾期不补正、行政机关不在处理")],               # CN501 typo
    [("四、结转下年度继续办理\t", "四、结转下年度继续办理数量\t")],                   # CN501 alias
    [("四、政府信息公开行政复议、行政诉讼情况", "四、申请行政复议、提起行政诉讼情况")],  # CN502
    [("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况")],  # CN502
    [("本年度未收取信息处理费", "本年度未收取信息公开处理费")],                        # CN503
    [("根据《中华人民共和国政府信息公开条例》", "根据《华人民共和国政府信息公开条例》"),  # CN601
     ("根据《中华人民共和国政府信息公开条例》", "根据《中华人民共和国政府信息公开条列》")],
    [("〈政府信息公开信息处理费管理办法〉的通知》", "〈政府信息公开信息处理费管理办法〉通知》"),  # CN601
     ("〈政府信息公开信息处理费管理办法〉的通知》", "<政府信息公开信息处理费管理办法>的通知》"),
     ("〈政府信息公开信息处理费管理办法〉的通知》", "<政府信息公开信息处理费管理办法>通知》")],
    [("国办函〔2020〕109号", "国办函(2020)109号"),                                # CN602
     ("国办函〔2020〕109号", "国办函[2020]109号"),
     ("国办函〔2020〕109号", "国办函〔2020109号")],
]

ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("gbk", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
]


def encode(text: str, encoding: str, bom: bytes, newline: str) -> bytes:
    return bom + text.replace("\n", newline).encode(encoding)


def test_corruptions_apply_once():
    text = seed("004")
    for group in CORRUPTIONS:
        for old, new in group:
            assert text.count(old) == 1, old


def test_original_has_nothing_fixable(linter):
    assert fixable(linter, seed_path("004")) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(choice=st.lists(st.one_of(st.none(), st.integers(0, 2)), min_size=len(CORRUPTIONS),
                       max_size=len(CORRUPTIONS)),
       encoding=st.sampled_from(ENCODINGS), newline=st.sampled_from(["\n", "\r\n"]))
def test_fix_round_trip(choice, encoding, newline):
    original = seed("004")
    corrupted = original
    applied = []
    for group, pick in zip(CORRUPTIONS, choice):
        if pick is None:
            continue
        old, new = group[pick % len(group)]
        corrupted = corrupted.replace(old, new, 1)
        applied.append(new)
    enc, bom = encoding
    # fsync makes no difference to what is written; skip it to keep the many examples fast
    with tempfile.TemporaryDirectory() as tmp, mock.patch.object(os, "fsync", lambda fd: None):
        path = Path(tmp) / "report.txt"
        path.write_bytes(encode(corrupted, enc, bom, newline))
        rc, out, err = run("--fix", "--output-format", "concise", str(path))
        assert rc == 0, (out, err)
        # byte for byte the uncorrupted original, in the same encoding, BOM and newlines
        assert path.read_bytes() == encode(original, enc, bom, newline), applied
        rc, out, _ = run("--output-format", "json", str(path))
        assert out.strip() == "[]"
        assert os.listdir(tmp) == ["report.txt"]  # no temporary files left behind


# ---------------------------------------------------------------- whole runs
def test_fix_seeds_then_nothing_fixable(tmp_path, linter):
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, tmp_path / p.name)
        os.chmod(tmp_path / p.name, 0o644)
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    rc, out, err = run("--fix", "--output-format", "concise", str(tmp_path))
    assert "已自动修复" in out
    for p in sorted(tmp_path.iterdir()):
        assert fixable(linter, p) == [], p.name
    # seed 004 has nothing to fix: it was not rewritten
    name = seed_path("004").name
    after = (tmp_path / name).stat()
    assert (after.st_ino, after.st_mtime_ns) == before[name]
    assert (tmp_path / name).read_bytes() == seed_path("004").read_bytes()
    # the others were, keeping their permissions
    assert (tmp_path / seed_path("003").name).read_bytes() != seed_path("003").read_bytes()
    assert oct((tmp_path / seed_path("003").name).stat().st_mode & 0o777) == "0o644"
    # a second run changes nothing
    snapshot = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    run("--fix", str(tmp_path))
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == snapshot


def test_fixed_seed_003_text(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(seed_path("003").read_bytes())
    run("--fix", str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[41] == "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t"
    assert lines[42].startswith("一、本年新收政府信息公开申请数量\t")
    assert lines[44].startswith("三、本年度办理结果\t(一) 予以公开")
    assert "行政机关不再处理其政府信息公开申请" in lines[62]
    assert lines[68] == "#### 四、政府信息公开行政复议、行政诉讼情况"
    assert lines[87].endswith("未产生信息处理费。")


def test_diff_does_not_write(tmp_path):
    path = tmp_path / "r.txt"
    data = seed_path("001").read_bytes()
    path.write_bytes(data)
    rc, out, err = run("--diff", str(path))
    assert rc == 1
    assert path.read_bytes() == data
    assert "-信息内容\t本年制发件数\t本年度止件数\t现行有效件数" in out
    assert "+信息内容\t本年制发件数\t本年废止件数\t现行有效件数" in out
    assert "〉的通知》（国办函〔2020〕109号）" in out
    # the last line has no newline: the diff says so instead of gluing lines together
    assert "\\ No newline at end of file" in out
    for line in out.splitlines():
        assert not (line.startswith("-") and "+按照" in line)


def test_diff_nothing_to_fix(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(seed_path("004").read_bytes())
    assert run("--diff", str(path)) == (0, "", "")


def test_unsafe_fix_needs_flag(tmp_path):
    text = seed("004").replace("本年度未收取信息处理费。", "本年度未收取信息处理费。按照宁政办发〔202324号要求。")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    rc, out, _ = run("--diff", str(path))
    assert out == ""
    rc, out, _ = run("--diff", "--unsafe-fixes", str(path))
    assert "+" in out and "宁政办发〔2023〕24号" in out
    run("--fix", str(path))
    assert path.read_text(encoding="utf-8") == text
    run("--fix", "--unsafe-fixes", str(path))
    assert "宁政办发〔2023〕24号要求" in path.read_text(encoding="utf-8")


def test_fix_through_symlink_keeps_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_bytes(seed_path("000").read_bytes())
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    run("--fix", str(link))
    assert link.is_symlink()
    assert "本年废止件数" in real.read_text(encoding="utf-8")


def test_library_check_does_not_fix_text():
    # Linter.check on text never writes anything and leaves the findings with their fixes
    linter = Linter(load_entrypoints=False)
    ds = linter.check(seed("003"), {"select": ["CN5"]})
    assert len(ds) == 6 and all(d.fix for d in ds)


# ---------------------------------------------------------------- atomic writes
def test_interrupted_write_leaves_original(tmp_path, monkeypatch):
    path = tmp_path / "r.txt"
    data = seed_path("003").read_bytes()
    path.write_bytes(data)

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        fixes.write_atomic(str(path), b"new")
    assert path.read_bytes() == data
    assert os.listdir(tmp_path) == ["r.txt"]
    # through the CLI: an internal error (exit 2), the file untouched, no temporary file left
    rc, out, err = run("--fix", str(path))
    assert rc == 2 and "disk full" in err
    assert path.read_bytes() == data
    assert os.listdir(tmp_path) == ["r.txt"]


def test_interrupted_fsync_leaves_original(tmp_path, monkeypatch):
    path = tmp_path / "r.txt"
    path.write_bytes(b"old")

    def boom(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(KeyboardInterrupt):
        fixes.write_atomic(str(path), b"new")
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["r.txt"]


# ---------------------------------------------------------------- pieces
def test_apply_edits_skips_overlapping_fixes():
    from gxrules.diagnostics import Diagnostic, Edit, Fix, Position, Span

    def d(start, end, content):
        span = Span(Position(1, start + 1, start), Position(1, end + 1, end))
        return Diagnostic("CN501", "x", "m", "<text>", span, fix=Fix("f", (Edit(span, content),)))

    text, n = fixes.apply_edits("abcdef", [d(0, 2, "X"), d(1, 3, "Y"), d(4, 4, "+")])
    assert (text, n) == ("Xcd+ef", 2)


def test_unified_diff_marks_missing_newline():
    diff = fixes.unified_diff("/abs/path.txt", "a\nb", "a\nc")
    assert diff.startswith("--- a/abs/path.txt\n+++ b/abs/path.txt\n")
    assert "-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n" in diff
