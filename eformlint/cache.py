"""A cache of per-file results, so that an unchanged repository re-lints quickly.

One entry holds what checking one file produced: its file report, the findings that
survived the suppressions and the number suppressed. The entry's name is a SHA-256 over
everything the result depends on:

- the file's bytes and the path shown in findings (suppressions match that path);
- the effective configuration for that file and the ``--select`` / ``--ignore`` options;
- the tool version, the rulebook edition and a fingerprint of the installed code and
  rule metadata, so an edited rule never serves an old result.

An entry also holds the samples that rules comparing files (``looks_across_files``) took
from the file; the comparison itself runs on every run, over the samples of all files,
and the baseline is applied after it.

Entries are JSON, never pickle, because the cache folder sits in the project and a
pickle from an untrusted checkout would run code. A missing, unreadable or corrupted
entry counts as a miss, and the file is checked again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eformlint import __version__
from eformlint.findings import Confidence, Finding, Location, RelatedLocation, Severity
from eformlint.rule import FieldSample

if TYPE_CHECKING:
    from eformlint.api import FileReport

logger = logging.getLogger(__name__)

# Bump when the layout of an entry changes.
ENTRY_FORMAT = 4
CACHE_TAG = "CACHEDIR.TAG"
_CACHE_TAG_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache of eformlint results; it may be deleted.\n"


class Uncacheable(TypeError):
    """A finding parameter whose type JSON cannot carry back exactly (a set, an object)."""


@dataclass
class CachedFile:
    """What checking one file produced, minus the documents and the rule times."""

    file: "FileReport"
    findings: list[Finding] = field(default_factory=list)
    suppressed: int = 0
    samples: list[FieldSample] = field(default_factory=list)
    # SUP-001 findings of suppressions that cover samples, with those samples' indexes:
    # they are reported only if the comparison reports none of those samples.
    held_back: list[tuple[Finding, list[int]]] = field(default_factory=list)


def check_cache_folder(folder: Path, root: Path, setting: str) -> None:
    """Raise ``ConfigError`` unless ``folder`` can serve as the cache: a folder of its own.

    The cache writes a ``.gitignore`` of ``*`` into its folder, and files in it are never
    linted, so the folder must not contain the project or any other files.
    """
    from eformlint.config import ConfigError

    problem = None
    if folder.exists() and not folder.is_dir():
        problem = "is not a folder"
    elif root.resolve().is_relative_to(folder):
        problem = "contains the project itself"
    elif folder.is_dir() and not (folder / CACHE_TAG).is_file() and any(folder.iterdir()):
        problem = "is a folder that already holds other files"
    if problem is not None:
        raise ConfigError(f"cache-dir '{setting}' ({folder}) {problem}. Name a new folder for the cache, such as "
                          f"'.eformlint_cache', or run with --no-cache.")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash the installed package's code and rule metadata (``*.py``, ``*.yaml``, ``*.json``, ``*.csv``)."""
    from eformlint import registry

    digest = hashlib.sha256(f"{__version__}\0{registry.RULEBOOK_EDITION.isoformat()}\0".encode())
    roots = {Path(__file__).resolve().parent}
    try:
        import eformlint.rules as rules_package

        roots.add(Path(rules_package.__file__).resolve().parent)
    except ImportError:  # a build without the rules package still lints nothing stale
        pass
    for root in sorted(roots):
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".yaml", ".json", ".csv") and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class ResultCache:
    """Per-file results stored under ``folder`` as ``<2 hex>/<64 hex>.json``."""

    def __init__(self, folder: Path, run_key: str) -> None:
        self.folder = folder
        # The parts of the key shared by every file of a run: code, options, config file.
        self.run_key = hashlib.sha256(f"{code_fingerprint()}\0{run_key}".encode()).hexdigest()
        self.hits = 0
        self.misses = 0
        # Cleared after the first failed write, so a read-only checkout warns once.
        self.writable = True

    def key(self, data: bytes, display_path: str, config_json: str) -> str:
        digest = hashlib.sha256()
        for part in (self.run_key.encode(), display_path.encode(), config_json.encode(), data):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        return digest.hexdigest()

    def _entry_path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> CachedFile | None:
        path = self._entry_path(key)
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            if payload.get("format") != ENTRY_FORMAT or payload.get("key") != key:
                raise ValueError("entry of another format or key")
            result = _decode_file(payload["file"])
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
            logger.warning("ignoring the corrupted cache entry %s: %s", path, exc)
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: CachedFile) -> None:
        """Store a result; a result that cannot be stored exactly, or a write error, is skipped."""
        if not self.writable:
            return
        try:
            text = json.dumps({"format": ENTRY_FORMAT, "key": key, "file": _encode_file(result)}, ensure_ascii=False)
        except Uncacheable as exc:
            logger.debug("not caching %s: %s", result.file.path, exc)
            return
        path = self._entry_path(key)
        try:
            self._ensure_folder()
            path.parent.mkdir(exist_ok=True)
            handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False)
            with handle:
                handle.write(text)
            os.replace(handle.name, path)
        except OSError as exc:
            self.writable = False
            logger.warning("cannot write the cache entry %s, so results are not cached in this process: %s", path, exc)

    def _ensure_folder(self) -> None:
        if (self.folder / CACHE_TAG).exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # Backup tools skip a folder with this tag; the ignore file keeps it out of Git.
        (self.folder / CACHE_TAG).write_text(_CACHE_TAG_TEXT, encoding="utf-8")
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# Exact JSON encoding of findings


