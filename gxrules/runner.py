"""Running a check over files: discovery, parallel work, cross-year rules, suppression.

One file goes through :func:`check_one` (in a worker process when ``-j`` > 1):
size limit (CN903), decoding (CN901), reading, the per-file rules, fixes and
per-file suppression. Cross-year rules (CN207, CN208) then run for the files
whose previous-year report is known: first on the tables each file's check kept
(:mod:`gxrules.tableview`), then on the files read again where they find something.
"""
from __future__ import annotations

import gc
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from .diagnostics import Diagnostic, Position, Span
from .model import Report
from .selection import path_matches, per_file_ignored, relative_posix
from .source import DecodeError, SourceText


@dataclass
class FileOutcome:
    path: str
    diagnostics: List[Diagnostic] = field(default_factory=list)
    skipped: Optional[str] = None  # why the file is not a report
    identity: Optional[Tuple[str, int]] = None  # (body, year) for cross-year rules
    lines: Dict[int, str] = field(default_factory=dict)  # source lines the diagnostics point at
    crashed: bool = False
    fixed: int = 0
    report: Optional[Report] = None  # kept only when asked (in process)
    summary: Optional[dict] = None  # the extract record, for reporters that draw tables
    diff: str = ""  # --diff: what the fixes would change
    read: bool = False  # the file was read as a report (not skipped, not too large, decoded)
    error: Optional[str] = None  # the run could not do its job on this file (a fix that could not be written)
    tables: Optional[bytes] = None  # the report's tables packed for the cross-year pass (tableview.pack)


class LineSource:
    """The few source lines reporters need, without keeping whole files."""

    def __init__(self, path: str, lines: Dict[int, str]):
        self.path = path
        self._lines = lines
        self.line_count = max(lines, default=0)

    def line_text(self, n: int) -> str:
        return self._lines.get(n, "")


def _top() -> Span:
    p = Position(1, 1, 0)
    return Span(p, p)


def _engine_diagnostic(linter, code: str, path: str, message: str, data=None) -> Diagnostic:
    spec = linter.rules[code]
    return Diagnostic(code=code, name=spec.name, message=message, path=path, span=_top(),
                      severity=spec.severity, data=data or {}, plugin=spec.plugin, fingerprint_key=code)


def identity_of(report: Report) -> Optional[Tuple[str, int]]:
    if report.agency is None or report.year is None:
        return None
    body = re.sub(r"\s+", "", str(report.agency.value))
    return body, int(report.year.value)


