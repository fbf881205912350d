"""Check the files of a run in worker processes, with the result cache.

Each file is checked on its own: read, rules, suppressions. That part runs in a pool of
processes (``jobs``) and goes through the cache; the results come back in the order of
the targets, so the report is the same as a serial run's. Rules that compare files get
what they need of each file as samples in the results, and compare them afterwards in the
main process (see :func:`eformlint.api.lint_paths`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import stat
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from eformlint.cache import CachedFile, ResultCache
from eformlint.config import LoadedConfig
from eformlint.discover import Target
from eformlint.readers import read_bytes, read_file
from eformlint.readers.base import ReadLimits

if TYPE_CHECKING:
    from eformlint.api import _RuleSets

# Files are handed to the workers in batches, the largest files first: a large file that
# started last would keep one process busy while the others wait. A batch of small files
# amortises the round trip to the worker.
BATCH_BYTES = 256 * 1024
BATCH_FILES = 8


def default_jobs() -> int:
    """Return the number of CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS and Windows have no affinity call
        return max(1, os.cpu_count() or 1)


@dataclass
class RunSpec:
    """What a worker needs to check files as the main process would."""

    loaded: LoadedConfig
    select: list[str]
    ignore: list[str]
    limits: ReadLimits
    cache_folder: Path | None = None

    def run_key(self) -> str:
        """Return the cache key part shared by every file: options and the configuration file."""
        return "\0".join([",".join(self.select), ",".join(self.ignore), str(self.loaded.path or "")])


@dataclass
class FileOutcome:
    result: CachedFile
    rule_times: dict[str, float] = field(default_factory=dict)
    cached: bool = False


class _Checker:
    """Checks one file after another with one rule selection and one cache."""

    def __init__(self, spec: RunSpec, rule_sets: _RuleSets | None = None) -> None:
        from eformlint.api import _RuleSets

        self.spec = spec
        self.rule_sets = rule_sets if rule_sets is not None else _RuleSets(spec.loaded, spec.select, spec.ignore)
        self.cache = ResultCache(spec.cache_folder, spec.run_key()) if spec.cache_folder is not None else None

    def cached(self, target: Target) -> FileOutcome | None:
        """Return the cached outcome of a file, or None when it must be checked."""
        _, _, found = self._look_up(target)
        return None if found is None else FileOutcome(found, cached=True)

    def _look_up(self, target: Target, read_entry: bool = True) -> tuple[bytes | None, str | None, CachedFile | None]:
        """Return the file's bytes, its cache key and its cached result, each None when
        there is no cache, the file cannot be read as a regular file, or (for the result)
        ``read_entry`` is false or there is no entry."""
        if self.cache is None:
            return None, None, None
        data = _read_regular_file(target.path, self.spec.limits)
        if data is None:
            return None, None, None
        config = self.rule_sets.for_file(target.display)[0]
        key = self.cache.key(data, target.display, config.model_dump_json())
        return data, key, self.cache.get(key) if read_entry else None

    def check(self, target: Target, read_entry: bool = True) -> FileOutcome:
        """Check one file, or return its cached result. ``read_entry`` false skips the cache
        look-up, for a file whose entry the main process already found missing."""
        from eformlint.api import check_read_result

        data, key, found = self._look_up(target, read_entry)
        if found is not None:
            return FileOutcome(found, cached=True)
        if data is not None:
            read = read_bytes(data, target.display, self.spec.limits)
            del data  # a large file's bytes are not needed while its rules run
        else:
            read = read_file(target.path, target.display, self.spec.limits)
        rule_times: dict[str, float] = {}
        result = check_read_result(read, self.rule_sets, self.spec.loaded, rule_times)
        if key is not None:
            self.cache.put(key, result)
        return FileOutcome(result, rule_times)


def _read_regular_file(path: Path, limits: ReadLimits) -> bytes | None:
    """Return the bytes of a regular file within the size limit, or None.

    None sends the file through :func:`read_file`, which reports why it cannot be read;
    such results are not cached.
    """
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > limits.max_file_size:
            return None
        return path.read_bytes()
    except (OSError, ValueError):
        return None


