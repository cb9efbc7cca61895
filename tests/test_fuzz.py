"""Fuzzing: mutated real reports never make gxrules raise, hang or exit 2 (SPEC §10).

Real reports (the bundled examples, and the seeds and the corpus in
``../shared`` when present) are cut, duplicated, shuffled, their digits
flipped, noise inserted, tabs deleted, bytes flipped — a few mutations at a
time. For each mutant: no exception escapes ``Linter.check``, the check
finishes within a bound (a hang guard, not a speed test), and the command
line exits 0 or 1, never 2.

The examples are derandomised so that CI runs are repeatable; set
``GXRULES_FUZZ_EXAMPLES=N`` for a longer, random session.
"""
from __future__ import annotations

import io
import os
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from gxrules.cli import main
from gxrules.linter import Linter

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GXRULES_SHARED", ROOT.parent / "shared"))
SOURCES = sorted((ROOT / "examples").glob("*.*"))
SOURCES += sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
SOURCES += sorted(p for p in (SHARED / "corpus" / "real").glob("*.*")
                  if p.suffix in (".txt", ".md", ".html")) if (SHARED / "corpus" / "real").is_dir() else []
TEXTS = {p.name: p.read_text(encoding="utf-8") for p in SOURCES}
SUFFIX = {p.name: p.suffix for p in SOURCES}

LONG = int(os.environ.get("GXRULES_FUZZ_EXAMPLES", "0"))
BOUND_S = 2.0  # per report of its original size; scaled by the mutant's length (cost is linear)
HARD_TIMEOUT_S = 60  # a real hang is interrupted (POSIX) instead of blocking the suite


def fuzz_settings(examples: int):
    return hsettings(max_examples=LONG or examples, deadline=None, derandomize=not LONG, database=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                            HealthCheck.function_scoped_fixture])


NOISE = st.sampled_from([
    "\t", "\t\t", " ", "\u3000", "\u200b", "\ufeff", "\x00", "\r", "\r\n", "\n\n", "|", "---", "<td>", "</tr>",
    "—", "/", "-", "１２", "０", "9999999999999999999", "-3", "1.5", "万元", "元", "件", "%", "（", "）", "(", ")",
    "一、", "二、总体情况", "（七）总计", "本年新收", "结转下年度", "行政复议", "信息处理费", "〔2021〕", "《", "》",
    "2023年1月1日至12月31日", "第", "页", "- 3 -", "\\", "*", "#", "<!-- gxrules: disable=CN201 -->", "\x0c",
])


@st.composite
def mutated(draw):
    """(name, original text, mutated text): 1 to 6 mutations of one real report."""
    name = draw(st.sampled_from(sorted(TEXTS)))
    lines = TEXTS[name].split("\n")
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["cut", "cut_tail", "duplicate", "swap", "flip_digit", "noise", "del_tabs",
                                     "del_line", "split_line", "join_lines", "tabs_to_spaces"]))
        n = len(lines)
        if n == 0:
            lines = [""]
            n = 1
        i = draw(st.integers(0, n - 1))
        j = draw(st.integers(i, min(n, i + 40)))
        if kind == "cut":
            del lines[i:j]
        elif kind == "cut_tail":
            line = lines[i]
            lines = lines[:i] + [line[:draw(st.integers(0, len(line)))]]
        elif kind == "duplicate":
            lines[j:j] = lines[i:j]
        elif kind == "swap":
            k = draw(st.integers(0, n - 1))
            lines[i], lines[k] = lines[k], lines[i]
        elif kind == "flip_digit":
            digits = [(r, c) for r in range(i, min(n, i + 40)) for c, ch in enumerate(lines[r]) if ch.isdigit()]
            if digits:
                r, c = draw(st.sampled_from(digits))
                lines[r] = lines[r][:c] + draw(st.sampled_from("0123456789０１２—")) + lines[r][c + 1:]
        elif kind == "noise":
            line = lines[i]
            c = draw(st.integers(0, len(line)))
            noise = draw(st.one_of(NOISE, st.text(max_size=8)))
            lines[i] = line[:c] + noise + line[c:]
        elif kind == "del_tabs":
            for r in range(i, j):
                lines[r] = lines[r].replace("\t", "", draw(st.integers(1, 3)))
        elif kind == "del_line":
            del lines[i]
        elif kind == "split_line":
            line = lines[i]
            c = draw(st.integers(0, len(line)))
            lines[i:i + 1] = [line[:c], line[c:]]
        elif kind == "join_lines":
            lines[i:j] = ["".join(lines[i:j])]
        elif kind == "tabs_to_spaces":
            for r in range(i, j):
                lines[r] = lines[r].replace("\t", " " * draw(st.integers(1, 4)))
    return name, TEXTS[name], "\n".join(lines)