def check_one(linter, target, settings, *, previous: Optional[Report] = None, fix=None,
              keep_report: bool = False, display_path: Optional[str] = None,
              pack_tables: bool = False, source_lines: bool = True) -> FileOutcome:
    """Check one path (or text/bytes) with the per-file rules (and cross-year ones when ``previous``).

    ``pack_tables``: keep the report's tables in the outcome for the cross-year pass.
    ``source_lines``: keep the text of the lines the findings point at (``lines``), for
    reporters that show them.
    """
    is_path = isinstance(target, (os.PathLike,)) or (
        isinstance(target, str) and "\n" not in target and len(target) < 4096 and os.path.lexists(target))
    path = display_path or (os.fspath(target) if is_path else "<text>")
    out = FileOutcome(path=path)

    def enabled(code):
        return code in linter.rules and settings.rule_enabled(code, linter.rules[code].default_enabled)

    if is_path:
        limit = settings.max_file_size

        def too_large(size, known=True):
            if enabled("CN903"):
                said = f"文件大小 {size} 字节，" if known else "文件"
                out.diagnostics.append(_engine_diagnostic(
                    linter, "CN903", path, f"{said}超过上限 {limit} 字节，未检查",
                    {"size": size if known else None, "limit": limit}))
            return _finish(out, settings)

        try:
            data = _read_bounded(target, limit)
        except _TooLarge as exc:
            return too_large(exc.size, exc.size is not None)
        except _NotAFile:
            if enabled("CN901"):
                out.diagnostics.append(_engine_diagnostic(linter, "CN901", path, "不是普通文件（设备、套接字等），未读取"))
            return _finish(out, settings)
        except OSError as exc:
            if enabled("CN901"):
                out.diagnostics.append(_engine_diagnostic(linter, "CN901", path, f"无法读取文件：{exc.strerror or exc}"))
            return _finish(out, settings)
        try:
            source = SourceText.from_bytes(data, path=path)
        except DecodeError as exc:
            if enabled("CN901"):
                out.diagnostics.append(_engine_diagnostic(linter, "CN901", path, f"文件无法解码：{exc}"))
            return _finish(out, settings)
    elif isinstance(target, SourceText):
        source = target
    elif isinstance(target, bytes):
        try:
            source = SourceText.from_bytes(target, path=path)
        except DecodeError as exc:
            out.diagnostics.append(_engine_diagnostic(linter, "CN901", path, f"文件无法解码：{exc}"))
            return _finish(out, settings)
    else:
        source = SourceText.from_text(str(target), path=path)

    report = linter.read(source)
    if not report.is_report:
        out.skipped = "不是政府信息公开工作年度报告"
        return out
    diagnostics, crashed = linter.run_rules(report, settings, previous=previous,
                                            cross_file=None if previous is not None else False)
    write_failed = False
    if fix is not None:
        try:
            report, diagnostics, crashed, out.fixed = fix(linter, report, diagnostics, crashed, settings, previous)
        except (OSError, UnicodeError) as exc:  # the file could not be written: it stays as it was
            out.error = f"未能写入修复：{getattr(exc, 'strerror', None) or exc}"
            write_failed = True
    out.diagnostics = diagnostics
    out.crashed = crashed or write_failed
    out.read = True
    out.identity = identity_of(report)
    if pack_tables and out.identity is not None:
        from .tableview import pack

        out.tables = pack(report, linter.templates.get(report.template))
    if getattr(settings, "output_format", "full") not in (
            "full", "concise", "json", "json-lines", "sarif", "github", "junit"):
        # html (and plugin formats) draw the tables: the extract record with labels, raw text
        # and position of every cell -- plain values only, it crosses process boundaries with -j
        from .extract import report_summary

        out.summary = report_summary(report, linter.templates.get(report.template))
    if keep_report:
        out.report = report
    out.diff = getattr(report, "fix_diff", "")
    _finish(out, settings, report, source_lines)
    return out


class _TooLarge(Exception):
    def __init__(self, size: Optional[int]):
        super().__init__(size)
        self.size = size


class _NotAFile(Exception):
    pass


