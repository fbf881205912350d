"""Measure field-meaning recognition against the hand-labelled fields of real forms.

Usage: python bench/meaning_accuracy.py [SHARED_FOLDER]

SHARED_FOLDER contains the forms named in tests/data/meaning-truth.yaml (default: the
``shared`` folder beside the repository, or EFORMLINT_SHARED). The script prints
precision, recall and accuracy overall and by evidence source, then every disagreement.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from eformlint.readers import read_file
from eformlint.vietnamese.meaning import recognise

REPO = Path(__file__).resolve().parent.parent
TRUTH = REPO / "tests" / "data" / "meaning-truth.yaml"


@dataclass(frozen=True, slots=True)
class Outcome:
    file: str
    path: str
    expected: str | None
    predicted: str | None
    source: str  # the evidence source of the prediction, or "" when nothing was recognised


@dataclass(frozen=True, slots=True)
class Score:
    total: int
    correct: int
    predicted: int
    predicted_correct: int
    expected: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def precision(self) -> float:
        return self.predicted_correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.predicted_correct / self.expected if self.expected else 0.0


def default_shared() -> Path:
    return Path(os.environ.get("EFORMLINT_SHARED", REPO.parent / "shared"))


def evaluate(shared: Path, truth: Path = TRUTH) -> list[Outcome]:
    """Recognise every labelled field; a field missing from its form counts as unrecognised.

    Raises FileNotFoundError when a labelled form cannot be read.
    """
    entries = yaml.safe_load(truth.read_text(encoding="utf-8"))["fields"]
    nodes_by_file: dict[str, dict[str, object]] = {}
    outcomes = []
    for entry in entries:
        name = entry["file"]
        if name not in nodes_by_file:
            result = read_file(shared / name, name)
            if not result.documents:
                raise FileNotFoundError(f"{shared / name}: no form could be read ({result.problems})")
            nodes_by_file[name] = {node.data_path: node for doc in result.documents for node in doc.walk()}
        node = nodes_by_file[name].get(entry["path"])
        meaning = recognise(node) if node is not None else None
        outcomes.append(Outcome(name, entry["path"], entry["meaning"], meaning.name if meaning else None,
                                meaning.source if meaning else ""))
    return outcomes


def score(outcomes: list[Outcome]) -> Score:
    return Score(
        total=len(outcomes),
        correct=sum(o.expected == o.predicted for o in outcomes),
        predicted=sum(o.predicted is not None for o in outcomes),
        predicted_correct=sum(o.predicted is not None and o.predicted == o.expected for o in outcomes),
        expected=sum(o.expected is not None for o in outcomes),
    )


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else default_shared()
    if not (shared / "vn-forms").is_dir():
        print(f"shared forms folder not found: {shared}. Pass it as the first argument.", file=sys.stderr)
        return 2
    outcomes = evaluate(shared)
    overall = score(outcomes)
    print(f"fields: {overall.total}, with a meaning: {overall.expected}")
    print(f"precision {overall.precision:.3f}  recall {overall.recall:.3f}  accuracy {overall.accuracy:.3f}")
    print("by evidence source (predictions, correct):")
    sources = Counter(o.source for o in outcomes if o.predicted is not None)
    for source, count in sources.most_common():
        right = sum(o.source == source and o.predicted == o.expected for o in outcomes)
        print(f"  {source:12} {count:4} {right:4}")
    print("disagreements:")
    for o in outcomes:
        if o.expected != o.predicted:
            print(f"  {o.file} {o.path}: expected {o.expected}, recognised {o.predicted} ({o.source or 'nothing'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
