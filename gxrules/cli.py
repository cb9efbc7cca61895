"""The command line: ``gxrules check | extract | rules | explain | plugins``.

``main(argv) -> int`` never calls ``sys.exit``; ``console_main`` does.
Exit codes: 0 nothing at or above the fail level; 1 findings; 2 usage,
configuration, plugin-load or internal error.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import sys
from pathlib import Path
from typing import List, Optional, Sequence, TextIO

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
COMMANDS = ("check", "extract", "rules", "explain", "plugins", "version")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # exit 2 without a traceback, in Chinese
        raise UsageError(f"{self.prog}: 参数错误：{message}")


def _add_plugin_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-p", dest="plugin_flags", action="append", default=[], metavar="no:NAME",
                   help="不加载名为 NAME 的插件（-p no:NAME）")
    p.add_argument("--disable-plugin-autoload", action="store_true",
                   help="不自动加载已安装的插件（也可设环境变量 GXRULES_DISABLE_PLUGIN_AUTOLOAD=1）")


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = _Parser(prog="gxrules", description="政府信息公开工作年度报告检查工具（gxrules）")
    parser.add_argument("--version", action="store_true", help="显示版本和已加载的插件")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    c = sub.add_parser("check", help="检查年度报告")
    c.add_argument("paths", nargs="*", default=None, help="文件或目录（默认当前目录）")
    c.add_argument("--select", default=None, help="启用的规则代码或前缀，逗号分隔（如 CN2,CN301）")
    c.add_argument("--extend-select", default=None, help="在已选规则之外再启用")
    c.add_argument("--ignore", default=None, help="忽略的规则代码或前缀")
    c.add_argument("--output-format", default=None, help="full, concise, json, json-lines, sarif, github, junit, html")
    c.add_argument("-o", "--output-file", default=None, help="输出写入文件")
    c.add_argument("--statistics", action="store_true", help="按规则统计问题数")
    c.add_argument("--fix", action="store_true", help="自动修复可安全修复的问题")
    c.add_argument("--unsafe-fixes", action="store_true", help="同时应用需核对的修复")
    c.add_argument("--diff", action="store_true", help="只显示修复会做的改动，不写文件")
    c.add_argument("--exit-zero", action="store_true", help="有问题也以 0 退出")
    c.add_argument("--fail-on", choices=("error", "warning", "info"), default=None,
                   help="达到该级别的问题才以 1 退出（默认 error）")
    c.add_argument("--config", default=None, help="配置文件路径")
    c.add_argument("--isolated", action="store_true", help="忽略所有配置文件")
    c.add_argument("--force-exclude", action="store_true", help="明确给出的文件也遵守 exclude")
    c.add_argument("--baseline", default=None, help="忽略基线文件中已记录的问题")
    c.add_argument("--write-baseline", default=None, help="把当前问题写入基线文件")
    c.add_argument("-j", "--jobs", type=int, default=1, help="并行进程数")
    c.add_argument("-q", "--quiet", action="store_true", help="只输出问题")
    c.add_argument("-v", "--verbose", action="store_true", help="显示跳过的文件等详细信息")
    c.add_argument("--previous", default=None, help="上一年度报告（跨年度规则用）")
    c.add_argument("--max-file-size", default=None, help="文件大小上限（如 5MB）")
    _add_plugin_options(c)

    e = sub.add_parser("extract", help="输出读取到的报告数据（JSON 或 CSV）")
    e.add_argument("paths", nargs="+", help="文件或目录")
    e.add_argument("--format", choices=("json", "csv"), default="json")
    e.add_argument("-o", "--output-file", default=None)
    _add_plugin_options(e)

    r = sub.add_parser("rules", help="列出所有规则")
    r.add_argument("--output-format", choices=("text", "json", "markdown"), default="text",
                   help="markdown 生成 docs/rules.md")
    _add_plugin_options(r)

    x = sub.add_parser("explain", help="显示规则说明")
    x.add_argument("code")
    _add_plugin_options(x)

    pl = sub.add_parser("plugins", help="列出已加载的插件")
    pl.add_argument("--output-format", choices=("text", "json"), default="text")
    _add_plugin_options(pl)

    v = sub.add_parser("version", help="显示版本和已加载的插件")
    _add_plugin_options(v)
    parser.set_defaults(version_text=__version__)
    return parser


def _blocked(args) -> List[str]:
    out = []
    for flag in getattr(args, "plugin_flags", []) or []:
        if not flag.startswith("no:"):
            raise UsageError(f"-p 只接受 no:NAME 形式，收到 {flag}")
        out.append(flag[3:])
    return out


def _linter(args):
    from .linter import Linter

    return Linter(load_entrypoints=False if getattr(args, "disable_plugin_autoload", False) else None,
                  blocked=_blocked(args))


def main(argv: Optional[Sequence[str]] = None, stdout: Optional[TextIO] = None,
         stderr: Optional[TextIO] = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    argv = _with_command(argv)
    parser = build_parser()
    from .config import ConfigError
    from .linter import RuleRegistryError
    from .plugin import PluginLoadError

    try:
        args = parser.parse_args(argv)
        if args.version or args.command == "version":
            return _version(args, stdout)
        if args.command is None:
            parser.print_help(stdout)
            return EXIT_OK
        handler = {"check": cmd_check, "extract": cmd_extract, "rules": cmd_rules,
                   "explain": cmd_explain, "plugins": cmd_plugins}[args.command]
        return handler(args, stdout, stderr)
    except UsageError as exc:
        print(str(exc), file=stderr)
        return EXIT_ERROR
    except (ConfigError, PluginLoadError, RuleRegistryError) as exc:
        print(f"gxrules: {exc}", file=stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("gxrules: 已中断", file=stderr)
        return EXIT_ERROR
    except Exception as exc:  # an internal error: exit 2, traceback only when asked for
        import traceback

        print(f"gxrules: 内部错误：{type(exc).__name__}: {exc}（请报告此问题；设 GXRULES_DEBUG=1 显示详情）",
              file=stderr)
        if os.environ.get("GXRULES_DEBUG"):
            traceback.print_exc(file=stderr)
        return EXIT_ERROR


def _with_command(argv: List[str]) -> List[str]:
    """Put the command first: `gxrules -p no:X rules` is `gxrules rules -p no:X`; no command means check."""
    if not argv or argv[0] in COMMANDS or argv[0] in ("-h", "--help"):
        return argv
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        if argv[i] == "-p" and i + 1 < len(argv):
            i += 1  # -p takes a value
        i += 1
    if i < len(argv) and argv[i] in COMMANDS:
        return [argv[i]] + argv[:i] + argv[i + 1:]
    if "--version" in argv:
        return ["version"] + [a for a in argv if a != "--version"]
    return ["check"] + argv


def _interrupt_on_sigterm() -> None:
    """SIGTERM (a CI job cancelled, ``kill``) unwinds like Ctrl-C: ``--fix`` removes its temporary
    file and leaves the original intact, instead of the process vanishing mid-write."""
    import signal

    def handler(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, handler)
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not the main thread, no SIGTERM
        pass


def console_main() -> None:
    _interrupt_on_sigterm()
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    raise SystemExit(code)


# ---------------------------------------------------------------- commands
def _version(args, out) -> int:
    from . import __version__

    pm = _linter(args).pm
    extra = [f"{i.dist} {i.version}" for i in pm.infos if i.dist != "gxrules"]
    print(f"gxrules {__version__}" + (f"（插件：{', '.join(extra)}）" if extra else ""), file=out)
    return EXIT_OK


def cmd_check(args, stdout, stderr) -> int:
    from .config import parse_size
    from .reporters import RunResult, get_reporter, shows_source
    from .runner import LineSource, check_paths, discover
    from .suppress import read_baseline, write_baseline

    linter = _linter(args)
    cli = {"select": args.select, "extend-select": args.extend_select, "ignore": args.ignore,
           "output-format": args.output_format, "fail-on": args.fail_on}
    if args.max_file_size is not None:
        cli["max-file-size"] = args.max_file_size
    paths = args.paths or ["."]
    start = Path(paths[0]) if paths and Path(paths[0]).is_dir() else Path.cwd()
    settings = linter.settings({k: v for k, v in cli.items() if v is not None}, start=Path.cwd(),
                               config=args.config, isolated=args.isolated)
    _require_plugins(linter, settings)
    for p in paths:
        if not os.path.lexists(p):
            raise UsageError(f"gxrules: 路径不存在：{p}")
    files = list(discover(paths, settings, force_exclude=args.force_exclude))
    fix_mode = None
    if args.fix or args.diff:
        fix_mode = ("unsafe-" if args.unsafe_fixes else "") + ("diff" if args.diff else "fix")
    progress = _progress_bar(stderr, len(files)) if not args.quiet else None
    # the source lines findings point at, only for a format that shows them (not for statistics,
    # a baseline or a diff)
    source_lines = not (args.statistics or args.write_baseline or args.diff) and shows_source(
        settings.output_format, linter.reporters())
    try:
        outcomes = check_paths(linter, files, settings, jobs=max(1, args.jobs), fix_mode=fix_mode,
                               previous_path=args.previous, progress=progress,
                               load_entrypoints=False if args.disable_plugin_autoload else None,
                               blocked=_blocked(args), source_lines=source_lines)
    finally:
        if progress:
            progress(None)
    diagnostics = [d for o in outcomes for d in o.diagnostics]
    crashed = any(o.crashed for o in outcomes)
    if args.write_baseline:
        n = write_baseline(Path(args.write_baseline), diagnostics)
        if not args.quiet:
            print(f"已将 {n} 个问题写入基线文件 {args.write_baseline}", file=stderr)
        return EXIT_ERROR if crashed else EXIT_OK
    if args.baseline:
        try:
            known = read_baseline(Path(args.baseline))
        except (OSError, ValueError, KeyError) as exc:
            raise UsageError(f"gxrules: 无法读取基线文件 {args.baseline}：{exc}")
        diagnostics = [d for d in diagnostics if d.fingerprint() not in known]
    if args.diff:
        diffs = [o.diff for o in outcomes if getattr(o, "diff", "")]
        stdout.write("".join(diffs))
        return EXIT_FINDINGS if diffs else EXIT_OK
    run = RunResult(diagnostics=diagnostics, files=[o.path for o in outcomes],
                    sources={o.path: LineSource(o.path, o.lines) for o in outcomes},
                    rules=linter.rules, fixed=sum(o.fixed for o in outcomes),
                    skipped=[o.path for o in outcomes if o.skipped], quiet=args.quiet,
                    reports={o.path: o.summary for o in outcomes if o.summary})
    reporter = get_reporter(settings.output_format, linter.reporters())
    def write(out):
        if args.statistics:  # as ruff: the statistics instead of the findings
            _statistics(diagnostics, linter, out, unsafe_fixes=args.unsafe_fixes)
        else:
            reporter.write(run, out)

    if args.output_file:
        try:
            with open(args.output_file, "w", encoding="utf-8", errors="replace", newline="\n") as fh:
                write(fh)
        except OSError as exc:
            raise UsageError(f"gxrules: 无法写入输出文件 {args.output_file}：{exc.strerror or exc}")
    else:
        write(stdout)
    if args.verbose:
        for o in outcomes:
            if o.skipped:
                print(f"跳过 {o.path}：{o.skipped}", file=stderr)
    for o in outcomes:
        if getattr(o, "error", None):
            print(f"gxrules: {o.path}：{o.error}", file=stderr)
    if crashed:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    level = settings.fail_level
    return EXIT_FINDINGS if any(d.severity >= level for d in diagnostics) else EXIT_OK


def _require_plugins(linter, settings) -> None:
    from .plugin import PluginLoadError

    import re

    def norm(name: str) -> str:  # PEP 503: gxrules_ningxia, GXRules-Ningxia, gxrules-ningxia are one name
        return re.sub(r"[-_.]+", "-", name).lower()

    loaded = {norm(i.dist) for i in linter.pm.infos} | {norm(i.name) for i in linter.pm.infos}
    loaded |= {n[len("gxrules-"):] for n in list(loaded) if n.startswith("gxrules-")}
    for name in settings.require_plugins:
        if norm(name) not in loaded:
            raise UsageError(f"gxrules: 配置要求的插件 {name} 未安装或未加载（require-plugins）")


def _statistics(diagnostics, linter, out, unsafe_fixes: bool = False) -> None:
    """Findings per rule as ruff prints them: count, code, fix marker, name; most frequent first.

    ``count<TAB>code<TAB>[*] name`` with the count right-aligned and the code
    padded to the widest; the marker is ``[*]`` when every finding of the rule
    can be fixed (safe fixes, or unsafe ones too with ``unsafe_fixes``),
    ``[~]`` when some can, ``[ ]`` when none can, and absent when no finding
    at all can be fixed. Nothing is printed when there are no findings.
    """
    from collections import Counter

    counts: Counter = Counter()
    fixable: Counter = Counter()
    names = {}
    for d in diagnostics:
        counts[d.code] += 1
        names.setdefault(d.code, d.name)
        if d.fix is not None and (unsafe_fixes or d.fix.applicability == "safe"):
            fixable[d.code] += 1
    if not counts:
        return
    count_width = len(str(max(counts.values())))
    code_width = max(len(code) for code in counts)
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if not fixable:
            mark = ""
        else:
            mark = "[*] " if fixable[code] == n else "[~] " if fixable[code] else "[ ] "
        spec = linter.rules.get(code)
        print(f"{n:>{count_width}}\t{code:<{code_width}}\t{mark}{spec.name if spec else names[code]}", file=out)


_CI_VARIABLES = ("GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "CIRCLECI", "TRAVIS", "JENKINS_URL", "TF_BUILD",
                 "TEAMCITY_VERSION", "BITBUCKET_BUILD_NUMBER", "APPVEYOR", "DRONE", "WOODPECKER_CI")


def _in_ci(env) -> bool:
    if str(env.get("CI", "")).strip().lower() not in ("", "0", "false", "no"):
        return True
    return any(env.get(name) for name in _CI_VARIABLES)


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


def _progress_bar(stream, total: int, label: str = "检查", *, env=None, delay: float = 0.5,
                  interval: float = 0.1, clock=None):
    """A progress bar on ``stream`` for runs over several files, or None where none belongs.

    Only on a terminal: never when ``stream`` is a pipe or file, in CI logs
    (``CI`` or a CI service's variable set), on a dumb terminal, or for a single
    file. The bar appears once the run has taken ``delay`` seconds (quick runs
    never flash one) and is redrawn at most every ``interval`` seconds.
    ``update(done)`` draws it; ``update(None)`` erases it (before other output).
    """
    import time

    env = os.environ if env is None else env
    if total < 2 or not _isatty(stream) or _in_ci(env) or env.get("TERM") == "dumb":
        return None
    clock = clock or time.monotonic
    width = 30
    started = clock()
    state = {"shown": 0, "last": None}

    def update(done):
        if done is None:
            if state["shown"]:
                stream.write("\r" + " " * state["shown"] + "\r")
                stream.flush()
                state["shown"] = 0
            return
        now = clock()
        if now - started < delay:
            return
        if done < total and state["last"] is not None and now - state["last"] < interval:
            return
        state["last"] = now
        filled = width * done // total
        text = f"{label} [{'#' * filled}{'-' * (width - filled)}] {done}/{total}"
        shown = len(text) + sum(1 for ch in label if ord(ch) > 0x2E7F)  # CJK takes two columns
        stream.write("\r" + text + " " * max(0, state["shown"] - shown))
        stream.flush()
        state["shown"] = max(shown, state["shown"])

    return update


def cmd_extract(args, stdout, stderr) -> int:
    """Write what was read from every report under the paths, streamed report by report."""
    from .extract import extract_files, write_extract

    linter = _linter(args)
    for p in args.paths:
        if not os.path.lexists(p):
            raise UsageError(f"gxrules: 路径不存在：{p}")
    files = extract_files(args.paths)
    # a bar on the terminal, but never mixed into data written to that same terminal
    progress = _progress_bar(stderr, len(files), "读取") if args.output_file or not _isatty(stdout) else None
    try:
        out = open(args.output_file, "w", encoding="utf-8", errors="replace", newline="") if args.output_file else stdout
    except OSError as exc:
        raise UsageError(f"gxrules: 无法写入 {args.output_file}：{exc.strerror or exc}")
    try:
        return write_extract(linter, args.paths, args.format, out, stderr, progress=progress, files=files)
    finally:
        if progress:
            progress(None)
        if args.output_file:
            out.close()


def cmd_rules(args, stdout, stderr) -> int:
    linter = _linter(args)
    rows = [{"code": s.code, "name": s.name, "severity": s.severity.label, "plugin": s.plugin,
             "fixable": s.fixable, "summary": s.summary, "default_enabled": s.default_enabled}
            for s in linter.rules.values()]
    if args.output_format == "json":
        json.dump(rows, stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    elif args.output_format == "markdown":
        stdout.write(rules_markdown(linter.rules.values()))
    else:
        for r in rows:
            fix = "[*]" if r["fixable"] else "   "
            print(f"{r['code']}  {fix} {r['name']:<28} {r['severity']:<8} {r['plugin']:<16} {r['summary']}",
                  file=stdout)
    return EXIT_OK


def rules_markdown(specs) -> str:
    """docs/rules.md: generated from the registered rules (``gxrules rules --output-format markdown``)."""
    specs = list(specs)
    out = ["# Rules", "",
           "Generated by `gxrules rules --output-format markdown > docs/rules.md`; do not edit by hand.", "",
           "| code | name | severity | fix | plugin | summary |", "|---|---|---|---|---|---|"]
    for s in specs:
        out.append(f"| [{s.code}](#{s.code.lower()}) | `{s.name}` | {s.severity.label} | "
                   f"{'yes' if s.fixable else ''} | {s.plugin} | {s.summary} |")
    for s in specs:
        out += ["", f"## {s.code}", "", f"`{s.name}` · {s.severity.label} · {s.plugin}"
                + (" · fixable" if s.fixable else ""), "", s.summary, "", s.doc]
        if s.options:
            out += ["", "Options:", ""]
            out += [f"- `{name}` (default `{opt.default!r}`): {opt.help}" for name, opt in s.options.items()]
    return "\n".join(out) + "\n"


def cmd_explain(args, stdout, stderr) -> int:
    linter = _linter(args)
    spec = linter.rules.get(args.code.upper())
    if spec is None:
        raise UsageError(f"gxrules: 没有规则 {args.code}（gxrules rules 列出所有规则）")
    print(f"{spec.code} {spec.name}（{spec.severity.label}，插件 {spec.plugin}{'，可自动修复' if spec.fixable else ''}）",
          file=stdout)
    print(spec.summary, file=stdout)
    print("", file=stdout)
    print(spec.doc, file=stdout)
    if spec.options:
        print("\n选项：", file=stdout)
        for name, opt in spec.options.items():
            print(f"  {name} = {opt.default!r}  {opt.help}", file=stdout)
    return EXIT_OK


def cmd_plugins(args, stdout, stderr) -> int:
    linter = _linter(args)
    by_plugin = {}
    for spec in linter.rules.values():
        by_plugin.setdefault(spec.plugin, []).append(spec.code)
    seen = set()
    rows = []
    for info in linter.pm.infos:
        if info.dist in seen:
            continue
        seen.add(info.dist)
        hooks = sorted({h for i in linter.pm.infos if i.dist == info.dist for h in i.hooks})
        rows.append({"name": info.dist, "entry_point": info.name, "version": info.version,
                     "hooks": hooks, "rules": by_plugin.get(info.dist, [])})
    if args.output_format == "json":
        json.dump(rows, stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        for r in rows:
            print(f"{r['name']} {r['version']}", file=stdout)
            print(f"  钩子：{', '.join(r['hooks'])}", file=stdout)
            print(f"  规则：{', '.join(r['rules']) or '（无）'}", file=stdout)
    return EXIT_OK
