"""``--fix`` never loses data: a write that fails or is interrupted leaves the original intact.

The write is a temporary file in the same directory, then ``os.replace``.
Here it fails at each step (creating the temporary file, writing, fsync,
the rename), is interrupted (KeyboardInterrupt; SIGTERM and SIGINT sent to a
real process paused in the middle of the write; SIGKILL), and races with an
editor saving the file meanwhile. Each time: the original bytes are still
there, no temporary file is left behind (except after SIGKILL, which no
process can clean up after), and the run says so without a traceback.
"""
from __future__ import annotations

import errno
import tempfile
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import gxrules.fixes
from gxrules.cli import main

ROOT = Path(__file__).resolve().parents[1]
# wrong table labels (CN501), a section heading (CN502) and 信息公开处理费 for 信息处理费 (CN503): safe fixes
FIXABLE = ROOT / "examples" / "wuzhong-service-center-2023.md"


def temp_files(folder: Path):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".gxrules-"))


@pytest.fixture
def report(tmp_path):
    f = tmp_path / "report.md"
    f.write_bytes(FIXABLE.read_bytes())
    return f


def run_fix(*paths, extra=()):
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--isolated", "--disable-plugin-autoload", "--fix", "--output-format", "concise",
                 *extra, *map(str, paths)], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_the_example_has_a_safe_fix(report, tmp_path):
    """The premise of the other tests: --fix changes this file (and leaves no temporary file)."""
    before = report.read_bytes()
    code, out, err = run_fix(report)
    assert report.read_bytes() != before, out + err
    assert temp_files(tmp_path) == []


def _failing(exc_factory):
    def fail(*args, **kwargs):
        raise exc_factory()

    return fail


@pytest.mark.parametrize("step,exc", [
    ("replace", lambda: OSError(errno.EXDEV, "Invalid cross-device link")),
    ("replace", lambda: PermissionError(errno.EACCES, "Permission denied")),
    ("fsync", lambda: OSError(errno.EIO, "Input/output error")),
    ("mkstemp", lambda: PermissionError(errno.EACCES, "Permission denied")),
])
def test_failing_write_step_leaves_the_original(report, tmp_path, monkeypatch, step, exc):
    before = report.read_bytes()
    if step == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", _failing(exc))
    else:
        monkeypatch.setattr(gxrules.fixes.os, step, _failing(exc))
    code, out, err = run_fix(report)
    assert report.read_bytes() == before
    assert temp_files(tmp_path) == []
    assert code == 2  # the run could not do what was asked
    assert "Traceback" not in err and "report.md" in err and "未能写入修复" in err
    assert "CN503" in out  # the findings are still reported, unfixed


class _HalfWriter:
    """A file object whose write stores half the data and then fails (a full disk)."""

    def __init__(self, fh):
        self._fh = fh

    def write(self, data):
        self._fh.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()
        return False


def test_disk_full_in_the_middle_of_the_write(report, tmp_path, monkeypatch):
    before = report.read_bytes()
    real_fdopen = os.fdopen
    monkeypatch.setattr(gxrules.fixes.os, "fdopen", lambda fd, *a, **k: _HalfWriter(real_fdopen(fd, *a, **k)))
    code, out, err = run_fix(report)
    assert report.read_bytes() == before
    assert temp_files(tmp_path) == []
    assert code == 2 and "No space left on device" in err


def test_one_failing_file_does_not_stop_the_others(tmp_path, monkeypatch):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_bytes(FIXABLE.read_bytes())
    b.write_bytes(FIXABLE.read_bytes())
    real_replace = os.replace

    def replace(src, dst):
        if os.path.basename(dst) == "a.md":
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(gxrules.fixes.os, "replace", replace)
    code, out, err = run_fix(a, b)
    assert a.read_bytes() == FIXABLE.read_bytes()
    assert b.read_bytes() != FIXABLE.read_bytes()  # fixed
    assert temp_files(tmp_path) == []
    assert code == 2 and "a.md" in err and "b.md" not in err


def test_keyboard_interrupt_during_the_rename(report, tmp_path, monkeypatch):
    before = report.read_bytes()
    monkeypatch.setattr(gxrules.fixes.os, "replace", _failing(KeyboardInterrupt))
    code, out, err = run_fix(report)
    assert report.read_bytes() == before
    assert temp_files(tmp_path) == []
    assert code == 2 and "中断" in err and "Traceback" not in err


