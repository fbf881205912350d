"""Fixtures shared by the test modules; helpers live in support.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import SHARED


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"shared forms not found at {SHARED}; set EFORMLINT_SHARED")
    return SHARED
