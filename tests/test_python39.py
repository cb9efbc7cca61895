"""gxrules supports Python 3.9 (pyproject.toml: ``requires-python = ">=3.9"``); CI runs a newer one.

A cheap static guard, so that what newer Pythons accept and 3.9 does not cannot come back unnoticed:
the package's sources parse as Python 3.9 syntax (no ``match``, no ``except*``), its string literals
hold no possessive quantifier or atomic group (``*+``, ``++``, ``?+``, ``}+``, ``(?>``: the ``re``
module accepts them only from 3.11), and it imports none of a few names that came in 3.10 or 3.11.
It is not exhaustive (a 3.10 call such as ``zip(strict=True)``, or ``X | Y`` evaluated at run time,
passes it): the real check is the suite run on 3.9 and 3.10, e.g. ::

    python3.9 -m venv /tmp/py39 && /tmp/py39/bin/pip install '.[test]'
    cd tests && /tmp/py39/bin/python -m pytest -q -p no:cacheprovider
"""
from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import gxrules

PACKAGE = Path(gxrules.__file__).resolve().parent
SOURCES = sorted(PACKAGE.rglob("*.py"))

_NEW_IN_RE = re.compile(r"[*+?}]\+|\(\?>")
# string literals that may hold them: used only on Python 3.11+ (html_input._markup_pattern)
_ALLOWED = {("html_input.py", 'f"(?>{pattern})"')}

# names of the standard library that came in Python 3.10 or 3.11 (a few, the likely ones)
_NEW_NAMES = {
    "typing": {"Self", "TypeAlias", "ParamSpec", "Concatenate", "TypeGuard", "LiteralString", "Never",
               "assert_never", "reveal_type", "Required", "NotRequired", "Unpack", "TypeVarTuple",
               "dataclass_transform"},
    "enum": {"StrEnum", "ReprEnum", "verify"},
    "itertools": {"pairwise"},
    "datetime": {"UTC"},
    "contextlib": {"chdir", "aclosing"},
}


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def test_there_are_sources():
    assert len(SOURCES) > 10


def test_the_sources_parse_as_python_3_9():
    bad = []
    for path in SOURCES:
        try:
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path), feature_version=(3, 9))
        except SyntaxError as exc:
            bad.append(f"{_rel(path)}:{exc.lineno}: {exc.msg}")
    assert not bad, "syntax that Python 3.9 does not accept:\n" + "\n".join(bad)


def test_no_possessive_quantifier_or_atomic_group_in_a_string():
    bad = []
    for path in SOURCES:
        with path.open("rb") as fh:
            tokens = list(tokenize.tokenize(fh.readline))
        for tok in tokens:
            if tok.type == tokenize.STRING and _NEW_IN_RE.search(tok.string):
                if (_rel(path), tok.string) not in _ALLOWED:
                    bad.append(f"{_rel(path)}:{tok.start[0]}: {tok.string[:80]}")
    assert not bad, ("possessive quantifiers and atomic groups need Python 3.11 (re.error 'multiple repeat' "
                     "before); write the quantifier so that nothing after it can match what it gives back, "
                     "or emulate (?>X) with (?=(?P<name>X))(?P=name):\n" + "\n".join(bad))


def test_no_standard_library_name_newer_than_python_3_9():
    bad = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        # imports under a try or an if (``if sys.version_info >= (3, 11): import tomllib``)
        guarded = {id(n) for t in ast.walk(tree) if isinstance(t, (ast.Try, ast.If))
                   for n in ast.walk(t) if isinstance(n, ast.Import)}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in _NEW_NAMES:
                bad += [f"{_rel(path)}:{node.lineno}: from {node.module} import {a.name}"
                        for a in node.names if a.name in _NEW_NAMES[node.module]]
            elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                  and node.attr in _NEW_NAMES.get(node.value.id, ())):
                bad.append(f"{_rel(path)}:{node.lineno}: {node.value.id}.{node.attr}")
            elif isinstance(node, ast.Import) and id(node) not in guarded:
                # tomllib is 3.11's: import it by version, tomli before (see config.py)
                bad += [f"{_rel(path)}:{node.lineno}: import tomllib without a fallback"
                        for a in node.names if a.name == "tomllib"]
    assert not bad, "names that Python 3.9 does not have:\n" + "\n".join(bad)
