"""Findings: what a rule reports, with where and how sure.

A :class:`Finding` stores its message id and parameters, never rendered text, so it can
be shown in any language later. Two findings compare equal when they have the same rule,
file, position and message id: improving a message's wording changes no test.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> "Severity":
        return cls[name.upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


class Confidence(enum.Enum):
    CERTAIN = "certain"
    LIKELY = "likely"


def _rebuilt_from_fields(self) -> tuple:
    """Pickle a slotted dataclass as a call with its field values.

    Loading is then about three times quicker than through the state protocol that
    slotted dataclasses use, which counts when results come back from worker processes.
    """
    return type(self), tuple(getattr(self, name) for name in self.__slots__)


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """Where a finding points: file, exact region and logical path.

    ``line`` and ``column`` are 1-based; columns and offsets count Unicode code points.
    ``end_column`` is the column just after the region's last character, as in SARIF.
    ``pointer`` is the definition path (JSON Pointer or XPath); ``logical_path`` is the
    data path a person recognises (``ThuongTru.MaTinhThanh``).
    """

    path: str
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1
    offset: int = 0
    length: int = 0
    pointer: str = ""
    logical_path: str = ""

    __reduce__ = _rebuilt_from_fields


@dataclass(frozen=True, slots=True)
class RelatedLocation:
    location: Location
    note_id: str = ""

    __reduce__ = _rebuilt_from_fields


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    confidence: Confidence
    message_id: str
    location: Location
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    field_label: str = field(default="", compare=False)
    field_key: str = field(default="", compare=False)
    # Why a heuristic finding was raised: (source, value, …), e.g. ("label", "Số CCCD").
    evidence: tuple[str, ...] = field(default=(), compare=False)
    related: tuple[RelatedLocation, ...] = field(default=(), compare=False)
    snippet: str = field(default="", compare=False)
    snippet_column: int = field(default=0, compare=False)
    # The repair ``--fix`` can apply at ``location.pointer`` ("nfc", "legacy", "whitespace").
    fix: str = field(default="", compare=False)

    __reduce__ = _rebuilt_from_fields

    @property
    def fixable(self) -> bool:
        return bool(self.fix)

    def sort_key(self) -> tuple:
        return (self.location.path, self.location.offset, self.code, self.message_id)
