"""Rules that compare files work from samples taken where each file is checked.

The samples come back from worker processes and from the cache, so the comparison never
reads a file a second time, and suppressions written in a form apply to it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from eformlint import parallel
from eformlint.api import lint_paths
from eformlint.config import Config, LoadedConfig

from support import FIXTURES

DRIFT = FIXTURES / "UI-009.2" / "bad"


def _project(tmp_path: Path) -> Path:
    forms = tmp_path / "forms"
    shutil.copytree(DRIFT, forms)
    return tmp_path


def _loaded(root: Path) -> LoadedConfig:
    return LoadedConfig(Config(), None, root)


def _drift(report) -> list[tuple[str, str, int, int, str]]:
    return [(Path(f.location.path).name, f.message_id, f.location.line, f.location.column, f.params["expected"])
            for f in report.findings if f.code == "UI-009.2"]


def test_related_locations_in_other_files_are_exact(tmp_path):
    root = _project(tmp_path)
    report = lint_paths([root / "forms"], _loaded(root), select=["UI-009.2"])
    label = next(f for f in report.findings if f.message_id == "label_differs")
    assert label.params["expected"] == "Thư điện tử"
    related = {(Path(r.location.path).name, r.location.line, r.location.column, r.location.pointer) for r in label.related}
    assert related == {
        ("to-khai-1.formio.json", 15, 16, "/components/1/label"),
        ("to-khai-2.formio.json", 15, 16, "/components/1/label"),
    }


def test_parallel_and_cached_runs_compare_the_same_fields(tmp_path):
    root = _project(tmp_path)
    serial = lint_paths([root / "forms"], _loaded(root), select=["UI-009.2"], jobs=1)
    assert [m for _, m, _, _, _ in _drift(serial)] == ["label_differs", "control_differs", "pattern_differs"]
    assert _drift(lint_paths([root / "forms"], _loaded(root), select=["UI-009.2"], jobs=2)) == _drift(serial)
    lint_paths([root / "forms"], _loaded(root), select=["UI-009.2"], cache=True)
    warm = lint_paths([root / "forms"], _loaded(root), select=["UI-009.2"], cache=True)
    assert warm.cached == 3
    assert _drift(warm) == _drift(serial)


def test_warm_cache_reads_no_form(tmp_path, monkeypatch):
    root = _project(tmp_path)
    lint_paths([root / "forms"], _loaded(root), cache=True)

    def fail_if_called(*args, **kwargs):
        raise AssertionError("a form was read although its result was cached")

    monkeypatch.setattr(parallel, "read_bytes", fail_if_called)
    monkeypatch.setattr(parallel, "read_file", fail_if_called)
    warm = lint_paths([root / "forms"], _loaded(root), cache=True)
    assert warm.cached == 3
    assert len(_drift(warm)) == 3


def test_form_suppression_silences_cross_file_finding(tmp_path):
    root = _project(tmp_path)
    path = root / "forms" / "to-khai-3.formio.json"
    form = json.loads(path.read_text(encoding="utf-8"))
    form["components"][1]["properties"] = {"eformlint.suppress": "UI-009.2: nhãn theo mẫu của Bộ"}
    path.write_text(json.dumps(form, ensure_ascii=False, indent=2), encoding="utf-8")
    report = lint_paths([root / "forms"], _loaded(root), select=["UI-009.2", "SUP"])
    assert [m for _, m, _, _, _ in _drift(report)] == ["control_differs", "pattern_differs"]
    assert report.suppressed == 1
    assert not [f for f in report.findings if f.code.startswith("SUP")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_phone_convention_compared_across_workers(tmp_path, jobs):
    forms = tmp_path / "forms"
    shutil.copytree(FIXTURES / "FMT-005" / "run-bad", forms)
    report = lint_paths([forms], _loaded(tmp_path), select=["FMT-005"], jobs=jobs)
    across = [f for f in report.findings if f.message_id == "convention_differs"]
    assert len(across) == 1
    assert across[0].params["files"] == 2
    assert len(across[0].related) == 2


@pytest.mark.parametrize(("jobs", "cache"), [(1, False), (2, False), (1, True)])
def test_unused_cross_file_suppression_is_reported(tmp_path, jobs, cache):
    root = _project(tmp_path)
    # The e-mail label of to-khai-1 is the usual one, so nothing is reported there.
    path = root / "forms" / "to-khai-1.formio.json"
    form = json.loads(path.read_text(encoding="utf-8"))
    form["components"][1]["properties"] = {"eformlint.suppress": "UI-009.2: nhãn theo mẫu của Bộ"}
    path.write_text(json.dumps(form, ensure_ascii=False, indent=2), encoding="utf-8")
    runs = 2 if cache else 1
    for _ in range(runs):
        report = lint_paths([root / "forms"], _loaded(root), select=["UI-009.2", "SUP"], jobs=jobs, cache=cache)
    unused = [f for f in report.findings if f.code == "SUP-001"]
    assert [(Path(f.location.path).name, f.params["codes"]) for f in unused] == [("to-khai-1.formio.json", "UI-009.2")]
    assert len(_drift(report)) == 3
    assert report.suppressed == 0


def test_lint_text_reports_cross_file_suppression():
    from eformlint.api import lint_text

    form = json.loads((DRIFT / "to-khai-3.formio.json").read_text(encoding="utf-8"))
    form["components"][1]["properties"] = {"eformlint.suppress": "UI-009.2: nhãn theo mẫu của Bộ"}
    report = lint_text(json.dumps(form, ensure_ascii=False), "to-khai-3.formio.json", select=["UI-009.2", "SUP"])
    assert [f.code for f in report.findings] == ["SUP-001"]


def test_text_output_names_the_related_places(tmp_path):
    import io

    from eformlint.reporters import text

    root = _project(tmp_path)
    report = lint_paths([root / "forms"], _loaded(root), select=["UI-009.2"])
    stream = io.StringIO()
    text.write(report, stream, "en")
    lines = [line.strip() for line in stream.getvalue().splitlines() if line.strip().startswith("See also:")]
    assert len(lines) == 3
    assert lines[0] == f"See also: {report.findings[0].related[0].location.path}:15:16, " \
                       f"{report.findings[0].related[1].location.path}:15:16"
