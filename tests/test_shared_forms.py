"""Every real form in ../shared is read by its reader without a crash."""

from __future__ import annotations

import csv
from pathlib import Path

from support import default_config
from eformlint.api import lint_paths
from eformlint.readers import read_file


def _all_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in ("MANIFEST.tsv", "README.md"))


def test_corpus_formats_are_recognised(shared: Path) -> None:
    manifest = shared / "corpus" / "MANIFEST.tsv"
    rows = list(csv.DictReader(manifest.open(encoding="utf-8"), delimiter="\t"))
    expected = {"formio": "formio", "xform": "xforms", "surveyjs": "surveyjs", "alpaca-opencps": "alpaca"}
    for row in rows:
        result = read_file(shared / "corpus" / row["file"], row["file"])
        if row["format"] in expected:
            assert result.format == expected[row["format"]], row["file"]
            assert result.documents, row["file"]
            assert not result.problems, (row["file"], result.problems)
        else:
            # The home-grown checklist is recognised and reported as not supported.
            assert row["format"] == "vn-custom", row["file"]
            assert [(p.code, p.message_id) for p in result.problems] == [("INP-003", "checklist_unsupported")], row["file"]


def test_vn_forms_are_recognised(shared: Path) -> None:
    for path in _all_files(shared / "vn-forms"):
        result = read_file(path, path.name)
        if path.name.endswith((".formio.json", ".xform.xml", ".surveyjs.json")):
            assert result.documents and not result.problems, path.name


def test_lint_everything_without_crash(shared: Path) -> None:
    files = _all_files(shared / "corpus") + _all_files(shared / "vn-forms")
    report = lint_paths([str(p) for p in files], default_config(shared.parent))
    assert len(report.files) == len(files)
    for finding in report.findings:
        assert finding.location.line >= 1 and finding.location.column >= 1


def test_vn_forms_findings_are_placed_on_their_text(shared: Path) -> None:
    report = lint_paths([str(shared / "vn-forms")], default_config(shared.parent))
    texts = {}
    for finding in report.findings:
        location = finding.location
        if location.length == 0:
            continue
        path = shared.parent / location.path
        text = texts.setdefault(path, path.read_text(encoding="utf-8"))
        lines = text.splitlines()
        start = lines[location.line - 1][location.column - 1:]
        assert text[location.offset:location.offset + location.length].startswith(start[: location.length][:20]), finding
