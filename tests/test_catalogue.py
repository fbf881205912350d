"""The rule metadata and the bilingual message catalogue are complete and consistent."""

from __future__ import annotations

import re
import unicodedata

import pytest

from eformlint.i18n import engine_strings, placeholders
from eformlint.registry import builtin_rules, document_only_requirements, rule_metadata
from eformlint.rule import AREAS


def _texts():
    for code, record in rule_metadata().items():
        for message_id, template in record.messages.items():
            yield f"{code}.{message_id}", template.vi, template.en
            yield f"{code}.{message_id}.hint", template.hint_vi, template.hint_en
        yield f"{code}.title", record.title.vi, record.title.en
    for message_id, entry in engine_strings().items():
        yield message_id, entry["vi"], entry["en"]


def test_every_rule_has_metadata_and_every_record_a_rule() -> None:
    codes = {rule.code for rule in builtin_rules()}
    assert codes == set(rule_metadata())


def test_rule_attributes_match_metadata() -> None:
    records = rule_metadata()
    for rule in builtin_rules():
        record = records[rule.code]
        assert record.name == rule.name, rule.code
        assert record.area == rule.area, rule.code
        assert record.default_severity == rule.default_severity.label, rule.code
        assert rule.area in AREAS


def test_codes_and_names_are_unique() -> None:
    rules = builtin_rules()
    assert len({rule.code for rule in rules}) == len(rules)
    assert len({rule.name for rule in rules}) == len(rules)
    for rule in rules:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name


@pytest.mark.parametrize(("ident", "vi", "en"), list(_texts()), ids=lambda value: str(value)[:40])
def test_texts_exist_in_both_languages_with_same_placeholders(ident: str, vi: str, en: str) -> None:
    assert bool(vi) == bool(en), ident
    # Language-specific parameters (``sample_vi`` / ``sample_en``) stand for the same value.
    normalise = lambda names: {re.sub(r"_(vi|en)$", "", name) for name in names}
    assert normalise(placeholders(vi)) == normalise(placeholders(en)), ident
    for text in (vi, en):
        text.format_map(_Any())  # every brace is a placeholder or escaped
        assert unicodedata.is_normalized("NFC", text), ident
        assert "  " not in text, ident
        assert text == text.strip(), ident


class _Any(dict):
    def __missing__(self, key: str) -> str:
        return ""


def test_messages_are_used_by_a_rule_or_a_reader() -> None:
    import inspect

    sources = "".join(inspect.getsource(module) for module in _rule_modules())
    from eformlint import readers, source, suppress

    sources += inspect.getsource(readers) + inspect.getsource(source) + inspect.getsource(suppress)
    for code, record in rule_metadata().items():
        for message_id in record.messages:
            assert f'"{message_id}"' in sources or f"json_{message_id}" in sources or (
                message_id.startswith("json_") and message_id[5:] in sources
            ), f"{code}.{message_id} is never raised"


def _rule_modules():
    import sys

    return {sys.modules[rule.__module__] for rule in builtin_rules()}


def test_superseded_decree_carries_the_note() -> None:
    for code, record in rule_metadata().items():
        for reference in record.legal_basis:
            if "42/2022" in reference.document:
                assert reference.status == "superseded", code
                assert reference.note is not None and "224/2026" in reference.note.vi, code
                assert "224/2026" in reference.note.en, code


def test_docs_sections_present() -> None:
    for code, record in rule_metadata().items():
        assert record.docs.what.vi and record.docs.what.en, code
        assert record.docs.why.vi and record.docs.why.en, code


def test_document_only_requirements_have_no_rule() -> None:
    codes = {rule.code.split(".")[0] for rule in builtin_rules()}
    for code, requirement in document_only_requirements().items():
        assert code not in codes
        assert requirement.reason.vi and requirement.reason.en
