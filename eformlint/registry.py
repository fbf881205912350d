"""The rule registry and the rule metadata.

Built-in rules are listed by hand in ``eformlint.rules.RULES``; third-party rule packs
add theirs through the ``eformlint.rules`` entry-point group, each entry point naming a
list of rule classes. The legal basis, titles, messages and documentation of every rule
are data (``eformlint/rules/metadata/*.yaml``), validated here against a strict model, so a
corrected citation changes no code.
"""

from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache
from importlib import metadata as importlib_metadata
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from eformlint.findings import Severity
from eformlint.i18n import Lang, pick
from eformlint.rule import AREAS, Rule
from eformlint.yaml_data import load_yaml

logger = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "eformlint.rules"

# The date of the rulebook edition that the built-in rules and their metadata implement.
# Reports print it so a reader knows which set of requirements a result was checked against.
RULEBOOK_EDITION = date(2026, 12, 4)


class Bilingual(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vi: str
    en: str

    def get(self, lang: Lang) -> str:
        return pick({"vi": self.vi, "en": self.en}, lang)


class LegalReference(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: str
    article: str | None = None
    evidence: Literal["verified", "secondary", "inference"]
    status: Literal["in-force", "superseded", "re-check", "unknown"] = "in-force"
    note: Bilingual | None = None
    url: str | None = None


class MessageTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vi: str
    en: str
    hint_vi: str = ""
    hint_en: str = ""

    def text(self, lang: Lang) -> str:
        return self.vi if lang == "vi" else self.en

    def hint(self, lang: Lang) -> str:
        return self.hint_vi if lang == "vi" else self.hint_en


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: str = "formio"
    bad: str
    good: str


class RuleDocs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    what: Bilingual
    why: Bilingual
    example: Example | None = None
    options: Bilingual | None = None
    limitations: Bilingual | None = None


class RuleMetadata(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    requirement: str
    area: str
    appendix01_area: Literal["giao-dien", "thong-bao-loi", "tu-dong-dien", "xac-thuc-du-lieu"] | None = None
    appendix01_ref: str | None = None
    title: Bilingual
    default_severity: Literal["error", "warning", "info"]
    checkability: Literal["static", "partial"] = "static"
    legal_basis: list[LegalReference] = Field(default_factory=list)
    wcag: list[str] = Field(default_factory=list)
    messages: dict[str, MessageTemplate]
    docs: RuleDocs

    @property
    def severity(self) -> Severity:
        return Severity.parse(self.default_severity)


class DocumentOnlyRequirement(BaseModel):
    """A requirement that no definition file can show; documented, never checked."""

    model_config = ConfigDict(extra="forbid")
    title: Bilingual
    area: str
    reason: Bilingual
    legal_basis: list[LegalReference] = Field(default_factory=list)
    wcag: list[str] = Field(default_factory=list)


@lru_cache(maxsize=1)
def rule_metadata() -> dict[str, RuleMetadata]:
    """Load and validate every metadata record of the built-in rules."""
    records: dict[str, RuleMetadata] = {}
    folder = resources.files("eformlint.rules").joinpath("metadata")
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".yaml") or entry.name.startswith("document-only"):
            continue
        data = load_yaml(entry.read_text(encoding="utf-8")) or {}
        for code, record in data.items():
            if code in records:
                raise ValueError(f"rule metadata: code {code} is defined twice (second time in {entry.name})")
            records[code] = RuleMetadata.model_validate(record)
            if records[code].area not in AREAS:
                raise ValueError(f"rule metadata {code}: unknown area {records[code].area!r}")
    return records


@lru_cache(maxsize=1)
def document_only_requirements() -> dict[str, DocumentOnlyRequirement]:
    entry = resources.files("eformlint.rules").joinpath("metadata/document-only.yaml")
    data = load_yaml(entry.read_text(encoding="utf-8")) or {}
    return {code: DocumentOnlyRequirement.model_validate(record) for code, record in data.items()}


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[type[Rule], ...]:
    from eformlint.rules import RULES

    return tuple(RULES)


@lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    """Built-in rules followed by those of installed rule packs."""
    rules = list(builtin_rules())
    known = {rule.code for rule in rules}
    for entry_point in importlib_metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            extra = entry_point.load()
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not stop the run
            logger.warning("rule pack %s could not be loaded: %s", entry_point.name, exc)
            continue
        for rule in extra:
            if rule.code in known:
                logger.warning("rule pack %s: code %s is already taken; rule skipped", entry_point.name, rule.code)
                continue
            known.add(rule.code)
            rules.append(rule)
    return tuple(rules)


def metadata_for(code: str) -> RuleMetadata | None:
    return rule_metadata().get(code)


def message(code: str, message_id: str) -> MessageTemplate | None:
    record = rule_metadata().get(code)
    if record is None:
        return None
    return record.messages.get(message_id)


def title(code: str, lang: Lang) -> str:
    record = rule_metadata().get(code)
    return record.title.get(lang) if record else code


def rule_name(code: str) -> str:
    record = rule_metadata().get(code)
    return record.name if record else code
