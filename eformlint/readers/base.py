"""Reader results: the documents read from a file, or the problems that stopped reading."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eformlint.model import FormDocument


@dataclass(slots=True)
class InputProblem:
    """A file that could not be read, decoded or parsed, or is not a known form format.

    ``code`` is a reserved rule code (INP-001 … INP-004, FMT-001.1). ``offset`` is where
    the problem is, in code points of the decoded text, or 0 when nothing was decoded.
    """

    code: str
    message_id: str
    offset: int = 0
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ReadResult:
    path: str
    text: str = ""
    documents: list[FormDocument] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    has_bom: bool = False
    format: str = ""
    variant: str = ""


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Safety limits for untrusted input; the configuration can change them."""

    max_file_size: int = 50 * 1024 * 1024
    max_depth: int = 512
