#!/usr/bin/env python3
"""Where the time of one report goes: decode, line scan, read, each rule.

Standard library only; gxrules must be importable. Times are CPU time of this
process (``time.process_time``), the minimum over ``--repeat`` runs, so the
figures hold steady on a busy machine. "rules" times ``Linter.run_rules`` alone
on a freshly read report each time (the read is not timed), so what rules
share through the report (claims, fee facts) is charged to the first rule that
asks for it, as in a real run::

    python benchmarks/phases.py                  # the seeds
    python benchmarks/phases.py --corpus         # the seeds and the real corpus
    python benchmarks/phases.py FILE ... --rules # per-rule figures too
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times) * 1000


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--corpus", action="store_true", help="add ../shared/corpus/real")
    ap.add_argument("--rules", action="store_true", help="time each rule")
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args(argv)

    from gxrules.linter import Linter
    from gxrules.parser import parse_lines
    from gxrules.rules import RuleContext
    from gxrules.source import SourceText

    files = [Path(f) for f in args.files] or sorted((SHARED / "seeds").glob("*.txt"))
    if args.corpus:
        files += sorted(p for p in (SHARED / "corpus" / "real").iterdir() if p.suffix in (".txt", ".md", ".html"))
    linter = Linter().prepare()
    settings = linter.settings(isolated=True)
    rules = [s for s in linter.selected_rules(settings) if not s.cross_file]
    per_rule = defaultdict(list)
    rows = []
    print(f"{'file':40} {'decode':>7} {'lines':>7} {'read':>7} {'rules':>7} {'check':>7}   (CPU ms, min of {args.repeat})")
    for path in files:
        data = path.read_bytes()

        def rules_only():  # the rules on a freshly read report, the read not timed
            times = []
            for _ in range(args.repeat):
                report = linter.parse(data)
                t = time.process_time()
                linter.run_rules(report, settings)
                times.append(time.process_time() - t)
            return min(times) * 1000

        decode = best(lambda: SourceText.from_bytes(data).normalised, args.repeat)
        lines = best(lambda: parse_lines(SourceText.from_bytes(data)), args.repeat)
        read = best(lambda: linter.parse(data), args.repeat)
        check = best(lambda: linter.check(data, settings), args.repeat)
        rules_ms = rules_only()
        rows.append((decode, lines, read, rules_ms, check))
        print(f"{path.name[:40]:40} {decode:7.2f} {lines:7.2f} {read:7.2f} {rules_ms:7.2f} {check:7.2f}")
        if args.rules:
            runs = defaultdict(list)
            for _ in range(max(3, args.repeat // 3)):
                report = linter.parse(data)
                for spec in rules:  # in order, on one report: shared facts go to the first rule using them
                    ctx = RuleContext(spec=spec, path=str(path), options=settings.rule_options.get(spec.code, {}),
                                      settings=settings, template=linter.templates.get(report.template))
                    t = time.process_time()
                    list(spec.check(report, ctx) or ())
                    runs[spec.code].append(time.process_time() - t)
            for code, times in runs.items():
                per_rule[code].append(min(times) * 1000)
    cols = list(zip(*rows))
    print(f"{'median':40} " + " ".join(f"{statistics.median(c):7.2f}" for c in cols))
    if args.rules:
        print("\nrule    median ms   max ms   (over the files)")
        for code, times in sorted(per_rule.items(), key=lambda kv: -statistics.median(kv[1])):
            if max(times) >= 0.02:
                print(f"{code:7} {statistics.median(times):9.3f} {max(times):8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
