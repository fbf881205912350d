"""A self-contained HTML report for people who do not use the tool.

One file contains everything: styles, script, charts (inline SVG) and the documentation of
every rule that fired, so it opens from an e-mail attachment with no network access. The
templates live in ``reporters/templates`` and are rendered by Jinja2 with autoescaping on:
form content (labels, messages, source excerpts) is always escaped, and the inline script
only ever sets ``textContent``.
"""

from __future__ import annotations

import math
import os
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import IO

import jinja2

from eformlint import __version__
from eformlint.api import Report
from eformlint.i18n import Lang, engine_strings, t
from eformlint.registry import RULEBOOK_EDITION
from eformlint.reporters.html_model import APPENDIX01_AREAS, OUTSIDE_APPENDIX01, SEVERITIES, build_view
from eformlint.rule import AREAS

_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December")


def format_number(value: float, lang: Lang, decimals: int = 0) -> str:
    """Format a number with the language's separators: 1.234,5 in Vietnamese, 1,234.5 in English."""
    text = f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def format_date(day: date, lang: Lang) -> str:
    """Format a date as 04/12/2026 in Vietnamese and as 4 December 2026 in English."""
    if lang == "vi":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return f"{day.day} {_ENGLISH_MONTHS[day.month - 1]} {day.year}"


def format_datetime(moment: datetime, lang: Lang) -> str:
    return f"{format_date(moment.date(), lang)} {moment:%H:%M} UTC"


def generation_time() -> datetime:
    """Return the current UTC time, or ``SOURCE_DATE_EPOCH`` when set, for reproducible reports."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("eformlint.reporters", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment


def _strings(lang: Lang) -> dict[str, str]:
    """Return the report's own strings (keys ``html.…`` without the prefix) in ``lang``."""
    return {key[len("html."):]: value[lang] for key, value in engine_strings().items() if key.startswith("html.")}


def write(report: Report, stream: IO[str], lang: Lang) -> None:
    view = build_view(report, lang)
    environment = _environment()
    template = environment.get_template("report.html.j2")
    text = _strings(lang)

    def number(value: float, decimals: int = 0) -> str:
        return format_number(value, lang, decimals)

    def score_text(score: float) -> str:
        # Rounded down, so 100 is shown only when no error or warning was found.
        return format_number(math.floor(score), lang)

    stream.write(template.render(
        lang=lang,
        s=text,
        t=lambda message_id, **params: t(message_id, lang, **params),
        n=number,
        score_text=score_text,
        view=view,
        version=__version__,
        rulebook=format_date(RULEBOOK_EDITION, lang),
        generated=format_datetime(generation_time(), lang),
        severities=[severity.label for severity in SEVERITIES],
        rule_areas=AREAS,
        appendix_areas=(*APPENDIX01_AREAS, OUTSIDE_APPENDIX01),
        stylesheet=environment.loader.get_source(environment, "report.css")[0],
        script=environment.loader.get_source(environment, "report.js")[0],
    ))
