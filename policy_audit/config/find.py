"""Which config file applies: --config FILE, else the nearest one from the current folder upward.

In each folder ``.policy-audit.toml`` comes first, then a ``pyproject.toml`` that has a
``[tool.policy-audit]`` table (one without it is not a config and the search goes on). The search
stops at a repository's root (a folder holding ``.git``, a folder or a worktree's file) or at the
filesystem's root, so a project never picks up settings from outside itself.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # the same parser, before it joined the standard library
    import tomli as tomllib

from policy_audit.errors import UsageError

if TYPE_CHECKING:
    from policy_audit.config.schema import Settings

CONFIG_NAME = ".policy-audit.toml"
TABLE = "policy-audit"  # [tool.policy-audit] in pyproject.toml


@dataclass(frozen=True)
class LoadedConfig:
    settings: Settings
    path: Path | None = None  # None: no config file; every setting is the commands' default

    def set_keys(self) -> dict[str, Any]:
        return self.settings.model_dump(exclude_none=True)


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        dedicated = folder / CONFIG_NAME
        if dedicated.is_file():
            return dedicated
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and TABLE in _read_toml(pyproject).get("tool", {}):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def load_config(explicit: Path | None = None, start: Path | None = None) -> LoadedConfig:
    """The settings of --config FILE, or of the file found from ``start`` (default: the current
    folder) upward; empty settings when there is none. A bad file is a UsageError naming it."""
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"--config {explicit}: no such file")
        path: Path | None = explicit
    else:
        path = find_config((start or Path.cwd()).resolve())
    from policy_audit.config.schema import Settings  # pydantic: only once there is something to load

    if path is None:
        return LoadedConfig(Settings())
    document = _read_toml(path)
    table = document.get("tool", {}).get(TABLE, {}) if path.name == "pyproject.toml" else document
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.{TABLE}] must be a table")
    settings = _validated(path, table)
    return LoadedConfig(_resolved(settings, path.resolve().parent), path)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror or exc})")
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})")


def _validated(path: Path, table: dict[str, Any]) -> Settings:
    from pydantic import ValidationError

    from policy_audit.config.schema import KEYS, Settings

    try:
        return Settings.model_validate(table)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"]) or "?"
        if error["type"] == "extra_forbidden":
            close = difflib.get_close_matches(key.replace("-", "_"), KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(KEYS)}"
            raise UsageError(f"{path}: unknown key {key!r}{hint}") from None
        raise UsageError(f"{path}: key {key!r}: {error['msg']} (got {error.get('input')!r})") from None


def _resolved(settings: Settings, base: Path) -> Settings:
    """Paths in a config file mean the same wherever the command is run from: its own folder is the base."""
    from policy_audit.config.schema import PATH_KEYS

    changes: dict[str, Any] = {}
    for key in PATH_KEYS:
        value = getattr(settings, key)
        if isinstance(value, list):
            changes[key] = [str(base / Path(v).expanduser()) for v in value]
        elif isinstance(value, str):
            changes[key] = str(base / Path(value).expanduser())
    return settings.model_copy(update=changes)
