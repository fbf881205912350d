"""The wheel carries the rules package and every data file the code reads."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from support import REPO


def test_wheel_contents(tmp_path: Path) -> None:
    subprocess.run(
        # Build isolation fetches the setuptools that pyproject.toml asks for, as pip does for users.
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("eformlint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "eformlint/rules/__init__.py",
        "eformlint/rules/metadata/ui.yaml",
        "eformlint/rules/metadata/document-only.yaml",
        "eformlint/strings.yaml",
        "eformlint/vietnamese/data/meanings.yaml",
        "eformlint/vietnamese/data/admin-units-2025.csv",
        "eformlint/vietnamese/data/provinces-legacy-63.csv",
        "eformlint/vietnamese/data/ethnic-groups.csv",
        "eformlint/vietnamese/data/religions.csv",
        "eformlint/vietnamese/data/mobile-prefixes.csv",
        "eformlint/readers/formio.py",
        "eformlint/reporters/html.py",
        "eformlint/reporters/templates/report.html.j2",
        "eformlint/reporters/templates/report.css",
        "eformlint/reporters/templates/report.js",
    ):
        assert required in names, required
    assert not any(name.startswith("rules/") for name in names)


def test_installed_rules_are_the_package_rules() -> None:
    import eformlint.rules

    assert Path(eformlint.rules.__file__).parent.name == "rules"
    assert eformlint.rules.RULES