def _read_bounded(target, limit: int) -> bytes:
    """The bytes of a file, never more than ``limit``: a larger file is refused before it is read.

    A regular file is measured first; a pipe (``<(…)``, a FIFO) is read up to
    ``limit`` + 1 bytes without waiting for a writer that never comes; other
    special files (devices, sockets) are refused.
    """
    import stat

    st = os.stat(target)
    if stat.S_ISREG(st.st_mode):
        if st.st_size > limit:
            raise _TooLarge(st.st_size)
        # os.read, not open(): the file object's buffering and checks cost five times the read
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            chunks, want = [], limit + 1  # the file may have grown since
            while want > 0:
                chunk = os.read(fd, min(want, max(st.st_size + 1, 1 << 16)))
                if not chunk:
                    break
                chunks.append(chunk)
                want -= len(chunk)
        finally:
            os.close(fd)
        data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    elif stat.S_ISFIFO(st.st_mode):
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(target, flags)  # no blocking open when nobody writes
        try:
            if flags != os.O_RDONLY:
                os.set_blocking(fd, True)
            chunks, total = [], 0
            while total <= limit:
                chunk = os.read(fd, min(1 << 20, limit + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            data = b"".join(chunks)
        finally:
            os.close(fd)
    else:
        raise _NotAFile()
    if len(data) > limit:
        raise _TooLarge(None)
    return data


def _finish(out: FileOutcome, settings, report: Optional[Report] = None, source_lines: bool = True) -> FileOutcome:
    """Per-file suppression, stable order, and (``source_lines``) the source lines the reporters show."""
    from .suppress import inline_suppressed

    kept = []
    for d in out.diagnostics:
        if settings.per_file_ignores and per_file_ignored(d.code, d.path, settings.per_file_ignores,
                                                          settings.root):
            continue
        if report is not None and inline_suppressed(report, d):
            continue
        kept.append(d)
    kept.sort(key=Diagnostic.sort_key)
    out.diagnostics = kept
    if report is not None and source_lines:
        lines = out.lines
        source = report.source
        count = source.line_count
        for d in kept:  # each line once, though many findings point at it (or at a whole table)
            start, end = d.span
            for n in range(max(start.line, 1), min(end.line, count) + 1):
                if n not in lines:
                    lines[n] = source.line_text(n)
    return out


# ---------------------------------------------------------------- discovery
def discover(paths: Sequence[str], settings, force_exclude: bool = False) -> Iterator[str]:
    """Files to check: given files as they are, directories walked over include minus exclude."""
    seen = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not path_matches(os.path.join(root, d), settings.exclude,
                                                                     settings.root))
                # relative_posix is lexical: a file's relative path is its folder's and its name
                # (worked out once per folder; file by file it was 70 % of discovering a folder)
                folder = relative_posix(root, settings.root) if settings.root is not None else None
                for name in sorted(files):
                    full = os.path.join(root, name)
                    if full in seen:
                        continue
                    if folder is None or folder.endswith("/"):  # no root; the file system's root
                        rel = relative_posix(full, settings.root)
                    else:
                        rel = name if folder == "." else f"{folder}/{name}"
                    if path_matches(full, settings.exclude, settings.root, rel):
                        continue
                    if not path_matches(full, settings.include, settings.root, rel):
                        continue
                    seen.add(full)
                    yield full
        else:
            if force_exclude and path_matches(given, settings.exclude, settings.root):
                continue
            if given not in seen:
                seen.add(given)
                yield given


# ---------------------------------------------------------------- whole runs
# The state of a worker process, set up once per process (not per file): by
# fork, the parent's linter (plugins loaded, templates, rules and the Lark
# parser already built) is inherited as is; elsewhere (spawn) the initializer
# builds one linter per worker.
_WORKER: dict = {}
_PREVIOUS_CACHE = 32  # previous-year reports kept per process for the cross-year pass


def _worker_stop(signum, frame):
    """SIGTERM in a worker (the run was interrupted): unwind the file at hand (a ``--fix`` write
    removes its temporary file) and refuse the files still queued."""
    _WORKER["stopping"] = True
    raise KeyboardInterrupt


def _worker_init(load_entrypoints, blocked, settings, fix_mode, pack, source_lines):
    import signal

    try:
        signal.signal(signal.SIGTERM, _worker_stop)
    except (ValueError, OSError, AttributeError):  # pragma: no cover - no SIGTERM here
        pass
    if _WORKER.get("inherited"):
        return
    from .linter import Linter

    linter = Linter(load_entrypoints=load_entrypoints, blocked=blocked)
    linter.prepare()
    _WORKER.update(linter=linter, settings=settings, fix=fix_mode, reports={}, pack=pack, lines=source_lines)


def _worker_check(path: str) -> FileOutcome:
    from .fixes import fixer_for

    if _WORKER.get("stopping"):
        raise KeyboardInterrupt

    return check_one(_WORKER["linter"], Path(path), _WORKER["settings"], fix=fixer_for(_WORKER["fix"]),
                     display_path=path, pack_tables=_WORKER["pack"], source_lines=_WORKER["lines"])


def _worker_cross(task) -> Tuple[List[Diagnostic], Dict[int, str], bool]:
    path, previous_path = task
    if _WORKER.get("stopping"):
        raise KeyboardInterrupt
    return _cross_one(_WORKER["linter"], _WORKER["settings"], path, previous_path, _WORKER["reports"],
                      _WORKER["lines"])


def check_paths(linter, files: Sequence[str], settings, *, jobs: int = 1, fix_mode: Optional[str] = None,
                previous_path: Optional[str] = None, progress=None, load_entrypoints=None,
                blocked: Sequence[str] = (), source_lines: bool = True) -> List[FileOutcome]:
    """Check files (in order), in ``jobs`` processes; then the cross-year rules.

    ``source_lines``: keep in each outcome (``lines``) the text of the lines its findings
    point at, for reporters that show them (False: an output that shows no source).

    With ``jobs`` > 1 the files go to a pool of worker processes in chunks;
    each worker is set up once. Where ``fork`` exists the workers inherit this
    process's linter, already built, so nothing is loaded or built per worker
    or per file. The cross-year pass runs in the same pool.
    """
    with _rare_collections():
        return _check_paths(linter, files, settings, jobs=jobs, fix_mode=fix_mode, previous_path=previous_path,
                            progress=progress, load_entrypoints=load_entrypoints, blocked=blocked,
                            source_lines=source_lines)


@contextmanager
def _rare_collections(first_generation: int = 100_000):
    """Run with the cyclic garbage collector's first threshold raised (700 by default).

    A check allocates many small containers and frees them by reference
    counting (reports hold no reference cycles), so the default thresholds
    make the collector scan the heap every few hundred allocations for
    nothing: about 5 % of the time of a folder run. mypy raises the threshold
    the same way. The old thresholds are restored afterwards (forked workers
    inherit the raised one).
    """
    old = gc.get_threshold()
    gc.set_threshold(first_generation, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _check_paths(linter, files, settings, *, jobs, fix_mode, previous_path, progress, load_entrypoints,
                 blocked, source_lines) -> List[FileOutcome]:
    from .fixes import fixer_for

    files = list(files)
    fixer = fixer_for(fix_mode)
    outcomes: List[FileOutcome] = []
    pack = (len(files) > 1 or previous_path is not None) and any(
        s.cross_file for s in linter.selected_rules(settings))
    parallel = jobs > 1 and len(files) > 1
    fork = parallel and _fork_available()
    if parallel and not fork and linter.has_extra_plugins:
        parallel = False  # plugin objects given in process cannot be rebuilt in a spawned worker
    if not parallel:
        for path in files:
            outcomes.append(check_one(linter, Path(path), settings, fix=fixer, display_path=path,
                                      pack_tables=pack, source_lines=source_lines))
            if progress:
                progress(len(outcomes))
        _cross_year(linter, outcomes, settings, previous_path, None, source_lines=source_lines)
        return outcomes

    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if fork:
        linter.prepare()  # built once here, inherited by every worker
        # what exists now (the linter, its rules, templates and scanner) lives as long as the
        # workers: frozen, their collections never scan it (nor touch, and so copy, its pages)
        gc.freeze()
        _WORKER.update(inherited=True, linter=linter, settings=settings, fix=fix_mode, reports={}, pack=pack,
                       lines=source_lines)
    ctx = multiprocessing.get_context("fork") if fork else None
    try:
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(files)), mp_context=ctx, initializer=_worker_init,
                                   initargs=(load_entrypoints, tuple(blocked), settings, fix_mode, pack, source_lines))
        try:
            for outcome in pool.map(_worker_check, files, chunksize=_chunksize(len(files), jobs)):
                outcomes.append(outcome)
                if progress:
                    progress(len(outcomes))
            _cross_year(linter, outcomes, settings, previous_path, pool, jobs, source_lines)
        except BaseException:
            # interrupted (Ctrl-C, SIGTERM) or failed: stop now; without this, leaving the
            # pool would wait until every queued file had been checked (and fixed)
            _stop_pool(pool)
            raise
        pool.shutdown(wait=True)
    finally:
        _WORKER.clear()
        if fork:
            gc.unfreeze()
    return outcomes


