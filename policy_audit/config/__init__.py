"""Settings from a file: ``[tool.policy-audit]`` in pyproject.toml, or ``.policy-audit.toml``.

find.py finds and reads the file (the current folder upward, stopping at a repository's root),
schema.py says which keys there are and what they hold, apply.py turns them into the commands'
defaults, so that an option on the command line always wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policy_audit.lazy_names import module_getattr

if TYPE_CHECKING:
    from policy_audit.config.apply import default_map
    from policy_audit.config.find import CONFIG_NAME, LoadedConfig, find_config, load_config
    from policy_audit.config.schema import Settings

__all__ = ["CONFIG_NAME", "LoadedConfig", "Settings", "default_map", "find_config", "load_config"]

# Imported when first asked for: every command looks for a config file before it starts, and the
# schema's pydantic models are only needed when there is one.
_HOME = {
    "default_map": "apply",
    "CONFIG_NAME": "find",
    "LoadedConfig": "find",
    "find_config": "find",
    "load_config": "find",
    "Settings": "schema",
}


__getattr__ = module_getattr(__name__, _HOME)
