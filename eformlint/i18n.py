"""Language selection and the bilingual message catalogue.

Every text that eformlint shows exists in Vietnamese (the default) and English. Texts are
templates with named placeholders (``{label}``) filled by ``str.format_map`` only when a
report is written. The catalogue has two sources: the engine's own strings in
``strings.yaml`` and the rule metadata in ``eformlint.rules``.
"""

from __future__ import annotations

import os
import string
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, Mapping

from eformlint.yaml_data import load_yaml


Lang = Literal["vi", "en"]
LANGUAGES: tuple[Lang, ...] = ("vi", "en")
DEFAULT_LANG: Lang = "vi"
ENV_VAR = "EFORMLINT_LANG"


def resolve_language(option: str | None, configured: str | None = None) -> Lang:
    """Pick the output language: command-line option, then environment, then config, then Vietnamese."""
    for candidate in (option, os.environ.get(ENV_VAR), configured):
        if candidate:
            value = candidate.strip().lower()[:2]
            if value in LANGUAGES:
                return value  # type: ignore[return-value]
    return DEFAULT_LANG


class _SafeParams(dict):
    """Leave unknown placeholders visible instead of raising while rendering."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, params: Mapping[str, Any]) -> str:
    return template.format_map(_SafeParams({k: _plain(v) for k, v in params.items()}))


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return value


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@lru_cache(maxsize=1)
def engine_strings() -> dict[str, dict[str, str]]:
    text = resources.files("eformlint").joinpath("strings.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


def t(message_id: str, lang: Lang, **params: Any) -> str:
    """Render one of the engine's own strings (CLI, reports) in ``lang``."""
    entry = engine_strings()[message_id]
    return render(entry[lang], params)


def pick(bilingual: Mapping[str, str] | None, lang: Lang) -> str:
    """Return the ``lang`` text of a ``{vi: …, en: …}`` mapping, falling back to Vietnamese."""
    if not bilingual:
        return ""
    return bilingual.get(lang) or bilingual.get(DEFAULT_LANG, "")
