"""docs/rules.md is generated from the registered rules; this fails when it is stale."""
from __future__ import annotations

import io

from conftest import ROOT
from gxrules.cli import main


def test_rules_doc_is_current():
    out = io.StringIO()
    assert main(["rules", "--output-format", "markdown", "--disable-plugin-autoload"], stdout=out) == 0
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert out.getvalue() == current, \
        "docs/rules.md is stale: run `gxrules rules --output-format markdown --disable-plugin-autoload > docs/rules.md`"


def test_every_rule_has_documentation(linter):
    for spec in linter.rules.values():
        assert len(spec.doc) > 80, spec.code
        assert spec.summary and spec.name
