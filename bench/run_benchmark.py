"""Measure eformlint against the parse floor and Spectral on one generated corpus.

Usage (from the repository root, after ``pip install -e .``)::

    python bench/run_benchmark.py                # everything, results in bench/.data/results.json
    python bench/run_benchmark.py --no-spectral  # without Node.js

The corpus (see ``bench/corpus.py``) and Spectral (``@stoplight/spectral-cli`` installed
with npm) go to ``bench/.data`` and ``bench/.tools``, which Git ignores. Every
measurement runs in a child process of its own, so its peak memory (``ru_maxrss`` of the
process and of its workers) is its own. Timings are wall-clock seconds with
``time.perf_counter``, and the fastest of ``--repeat`` runs is kept.

Measured, on the same files:

- the floor: reading the bytes and ``json.loads`` (``lxml.etree.fromstring`` for XML);
- eformlint with every rule, in one process and with ``--jobs`` (all cores by default),
  after a warm-up on one file, so the import time is reported on its own;
- the command line end to end, cold and with a warm cache;
- Spectral with ``bench/spectral/.spectral.yaml`` (ten rules) on the JSON files, with
  its start-up (one tiny file) measured on its own;
- the cost per byte of one form grown from 50 KB to 10 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DATA = BENCH / ".data"
TOOLS = BENCH / ".tools"
SPECTRAL_VERSION = "6.16.3"
SPECTRAL_RULESET = BENCH / "spectral" / ".spectral.yaml"
SPECTRAL_BIN = TOOLS / "spectral" / "node_modules" / ".bin" / "spectral"
DEFAULT_SHARED = REPO.parent / "shared"
CHILD_TIMEOUT = 1800


# ---------------------------------------------------------------------------
# Child measurements: each prints one JSON object on its last line.


def _peak_kb() -> dict[str, int]:
    """Return the peak resident set of this process and of its largest finished child, in KB.

    The process's own peak is VmHWM from /proc, which starts afresh when the process runs
    a new program. ``ru_maxrss`` does not on Linux: it keeps the high-water mark of the
    process that started it, so every child would report at least the parent's size.
    Workers are forked without a new program, so their peak rightly counts what they share
    with this process.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                own = int(line.split()[1])
    except OSError:
        pass  # not Linux: ru_maxrss it is
    return {"self_kb": own, "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}


def child_floor(files: list[Path]) -> dict:
    """Read every file and parse it, without any check."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    started = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".xml":
            etree.fromstring(data, parser)
        else:
            json.loads(data)
    return {"seconds": time.perf_counter() - started}


def child_eformlint(files: list[Path], jobs: int) -> dict:
    """Lint the files with every rule through the Python API, after a warm-up file."""
    started = time.perf_counter()
    from eformlint.api import lint_paths
    from eformlint.config import Config, LoadedConfig

    loaded = LoadedConfig(Config(), None, files[0].parent)
    # One form of each format loads the lazily imported libraries and data (jsonschema for
    # SurveyJS, for example), which a long run pays once.
    lint_paths([REPO / "fixtures" / "UI-001" / "bad.formio.json", REPO / "fixtures" / "UI-001" / "bad.xform.xml",
                REPO / "fixtures" / "DEF-006" / "bad.surveyjs.json"], loaded)
    warm_up = time.perf_counter() - started
    started = time.perf_counter()
    report = lint_paths(files, loaded, jobs=jobs)
    return {"seconds": time.perf_counter() - started, "startup_seconds": warm_up,
            "findings": len(report.findings), "files": len(report.files)}


def best_of(repeat: int, kind: str, files: list[Path], jobs: int = 1) -> dict:
    """Run a measurement ``repeat`` times and keep the fastest run: other load on the
    machine only ever slows a run down."""
    runs = [run_child(kind, files, jobs) for _ in range(max(repeat, 1))]
    return min(runs, key=lambda run: run["seconds"])


def run_child(kind: str, files: list[Path], jobs: int = 1) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(str(path) for path in files))
    try:
        command = [sys.executable, __file__, "--child", kind, "--files-from", listing.name, "--jobs", str(jobs)]
        completed = subprocess.run(command, capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False)
    finally:
        os.unlink(listing.name)
    if completed.returncode != 0:
        raise RuntimeError(f"the {kind} measurement failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run_command(command: list[str], cwd: Path | None = None) -> dict:
    """Run a command and return its wall time and peak memory (``os.wait4``)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    return {"seconds": seconds, "peak_kb": usage.ru_maxrss, "exit": os.waitstatus_to_exitcode(status), "stderr": stderr[-2000:]}


# ---------------------------------------------------------------------------
# Spectral


def install_spectral() -> Path | None:
    """Install the Spectral CLI into bench/.tools with npm; return its path, or None without npm."""
    if SPECTRAL_BIN.exists():
        return SPECTRAL_BIN
    npm = shutil.which("npm")
    if npm is None:
        print("npm not found: Spectral is skipped", file=sys.stderr)
        return None
    folder = SPECTRAL_BIN.parent.parent.parent
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(folder),
                    f"@stoplight/spectral-cli@{SPECTRAL_VERSION}"], check=True)
    return SPECTRAL_BIN


