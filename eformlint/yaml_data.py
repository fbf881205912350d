"""Read the package's YAML data files (rule metadata, messages, the meaning vocabulary).

libyaml's loader reads them about ten times faster than the pure-Python one, which took a
large share of every start-up. PyYAML wheels include libyaml on most platforms; the
pure-Python safe loader is the fallback.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
