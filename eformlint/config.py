"""Configuration: discovery, strict validation and rule selection.

Settings live in ``[tool.eformlint]`` of a ``pyproject.toml`` or at the top level of an
``eformlint.toml``; the first such file found from the working directory upwards is used.
Keys are kebab-case. Unknown keys and invalid values are rejected with a message that
names the file, the key and the allowed values.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from eformlint.findings import Severity

CONFIG_FILES = ("eformlint.toml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")


class ConfigError(ValueError):
    """An invalid configuration or command-line value. The message is ready to show."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)


class RuleSettings(_Strict):
    severity: Literal["error", "warning", "info", "off"] | None = None
    options: dict[str, Any] = Field(default_factory=dict)


class Config(_Strict):
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    lang: Literal["vi", "en"] | None = None
    fail_on: Literal["error", "warning", "info"] = "error"
    include: list[str] = Field(default_factory=lambda: ["*.json", "*.xml", "*.xform"])
    exclude: list[str] = Field(default_factory=list)
    max_file_size: int = Field(default=50 * 1024 * 1024, gt=0)
    max_depth: int = Field(default=512, ge=8, le=100_000)
    formio_default_messages_localised: bool = False
    citizen_record_sources: list[str] = Field(default_factory=lambda: ["objDataCSDLDanCu"])
    privacy_notice_in_portal: bool = False
    meaning: dict[str, str] = Field(default_factory=dict)
    rules: dict[str, RuleSettings] = Field(default_factory=dict)

    @field_validator("select", "ignore")
    @classmethod
    def _upper(cls, values: list[str]) -> list[str]:
        return [value.strip() for value in values if value.strip()]


# Folders never worth walking into.
DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
    ".pytest_cache", "build", "dist", ".eformlint_cache",
    # Tool configuration files that are JSON but never forms.
    "package.json", "package-lock.json", "tsconfig.json", "composer.json", ".eslintrc.json",
    "*.sarif", "*.sarif.json", "eformlint-baseline.json",
)


@dataclass
class LoadedConfig:
    config: Config
    path: Path | None
    root: Path


def find_config_file(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    data = tomllib.loads(candidate.read_text(encoding="utf-8"))
                except tomllib.TOMLDecodeError as exc:
                    raise ConfigError(f"{candidate}: invalid TOML: {exc}") from exc
                except (OSError, UnicodeDecodeError) as exc:
                    raise ConfigError(f"{candidate}: cannot read the file: {exc}") from exc
                if "eformlint" not in data.get("tool", {}):
                    continue
            return candidate
    return None


def load_config(explicit: Path | None = None, start: Path | None = None) -> LoadedConfig:
    """Find and validate the configuration. Raises :class:`ConfigError` with a clear message."""
    start = (start or Path.cwd()).resolve()
    path = explicit if explicit is not None else find_config_file(start)
    if path is None:
        return LoadedConfig(Config(), None, start)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: configuration file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration file: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    section = data.get("tool", {}).get("eformlint", {}) if path.name == "pyproject.toml" else data
    prefix = "[tool.eformlint]" if path.name == "pyproject.toml" else ""
    return LoadedConfig(parse_config(section, str(path), prefix), path, path.parent.resolve())


def parse_config(section: dict[str, Any], source: str, prefix: str = "") -> Config:
    try:
        return Config.model_validate(section)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, source, prefix)) from exc


def _explain(exc: ValidationError, source: str, prefix: str) -> str:
    lines = []
    allowed = ", ".join(sorted(field.alias or name for name, field in Config.model_fields.items()))
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"])
        where = f"{prefix} {key}".strip()
        if error["type"] == "extra_forbidden":
            lines.append(f"{source}: unknown key '{where}'. Allowed keys: {allowed}.")
        elif error["type"] == "literal_error":
            expected = error.get("ctx", {}).get("expected", "")
            lines.append(f"{source}: invalid value {error.get('input')!r} for '{where}'; allowed values: {expected}.")
        else:
            lines.append(f"{source}: invalid value {error.get('input')!r} for '{where}': {error['msg']}.")
    return "\n".join(lines)


def severity_of(name: str) -> Severity:
    return Severity.parse(name)