# The file report's ``source`` (the path on disk) is set by the run, not stored.
_FILE_FIELDS = ("path", "format", "variant", "documents", "title", "fields")


def _encode_file(result: CachedFile) -> dict[str, Any]:
    return {
        "file": [getattr(result.file, name) for name in _FILE_FIELDS], "suppressed": result.suppressed,
        "inventory": [list(entry) for entry in result.file.inventory],
        "findings": [_encode_finding(finding) for finding in result.findings],
        "samples": [[list(sample.group), sample.variant, sample.as_written, _encode_finding(sample.finding), sample.suppressed]
                    for sample in result.samples],
        "held_back": [[_encode_finding(finding), list(indexes)] for finding, indexes in result.held_back],
    }


def _decode_file(data: dict[str, Any]) -> CachedFile:
    from eformlint.api import FileReport

    path, format_name, variant, documents, title, fields = data["file"]
    file_report = FileReport(str(path), str(format_name), str(variant), int(documents), str(title), int(fields))
    file_report.inventory = [(str(a), str(b), str(c), int(d), int(e)) for a, b, c, d, e in data.get("inventory", [])]
    samples = [FieldSample(tuple(str(part) for part in group), str(variant), str(as_written), _decode_finding(finding), bool(suppressed))
               for group, variant, as_written, finding, suppressed in data["samples"]]
    held_back = [(_decode_finding(finding), [int(index) for index in indexes]) for finding, indexes in data["held_back"]]
    if any(not 0 <= index < len(samples) for _, indexes in held_back for index in indexes):
        raise ValueError("a held-back suppression names a sample that the entry does not hold")
    return CachedFile(file_report, [_decode_finding(item) for item in data["findings"]], int(data["suppressed"]), samples,
                      held_back)


_LOCATION_FIELDS = ("path", "line", "column", "end_line", "end_column", "offset", "length", "pointer", "logical_path")


def _encode_location(location: Location) -> list[Any]:
    return [getattr(location, name) for name in _LOCATION_FIELDS]


def _decode_location(data: list[Any]) -> Location:
    if len(data) != len(_LOCATION_FIELDS):
        raise ValueError(f"a location has {len(data)} fields instead of {len(_LOCATION_FIELDS)}")
    return Location(*data)


def _encode_finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code, "severity": int(finding.severity), "confidence": finding.confidence.value,
        "message_id": finding.message_id, "location": _encode_location(finding.location),
        "params": encode_value(finding.params), "field_label": finding.field_label, "field_key": finding.field_key,
        "evidence": encode_value(finding.evidence),
        "related": [[_encode_location(item.location), item.note_id] for item in finding.related],
        "snippet": finding.snippet, "snippet_column": finding.snippet_column, "fix": finding.fix,
    }


def _decode_finding(data: dict[str, Any]) -> Finding:
    params = decode_value(data["params"])
    evidence = decode_value(data["evidence"])
    if not isinstance(params, dict):
        raise ValueError("params must be a dict")
    return Finding(
        code=data["code"], severity=Severity(data["severity"]), confidence=Confidence(data["confidence"]),
        message_id=data["message_id"], location=_decode_location(data["location"]), params=params,
        field_label=data["field_label"], field_key=data["field_key"], evidence=evidence,
        related=tuple(RelatedLocation(_decode_location(location), note_id) for location, note_id in data["related"]),
        snippet=data["snippet"], snippet_column=data["snippet_column"], fix=data["fix"],
    )


def encode_value(value: Any) -> Any:
    """Encode a parameter so that :func:`decode_value` returns an equal value of the same type.

    Lists stay JSON arrays; tuples and dicts (whose keys need not be strings) become
    one-member objects tagged ``t`` and ``d``. Raises :class:`Uncacheable` for other types.
    """
    if value is None or type(value) in (str, int, float, bool):
        return value
    if type(value) is list:
        return [encode_value(item) for item in value]
    if type(value) is tuple:
        return {"t": [encode_value(item) for item in value]}
    if type(value) is dict:
        return {"d": [[encode_value(key), encode_value(item)] for key, item in value.items()]}
    raise Uncacheable(f"a value of type {type(value).__name__}")


_SCALARS = (str, int, float, bool, type(None))


def decode_value(data: Any) -> Any:
    kind = data.__class__
    if kind in _SCALARS:
        return data
    if kind is list:
        return [decode_value(item) for item in data]
    if kind is dict:
        if len(data) == 1 and "t" in data:
            return tuple(decode_value(item) for item in data["t"])
        if len(data) == 1 and "d" in data:
            pairs = data["d"]
            # Most parameters are a dict of strings and numbers: built without recursion.
            if all(key.__class__ is str and item.__class__ in _SCALARS for key, item in pairs):
                return dict(pairs)
            return {_hashable(decode_value(key)): decode_value(item) for key, item in pairs}
        raise ValueError(f"unknown tagged value {sorted(data)}")
    raise ValueError(f"a value of type {kind.__name__}")


def _hashable(key: Any) -> Any:
    if isinstance(key, (list, dict)):
        raise ValueError("a dict key that is a list or a dict")
    return key
