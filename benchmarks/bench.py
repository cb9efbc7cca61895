#!/usr/bin/env python3
"""gxrules benchmark (SPEC §9): speed, start-up, memory and growth.

Run from a checkout (standard library only; gxrules must be importable, e.g.
installed in the active virtual environment)::

    python benchmarks/bench.py            # the full run (5,000 files; takes a while)
    python benchmarks/bench.py --quick    # a smaller run (1,000 files, fewer repeats)
    python benchmarks/bench.py --json     # the figures as JSON on stdout

What it measures, on the seed reports and the real corpus (``../shared/seeds``
and ``../shared/corpus/real`` beside the checkout, or ``--seeds``/``--corpus``;
the bundled ``examples/`` otherwise):

- in process: decode + read ("parse") and decode + read + all rules + the
  runner's per-file work ("check"), per report, median and p95 in ms;
- a folder of N reports (the inputs copied round-robin into a temporary
  directory) checked by ``gxrules check DIR -j 1`` and ``-j 2`` as
  subprocesses (``--output-format concise --exit-zero -q -o FILE``):
  reports/s (wall), CPU ms per report, peak memory;
- cold start: ``gxrules check one-report.txt`` as a new process (wall ms),
  with warm caches (bytecode and the parser cache, as after the first run of
  an installed package) and fully cold (no bytecode, empty parser cache);
- growth: the folder run at several file counts, and one report with its
  text repeated 1x/2x/4x/8x, in process.

Every subprocess measure is repeated ``--runs`` times: min / median / max.
Memory: ``ru_maxrss`` of the child (the largest single process of the tree:
main or a worker), and on Linux the peak sum of the proportional set size
(PSS) over the whole process tree, sampled every 20 ms in one more run of
each folder measure (the timed runs are not sampled: sampling costs CPU the
run would otherwise have).

Subprocesses run with bytecode caching on (``PYTHONDONTWRITEBYTECODE``
removed, ``PYTHONPYCACHEPREFIX`` and ``GXRULES_CACHE_DIR`` in a temporary
directory), after one warm-up run, so nothing is written into the checkout or
the user's cache.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

# SPEC §9 targets (2-core machine)
TARGET_INPROC_MS = 5.0
TARGET_RPS_J2 = 250.0
TARGET_COLD_MS = 250.0
TARGET_PEAK_MB = 200.0


# ---------------------------------------------------------------- helpers
def pct(values, q):
    """The q-th percentile (0..100), nearest rank."""
    values = sorted(values)
    if not values:
        return float("nan")
    k = max(0, min(len(values) - 1, int(round(q / 100.0 * len(values) + 0.5)) - 1))
    return values[k]


def triple(values):
    """min / median / max of a list of figures."""
    values = [v for v in values if v is not None]
    if not values:
        return {"min": None, "median": None, "max": None, "n": 0}
    return {"min": min(values), "median": statistics.median(values), "max": max(values), "n": len(values)}


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        cpu = platform.processor() or "?"
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (OSError, AttributeError):
        load = "?"
    try:
        rev = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no",
                                "gxrules"], capture_output=True, text=True, timeout=10).stdout.strip()
        rev = rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        rev = "?"
    import gxrules

    # an editable (development) install adds its import hook to every start: say which one is measured
    where = Path(gxrules.__file__).resolve().parent
    install = "editable checkout" if where == (REPO / "gxrules").resolve() else "installed package"
    return {"cpus": os.cpu_count(), "cpu_model": cpu, "python": platform.python_version(),
            "platform": platform.platform(), "gxrules": gxrules.__version__, "git": rev,
            "install": install, "load_before": load}


def find_inputs(args):
    seeds = Path(args.seeds) if args.seeds else SHARED / "seeds"
    corpus = Path(args.corpus) if args.corpus else SHARED / "corpus" / "real"

    def reports(folder):
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)

    groups = {"seeds": reports(seeds), "corpus": reports(corpus)}
    if not any(groups.values()):
        groups = {"examples": reports(REPO / "examples")}
    return {k: v for k, v in groups.items() if v}


def gxrules_command():
    """The console script next to this interpreter (what users run), else ``python -m gxrules``."""
    bindir = Path(sys.executable).parent
    for name in ("gxrules", "gxrules.exe"):
        script = bindir / name
        if script.is_file():
            return [str(script)]
    return [sys.executable, "-m", "gxrules"]


class TreeSampler(threading.Thread):
    """Peak of the summed PSS (Linux) of a process and its descendants."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.stop = threading.Event()
        self.available = os.path.exists(f"/proc/{pid}/smaps_rollup")

    def tree(self):
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            try:
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/children") as fh:
                        todo.extend(int(c) for c in fh.read().split())
            except OSError:
                pass
        return out

    def run(self):
        while self.available and not self.stop.is_set():
            total = 0
            for pid in self.tree():
                try:
                    with open(f"/proc/{pid}/smaps_rollup") as fh:
                        for line in fh:
                            if line.startswith("Pss:"):
                                total += int(line.split()[1])
                                break
                except OSError:
                    pass
            self.peak_kb = max(self.peak_kb, total)
            self.stop.wait(0.02)


