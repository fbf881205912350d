"""Expand the paths given on the command line into the files to lint.

Files named explicitly are always linted, unless ``force_exclude`` is set. Folders are
walked recursively. A file found in a folder is linted when its name matches an include
pattern and neither it nor any folder above it (below the starting folder) matches an
exclude pattern. Symbolic links
to folders are not followed, so a link loop cannot trap the walk.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from eformlint.config import DEFAULT_EXCLUDES


class MissingPathError(FileNotFoundError):
    """A path given on the command line does not exist."""


@dataclass(frozen=True, slots=True)
class Target:
    path: Path
    display: str


def discover(
    paths: list[Path], include: list[str], exclude: list[str], root: Path, force_exclude: bool = False
) -> list[Target]:
    """List the files to lint. ``force_exclude`` applies the excludes to files named
    explicitly too, as a pre-commit hook needs: it names every changed JSON file."""
    excludes = [*DEFAULT_EXCLUDES, *exclude]
    targets: dict[Path, Target] = {}
    for given in paths:
        if not given.exists() and not given.is_symlink():
            raise MissingPathError(str(given))
        if given.is_dir():
            for file in _walk(given, include, excludes):
                targets.setdefault(file.resolve(), Target(file, display_path(file, root)))
        elif force_exclude and _excluded(given, root, excludes):
            continue
        else:
            targets.setdefault(given.resolve(), Target(given, display_path(given, root)))
    return sorted(targets.values(), key=lambda target: target.display)


def _walk(folder: Path, include: list[str], excludes: list[str]):
    for current, dirnames, filenames in os.walk(folder, followlinks=False, onerror=None):
        dirnames[:] = sorted(name for name in dirnames if not _matches(name, excludes))
        for name in sorted(filenames):
            if _matches(name, excludes) or not _matches(name, include):
                continue
            path = Path(current) / name
            relative = path.relative_to(folder).as_posix()
            if any(fnmatch.fnmatch(relative, pattern) for pattern in excludes if "/" in pattern):
                continue
            yield path


def _excluded(path: Path, root: Path, excludes: list[str]) -> bool:
    """Say whether the file or one of its folders below the root matches an exclude."""
    relative = display_path(path, root)
    if any(fnmatch.fnmatch(relative, pattern) for pattern in excludes if "/" in pattern):
        return True
    return any(_matches(part, excludes) for part in Path(relative).parts)


def _matches(name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns if "/" not in pattern)


def display_path(path: Path, root: Path) -> str:
    """Return the path as reports show it: relative to the project root when inside it."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
