"""Reporters: one module per output format, behind one small interface.

A reporter receives the whole report and writes it to a text stream. Findings carry a
message id and parameters; the reporter renders them in the chosen language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Callable

from eformlint.api import Report
from eformlint.findings import Finding
from eformlint.i18n import Lang, render, t
from eformlint.registry import message


@dataclass(frozen=True, slots=True)
class RenderedFinding:
    message: str
    hint: str


def render_finding(finding: Finding, lang: Lang) -> RenderedFinding:
    template = message(finding.code, finding.message_id)
    if template is None:
        return RenderedFinding(f"{finding.message_id} {finding.params}", "")
    return RenderedFinding(render(template.text(lang), finding.params), render(template.hint(lang), finding.params))


def render_evidence(evidence: tuple[str, ...], lang: Lang) -> str:
    """Say in words why a heuristic finding was raised: “nhãn ‘Số CCCD’”."""
    if not evidence:
        return ""
    kind, *values = evidence
    params = {f"v{index}": value for index, value in enumerate(values)}
    try:
        return t(f"evidence.{kind}", lang, **params)
    except KeyError:
        return " ".join(evidence)


def severity_name(finding: Finding, lang: Lang) -> str:
    return t(f"severity.{finding.severity.label}", lang)


Writer = Callable[[Report, IO[str], Lang], None]


def get_writer(name: str) -> Writer:
    if name == "text":
        from eformlint.reporters.text import write
    elif name == "json":
        from eformlint.reporters.json import write
    elif name == "sarif":
        from eformlint.reporters.sarif import write
    elif name == "html":
        from eformlint.reporters.html import write
    elif name == "junit":
        from eformlint.reporters.junit import write
    elif name == "gitlab":
        from eformlint.reporters.gitlab import write
    elif name == "github":
        from eformlint.reporters.github import write
    else:
        raise KeyError(name)
    return write


FORMATS = ("text", "json", "sarif", "html", "junit", "gitlab", "github")
