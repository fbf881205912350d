"""Findings about suppressions themselves: a silence needs a reason and must still apply.

The engine (``eformlint.suppress``) raises these; the classes carry code, name and
severity so they can be configured and documented like any other rule.
"""

from __future__ import annotations

from typing import Iterator

from eformlint.findings import Severity
from eformlint.rule import Rule, Violation


class _SuppressionRule(Rule):
    area = "structure"

    def check(self, document, context) -> Iterator[Violation]:
        return iter(())


class UnusedSuppression(_SuppressionRule):
    code = "SUP-001"
    name = "unused-suppression"
    default_severity = Severity.WARNING


class SuppressionWithoutReason(_SuppressionRule):
    code = "SUP-002"
    name = "suppression-without-reason"
    default_severity = Severity.WARNING
