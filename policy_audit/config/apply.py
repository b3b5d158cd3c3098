"""Config settings become the commands' defaults (click's default_map), so an option given on the
command line always wins, and every command takes a key it has an option for, in one place."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from policy_audit.config.find import LoadedConfig
from policy_audit.errors import UsageError


def default_map(
    config: LoadedConfig,
    commands: Mapping[str, Iterable[str]],
    formats: Mapping[str, Iterable[str]],
) -> dict[str, dict[str, Any]]:
    """{command: {parameter: default}}: each command (name -> its parameter names) gets the set keys
    it has an option of that name for. ``format`` goes only to the commands that offer it (``formats``:
    command -> format names), and a format no command offers is an error naming the file."""
    values = config.set_keys()
    offered_anywhere = {f for names in formats.values() for f in names}
    if "format" in values and values["format"] not in offered_anywhere:
        raise UsageError(
            f"{config.path}: key 'format': {values['format']!r} is not a format; "
            f"choose one of: {', '.join(sorted(offered_anywhere))}"
        )
    out: dict[str, dict[str, Any]] = {}
    for command, parameters in commands.items():
        names = set(parameters)
        chosen = {key: value for key, value in values.items() if key in names}
        if "format" in chosen and chosen["format"] not in set(formats.get(command, ())):
            del chosen["format"]
        if chosen:
            out[command] = chosen
    return out