@contextmanager
def hard_timeout(seconds: int):
    """Interrupt a real hang (SIGALRM, POSIX main thread); elsewhere only the measured bound applies."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def on_alarm(signum, frame):
        raise TimeoutError(f"no result after {seconds} s: a hang")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture(scope="module")
def fuzz_linter():
    linter = Linter(load_entrypoints=False)
    return linter, linter.settings(isolated=True)


def check_within_bound(linter, settings, original: str, target, size: int):
    bound = BOUND_S * max(1.0, size / max(1, len(original)))
    with hard_timeout(HARD_TIMEOUT_S):
        wall, cpu = time.perf_counter(), time.process_time()
        diagnostics = linter.check(target, settings)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    # the CPU time tells a hang from a busy machine: only both over the bound fail
    assert min(wall, cpu) < bound, f"{wall:.2f} s wall, {cpu:.2f} s CPU for {size} characters (bound {bound:.2f} s)"
    return diagnostics


def test_sources_are_there():
    assert len(TEXTS) >= 4


@fuzz_settings(80)
@given(mutated())
def test_mutated_reports_never_raise_or_hang(fuzz_linter, case):
    linter, settings = fuzz_linter
    name, original, text = case
    diagnostics = check_within_bound(linter, settings, original, text, len(text))
    for d in diagnostics:
        assert d.code and d.span is not None
        assert 1 <= d.span.start.line <= text.count("\n") + text.count("\r") + 2
        assert d.code != "CN999", f"a rule crashed on a mutant of {name}: {d.message}"


@fuzz_settings(40)
@given(mutated(), st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig"]), st.data())
def test_mutated_bytes_never_raise_or_hang(fuzz_linter, case, encoding, data):
    """Byte-level damage on top: flipped, deleted and inserted bytes in any of the supported encodings."""
    linter, settings = fuzz_linter
    name, original, text = case
    raw = bytearray(text.encode(encoding, "replace"))
    for _ in range(data.draw(st.integers(0, 4))):
        if not raw:
            break
        k = data.draw(st.integers(0, len(raw) - 1))
        op = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        if op == "flip":
            raw[k] ^= data.draw(st.integers(1, 255))
        elif op == "delete":
            del raw[k]
        else:
            raw[k:k] = data.draw(st.binary(min_size=1, max_size=4))
    diagnostics = check_within_bound(linter, settings, original, bytes(raw), len(raw) // 2)
    assert all(d.code != "CN999" for d in diagnostics), [d.message for d in diagnostics if d.code == "CN999"]


@fuzz_settings(20)
@given(mutated(), st.sampled_from(["concise", "json", "full", "sarif"]), st.booleans())
def test_command_line_never_exits_2_on_input(tmp_path_factory, case, fmt, fix):
    """Through ``gxrules check`` (with and without ``--diff``): exit 0 or 1, no internal error."""
    name, original, text = case
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"mutant{SUFFIX[name]}"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    args = ["check", "--isolated", "--disable-plugin-autoload", "--output-format", fmt, str(path)]
    if fix:
        args.append("--diff")
    with hard_timeout(HARD_TIMEOUT_S):
        code = main(args, stdout=out, stderr=err)
    assert code in (0, 1), err.getvalue()
    assert "内部错误" not in err.getvalue() and "Traceback" not in err.getvalue()
    assert path.read_text(encoding="utf-8") == text  # never a changed file without --fix
