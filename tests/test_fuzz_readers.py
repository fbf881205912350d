"""Property tests: every reader returns documents or problems for any input, never an
exception, and every finding stays inside the file.

The example count per test is small so that this module runs in well under a minute in CI.
``bench/fuzz_readers.py`` runs the same properties with a larger count; docs/fuzzing.md
records the last long run.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import FIXTURES, default_config
from eformlint.api import lint_text

EXAMPLES = int(os.environ.get("EFORMLINT_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=5000, suppress_health_check=[HealthCheck.too_slow],
                derandomize=os.environ.get("EFORMLINT_FUZZ_RANDOM") is None)

SEEDS = {
    "formio": (FIXTURES / "ERR-001.1" / "bad.formio.json").read_text(encoding="utf-8"),
    "xforms": (FIXTURES / "ERR-001.1" / "good.xform.xml").read_text(encoding="utf-8"),
    "surveyjs": (FIXTURES / "DEF-001" / "bad.surveyjs.json").read_text(encoding="utf-8"),
    "alpaca": (FIXTURES / "DEF-004" / "bad.alpaca.js").read_text(encoding="utf-8"),
}
FILENAMES = {"formio": "form.json", "xforms": "form.xml", "surveyjs": "survey.json", "alpaca": "form.js"}

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**6), st.text(max_size=12))
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20,
)
# Keys that the readers look for, so random trees reach the interesting branches.
_KEYS = st.sampled_from([
    "components", "type", "key", "label", "validate", "pages", "elements", "name", "title", "isRequired",
    "validators", "choices", "visibleIf", "schema", "options", "properties", "fields", "required", "items",
    "templateElements", "columns", "conditional", "errors", "datasource", "enum", "optionLabels",
])
_FORMISH = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)),
    max_leaves=30,
)


# Load the rules, their metadata and the SurveyJS schema once, so no example pays for it.
for _format, _seed in SEEDS.items():
    lint_text(_seed, FILENAMES[_format], default_config())


def _check(text: str | bytes, filename: str) -> None:
    """Lint one input; the property is that this returns and every location is inside the text."""
    report = lint_text(text, filename, default_config())
    decoded = text if isinstance(text, str) else text.decode("utf-8", errors="replace")
    lines = max(1, decoded.count("\n") + decoded.count("\r") + 1)
    for finding in report.findings:
        location = finding.location
        assert 0 <= location.offset <= len(decoded), finding
        assert location.offset + location.length <= len(decoded), finding
        assert 1 <= location.line <= lines, finding
        assert location.column >= 1, finding


def _mutate(seed: str, data) -> str:
    """Delete, duplicate or replace a few random slices of a real form."""
    text = seed
    for _ in range(data.draw(st.integers(1, 4))):
        if not text:
            break
        start = data.draw(st.integers(0, len(text) - 1))
        end = min(len(text), start + data.draw(st.integers(0, 12)))
        action = data.draw(st.sampled_from(["delete", "duplicate", "replace"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        else:
            text = text[:start] + data.draw(st.text(max_size=6)) + text[end:]
    return text


@FUZZ
@given(st.binary(max_size=400), st.sampled_from(sorted(FILENAMES.values())))
def test_random_bytes_never_raise(data: bytes, filename: str) -> None:
    _check(data, filename)


@FUZZ
@given(_JSON)
def test_random_json_never_raises(value) -> None:
    _check(json.dumps(value, ensure_ascii=False), "random.json")


@FUZZ
@given(_FORMISH, st.sampled_from(["json", "js"]))
def test_form_shaped_json_never_raises(value, suffix: str) -> None:
    text = json.dumps(value, ensure_ascii=False)
    if suffix == "js":
        text = "var formScript = " + text + ";"
    _check(text, "random." + suffix)


def test_unterminated_template_at_end_stays_inside() -> None:
    # Found by the long fuzz run: esprima placed the error after the end of the text.
    _check("{`\n  \"title\": \"Tờ khai\"\n}\n", "form.json")


@FUZZ
@given(st.sampled_from(sorted(SEEDS)), st.data())
def test_mutated_real_forms_never_raise(fmt: str, data) -> None:
    _check(_mutate(SEEDS[fmt], data), FILENAMES[fmt])