def run_child(cmd, env, cwd, sample=False):
    """Run a command; return wall seconds, CPU seconds, ru_maxrss (MB), tree PSS peak (MB), exit code."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = None
    if sample:
        sampler = TreeSampler(proc.pid)
        sampler.start()
    try:
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
    except AttributeError:  # pragma: no cover - no os.wait4 (Windows)
        proc.wait()
        wall, usage = time.perf_counter() - t0, None
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if sampler:
        sampler.stop.set()
        sampler.join()
    scale = 1024.0 if sys.platform != "darwin" else 1024.0 * 1024.0  # ru_maxrss: KB on Linux, bytes on macOS
    return {"wall": wall,
            "cpu": (usage.ru_utime + usage.ru_stime) if usage else None,
            "maxrss_mb": (usage.ru_maxrss / scale) if usage else None,
            "tree_pss_mb": (sampler.peak_kb / 1024.0) if sampler and sampler.available else None,
            "rc": proc.returncode, "stderr": err[-2000:]}


# ---------------------------------------------------------------- in process
def load_gxrules():
    try:
        import gxrules  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(REPO))
    from gxrules.linter import Linter
    from gxrules.runner import check_one
    from gxrules.source import SourceText

    return Linter, check_one, SourceText


def bench_inprocess(groups, reps, passes):
    """Per report: parse (decode + read) and check (decode + read + all rules + per-file work)."""
    Linter, check_one, SourceText = load_gxrules()
    linter = Linter()
    settings = linter.settings(isolated=True)
    out = {}
    per_file = {}
    for name, files in groups.items():
        datas = [(str(p), p.read_bytes()) for p in files]
        for path, data in datas:  # warm up: parser, templates, regex caches
            check_one(linter, data, settings, display_path=path)
        parse_medians, parse_p95, check_medians, check_p95 = [], [], [], []
        for _ in range(passes):
            parse, check = [], []
            for path, data in datas:
                file_check = []
                for _ in range(reps):
                    t0 = time.perf_counter()
                    linter.read(SourceText.from_bytes(data, path=path))
                    t1 = time.perf_counter()
                    check_one(linter, data, settings, display_path=path)
                    t2 = time.perf_counter()
                    parse.append((t1 - t0) * 1000)
                    check.append((t2 - t1) * 1000)
                    file_check.append((t2 - t1) * 1000)
                per_file.setdefault(Path(path).name, []).append(statistics.median(file_check))
            parse_medians.append(statistics.median(parse))
            parse_p95.append(pct(parse, 95))
            check_medians.append(statistics.median(check))
            check_p95.append(pct(check, 95))
        out[name] = {"files": len(datas), "bytes_median": statistics.median(len(d) for _, d in datas),
                     "parse_median_ms": triple(parse_medians), "parse_p95_ms": triple(parse_p95),
                     "check_median_ms": triple(check_medians), "check_p95_ms": triple(check_p95)}
    out["per_file_check_ms"] = {k: statistics.median(v) for k, v in per_file.items()}
    return out


def bench_size(groups, reps, factors=(1, 2, 4, 8)):
    """One report with its text repeated k times, in process: does cost grow linearly?"""
    Linter, check_one, SourceText = load_gxrules()
    linter = Linter()
    settings = linter.settings(isolated=True)
    files = groups.get("seeds") or next(iter(groups.values()))
    base = files[0].read_bytes().decode("utf-8", "replace")
    out = {"file": files[0].name, "points": []}
    for k in factors:
        text = "\n".join([base] * k)
        check_one(linter, text, settings)
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            check_one(linter, text, settings)
            times.append((time.perf_counter() - t0) * 1000)
        out["points"].append({"factor": k, "chars": len(text), "ms": triple(times)})
    one = out["points"][0]["ms"]["median"]
    for p in out["points"]:
        p["per_copy_vs_1x"] = (p["ms"]["median"] / p["factor"]) / one if one else None
    return out


# ---------------------------------------------------------------- subprocesses
def make_folder(root: Path, inputs, count: int) -> Path:
    """``count`` reports copied round-robin from ``inputs`` into folders of 500."""
    folder = root / f"reports-{count}"
    if folder.exists():
        return folder
    for i in range(count):
        src = inputs[i % len(inputs)]
        sub = folder / f"{i // 500:03d}"
        if i % 500 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, sub / f"{i:05d}_{src.name}")
    return folder


def child_env(tmp: Path, cold=False):
    env = dict(os.environ)
    env.pop("GXRULES_NO_CACHE", None)
    env["CI"] = "1"  # never a progress bar
    if cold:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = str(tmp / f"pyc-cold-{time.monotonic_ns()}")
        env["GXRULES_CACHE_DIR"] = str(tmp / f"cache-cold-{time.monotonic_ns()}")
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pyc")
        env["GXRULES_CACHE_DIR"] = str(tmp / "cache")
    return env


def bench_cold(cmd, env, cold_env_fn, tmp, target, runs):
    args = cmd + ["check", str(target), "--output-format", "concise", "--exit-zero", "-q", "--isolated"]
    run_child(args, env, tmp)  # warm-up: bytecode and parser cache
    warm = [run_child(args, env, tmp) for _ in range(runs)]
    cold = [run_child(args, cold_env_fn(), tmp) for _ in range(max(1, runs // 2))]
    python = [run_child([sys.executable, "-c", "pass"], env, tmp) for _ in range(runs)]
    bad = [r for r in warm + cold if r["rc"] != 0]
    return {"warm_ms": triple([r["wall"] * 1000 for r in warm]),
            "cold_no_cache_ms": triple([r["wall"] * 1000 for r in cold]),
            "python_startup_ms": triple([r["wall"] * 1000 for r in python]),
            "maxrss_mb": triple([r["maxrss_mb"] for r in warm]),
            "errors": [r["stderr"] for r in bad]}


def bench_folder(cmd, env, tmp, folder, count, jobs, runs):
    outfile = tmp / f"out-{count}-j{jobs}.txt"
    args = cmd + ["check", str(folder), "-j", str(jobs), "--output-format", "concise", "--exit-zero", "-q",
                  "-o", str(outfile), "--isolated"]
    # timed runs unsampled: reading smaps_rollup costs ~2 CPU ms per sample (the kernel walks
    # every process's page tables), which at one sample per 20 ms takes ~5 % of a two-core
    # machine away from the run being timed; the tree's memory comes from one more run, sampled
    results = [run_child(args, env, tmp) for _ in range(runs)]
    sampled = run_child(args, env, tmp, sample=True)
    ok = [r for r in results if r["rc"] == 0]
    lines = 0
    if outfile.exists():
        with open(outfile, encoding="utf-8", errors="replace") as fh:
            lines = sum(1 for _ in fh)
    return {"files": count, "jobs": jobs,
            "reports_per_s": triple([count / r["wall"] for r in ok]),
            "wall_s": triple([r["wall"] for r in ok]),
            "cpu_ms_per_report": triple([r["cpu"] * 1000 / count for r in ok if r["cpu"] is not None]),
            "maxrss_mb": triple([r["maxrss_mb"] for r in ok + [sampled] if r["rc"] == 0]),
            "tree_pss_mb": triple([sampled["tree_pss_mb"]] if sampled["rc"] == 0 else []),
            "findings": lines, "errors": [r["stderr"] for r in results + [sampled] if r["rc"] != 0]}


# ---------------------------------------------------------------- output
def fmt(t, digits=1):
    if not t or t.get("median") is None:
        return "—"
    if t["n"] == 1:
        return f"{t['median']:.{digits}f}"
    return f"{t['min']:.{digits}f} / {t['median']:.{digits}f} / {t['max']:.{digits}f}"


def verdict(value, target, higher_is_better=False):
    if value is None:
        return "?"
    ok = value >= target if higher_is_better else value <= target
    return "met" if ok else "NOT met"


def table(res):
    m = res["machine"]
    rows = []
    add = rows.append
    inp = res["inprocess"]
    for group in ("seeds", "corpus", "examples"):
        if group not in inp:
            continue
        g = inp[group]
        add((f"in process, {group} ({g['files']} files): check median, ms", fmt(g["check_median_ms"], 2),
             f"≤ {TARGET_INPROC_MS:g}" if group != "corpus" else "",
             verdict(g["check_median_ms"]["median"], TARGET_INPROC_MS) if group != "corpus" else ""))
        add((f"in process, {group}: check p95, ms", fmt(g["check_p95_ms"], 2), "", ""))
        add((f"in process, {group}: parse alone median / p95, ms",
             f"{g['parse_median_ms']['median']:.2f} / {g['parse_p95_ms']['median']:.2f}", "", ""))
    for f in res["folder"]:
        if f["files"] != res["files"]:
            continue
        target = f"≥ {TARGET_RPS_J2:g}" if f["jobs"] == 2 else ""
        add((f"gxrules check {f['files']} files -j {f['jobs']}: reports/s", fmt(f["reports_per_s"]), target,
             verdict(f["reports_per_s"]["median"], TARGET_RPS_J2, True) if f["jobs"] == 2 else ""))
        add((f"  -j {f['jobs']}: wall s / CPU ms per report",
             f"{fmt(f['wall_s'])}  |  {fmt(f['cpu_ms_per_report'])}", "", ""))
        peak = f["maxrss_mb"]["max"]
        add((f"  -j {f['jobs']}: peak memory, ru_maxrss MB (tree PSS MB)",
             f"{fmt(f['maxrss_mb'])} ({fmt(f['tree_pss_mb'])})", f"≤ {TARGET_PEAK_MB:g}",
             verdict(max(peak or 0, f['tree_pss_mb']['max'] or 0), TARGET_PEAK_MB)))
    c = res["cold"]
    if c:
        add(("cold start, gxrules check one report, ms (warm caches)", fmt(c["warm_ms"], 0),
             f"≤ {TARGET_COLD_MS:g}", verdict(c["warm_ms"]["median"], TARGET_COLD_MS)))
        add(("  first run: no bytecode, empty parser cache, ms", fmt(c["cold_no_cache_ms"], 0), "", ""))
        add(("  python -c pass, ms", fmt(c["python_startup_ms"], 0), "", ""))
    growth = res["growth_count"]
    if growth:
        base = growth[0]
        for g in growth:
            ratio = (g["cpu_ms_per_report"]["median"] / base["cpu_ms_per_report"]["median"]
                     if base["cpu_ms_per_report"]["median"] else float("nan"))
            add((f"growth by count: {g['files']} files -j {g['jobs']}, reports/s | CPU ms/report (×{ratio:.2f})",
                 f"{fmt(g['reports_per_s'])}  |  {fmt(g['cpu_ms_per_report'])}", "linear", ""))
    for p in res["growth_size"]["points"]:
        add((f"growth by size: {res['growth_size']['file']} ×{p['factor']} ({p['chars']} chars), ms "
             f"(per copy ×{p['per_copy_vs_1x']:.2f})", fmt(p["ms"], 1), "linear", ""))
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    head = (f"gxrules {m['gxrules']} ({m['git']}, {m.get('install', '?')}), Python {m['python']}, "
            f"{m['cpus']} CPUs ({m['cpu_model']}), "
            f"load {m['load_before']} → {m.get('load_after', '?')}\n"
            f"figures: min / median / max over {res['runs']} runs (one figure: one run)\n")
    lines = [head, f"{'measure':<{width}}  {'figure':<{vwidth}}  target   status", "-" * (width + vwidth + 20)]
    for name, value, target, status in rows:
        lines.append(f"{name:<{width}}  {value:<{vwidth}}  {target:<7}  {status}")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1,000 files, fewer repeats")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--json-file", default=None, help="also write the figures as JSON to this file")
    ap.add_argument("--runs", type=int, default=None, help="repeats of each subprocess measure (default 3; quick 2)")
    ap.add_argument("--files", type=int, default=None, help="folder size (default 5000; quick 1000)")
    ap.add_argument("--counts", default=None, help="file counts for growth (default 500,1000,2000,5000)")
    ap.add_argument("--seeds", default=None)
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--skip", default="", help="comma list of parts to skip: inprocess,folder,cold,growth")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args(argv)
    runs = args.runs or (2 if args.quick else 3)
    files = args.files or (1000 if args.quick else 5000)
    counts = [int(c) for c in args.counts.split(",")] if args.counts else (
        [250, 500, 1000] if args.quick else [500, 1000, 2000, 5000])
    counts = sorted(set(c for c in counts if c <= files) | {files})
    skip = set(filter(None, args.skip.split(",")))
    log = (lambda *a: print(*a, file=sys.stderr, flush=True))

    groups = find_inputs(args)
    inputs = [p for files_ in groups.values() for p in files_]
    res = {"machine": machine(), "runs": runs, "files": files, "inputs": {k: len(v) for k, v in groups.items()},
           "inprocess": {}, "folder": [], "cold": {}, "growth_count": [], "growth_size": {"points": []}}
    tmp = Path(tempfile.mkdtemp(prefix="gxrules-bench-"))
    try:
        if "inprocess" not in skip:
            log("in process …")
            res["inprocess"] = bench_inprocess(groups, reps=3 if args.quick else 5, passes=runs)
            res["growth_size"] = bench_size(groups, reps=3 if args.quick else 5)
        cmd = gxrules_command()
        env = child_env(tmp)
        if "cold" not in skip:
            log("cold start …")
            first = (groups.get("seeds") or inputs)[0]
            res["cold"] = bench_cold(cmd, env, lambda: child_env(tmp, cold=True), tmp, first,
                                     runs=max(5, 2 * runs + 1))
        cache_file = tmp / "cache"
        if "folder" not in skip or "growth" not in skip:  # warm-up: fills the caches the measured runs read
            folder = make_folder(tmp, inputs, files)
            run_child(cmd + ["check", str(folder / "000"), "--exit-zero", "-q", "-o", os.devnull], env, tmp)
        before = {p: p.stat().st_mtime_ns for p in cache_file.rglob("*") if p.is_file()}
        if "folder" not in skip:
            for jobs in (1, 2):
                log(f"{files} files, -j {jobs} …")
                res["folder"].append(bench_folder(cmd, env, tmp, folder, files, jobs, runs))
        if "growth" not in skip:
            for count in counts:
                if count == files and res["folder"]:
                    res["growth_count"].append(next(f for f in res["folder"] if f["jobs"] == 2))
                    continue
                log(f"growth: {count} files, -j 2 …")
                folder = make_folder(tmp, inputs, count)
                res["growth_count"].append(bench_folder(cmd, env, tmp, folder, count, 2, 1))
            res["growth_count"].sort(key=lambda g: g["files"])
        after = {p: p.stat().st_mtime_ns for p in cache_file.rglob("*") if p.is_file()}
        res["parser_cache"] = {"files": [str(p.relative_to(tmp)) for p in after],
                               "rewritten_during_runs": any(before.get(p) != t for p, t in after.items())}
    finally:
        try:
            res["machine"]["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        except (OSError, AttributeError):
            pass
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    errors = [e for f in res["folder"] + res["growth_count"] for e in f["errors"]] + res["cold"].get("errors", [])
    if args.json_file:
        with open(args.json_file, "w", encoding="utf-8") as fh:
            json.dump(res, fh, ensure_ascii=False, indent=2)
    if args.json:
        json.dump(res, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(table(res))
        if res["inprocess"].get("per_file_check_ms"):
            slow = sorted(res["inprocess"]["per_file_check_ms"].items(), key=lambda kv: -kv[1])[:5]
            print("\nslowest reports in process (check, ms): "
                  + ", ".join(f"{name} {ms:.1f}" for name, ms in slow))
        if res.get("parser_cache", {}).get("files"):
            print(f"parser cache: {', '.join(res['parser_cache']['files']) or 'none'}; rewritten during the "
                  f"measured runs: {'yes' if res['parser_cache']['rewritten_during_runs'] else 'no (hit)'}")
    for e in errors:
        print(f"error from a gxrules run: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
