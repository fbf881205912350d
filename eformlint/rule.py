"""The contract between rules and the engine.

A rule is a small class with plain attributes (code, name, area, default severity, the
formats it reads) and a ``check`` generator. It yields :class:`Violation` objects that
state a local fact: this node, this message id, these parameters. The engine adds the
configured severity, the file and the exact position.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

from pydantic import BaseModel, ConfigDict

from eformlint.findings import Confidence, Finding, Severity
from eformlint.model import FormDocument, Node

if TYPE_CHECKING:
    from eformlint.engine import Context

ALL_FORMATS = frozenset({"formio", "xforms", "surveyjs", "alpaca"})

AREAS = (
    "ui-layout",
    "error-messages",
    "autofill",
    "data-validation",
    "accessibility",
    "vietnamese-text",
    "structure",
)


class NoOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass(slots=True)
class Violation:
    """What a rule found, before the engine places it.

    ``pointer`` is the definition path of the offending value. When it is ``None`` the
    engine points at the node's key (or the node itself), which is where a person looks
    for a missing property.
    """

    node: Node | None
    message_id: str
    params: dict[str, Any] = field(default_factory=dict)
    pointer: str | None = None
    confidence: Confidence = Confidence.CERTAIN
    evidence: tuple[str, ...] = ()
    related: list[tuple[str, str, str]] = field(default_factory=list)
    # A cap below the rule's severity, for a lesser form of the same problem.
    max_severity: Severity | None = None
    # The safe repair of the text at ``pointer`` that ``eformlint check --fix`` applies
    # (a name from ``eformlint.fix.REPAIRS``), or an empty string when none is safe.
    fix: str = ""


@dataclass(slots=True)
class FieldSample:
    """A field kept by a rule that compares files, with its finding already located."""

    group: tuple[str, ...]
    variant: str
    as_written: str
    finding: Finding
    # A suppression with a reason covers the field: it still counts, but is not reported.
    suppressed: bool = False

    @property
    def file(self) -> str:
        return self.finding.location.path


def files_per_variant(samples: list[FieldSample]) -> dict[str, int]:
    """Count the files that use each variant."""
    files: dict[str, set[str]] = {}
    for sample in samples:
        files.setdefault(sample.variant, set()).add(sample.file)
    return {variant: len(paths) for variant, paths in files.items()}


@lru_cache(maxsize=4096)
def short_text(text: str, limit: int = 80) -> str:
    """Put a label on one line and cut it to ``limit`` characters for a message.

    Labels can hold HTML line breaks and whole paragraphs, which would break the layout of
    a terminal report. Kept per process, so the findings about one field share the string.
    """
    flat = " ".join(re.sub(r"<[^>]+>", " ", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class Rule:
    """Base class of every rule. Subclasses set the class attributes and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    area: ClassVar[str]
    default_severity: ClassVar[Severity]
    formats: ClassVar[frozenset[str]] = ALL_FORMATS
    Options: ClassVar[type[BaseModel]] = NoOptions

    def __init__(self, options: BaseModel | None = None) -> None:
        self.options = options if options is not None else self.Options()

    def check(self, document: FormDocument, context: "Context") -> Iterator[Violation]:
        raise NotImplementedError

    # Rules that compare the files of one run (UI-009.2) set this and override ``collect``
    # and ``compare``. ``collect`` runs wherever a file is checked, perhaps in a worker
    # process, and its output comes back and is cached as :class:`FieldSample` objects.
    # ``compare`` then runs once over the samples of the whole run.
    looks_across_files: ClassVar[bool] = False

    def collect(self, document: FormDocument, context: "Context") -> Iterator[tuple[tuple[str, ...], str, str, Violation]]:
        """Yield (group, variant, as_written, violation) for each field the rule compares.

        Fields of one group are compared by their variant. ``as_written`` is how the variant
        reads in a message about another field. The violation is what would be reported
        at this field if its variant turned out to be the odd one.
        """
        return iter(())

    def compare(self, samples: list["FieldSample"]) -> Iterator[tuple["FieldSample", dict[str, Any], list["FieldSample"]]]:
        """Yield (sample reported, parameters to add, samples to show as related)."""
        return iter(())

    def violation(
        self,
        node: Node | None,
        message_id: str,
        *,
        pointer: str | None = None,
        confidence: Confidence = Confidence.CERTAIN,
        evidence: tuple[str, ...] = (),
        max_severity: Severity | None = None,
        fix: str = "",
        **params: Any,
    ) -> Violation:
        if node is not None:
            params.setdefault("label", short_text(node.display_name()))
            params.setdefault("key", node.key or "")
        return Violation(node, message_id, params, pointer, confidence, evidence, max_severity=max_severity, fix=fix)