def test_file_saved_by_an_editor_during_the_check_is_not_overwritten(report, tmp_path, monkeypatch):
    """The fix was computed from the old text: writing it would undo the editor's change."""
    real_fsync = os.fsync
    edited = FIXABLE.read_bytes() + "\n编辑器里新加的一段。\n".encode("utf-8")

    def fsync_then_edit(fd):
        real_fsync(fd)
        if report.read_bytes() != edited:
            report.write_bytes(edited)  # the user saves while gxrules is writing its fix

    monkeypatch.setattr(gxrules.fixes.os, "fsync", fsync_then_edit)
    code, out, err = run_fix(report)
    assert report.read_bytes() == edited
    assert temp_files(tmp_path) == []
    assert code == 2 and "被修改" in err


def test_diff_never_writes(report, tmp_path):
    before = report.read_bytes()
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--isolated", "--disable-plugin-autoload", "--diff", str(report)], stdout=out, stderr=err)
    assert code == 1 and "信息处理费" in out.getvalue()
    assert report.read_bytes() == before
    assert temp_files(tmp_path) == []


# ---------------------------------------------------------------- a real process, stopped mid-write
PAUSE = r"""
import os, sys, time
import gxrules.fixes
marker = sys.argv[1]
real_fsync = os.fsync

def paused_fsync(fd):
    real_fsync(fd)  # the temporary file is complete; the original is not replaced yet
    with open(marker, "w") as fh:
        fh.write("writing")
    time.sleep(60)

gxrules.fixes.os.fsync = paused_fsync
sys.argv = ["gxrules", "check", "--isolated", "--fix", "--output-format", "concise"] + sys.argv[2:]
from gxrules.cli import console_main
console_main()
"""


def _start_paused(tmp_path, *args):
    marker = tmp_path / "marker"
    env = dict(os.environ, GXRULES_DISABLE_PLUGIN_AUTOLOAD="1", CI="1")
    proc = subprocess.Popen([sys.executable, "-c", PAUSE, str(marker), *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not marker.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"the fix never reached the write: {err.decode('utf-8', 'replace')}")
        time.sleep(0.02)
    return proc


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_process_stopped_mid_write_cleans_up(tmp_path, sig):
    folder = tmp_path / "reports"
    folder.mkdir()
    f = folder / "report.md"
    f.write_bytes(FIXABLE.read_bytes())
    proc = _start_paused(tmp_path, f)
    assert len(temp_files(folder)) == 1  # paused with the temporary file written
    proc.send_signal(getattr(signal, sig))
    out, err = proc.communicate(timeout=60)
    assert f.read_bytes() == FIXABLE.read_bytes()
    assert temp_files(folder) == []
    assert proc.returncode == 2, err
    assert b"Traceback" not in err


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_process_killed_mid_write_keeps_the_original(tmp_path):
    """SIGKILL cannot be caught: the temporary file may stay, but the original is intact."""
    folder = tmp_path / "reports"
    folder.mkdir()
    f = folder / "report.md"
    f.write_bytes(FIXABLE.read_bytes())
    proc = _start_paused(tmp_path, f)
    proc.kill()
    proc.communicate(timeout=60)
    assert f.read_bytes() == FIXABLE.read_bytes()
    assert all(name.endswith(".tmp") for name in temp_files(folder))
    # the next run fixes the file and does not trip over the leftover
    code, out, err = run_fix(f)
    assert f.read_bytes() != FIXABLE.read_bytes()
    assert "Traceback" not in err


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_parallel_fix_interrupted_stops_and_leaves_originals(tmp_path, sig):
    """-j 2, a worker paused in the middle of a write, the run interrupted: it stops within seconds
    (it does not go on fixing the queued files), no file is damaged, no temporary file is left."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(40):
        (folder / f"r{i:02d}.md").write_bytes(FIXABLE.read_bytes())
    proc = _start_paused(tmp_path, folder, "-j", "2")
    t0 = time.monotonic()
    proc.send_signal(getattr(signal, sig))
    try:
        out, err = proc.communicate(timeout=50)  # the paused write sleeps 60 s: stopping must not wait for it
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert time.monotonic() - t0 < 30
    assert proc.returncode == 2, err
    assert b"Traceback" not in err
    fixed = [p for p in sorted(folder.glob("*.md")) if p.read_bytes() != FIXABLE.read_bytes()]
    assert len(fixed) < 40  # it stopped
    for p in fixed:  # a file is the original or the whole fixed text, never a mixture
        assert p.read_bytes() == fixed[0].read_bytes()
    assert temp_files(folder) == []
