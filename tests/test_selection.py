"""Rule selection (ruff semantics) and per-file-ignores globs."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gxrules.selection import (
    RuleSelection,
    glob_match,
    parse_selector,
    path_matches,
    per_file_ignored,
    relative_posix,
)


@pytest.mark.parametrize("text", ["ALL", "CN", "CN2", "CN20", "CN201", "NX", "NX101", "A", "ABC123", " CN2 "])
def test_parse_selector_accepts(text):
    assert parse_selector(text).text == text.strip()


@pytest.mark.parametrize("text", ["", "cn2", "CN2011", "ABCD1", "2", "CN-2", "C N", "all", "CN2*", "中文"])
def test_parse_selector_rejects(text):
    with pytest.raises(ValueError):
        parse_selector(text)


def test_parse_selector_hints_uppercase():
    with pytest.raises(ValueError, match="CN2"):
        parse_selector("cn2")


def test_specificity_order():
    specs = [parse_selector(s).specificity for s in ("ALL", "CN", "CN2", "CN20", "CN201")]
    assert specs == sorted(specs) and len(set(specs)) == 5


@pytest.mark.parametrize("selector,code,expected", [
    ("CN2", "CN201", True),
    ("CN2", "CN301", False),
    ("CN", "CN999", True),
    ("CN201", "CN201", True),
    ("CN201", "CN2011", True),  # digits are a prefix
    ("CN20", "CN210", False),
    ("N", "NX101", False),  # letters must match exactly
    ("C", "CN201", False),
    ("NX", "NX101", True),
    ("NX1", "CN101", False),
    ("ALL", "NX101", True),
    ("ALL", "CN201", True),
])
def test_selector_matches(selector, code, expected):
    assert parse_selector(selector).matches(code) is expected


def test_default_selection_uses_default_on():
    sel = RuleSelection()
    assert sel.is_enabled("CN201")
    assert not sel.is_enabled("CN999", default_on=False)


def test_select_replaces_defaults():
    sel = RuleSelection(select=["CN2"])
    assert sel.is_enabled("CN201")
    assert not sel.is_enabled("CN301")
    assert sel.is_enabled("CN299", default_on=False)  # an explicit selector turns opt-in rules on


def test_extend_select_adds_to_defaults():
    sel = RuleSelection(extend_select=["NX1"])
    assert sel.is_enabled("NX101", default_on=False)
    assert sel.is_enabled("CN101")
    assert not sel.is_enabled("NX201", default_on=False)


def test_more_specific_selector_wins():
    sel = RuleSelection(select=["CN"], ignore=["CN2"])
    assert not sel.is_enabled("CN201")
    assert sel.is_enabled("CN301")
    sel = RuleSelection(select=["CN201"], ignore=["CN2"])
    assert sel.is_enabled("CN201")
    assert not sel.is_enabled("CN202")
    sel = RuleSelection(select=["ALL"], ignore=["CN"], extend_select=["CN20"])
    assert sel.is_enabled("CN201") and not sel.is_enabled("CN301") and sel.is_enabled("NX101")


def test_ignore_wins_at_equal_specificity():
    sel = RuleSelection(select=["CN2"], ignore=["CN2"])
    assert not sel.is_enabled("CN201")
    sel = RuleSelection(extend_select=["CN201"], ignore=["CN201"])
    assert not sel.is_enabled("CN201")


def test_ignore_all():
    sel = RuleSelection(ignore=["ALL"], extend_select=["CN101"])
    assert sel.is_enabled("CN101")
    assert not sel.is_enabled("CN102")


def test_select_empty_selects_nothing():
    sel = RuleSelection(select=[])
    assert not sel.is_enabled("CN101")


def test_layers_cli_over_file():
    file_layer = RuleSelection(select=["CN"], ignore=["CN3"])
    # a CLI layer without select only adjusts the file layer
    cli = file_layer.layered(ignore=["CN201"])
    assert not cli.is_enabled("CN201") and cli.is_enabled("CN202") and not cli.is_enabled("CN301")
    # a CLI layer with select starts afresh
    cli = file_layer.layered(select=["CN301"])
    assert cli.is_enabled("CN301") and not cli.is_enabled("CN202")
    # extend-select in a higher layer re-enables what a lower layer ignored
    cli = file_layer.layered(extend_select=["CN3"])
    assert cli.is_enabled("CN305")


def test_selection_accepts_comma_string():
    sel = RuleSelection(select="CN1,CN2")
    assert sel.is_enabled("CN101") and sel.is_enabled("CN201") and not sel.is_enabled("CN301")


def test_selection_rejects_bad_selector():
    with pytest.raises(ValueError):
        RuleSelection(ignore=["cn201"])


@pytest.mark.parametrize("pattern,path,expected", [
    ("*.md", "reports/2023/a.md", True),  # no slash: any component
    ("*.md", "reports/a.txt", False),
    ("archive", "reports/archive/a.txt", True),  # a directory name anywhere
    ("reports/*.txt", "reports/a.txt", True),
    ("reports/*.txt", "reports/2023/a.txt", False),  # * stays in one component
    ("reports/**/*.txt", "reports/2023/q1/a.txt", True),
    ("reports/**/*.txt", "reports/a.txt", True),  # **/ matches zero directories
    ("**/*.txt", "a.txt", True),
    ("**/2023/*", "x/y/2023/a.txt", True),
    ("reports/2023", "reports/2023/a.txt", True),  # a directory matches what is below it
    ("reports/2023/", "reports/2023/a.txt", True),
    ("./reports/*.txt", "reports/a.txt", True),
    ("reports/202?/*.txt", "reports/2023/a.txt", True),
    ("reports/202[0-2]/*.txt", "reports/2023/a.txt", False),
    ("reports/202[!0-2]/*.txt", "reports/2023/a.txt", True),
    ("reports\\2023\\*.txt", "reports/2023/a.txt", True),
    ("报告/*.txt", "报告/2023年度报告.txt", True),
    ("reports/**", "reports/a/b.txt", True),
    ("other/**", "reports/a/b.txt", False),
])
def test_glob_match(pattern, path, expected):
    assert glob_match(pattern, path) is expected


def test_relative_posix(tmp_path):
    root = tmp_path / "proj"
    assert relative_posix(root / "reports" / "a.txt", root) == "reports/a.txt"
    assert relative_posix("reports\\a.txt") == "reports/a.txt"
    outside = tmp_path / "elsewhere" / "a.txt"
    assert relative_posix(outside, root) == outside.as_posix()


def test_path_matches_relative_to_root(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    (root / "sub").mkdir(parents=True)
    monkeypatch.chdir(root / "sub")
    # a relative path is taken from the working directory, the glob from the root
    assert path_matches("a.txt", ["sub/*.txt"], root)
    assert not path_matches("a.txt", ["*/sub/*.txt"], root)
    assert path_matches(str(root / "sub" / "a.txt"), [(root / "sub").as_posix() + "/*.txt"], root)


def test_per_file_ignored(tmp_path):
    root = tmp_path
    pfi = {"reports/2019/*.txt": ["CN1", "CN307"], "*.md": ["CN5"], "legacy": ["ALL"]}
    path = root / "reports" / "2019" / "a.txt"
    assert per_file_ignored("CN101", path, pfi, root)
    assert per_file_ignored("CN307", path, pfi, root)
    assert not per_file_ignored("CN306", path, pfi, root)
    assert not per_file_ignored("CN101", root / "reports" / "2020" / "a.txt", pfi, root)
    assert per_file_ignored("CN501", root / "x" / "b.md", pfi, root)
    assert not per_file_ignored("NX501", root / "x" / "b.md", pfi, root)  # letters must match
    assert per_file_ignored("NX101", root / "legacy" / "old" / "c.txt", pfi, root)
    assert not per_file_ignored("CN101", root / "x.txt", {}, root)


def _path_matches_reference(path, patterns, root=None):
    """The first implementation: one glob at a time."""
    import os
    from pathlib import Path

    rel = relative_posix(path, root)
    for pattern in patterns:
        if os.path.isabs(pattern) or pattern.startswith("/"):
            absolute = Path(os.path.abspath(os.fspath(path))).as_posix()
            if glob_match(pattern.lstrip("/"), absolute.lstrip("/")):
                return True
        elif glob_match(pattern, rel):
            return True
    return False


_GLOB_PARTS = st.sampled_from(["a", "b", "*", "?", "**", "[ab]", "[!a]", ".", "./", "/", "x.txt", "*.md", "\\", "["])
_PATH_PARTS = st.sampled_from(["a", "b", "ab", "x.txt", "y.md", ".git", "..", "a.b"])


@pytest.mark.filterwarnings("ignore::FutureWarning")  # globs such as "[[a]" (a nested set to re)
@settings(max_examples=400, deadline=None)
@given(patterns=st.lists(st.lists(_GLOB_PARTS, min_size=1, max_size=5).map("".join), max_size=6),
       parts=st.lists(_PATH_PARTS, min_size=1, max_size=5), absolute=st.booleans())
@example(patterns=["**/a"], parts=["a", "b"], absolute=False)  # only the shortest prefix matches
@example(patterns=["b", "x.txt"], parts=["a", "x.txt"], absolute=True)
def test_path_matches_with_joined_globs_equals_one_glob_at_a_time(patterns, parts, absolute):
    root = "/srv/reports"
    path = ("/srv/reports/" if absolute else "") + "/".join(parts)
    patterns = patterns + [("/srv/" + p) for p in patterns[:2]]  # some absolute globs too
    assert path_matches(path, patterns, root) == _path_matches_reference(path, patterns, root)


def _discover_file_by_file(paths, settings):
    """discover() as it was: each file's path relative to the root worked out on its own (the reference)."""
    import os
    from pathlib import Path

    from gxrules.selection import path_matches, relative_posix

    for given in paths:
        for root, dirs, files in os.walk(Path(given)):
            dirs[:] = sorted(d for d in dirs if not path_matches(os.path.join(root, d), settings.exclude,
                                                                 settings.root))
            for name in sorted(files):
                full = os.path.join(root, name)
                rel = relative_posix(full, settings.root)
                if path_matches(full, settings.exclude, settings.root, rel) or \
                        not path_matches(full, settings.include, settings.root, rel):
                    continue
                yield full