def spectral(binary: Path, files: list[Path], output: Path) -> dict:
    command = [str(binary), "lint", "--ruleset", str(SPECTRAL_RULESET), "--format", "json", "--output", str(output),
               "--fail-severity", "error", *map(str, files)]
    measured = run_command(command)
    # Spectral exits with 1 when it reports an error-severity result.
    if measured["exit"] not in (0, 1) or not output.exists():
        raise RuntimeError(f"Spectral failed: {measured['stderr']}")
    measured["results"] = len(json.loads(output.read_text(encoding="utf-8") or "[]"))
    return measured


# ---------------------------------------------------------------------------
# The run


def machine() -> dict:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "platform": platform.platform(),
            "load_average_at_start": load}


def size_of(files: list[Path]) -> int:
    return sum(path.stat().st_size for path in files)


def rates(seconds: float, files: list[Path]) -> dict:
    megabytes = size_of(files) / 1e6
    return {"seconds": round(seconds, 3), "files_per_second": round(len(files) / seconds, 2),
            "mb_per_second": round(megabytes / seconds, 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("EFORMLINT_SHARED", DEFAULT_SHARED)),
                        help="folder with corpus/ and vn-forms/ (default: ../shared)")
    parser.add_argument("--copies", type=int, default=3, help="mutated copies of each source form (default 3)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for the parallel run (default: all cores)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measurement; the fastest is kept (default 5)")
    parser.add_argument("--no-spectral", action="store_true", help="skip the Spectral comparison")
    parser.add_argument("--output", type=Path, default=DATA / "results.json", help="where to write the results as JSON")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--files-from", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "build":
        from corpus import build  # bench/ is the script's folder, first on sys.path

        if DATA.exists():
            shutil.rmtree(DATA / "corpus", ignore_errors=True)
        sets = build(args.shared, DATA / "corpus", copies=args.copies)
        print(json.dumps({name: [str(path) for path in paths] for name, paths in sets.items()}))
        return 0
    if args.child:
        files = [Path(line) for line in args.files_from.read_text().splitlines() if line]
        result = child_floor(files) if args.child == "floor" else child_eformlint(files, args.jobs)
        result.update(_peak_kb())
        print(json.dumps(result))
        return 0

    # The corpus is built in a child process too, so that this process stays small: the
    # command-line runs below report their peak memory through wait4, which counts the
    # size of the process that started them.
    built = subprocess.run([sys.executable, __file__, "--child", "build", "--shared", str(args.shared),
                            "--copies", str(args.copies)], capture_output=True, text=True, check=False)
    if built.returncode != 0:
        raise RuntimeError(f"building the corpus failed:\n{built.stderr[-3000:]}")
    sets = {name: [Path(path) for path in paths] for name, paths in json.loads(built.stdout.splitlines()[-1]).items()}
    mixed, scale = sets["mixed"], sets["scale"]
    mixed_json = [path for path in mixed if path.suffix == ".json"]
    results: dict = {"machine": machine(), "corpus": {
        "mixed_files": len(mixed), "mixed_mb": round(size_of(mixed) / 1e6, 2),
        "mixed_json_files": len(mixed_json), "mixed_json_mb": round(size_of(mixed_json) / 1e6, 2),
        "scale": {path.name: path.stat().st_size for path in scale},
        "distinct": {path.name: path.stat().st_size for path in sets.get("distinct", [])}}}

    def report(name: str, value: dict) -> None:
        results[name] = value
        print(f"{name}: {json.dumps(value, ensure_ascii=False)}", flush=True)

    repeat = args.repeat
    floor = best_of(repeat, "floor", mixed)
    report("floor_mixed", {**rates(floor["seconds"], mixed), "peak_kb": floor["self_kb"]})
    # The runs alternate between one process and several, so that a change in the load of
    # the machine during the measurement weighs on both sides of the speed-up.
    job_counts = sorted({1, 2, args.jobs})
    runs: dict[int, list[dict]] = {jobs: [] for jobs in job_counts}
    for _ in range(max(repeat, 1)):
        for jobs in job_counts:
            runs[jobs].append(run_child("eformlint", mixed, jobs))
    fastest = {jobs: min(found, key=lambda run: run["seconds"]) for jobs, found in runs.items()}
    serial, parallel, two = fastest[1], fastest[args.jobs], fastest[2]
    report("eformlint_1_process", {**rates(serial["seconds"], mixed), "startup_seconds": round(serial["startup_seconds"], 3),
                                   "findings": serial["findings"], "peak_kb": serial["self_kb"]})
    report(f"eformlint_{args.jobs}_processes", {**rates(parallel["seconds"], mixed), "findings": parallel["findings"],
                                                "peak_kb_main": parallel["self_kb"], "peak_kb_worker": parallel["children_kb"]})
    if args.jobs != 2:
        report("eformlint_2_processes", {**rates(two["seconds"], mixed)})

    results["ratios"] = {
        "eformlint_1_process_over_floor": round(serial["seconds"] / floor["seconds"], 1),
        "speedup_2_processes": round(serial["seconds"] / two["seconds"], 2),
        f"speedup_{args.jobs}_processes": round(serial["seconds"] / parallel["seconds"], 2),
    }

    # Cost per byte as the form grows, one file at a time.
    per_byte = {}
    for path in scale:
        # The multi-megabyte files run once: they take long enough to average out noise.
        runs = repeat if path.stat().st_size < 1_000_000 else 1
        lint = best_of(runs, "eformlint", [path], 1)
        parse = best_of(runs, "floor", [path])
        per_byte[path.name] = {"bytes": path.stat().st_size, "seconds": round(lint["seconds"], 3),
                               "us_per_kb": round(lint["seconds"] / path.stat().st_size * 1e9, 1),
                               "floor_seconds": round(parse["seconds"], 4), "peak_kb": lint["self_kb"]}
    report("scaling", per_byte)
    idle = run_child("eformlint", [REPO / "fixtures" / "UI-001" / "good.formio.json"], 1)
    results["ratios"]["peak_mb_one_small_file"] = round(idle["self_kb"] / 1024, 1)
    small, large = per_byte["ct01-50k.json"], per_byte["ct01-5m.json"]
    results["ratios"]["per_byte_5mb_over_50kb"] = round(large["us_per_kb"] / small["us_per_kb"], 2)
    largest = max(scale, key=lambda path: path.stat().st_size)
    peak_mb = per_byte[largest.name]["peak_kb"] / 1024
    results["ratios"]["peak_mb_largest_file"] = round(peak_mb, 1)
    results["ratios"]["memory_budget_mb"] = round(10 * largest.stat().st_size / 2**20 + 100, 1)
    # The grown form repeats its texts; its copy with every text distinct is the harder case.
    for path in sets.get("distinct", []):
        lint = run_child("eformlint", [path], 1)
        budget = 10 * path.stat().st_size / 2**20 + 100
        report("distinct_texts", {"file": path.name, "bytes": path.stat().st_size, "seconds": round(lint["seconds"], 3),
                                  "peak_kb": lint["self_kb"], "memory_budget_mb": round(budget, 1)})
        results["ratios"]["peak_mb_distinct_texts"] = round(lint["self_kb"] / 1024, 1)
        results["ratios"]["memory_budget_distinct_texts_mb"] = round(budget, 1)

    # The command line end to end, with the result cache.
    with tempfile.TemporaryDirectory() as project:
        shutil.copytree(DATA / "corpus" / "mixed", Path(project) / "forms")
        command = [sys.executable, "-m", "eformlint", "check", "forms", "--exit-zero", "-f", "json", "-j", str(args.jobs)]
        cold = run_command(command, cwd=Path(project))
        warm = run_command(command, cwd=Path(project))
        no_cache = run_command([*command, "--no-cache"], cwd=Path(project))
    report("cli", {"cold_cache_seconds": round(cold["seconds"], 3), "warm_cache_seconds": round(warm["seconds"], 3),
                   "no_cache_seconds": round(no_cache["seconds"], 3), "peak_kb_cold": cold["peak_kb"]})
    results["ratios"]["warm_over_cold_cache"] = round(warm["seconds"] / cold["seconds"], 3)

    if not args.no_spectral:
        binary = install_spectral()
        if binary is not None:
            tiny = DATA / "tiny.json"
            tiny.write_text('{"components": []}', encoding="utf-8")
            startup = min((spectral(binary, [tiny], DATA / "spectral-tiny.json") for _ in range(repeat)),
                          key=lambda run: run["seconds"])
            run = min((spectral(binary, mixed_json, DATA / "spectral-results.json") for _ in range(repeat)),
                      key=lambda run: run["seconds"])
            ours = best_of(repeat, "eformlint", mixed_json, 1)
            steady = max(run["seconds"] - startup["seconds"], 1e-9)
            report("spectral", {**rates(run["seconds"], mixed_json), "startup_seconds": round(startup["seconds"], 3),
                                "steady_seconds": round(steady, 3), "results": run["results"], "peak_kb": run["peak_kb"]})
            report("eformlint_1_process_json", {**rates(ours["seconds"], mixed_json), "findings": ours["findings"]})
            # Both start-ups count here: Spectral's run includes its own, and eformlint's
            # child measured its imports and warm-up separately.
            ours_with_startup = ours["seconds"] + ours["startup_seconds"]
            results["ratios"]["spectral_over_eformlint_1_process"] = round(run["seconds"] / ours_with_startup, 2)
            results["ratios"]["spectral_steady_over_eformlint_steady"] = round(steady / ours["seconds"], 2)
            per_file = spectral(binary, [scale[1]], DATA / "spectral-scale.json")
            report("spectral_500k_file", {"seconds": round(per_file["seconds"], 3), "eformlint_seconds": per_byte[scale[1].name]["seconds"]})

    print(json.dumps(results["ratios"], indent=2))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
