"""Shared fixtures: the real reports in ../shared, a Linter without installed plugins."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GXRULES_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus" / "real"

os.environ.setdefault("GXRULES_CACHE_DIR", str(ROOT / ".pytest_cache" / "gxrules-cache"))


def seed_files():
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def corpus_files():
    return sorted(p for p in CORPUS.iterdir() if p.name != "MANIFEST.tsv") if CORPUS.is_dir() else []


def seed_path(prefix: str) -> Path:
    found = [p for p in seed_files() if p.name.startswith(prefix)]
    if not found:
        pytest.skip(f"seed {prefix} not found under {SEEDS}")
    return found[0]


@pytest.fixture(scope="session")
def linter():
    from gxrules.linter import Linter

    return Linter(load_entrypoints=False)


@pytest.fixture(scope="session")
def settings(linter):
    return linter.settings(isolated=True)


def seed_text(prefix: str) -> str:
    """The text of the seed whose name starts with ``prefix`` (the test is skipped without it)."""
    return seed_path(prefix).read_text(encoding="utf-8")


def changed(text: str, old: str, new: str) -> str:
    """``text`` with the first ``old`` replaced; fails the test when ``old`` is not there."""
    assert old in text, old
    return text.replace(old, new, 1)


def checker(select):
    """check(text) -> diagnostics, with only the rules of ``select`` and no installed plugin."""
    from gxrules.linter import Linter

    linter = Linter(load_entrypoints=False)
    settings = linter.settings({"select": list(select)}, isolated=True)
    return lambda text: linter.check(text, settings)


@pytest.fixture(scope="session")
def venv(tmp_path_factory):
    """A virtual environment for the session with gxrules from this repository (editable);
    the plugin and pre-commit tests install into it."""
    from gxrules.testing import Venv

    env = Venv(tmp_path_factory.getbasetemp() / "gxrules-venv")
    env.install(str(ROOT), editable=True)
    return env


class TextReadingCrossYearRule:
    """A plugin whose cross-year rule reads the text, not only the tables: on a tables-only view
    it raises, and the runner reads both files again."""

    import gxrules as _gx

    @staticmethod
    @_gx.rule("EX701", "same-title-words", severity="warning", cross_file=True, summary="跨年度：标题（测试用）")
    def same_title(report, ctx):
        """Fires when this year's text holds 政府信息公开 and last year's report has a year (for tests)."""
        if "政府信息公开" in report.source.text and ctx.previous.year is not None:
            yield ctx.diagnostic(report.title.span, "标题", key="title")

    @_gx.hookimpl
    def gxrules_rules(self):
        return [self.same_title]
