"""Write JSON that people can read and that is quick to produce.

``json.dump`` with ``indent`` runs the pure-Python encoder, which took most of a warm run
on a repository with thousands of findings. Here the outer levels are indented by two
spaces, and each value below ``inline_at`` levels (a finding, a SARIF result) is written
on one line by the C encoder.
"""

from __future__ import annotations

import json
from typing import IO, Any

_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode


def write_json(value: Any, stream: IO[str], inline_at: int) -> None:
    """Write ``value`` and a final newline."""
    _write(value, stream, 0, inline_at)
    stream.write("\n")


def _write(value: Any, stream: IO[str], depth: int, inline_at: int) -> None:
    if depth >= inline_at or not isinstance(value, (dict, list)) or not value:
        stream.write(_encode(value))
        return
    inner = "  " * (depth + 1)
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    stream.write(opening + "\n")
    items = value.items() if isinstance(value, dict) else ((None, item) for item in value)
    for index, (key, item) in enumerate(items):
        stream.write((",\n" if index else "") + inner)
        if key is not None:
            stream.write(_encode(str(key)) + ": ")
        _write(item, stream, depth + 1, inline_at)
    stream.write("\n" + "  " * depth + closing)