_worker: _Checker | None = None


def _start_worker(spec: RunSpec) -> None:
    global _worker
    _worker = _Checker(spec)


def _check_in_worker(batch: list[Target]) -> list[FileOutcome]:
    assert _worker is not None, "the pool initializer did not run"
    # The main process looked up the cache before handing out these files: none has an entry.
    return [_worker.check(target, read_entry=False) for target in batch]


def _batches(targets: Sequence[Target]) -> list[list[int]]:
    """Group the indexes of ``targets`` into batches, the largest files first."""
    sizes = []
    for target in targets:
        try:
            sizes.append(target.path.stat().st_size)
        except OSError:
            sizes.append(0)  # the worker reports why the file cannot be read
    batches: list[list[int]] = []
    current: list[int] = []
    current_bytes = 0
    for index in sorted(range(len(targets)), key=lambda i: -sizes[i]):
        if current and (current_bytes + sizes[index] > BATCH_BYTES or len(current) >= BATCH_FILES):
            batches.append(current)
            current, current_bytes = [], 0
        current.append(index)
        current_bytes += sizes[index]
    if current:
        batches.append(current)
    return batches


def check_files(
    targets: Sequence[Target],
    spec: RunSpec,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    rule_sets: _RuleSets | None = None,
) -> Iterator[FileOutcome]:
    """Yield one outcome per target, in the order of ``targets``.

    ``jobs`` above 1 checks the files in that many processes. ``progress`` is called with
    (files done, files in all) as files are checked, in whatever order they finish.
    ``rule_sets``, the caller's rule selections, saves selecting the rules again here.
    """
    total = len(targets)
    # More processes than CPUs would only compete for them, each with its own memory.
    jobs = min(jobs, default_jobs())
    if jobs <= 1 or total < 2:
        checker = _Checker(spec, rule_sets)
        # What exists now (modules, rule data, the caller's objects) lives through the run:
        # the garbage collector need not scan it again on each full pass.
        gc.freeze()
        try:
            for done, target in enumerate(targets, 1):
                yield checker.check(target)
                if progress is not None:
                    progress(done, total)
        finally:
            gc.unfreeze()
        return
    finished: list[FileOutcome | None] = [None] * total
    missing = list(range(total))
    if spec.cache_folder is not None:
        # Cached results are looked up here, so an unchanged repository starts no worker.
        main = _Checker(spec, rule_sets)
        finished = [main.cached(target) for target in targets]
        missing = [index for index, outcome in enumerate(finished) if outcome is None]
    if len(missing) < 2:
        # Starting workers for one file would cost more than checking it here.
        checker = _Checker(spec, rule_sets) if missing else None
        for index, outcome in enumerate(finished):
            yield outcome if outcome is not None else checker.check(targets[index])
            if progress is not None:
                progress(index + 1, total)
        return
    global _worker
    pool_options: dict = {"initializer": _start_worker, "initargs": (spec,)}
    if multiprocessing.get_start_method() == "fork":
        # Forked workers inherit a checker built once here, rules selected and all.
        _worker = _Checker(spec, rule_sets)
        pool_options = {}
    # Objects that exist before the fork are left out of the workers' garbage collection:
    # its passes would touch every inherited object and copy the memory pages they sit on.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(missing)), **pool_options) as pool:
            batches = [[missing[i] for i in batch] for batch in _batches([targets[i] for i in missing])]
            pending = {pool.submit(_check_in_worker, [targets[i] for i in batch]): batch for batch in batches}
            done = total - len(missing)
            ready = 0
            for future in as_completed(pending):
                for index, outcome in zip(pending[future], future.result()):
                    finished[index] = outcome
                done += len(pending[future])
                if progress is not None:
                    progress(done, total)
                while ready < total and finished[ready] is not None:
                    yield finished[ready]
                    finished[ready] = None
                    ready += 1
    finally:
        gc.unfreeze()
        _worker = None