@settings(max_examples=40, deadline=None)
@given(include=st.lists(st.sampled_from(["*.txt", "*.md", "a/*.txt", "a/b/*", "**/*.md", "b", "x*"]), min_size=1,
                        max_size=3),
       exclude=st.lists(st.sampled_from(["a", "b/*.txt", "a/b", "*x*", "c/**", "/tmp/*"]), max_size=2),
       root=st.sampled_from(["top", "top/a", "top/a/b", "elsewhere", None]),
       given_path=st.sampled_from(["top", "top/a", "top/c", "./top", "top/../top/a"]))
def test_discover_works_out_paths_per_folder_as_per_file(tmp_path_factory, include, exclude, root, given_path):
    """A file's path relative to the root, worked out once per folder, selects what it did file by file."""
    import os
    from dataclasses import replace

    from gxrules.config import Settings
    from gxrules.runner import discover

    base = tmp_path_factory.mktemp("tree")
    for rel in ["top/r.txt", "top/a/x.txt", "top/a/y.md", "top/a/b/z.txt", "top/a/b/w.md", "top/c/d/e.md",
                "top/c/xx.txt", "elsewhere/q.txt"]:
        (base / rel).parent.mkdir(parents=True, exist_ok=True)
        (base / rel).write_text("x", encoding="utf-8")
    here = os.getcwd()
    os.chdir(base)
    try:
        chosen = replace(Settings(), include=include, exclude=exclude,
                         root=None if root is None else str(base / root))
        assert list(discover([given_path], chosen)) == list(_discover_file_by_file([given_path], chosen))
    finally:
        os.chdir(here)
