"""Configuration: discovery, strict validation and rule selection.

Settings live in ``[tool.eformlint]`` of a ``pyproject.toml`` or at the top level of an
``eformlint.toml``. The first such file found from the working directory upwards is used.
Keys are kebab-case. Unknown keys and invalid values are rejected with a message that
names the file, the key and the allowed values.
"""

from __future__ import annotations

import fnmatch
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


class SuppressionEntry(_Strict):
    """A suppression in the configuration: for JSON forms, which cannot hold comments."""

    files: list[str] = Field(min_length=1)
    rules: list[str] = Field(min_length=1)
    reason: str
    path: str | None = None
    pointer: str | None = None


def _check_meanings(mapping: dict[str, str]) -> dict[str, str]:
    from eformlint.vietnamese.meaning import vocabulary

    known = vocabulary()
    for path, name in mapping.items():
        if name not in known:
            raise ValueError(f"unknown meaning {name!r} for {path!r}; allowed meanings: {', '.join(sorted(known))}")
    return mapping


class Override(_Strict):
    """Settings that apply only to the files matching ``files`` (glob patterns)."""

    files: list[str] = Field(min_length=1)
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    fail_on: Literal["error", "warning", "info"] | None = None
    formio_default_messages_localised: bool | None = None
    privacy_notice_in_portal: bool | None = None
    meaning: dict[str, str] = Field(default_factory=dict)
    rules: dict[str, "RuleSettings"] = Field(default_factory=dict)

    @field_validator("meaning")
    @classmethod
    def _known_meanings(cls, mapping: dict[str, str]) -> dict[str, str]:
        return _check_meanings(mapping)


class Config(_Strict):
    extend: str | None = None
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
    overrides: list[Override] = Field(default_factory=list)
    suppress: list[SuppressionEntry] = Field(default_factory=list)
    baseline: str | None = None
    # Where ``check`` stores per-file results, relative to the project root.
    cache_dir: str = Field(default=".eformlint_cache", min_length=1)

    @field_validator("select", "ignore")
    @classmethod
    def _upper(cls, values: list[str]) -> list[str]:
        return [value.strip() for value in values if value.strip()]

    @field_validator("meaning")
    @classmethod
    def _known_meanings(cls, mapping: dict[str, str]) -> dict[str, str]:
        return _check_meanings(mapping)


# Folders never worth walking into.
DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
    ".pytest_cache", "build", "dist", ".eformlint_cache",
    # Tool configuration files that are JSON but never forms.
    "package.json", "package-lock.json", "tsconfig.json", "composer.json", ".eslintrc.json",
    "tsconfig.*.json", "jsconfig.json", "*.code-workspace", "renovate.json", "manifest.json",
    # eformlint's own outputs, so that checking a folder twice does not lint the first results.
    "*.sarif", "*.sarif.json", "eformlint-baseline.json", ".eformlint-baseline.json", "eformlint*.json",
    "gl-code-quality-report.json", "eformlint*.xml", "junit*.xml",
)


@dataclass
class LoadedConfig:
    config: Config
    path: Path | None
    root: Path

    def for_file(self, display_path: str) -> Config:
        """Return the configuration with the overrides that match ``display_path`` applied."""
        matching = [o for o in self.config.overrides if any(fnmatch.fnmatch(display_path, p) for p in o.files)]
        if not matching:
            return self.config
        data = self.config.model_dump(by_alias=False)
        for override in matching:
            if override.select is not None:
                data["select"] = list(override.select)
            data["ignore"] = [*data["ignore"], *override.ignore]
            for name in ("fail_on", "formio_default_messages_localised", "privacy_notice_in_portal"):
                value = getattr(override, name)
                if value is not None:
                    data[name] = value
            data["meaning"] = {**data["meaning"], **override.meaning}
            rules = dict(data["rules"])
            for code, settings in override.rules.items():
                rules[code] = settings.model_dump(by_alias=False)
            data["rules"] = rules
        data["overrides"] = []
        return Config.model_validate(data)


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
    data = _read_toml(path, f"{path}: configuration file")
    section = data.get("tool", {}).get("eformlint", {}) if path.name == "pyproject.toml" else data
    prefix = "[tool.eformlint]" if path.name == "pyproject.toml" else ""
    section = _resolve_extend(section, path, [path.resolve()])
    return LoadedConfig(parse_config(section, str(path), prefix), path, path.parent.resolve())


def _read_toml(path: Path, what: str) -> dict[str, Any]:
    """Read a TOML file; ``what`` starts each error message, naming the file's role."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{what} was not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{what} cannot be read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc


def _resolve_extend(section: dict[str, Any], path: Path, chain: list[Path]) -> dict[str, Any]:
    """Merge the file named by ``extend`` under ``section``: the extending file wins.

    Lists and tables are replaced key by key, except ``rules`` and ``meaning`` (merged per
    entry) and ``suppress`` and ``overrides`` (concatenated). ``extend`` paths are relative
    to the file that names them; a loop of extends is an error.
    """
    target = section.get("extend")
    if not target:
        return section
    base_path = (path.parent / str(target)).resolve()
    if base_path in chain:
        raise ConfigError(f"{path}: 'extend' forms a loop through {base_path}")
    base_data = _read_toml(base_path, f"{path}: the file named by 'extend' ({base_path})")
    if base_path.name == "pyproject.toml":
        base_data = base_data.get("tool", {}).get("eformlint", {})
    base = _resolve_extend(base_data, base_path, [*chain, base_path])
    merged = {**base, **section}
    for name in ("rules", "meaning"):
        merged[name] = {**base.get(name, {}), **section.get(name, {})}
    for name in ("suppress", "overrides"):
        merged[name] = [*base.get(name, []), *section.get(name, [])]
    merged.pop("extend", None)
    return merged


def _flatten_rule_codes(rules: Any) -> Any:
    """Undo TOML's reading of ``[rules.UI-010.6]`` as ``rules → UI-010 → 6``.

    Codes with a check number contain a dot, which TOML treats as a table separator
    unless the code is quoted (``[rules."UI-010.6"]``); both spellings are accepted.
    """
    if not isinstance(rules, dict):
        return rules
    flat: dict[str, Any] = {}
    for code, value in rules.items():
        if isinstance(value, dict) and value and all(str(key).isdigit() for key in value):
            for number, settings in value.items():
                flat[f"{code}.{number}"] = settings
        else:
            flat[code] = value
    return flat


def parse_config(section: dict[str, Any], source: str, prefix: str = "") -> Config:
    section = dict(section)
    if "rules" in section:
        section["rules"] = _flatten_rule_codes(section["rules"])
    if isinstance(section.get("overrides"), list):
        section["overrides"] = [
            {**item, "rules": _flatten_rule_codes(item["rules"])} if isinstance(item, dict) and "rules" in item else item
            for item in section["overrides"]
        ]
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
        elif error["type"] == "missing":
            lines.append(f"{source}: the key '{where}' is required.")
        elif error["type"] == "literal_error":
            expected = error.get("ctx", {}).get("expected", "")
            lines.append(f"{source}: invalid value {error.get('input')!r} for '{where}'; allowed values: {expected}.")
        else:
            detail = error["msg"].removeprefix("Value error, ")
            lines.append(f"{source}: invalid value {error.get('input')!r} for '{where}': {detail}.")
    return "\n".join(lines)


def severity_of(name: str) -> Severity:
    return Severity.parse(name)
