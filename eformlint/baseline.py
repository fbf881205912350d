"""Baselines: adopt eformlint on an existing repository without fixing everything first.

``--write-baseline FILE`` records today's findings; ``--baseline FILE`` then reports only
findings that are not in it. An entry is keyed by the rule, the file, the logical path of
the field, the property the finding points at and the message id. Lines and columns are
left out, so reformatting a file or adding a component elsewhere brings no finding back. Entries count occurrences, so a second identical problem is still new. Entries that
no longer match anything (the problem was fixed) are reported as stale; writing the
baseline again prunes them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from eformlint.findings import Finding

FORMAT_VERSION = 1
_INDEXED_STEP = re.compile(r"/\d+(?=/|$)|\[\d+\]")


class BaselineError(ValueError):
    """The baseline file cannot be read. The message names the file and the problem."""


def anchor(finding: Finding) -> str:
    """Return where a finding is, leaving out anything that moves when the file is reformatted."""
    location = finding.location
    pointer = location.pointer
    # Keep only the steps after the last array index or positional XPath step: the
    # property of the node (``validate/pattern``, ``@constraint``), not its position.
    parts = _INDEXED_STEP.split(pointer)
    tail = parts[-1].strip("/") if parts else ""
    return f"{location.logical_path}#{tail}" if location.logical_path else pointer


def key(finding: Finding) -> str:
    raw = "\x1f".join((finding.code, finding.location.path, anchor(finding), finding.message_id))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


@dataclass
class BaselineEntry:
    key: str
    code: str
    file: str
    path: str
    message_id: str
    count: int


def write(findings: list[Finding], path: Path) -> int:
    """Write the baseline for ``findings``; return the number of entries."""
    counts: Counter[str] = Counter()
    details: dict[str, Finding] = {}
    for finding in findings:
        entry_key = key(finding)
        counts[entry_key] += 1
        details.setdefault(entry_key, finding)
    entries = [
        {"key": entry_key, "code": details[entry_key].code, "file": details[entry_key].location.path,
         "path": anchor(details[entry_key]), "message_id": details[entry_key].message_id, "count": count}
        for entry_key, count in sorted(counts.items(), key=lambda item: (details[item[0]].location.path, details[item[0]].code, item[0]))
    ]
    payload = {"version": FORMAT_VERSION, "tool": "eformlint", "entries": entries}
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)
    return len(entries)


def load(path: Path) -> list[BaselineEntry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BaselineError(f"{path}: baseline file not found; create it with --write-baseline") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("entries"), list):
        raise BaselineError(f"{path}: not an eformlint baseline of version {FORMAT_VERSION}; write it again with --write-baseline")
    entries = []
    for item in data["entries"]:
        try:
            entries.append(BaselineEntry(str(item["key"]), str(item["code"]), str(item["file"]), str(item.get("path", "")),
                                         str(item.get("message_id", "")), int(item.get("count", 1))))
        except (KeyError, TypeError, ValueError) as exc:
            raise BaselineError(f"{path}: invalid entry {item!r}: {exc}") from exc
    return entries


def filter_new(findings: list[Finding], entries: list[BaselineEntry]) -> tuple[list[Finding], list[BaselineEntry]]:
    """Return the findings not in the baseline, and the stale entries that matched nothing."""
    remaining = Counter({entry.key: entry.count for entry in entries})
    new = []
    for finding in findings:
        entry_key = key(finding)
        if remaining[entry_key] > 0:
            remaining[entry_key] -= 1
        else:
            new.append(finding)
    stale = [entry for entry in entries if remaining[entry.key] == entry.count]
    return new, stale
