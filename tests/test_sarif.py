"""SARIF output validates against the OASIS 2.1.0 schema with format checks on."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from support import FIXTURES, REPO, SHARED, default_config
from eformlint.api import lint_paths
from eformlint.reporters.sarif import build


@pytest.fixture(scope="module")
def validator():
    schema_path = SHARED / "sarif" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        pytest.skip(f"SARIF schema not found at {schema_path}")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    # Without these checkers jsonschema would skip the formats silently. The schema is
    # draft 4, which has no "uri-reference" format, so that one is never checked.
    assert {"uri", "date-time"} <= cls.FORMAT_CHECKER.checkers.keys()
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _validate(validator, sarif: dict) -> None:
    errors = sorted(validator.iter_errors(sarif), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_fixtures_sarif_is_valid(validator) -> None:
    report = lint_paths([str(FIXTURES)], default_config())
    sarif = build(report, "vi")
    _validate(validator, sarif)
    run = sarif["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    result = run["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert result["partialFingerprints"]["eformlint/v1"]
    rule = run["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert rule["id"] == result["ruleId"]
    assert rule["shortDescription"]["text"] and rule["help"]["text"]


def test_shared_forms_sarif_is_valid(validator, shared: Path) -> None:
    report = lint_paths([str(shared / "corpus"), str(shared / "vn-forms")], default_config(shared.parent))
    assert report.findings
    _validate(validator, build(report, "en"))


def test_fingerprints_survive_reformatting(tmp_path: Path) -> None:
    source = json.loads((FIXTURES / "VAL-001" / "bad.formio.json").read_text(encoding="utf-8"))
    for name, text in (("pretty", json.dumps(source, ensure_ascii=False, indent=4)),
                       ("minified", json.dumps(source, ensure_ascii=False, separators=(",", ":")))):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "form.json").write_text(text, encoding="utf-8")
    prints = []
    for name in ("pretty", "minified"):
        report = lint_paths([str(tmp_path / name / "form.json")], default_config(tmp_path / name))
        results = build(report, "vi")["runs"][0]["results"]
        prints.append(sorted(r["partialFingerprints"]["eformlint/v1"] for r in results))
    assert prints[0] == prints[1]
    assert prints[0]