def _stop_pool(pool, grace: float = 5.0) -> None:
    """Cancel the queued files and stop the workers: SIGTERM first (a worker in the middle of a
    ``--fix`` write removes its temporary file), then, after ``grace`` seconds, SIGKILL."""
    import time

    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        try:
            proc.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    deadline = time.monotonic() + grace
    for proc in processes:
        try:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(1.0)
        except (OSError, ValueError, AssertionError, AttributeError):
            pass


def _fork_available() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and os.name == "posix"


def _chunksize(n: int, jobs: int) -> int:
    """Chunks small enough to balance the workers, large enough to keep the pipe traffic low."""
    return max(1, min(32, n // (jobs * 8) or 1))


def _cross_year(linter, outcomes: List[FileOutcome], settings, previous_path: Optional[str], pool,
                jobs: int = 1, source_lines: bool = True) -> None:
    """CN207/CN208: for each file whose previous-year report is known, run the cross-year rules.

    They run first on the two files' tables kept from the first pass (no file
    is read again). Only where they find something (or need more than the
    tables) are both files read again and the rules run on the full reports,
    which gives every finding its exact place: each such file is read once
    more, and each previous-year report once per process (a report that is the
    previous year of many files is kept). Both steps run in ``pool`` when given
    (the tables' step unless the previous year is one file given for all).
    """
    cross = [s for s in linter.selected_rules(settings) if s.cross_file]
    if not cross:
        return
    cache: dict = {}
    given = None
    if previous_path:
        prev = _parse_quietly(linter, previous_path)
        if prev is not None:
            given = previous_path
            cache[previous_path] = prev
    by_identity = {o.identity: o.path for o in outcomes if o.identity}
    packed = {o.path: o.tables for o in outcomes if o.tables is not None}
    views: dict = {}  # previous-year views, unpacked once while they are being used

    def view_of(path):
        if path == given:
            return cache[given]
        return _view(views, path, packed.get(path), linter.templates)
    pairs: List[Tuple[int, str]] = []  # (file, its previous year's file)
    for i, o in enumerate(outcomes):
        if not o.read:  # not a report, too large, unreadable: nothing to compare
            continue
        prev_path = given
        if prev_path is None:
            if o.identity is None:
                continue
            body, year = o.identity
            prev_path = by_identity.get((body, year - 1))
            if prev_path is None:
                continue
        pairs.append((i, prev_path))
    if pool is not None and given is None and len(pairs) > 1:
        disagree = pool.map(_worker_tables, [(outcomes[i].tables, prev, packed.get(prev)) for i, prev in pairs],
                            chunksize=_chunksize(len(pairs), jobs))
    else:
        disagree = (_tables_disagree(linter, settings, outcomes[i].tables, view_of(prev)) for i, prev in pairs)
    # where the tables agree with last year's there is nothing to point at, no file to read again
    tasks: List[Tuple[int, Tuple[str, str]]] = [(i, (outcomes[i].path, prev))
                                                for (i, prev), differ in zip(pairs, disagree) if differ]
    for o in outcomes:
        o.tables = None
    if not tasks:
        return
    if pool is not None and len(tasks) > 1:
        results = pool.map(_worker_cross, [t for _, t in tasks], chunksize=_chunksize(len(tasks), jobs))
    else:
        results = (_cross_one(linter, settings, path, prev, cache, source_lines) for _, (path, prev) in tasks)
    for (i, _), (found, lines, crashed) in zip(tasks, results):
        o = outcomes[i]
        o.crashed = o.crashed or crashed
        if found:
            o.diagnostics = sorted(o.diagnostics + found, key=Diagnostic.sort_key)
            o.lines.update(lines)


def _view(views: dict, path: str, packed: Optional[bytes], templates):
    """The view of a previous-year report (:func:`tableview.unpack`), kept in ``views`` (a few)."""
    if path not in views:
        from .tableview import unpack

        if len(views) >= _PREVIOUS_CACHE:
            views.pop(next(iter(views)))
        views[path] = unpack(packed, templates)
    return views[path]


def _tables_disagree(linter, settings, current: Optional[bytes], before) -> bool:
    """Whether the cross-year rules find something (or crash: they need more than the tables) on
    a report's packed tables against last year's view (or report); True when either is missing."""
    from .tableview import unpack

    view = None if before is None else unpack(current, linter.templates)
    if view is None:
        return True
    found, crashed = linter.run_rules(view, settings, previous=before, cross_file=True)
    return bool(found) or crashed


def _worker_tables(task) -> bool:
    current, previous_path, previous = task
    if _WORKER.get("stopping"):
        raise KeyboardInterrupt
    linter = _WORKER["linter"]
    before = _view(_WORKER.setdefault("views", {}), previous_path, previous, linter.templates)
    return _tables_disagree(linter, _WORKER["settings"], current, before)


def _cross_one(linter, settings, path: str, previous_path: str, cache: dict, source_lines: bool = True):
    """The cross-year rules for one file: (diagnostics, source lines they point at, crashed)."""
    if previous_path in cache:
        prev = cache[previous_path]
    else:
        prev = _parse_quietly(linter, previous_path)
        if len(cache) >= _PREVIOUS_CACHE:
            cache.pop(next(iter(cache)))
        cache[previous_path] = prev
    if prev is None:
        return [], {}, False
    report = _parse_quietly(linter, path)
    if report is None:
        return [], {}, False
    found, crashed = linter.run_rules(report, settings, previous=prev, cross_file=True)
    if not found:
        return [], {}, crashed
    extra = FileOutcome(path=path, diagnostics=found)
    _finish(extra, settings, report, source_lines)
    return extra.diagnostics, extra.lines, crashed


def _parse_quietly(linter, path: str) -> Optional[Report]:
    try:
        report = linter.parse(Path(path))
    except (OSError, DecodeError):
        return None
    return report if report.is_report else None
