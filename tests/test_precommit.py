"""The pre-commit hooks, with the real `pre-commit` tool, in a real git repository of reports.

pre-commit installs a hook's repository at a commit (`rev:`), so the test
commits a snapshot of this working tree (tracked and untracked files, minus
ignored ones) into a temporary repository and points the report repository's
`.pre-commit-config.yaml` at it; the 宁夏 plugin comes in through
`additional_dependencies`, as in docs/plugins.md. Needs git and PyPI (for
pre-commit, and for pip inside the hook environment).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("GXRULES_SHARED", ROOT.parent / "shared")) / "seeds"

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git not installed"),
    pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed reports not found under {SEEDS}"),
]


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def git(*args, cwd, env=None):
    return subprocess.run(["git", "-c", "user.name=gxrules test", "-c", "user.email=test@example.invalid",
                           "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                          cwd=cwd, env=env, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True).stdout.strip()


@pytest.fixture(scope="session")
def precommit_venv(venv):
    """The session's virtual environment (conftest), plus pre-commit."""
    venv.install("pre-commit")
    return venv


@pytest.fixture(scope="session")
def snapshot(tmp_path_factory):
    """This working tree committed into a temporary repository: (path, sha)."""
    dest = tmp_path_factory.mktemp("gxrules-snapshot")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, stdout=subprocess.PIPE).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file() and not src.is_symlink():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    git("init", "-q", cwd=dest)
    git("add", "-A", cwd=dest)
    git("commit", "-q", "-m", "snapshot of the gxrules working tree", cwd=dest)
    return dest, git("rev-parse", "HEAD", cwd=dest)


@pytest.fixture(scope="session")
def hook_env(precommit_venv, tmp_path_factory):
    """Environment for pre-commit and git: one PRE_COMMIT_HOME (hook environments) for the session."""
    home = tmp_path_factory.getbasetemp() / "pre-commit-home"
    return precommit_venv.env(PRE_COMMIT_HOME=str(home), GIT_CONFIG_NOSYSTEM="1")


CONFIG = """\
repos:
  - repo: {repo}
    rev: {rev}
    hooks:
      - id: gxrules
        additional_dependencies: ["{plugin}"]
        files: ^reports/
      - id: gxrules-fix
        additional_dependencies: ["{plugin}"]
        files: ^reports/
        stages: [manual]
"""

GXRULES_TOML = """\
require-plugins = ["ningxia"]
exclude = ["reports/drafts"]
"""


@pytest.fixture
def reports_repo(tmp_path, snapshot, venv, hook_env):
    repo_path, sha = snapshot
    repo = tmp_path / "reports-repo"
    (repo / "reports" / "drafts").mkdir(parents=True)
    git("init", "-q", cwd=repo)
    (repo / ".pre-commit-config.yaml").write_text(
        CONFIG.format(repo=repo_path, rev=sha, plugin=repo_path / "plugins" / "gxrules-ningxia"),
        encoding="utf-8")
    (repo / "gxrules.toml").write_text(GXRULES_TOML, encoding="utf-8")
    git("add", ".pre-commit-config.yaml", "gxrules.toml", cwd=repo)
    git("commit", "-q", "--no-verify", "-m", "config", cwd=repo)
    venv.run("pre-commit", "install", cwd=repo, env=hook_env, check=True)
    return repo


def commit(repo, venv, hook_env, *files, message="add reports"):
    git("add", *files, cwd=repo)
    return venv.run("git", "-c", "user.name=gxrules test", "-c", "user.email=test@example.invalid",
                    "-c", "commit.gpgsign=false", "commit", "-m", message, cwd=repo, env=hook_env)


def unbalanced(text: str) -> str:
    """Seed 004 with 3 applications from natural persons that the table never accounts for."""
    old = "一、本年新收政府信息公开申请数量\t\t0\t0"
    assert old in text
    return text.replace(old, "一、本年新收政府信息公开申请数量\t\t3\t0", 1)


def test_report_whose_tables_do_not_balance_blocks_the_commit(reports_repo, venv, hook_env):
    repo = reports_repo
    (repo / "reports" / "2023_jiguan.txt").write_text(unbalanced(seed("004")), encoding="utf-8")
    result = commit(repo, venv, hook_env, "reports/2023_jiguan.txt")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "gxrules" in output and "Failed" in output
    assert "CN201" in output and "CN203" in output  # the national arithmetic
    assert "NX101" in output and "NX102" in output  # the 宁夏 plugin, from additional_dependencies
    assert git("rev-list", "--count", "HEAD", cwd=repo) == "1"  # nothing was committed


def test_good_report_passes(reports_repo, venv, hook_env):
    repo = reports_repo
    (repo / "reports" / "2023_zhengfuban.txt").write_text(seed("001"), encoding="utf-8")
    # excluded in gxrules.toml: pre-commit passes it by name, --force-exclude skips it
    (repo / "reports" / "drafts" / "wip.txt").write_text(unbalanced(seed("004")), encoding="utf-8")
    # outside `files: ^reports/`
    (repo / "notes.txt").write_text(unbalanced(seed("004")), encoding="utf-8")
    result = commit(repo, venv, hook_env, "reports", "notes.txt")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Passed" in output
    assert git("rev-list", "--count", "HEAD", cwd=repo) == "2"


def test_fix_hook_corrects_the_report(reports_repo, venv, hook_env):
    repo = reports_repo
    report = repo / "reports" / "2023_fuwu.txt"
    report.write_text(seed("000"), encoding="utf-8")
    git("add", "reports", cwd=repo)
    result = venv.run("pre-commit", "run", "gxrules-fix", "--hook-stage", "manual", "--files",
                      "reports/2023_fuwu.txt", cwd=repo, env=hook_env)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output  # pre-commit fails a hook that changed files
    assert "files were modified by this hook" in output
    fixed = report.read_text(encoding="utf-8")
    assert "本年度止件数" not in fixed and "本年废止件数" in fixed  # CN501's fix
    again = venv.run("pre-commit", "run", "gxrules-fix", "--hook-stage", "manual", "--files",
                     "reports/2023_fuwu.txt", cwd=repo, env=hook_env)
    assert again.returncode == 0, again.stdout + again.stderr


def test_missing_plugin_is_an_error_not_a_pass(reports_repo, venv, hook_env, snapshot):
    """A plugin that is not there (here: blocked with -p no:ningxia, which stands for a
    forgotten additional_dependencies and reuses the hook environment) stops the hook
    through require-plugins instead of passing silently."""
    repo = reports_repo
    repo_path, sha = snapshot
    (repo / ".pre-commit-config.yaml").write_text(CONFIG.format(
        repo=repo_path, rev=sha, plugin=repo_path / "plugins" / "gxrules-ningxia").replace(
        "        files: ^reports/\n", "        files: ^reports/\n        args: [-p, no:ningxia]\n", 1),
        encoding="utf-8")
    (repo / "reports" / "2023_zhengfuban.txt").write_text(seed("001"), encoding="utf-8")
    result = commit(repo, venv, hook_env, ".pre-commit-config.yaml", "reports")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "ningxia" in output and "require-plugins" in output
