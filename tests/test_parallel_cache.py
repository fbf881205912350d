"""Parallel runs and the result cache give the same report as a plain serial run."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from eformlint.api import FileReport, lint_paths
from eformlint.cache import CachedFile, ResultCache, Uncacheable, decode_value, encode_value
from eformlint.cli import run_check
from eformlint.config import Config, LoadedConfig
from eformlint.findings import Confidence, Finding, Location, RelatedLocation, Severity

from support import FIXTURES


def _project(tmp_path: Path, shared: Path) -> Path:
    """Copy a few real forms of each format into a project folder."""
    forms = tmp_path / "forms"
    forms.mkdir()
    for source in sorted((shared / "vn-forms").iterdir()):
        if source.suffix in (".json", ".xml"):
            shutil.copy(source, forms / source.name)
    for source in sorted((shared / "corpus" / "surveyjs").iterdir())[:3]:
        shutil.copy(source, forms / source.name)
    return tmp_path


def _loaded(root: Path, **settings) -> LoadedConfig:
    return LoadedConfig(Config(**settings), None, root)


def _exact(report) -> list[str]:
    """Every field of every finding, params and evidence included (equality ignores them)."""
    return [repr(finding) for finding in report.findings]


def _files(report) -> list[tuple]:
    return [(f.path, f.format, f.variant, f.documents, f.title, f.fields) for f in report.files]


def test_parallel_report_equals_serial(tmp_path, shared):
    root = _project(tmp_path, shared)
    serial = lint_paths([root / "forms"], _loaded(root), jobs=1)
    parallel = lint_paths([root / "forms"], _loaded(root), jobs=2)
    assert len(serial.files) >= 8
    assert serial.findings
    assert _exact(parallel) == _exact(serial)
    assert _files(parallel) == _files(serial)
    assert parallel.suppressed == serial.suppressed


def test_parallel_merges_rule_times(tmp_path, shared):
    root = _project(tmp_path, shared)
    serial = lint_paths([root / "forms"], _loaded(root), jobs=1)
    parallel = lint_paths([root / "forms"], _loaded(root), jobs=2)
    assert set(parallel.rule_times) == set(serial.rule_times)
    assert all(seconds > 0 for seconds in parallel.rule_times.values())


def test_cache_hit_returns_identical_findings(tmp_path, shared):
    root = _project(tmp_path, shared)
    cold = lint_paths([root / "forms"], _loaded(root), cache=True)
    warm = lint_paths([root / "forms"], _loaded(root), cache=True, jobs=2)
    assert cold.cached == 0
    assert warm.cached == len(warm.files)
    assert _exact(warm) == _exact(cold)
    assert _files(warm) == _files(cold)
    assert (root / ".eformlint_cache" / "CACHEDIR.TAG").is_file()


def test_cache_misses_changed_file(tmp_path, shared):
    root = _project(tmp_path, shared)
    lint_paths([root / "forms"], _loaded(root), cache=True)
    changed = root / "forms" / "ct01-thay-doi-cu-tru.formio.json"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Họ", "Họ\u0300"), encoding="utf-8")
    warm = lint_paths([root / "forms"], _loaded(root), cache=True)
    fresh = lint_paths([root / "forms"], _loaded(root))
    assert warm.cached == len(warm.files) - 1
    assert _exact(warm) == _exact(fresh)


def test_cache_misses_changed_config(tmp_path, shared):
    root = _project(tmp_path, shared)
    lint_paths([root / "forms"], _loaded(root), cache=True)
    ignored = lint_paths([root / "forms"], _loaded(root, ignore=["UI"]), cache=True)
    selected = lint_paths([root / "forms"], _loaded(root), select=["VAL"], cache=True)
    assert ignored.cached == 0
    assert selected.cached == 0
    assert not any(finding.code.startswith("UI-") for finding in ignored.findings)
    assert all(finding.code.startswith("VAL-") for finding in selected.findings)


def test_corrupted_cache_entry_is_ignored(tmp_path, shared):
    root = _project(tmp_path, shared)
    cold = lint_paths([root / "forms"], _loaded(root), cache=True)
    entries = sorted((root / ".eformlint_cache").glob("*/*.json"))
    assert len(entries) == len(cold.files)
    entries[0].write_text("{not json", encoding="utf-8")
    entries[1].write_bytes(b"\xff\xfe")
    entries[2].write_text(json.dumps({"format": 2, "key": entries[2].stem, "file": {"file": [3]}}), encoding="utf-8")
    warm = lint_paths([root / "forms"], _loaded(root), cache=True)
    assert warm.cached == len(cold.files) - 3
    assert _exact(warm) == _exact(cold)


def test_cache_dir_setting_and_exclusion(tmp_path):
    (tmp_path / "form.json").write_bytes((FIXTURES / "UI-001" / "bad.formio.json").read_bytes())
    loaded = _loaded(tmp_path, cache_dir="lint-cache")
    first = lint_paths([tmp_path], loaded, cache=True)
    second = lint_paths([tmp_path], loaded, cache=True)
    assert list((tmp_path / "lint-cache").glob("*/*.json"))
    assert [file.path for file in second.files] == ["form.json"]
    assert second.cached == 1
    assert _exact(second) == _exact(first)


@pytest.mark.parametrize(("setting", "problem"), [
    (".", "contains the project itself"),
    ("..", "contains the project itself"),
    ("forms", "already holds other files"),
    ("notes.txt", "is not a folder"),
])
def test_cache_dir_rejects_shared_folders(tmp_path, setting, problem):
    from eformlint.config import ConfigError

    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "form.json").write_bytes((FIXTURES / "UI-001" / "bad.formio.json").read_bytes())
    (tmp_path / ".gitignore").write_text("node_modules/\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("notes", encoding="utf-8")
    loaded = _loaded(tmp_path, cache_dir=setting)
    with pytest.raises(ConfigError, match=problem):
        lint_paths([forms], loaded, cache=True)
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "node_modules/\n"
    assert not list(tmp_path.rglob("CACHEDIR.TAG"))
    # Without the cache the setting is not used, and the forms are still checked.
    unchecked = lint_paths([forms], loaded)
    assert [file.path for file in unchecked.files] == ["forms/form.json"]


def test_cli_shared_cache_dir_exits_2(tmp_path, monkeypatch):
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "form.json").write_bytes((FIXTURES / "UI-001" / "bad.formio.json").read_bytes())
    (tmp_path / "eformlint.toml").write_text('cache-dir = "forms"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run_check(["forms"], cache=True, stdout=stdout, stderr=stderr) == 2
    assert "cache-dir 'forms'" in stderr.getvalue()


def test_cli_jobs_and_cache_match_serial(tmp_path, shared, monkeypatch):
    root = _project(tmp_path, shared)
    monkeypatch.chdir(root)
    outputs = []
    for options in ({"jobs": 1, "cache": False}, {"jobs": 2, "cache": True}, {"jobs": 2, "cache": True}):
        stdout = io.StringIO()
        code = run_check(["forms"], output_format="json", stdout=stdout, stderr=io.StringIO(), **options)
        assert code in (0, 1)
        outputs.append(json.loads(stdout.getvalue()))
    assert outputs[1] == outputs[0]
    assert outputs[2] == outputs[0]


def _finding(**changes) -> Finding:
    location = Location("a/form.json", 3, 5, 3, 9, 40, 4, "/components/0/key", "HoTen")
    values = dict(
        code="VAL-001", severity=Severity.WARNING, confidence=Confidence.LIKELY, message_id="missing_pattern",
        location=location, params={"key": "HoTen", "count": 2, "ratio": 0.5, "flag": True, "none": None,
                                   "pair": ("a", 1), "items": ["x", ("y",)], "nested": {1: "one", "two": [2]}},
        field_label="Họ và tên", field_key="HoTen", evidence=("label", "Họ và tên"),
        related=(RelatedLocation(Location("b.json", pointer="/x"), "note"),), snippet="\"key\": \"HoTen\"",
        snippet_column=2, fix="nfc",
    )
    values.update(changes)
    return Finding(**values)


def test_cache_round_trips_every_field(tmp_path):
    cache = ResultCache(tmp_path, "run")
    findings = [_finding(), _finding(evidence=["list", "evidence"], params={}), _finding(evidence="")]
    stored = CachedFile(FileReport("a/form.json", "formio", "form", 1, "Tờ khai", 12), findings, suppressed=3)
    key = cache.key(b"{}", "a/form.json", "{}")
    cache.put(key, stored)
    loaded = cache.get(key)
    assert loaded is not None
    assert repr(loaded) == repr(stored)
    assert type(loaded.findings[0].params["pair"]) is tuple
    assert type(loaded.findings[1].evidence) is list


def test_results_pickle_with_every_field():
    import pickle

    stored = CachedFile(FileReport("a/form.json", "formio", "form", 1, "Tờ khai", 12), [_finding()], suppressed=3)
    loaded = pickle.loads(pickle.dumps(stored))
    assert repr(loaded) == repr(stored)
    assert loaded.findings[0].related == stored.findings[0].related


def test_cache_key_depends_on_every_part(tmp_path):
    cache = ResultCache(tmp_path, "run")
    base = cache.key(b"{}", "form.json", "{}")
    assert cache.key(b"{} ", "form.json", "{}") != base
    assert cache.key(b"{}", "other.json", "{}") != base
    assert cache.key(b"{}", "form.json", '{"ignore": ["UI"]}') != base
    assert ResultCache(tmp_path, "other run").key(b"{}", "form.json", "{}") != base


def test_uncacheable_parameter_is_not_stored(tmp_path):
    cache = ResultCache(tmp_path, "run")
    key = cache.key(b"x", "form.json", "{}")
    cache.put(key, CachedFile(FileReport("form.json"), findings=[_finding(params={"codes": {"A", "B"}})]))
    assert cache.get(key) is None
    with pytest.raises(Uncacheable):
        encode_value(object())


@pytest.mark.parametrize("value", [(), [], {}, {"t": 1}, ("a", [1, (2,)]), {(1, 2): {"k": ()}}, 1.5, "t"])
def test_value_encoding_round_trips(value):
    decoded = decode_value(json.loads(json.dumps(encode_value(value))))
    assert decoded == value
    assert repr(decoded) == repr(value)


def test_unwritable_cache_folder_is_not_fatal(tmp_path, caplog):
    (tmp_path / "form.json").write_bytes((FIXTURES / "UI-001" / "bad.formio.json").read_bytes())
    (tmp_path / "other.json").write_bytes((FIXTURES / "UI-001" / "good.formio.json").read_bytes())
    # A file where a parent folder of the cache should be: every write fails.
    (tmp_path / "blocked").write_text("a file where the cache folder should be", encoding="utf-8")
    loaded = _loaded(tmp_path, cache_dir="blocked/cache")
    report = lint_paths([tmp_path], loaded, cache=True)
    fresh = lint_paths([tmp_path], loaded)
    assert len(report.files) == 2
    assert _exact(report) == _exact(fresh)
    assert report.findings
    assert sum("cannot write the cache entry" in record.message for record in caplog.records) == 1


def test_batches_start_with_the_largest_files(tmp_path):
    from eformlint.discover import Target
    from eformlint.parallel import BATCH_FILES, _batches

    sizes = [10, 300_000, 20, 200_000, 5] + [1] * (BATCH_FILES + 2)
    targets = []
    for index, size in enumerate(sizes):
        path = tmp_path / f"f{index}.json"
        path.write_bytes(b" " * size)
        targets.append(Target(path, path.name))
    targets.append(Target(tmp_path / "missing.json", "missing.json"))
    batches = _batches(targets)
    # 300 KB alone, then 200 KB with small files until the batch has BATCH_FILES.
    assert batches[0] == [1]
    assert batches[1] == [3, 2, 0, 4, 5, 6, 7, 8]
    assert all(len(batch) <= BATCH_FILES for batch in batches)
    assert sorted(index for batch in batches for index in batch) == list(range(len(targets)))


def test_warm_cache_starts_no_worker(tmp_path, shared, monkeypatch):
    from eformlint import parallel

    root = _project(tmp_path, shared)
    cold = lint_paths([root / "forms"], _loaded(root), jobs=2, cache=True)

    def fail_if_called(*args, **kwargs):
        raise AssertionError("workers were started although every result was cached")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", fail_if_called)
    warm = lint_paths([root / "forms"], _loaded(root), jobs=2, cache=True)
    assert warm.cached == len(warm.files) == len(cold.files)
    assert _exact(warm) == _exact(cold)


def test_jobs_above_the_cpu_count_are_lowered(tmp_path, shared, monkeypatch):
    from concurrent.futures import ProcessPoolExecutor

    from eformlint import parallel

    started = []

    def recording_pool(max_workers, **options):
        started.append(max_workers)
        return ProcessPoolExecutor(max_workers=max_workers, **options)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", recording_pool)
    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    root = _project(tmp_path, shared)
    report = lint_paths([root / "forms"], _loaded(root), jobs=1000)
    assert started == [2]
    assert len(report.files) >= 8


def test_statistics_count_cached_files(tmp_path, monkeypatch):
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "form.json").write_bytes((FIXTURES / "UI-001" / "bad.formio.json").read_bytes())
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        stdout, stderr = io.StringIO(), io.StringIO()
        run_check(["forms"], statistics=True, cache=True, lang_option="en", stdout=stdout, stderr=stderr)
    assert "1 of 1 files came from the cache" in stderr.getvalue()


def test_one_cpu_checks_in_process(tmp_path, shared, monkeypatch):
    from eformlint import parallel

    def fail_if_called(*args, **kwargs):
        raise AssertionError("a worker was started on a machine with one CPU")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", fail_if_called)
    monkeypatch.setattr(parallel, "default_jobs", lambda: 1)
    root = _project(tmp_path, shared)
    report = lint_paths([root / "forms"], _loaded(root), jobs=1000)
    assert len(report.files) >= 8
