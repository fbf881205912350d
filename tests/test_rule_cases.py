"""Run every rule's pass and fail cases from tests/cases/<CODE>.yaml.

Each case names a fixture form and the findings the rule must report on it, compared by
code, message id, line, column and definition path (never by wording).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from support import FIXTURES, REPO, lint
from eformlint.registry import builtin_rules

CASES_DIR = Path(__file__).parent / "cases"


def _cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}:{case['name']}")


@pytest.mark.parametrize(("rule", "case"), list(_cases()))
def test_rule_case(rule: str, case: dict) -> None:
    # A case may select more rules, when its rule depends on others (SUP-001 on the rule it silences).
    report = lint(REPO / case["form"], *case.get("select", [rule]))
    found = [
        {"code": f.code, "message_id": f.message_id, "line": f.location.line, "column": f.location.column,
         "pointer": f.location.pointer}
        for f in report.findings
    ]
    assert found == case["expect"]


# An unreadable file cannot be committed as a fixture; test_cli makes one at run time.
NO_FIXTURE = {"INP-001"}


def test_every_rule_has_cases_and_fixtures() -> None:
    with_cases = {path.stem for path in CASES_DIR.glob("*.yaml")}
    for rule in builtin_rules():
        if rule.code in NO_FIXTURE:
            continue
        assert rule.code in with_cases, f"{rule.code} has no tests/cases file"
        folder = FIXTURES / rule.code
        assert any(folder.glob("bad*")), f"{rule.code} has no bad fixture"
        if not rule.code.startswith(("INP-", "FMT-001.1")):
            assert any(folder.glob("good*")), f"{rule.code} has no good fixture"


def test_bad_fixtures_trigger_their_rule() -> None:
    for path in CASES_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        bad = [case for case in data["cases"] if case["name"].startswith("bad")]
        assert bad, f"{path.name} has no failing case"
        for case in bad:
            assert case["expect"], f"{case['form']} expects no finding of {data['rule']}"
            assert {e["code"] for e in case["expect"]} == {data["rule"]}
